"""The default mailer: mail sent the ordinary Django way goes into the outbox.

allauth's, Wagtail's and Django's own mail (error reports) is sent through
``mailers.default``, ``QueuedEmailBackend``. It stores each message in the outbox
(``core.outbox``), which the task worker sends once the transaction commits
through the ``delivery`` mailer. This project's own mail is written to the outbox
directly (``core.outbox.services.enqueue``). ``DELIVERY_MAILER`` is importable from
here for registration mail until it moves to the outbox (issue 19, phase B).
"""

from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.tasks import task

from core.outbox import attachments
from core.outbox.delivery import DELIVERY_MAILER  # noqa: F401 (events.tasks imports it here)
from core.outbox.services import MAILER_KIND, enqueue_message, user_with_address


class QueuedEmailBackend(BaseEmailBackend):
    """Stores every message in the outbox, in the recipient's language if they have an account."""

    def send_messages(self, email_messages) -> int:
        stored = 0
        for message in email_messages:
            user = user_with_address(message.recipients())
            if enqueue_message(message, kind=MAILER_KIND, user=user):
                stored += 1
        return stored


@task
def deliver_mail(message: dict) -> int:
    """A message the release before the outbox queued as a task: moved into the outbox.

    Only tasks queued before the upgrade call it; remove it once none are left.
    """
    queued = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message["from_email"],
        to=message["to"],
        cc=message["cc"],
        bcc=message["bcc"],
        reply_to=message["reply_to"],
        headers=message["headers"],
    )
    queued.content_subtype = message["content_subtype"]
    for content, mimetype in message["alternatives"]:
        queued.attach_alternative(content, mimetype)
    attachments.attach(queued, message["attachments"])
    return int(enqueue_message(queued, kind=MAILER_KIND) is not None)
