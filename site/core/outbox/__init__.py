"""The outbox: every e-mail the site sends, kept from the change it reports until delivered.

- ``models.Message``: one row per message, with its delivery state.
- ``services``: writing messages (``enqueue`` from templates, ``enqueue_message`` for a
  composed one), in the caller's transaction; ``resend`` for editors.
- ``delivery``: the task and the retry loop, the only code that talks to the mail server.
- ``reports``: Reports → "E-post som inte gick fram" in the admin.
- ``core.mail.QueuedEmailBackend``, the default mailer, feeds libraries' mail in here.

Registration mail (phase B of issue 19) joins as *lazily rendered* messages. Its text
depends on the registration when it is sent (seat or waiting-list place, the meeting's
digital details shown near the start, the invitation's sequence), so the row holds what
to render instead of the text:

- ``Message`` gains ``params`` (JSON, e.g. ``{"registration": 12, "occurrence_start":
  "…"}``); a row with params and no subject is rendered at each attempt.
- ``core.outbox.renderers.register("events.registration", build)`` is called in the events
  app's ``ready``; ``build(message) -> EmailMessage`` renders in the recipient's language
  with the .ics and QR attachments. Delivery looks up the renderer by the kind's prefix
  (``events.registration.confirmed`` → ``events.registration``), sends what it returns and
  stores its subject for the report. A renderer raising means a failed attempt, as a
  refusal does. core never imports events.
- A data migration of events (depending on this app's latest migration) copies each
  ``RegistrationEmail`` into a ``Message``: kind ``events.registration.<kind>``, params from
  its registration and occurrence, ``to`` and ``user`` from the registration's user,
  ``attempts``/``last_error``/``created_at``/``sent_at`` kept; unsent rows become pending
  and due, sent rows sent. ``RegistrationEmail`` and ``deliver_registration_email`` go.
- ``send_pending_emails`` moves here (it becomes the name of ``send_outbox``), so one
  command retries every kind; the exemption in ``tests/core/test_mail.py`` goes too.
"""
