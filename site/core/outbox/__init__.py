"""The outbox: every e-mail the site sends, kept from the change it reports until delivered.

- ``models.Message``: one row per message, with its delivery state.
- ``services``: writing messages (``enqueue`` from templates, ``enqueue_message`` for a
  composed one), in the caller's transaction; ``resend`` for editors.
- ``delivery``: the task and the retry loop, the only code that talks to the mail server.
- ``rules``: the subject line and the recipient's language, one rule for every message.
- ``reports``: Reports → "E-post som inte gick fram" in the admin.
- ``core.mail.QueuedEmailBackend``, the default mailer, feeds libraries' mail in here.
- ``renderers``: apps that compose a message when it is sent register here (registration
  mail, whose text depends on the registration when it leaves; see ``services.enqueue_lazy``).
"""
