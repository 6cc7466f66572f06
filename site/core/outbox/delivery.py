"""Delivery: the one place that hands e-mail to the mail server.

A message is claimed before it is sent: one UPDATE moves it from pending to
sending, with a claim that runs out after ``CLAIM``. The UPDATE's condition is
checked again by the database against the row as it is when the write happens
(PostgreSQL re-reads a row another transaction just changed; SQLite lets one
writer at a time), so of two workers only one claims a message, and no row lock
is held while the mail server is talked to.

The first attempt is the ``deliver`` task, queued when the message's transaction
commits. A refusal or an unreachable server leaves it pending, due again after
the next step of ``BACKOFF``; ``manage.py send_outbox`` (from cron) sends what is
due. After ``MAX_ATTEMPTS``, or at once when the server refuses every recipient
for good (a 5xx answer), it is marked failed; editors see it under Reports and
may send it again.

A worker that stops between the server's acceptance and recording it as sent
leaves the message claimed. When the claim runs out it is marked failed, not
sent again: the server may have taken it, and a message must never arrive twice.
Editors see it in the report and resend it if need be.
"""

import logging
import smtplib
from collections import Counter
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, QuerySet
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from . import renderers
from .models import Message
from .rules import subject_line

logger = logging.getLogger(__name__)

# The mailer that talks to the mail server (settings.MAILERS): SMTP or the console.
DELIVERY_MAILER = "delivery"
# Waits after the first, second, … failed attempt; the attempt after the last one is final.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
# Longer than any SMTP conversation (EMAIL_TIMEOUT applies to each step of it).
CLAIM = timedelta(minutes=15)
# Stored as the error of an interrupted delivery, shown translated in the report.
INTERRUPTED = gettext_noop(
    "Leveransen avbröts innan den bekräftades; meddelandet kan ha kommit fram."
)


class Outcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    SKIPPED = "skipped"
    # A composed-when-sent message whose subject is gone (see ``compose``).
    WITHDRAWN = "withdrawn"


@task
def deliver(message_id: int) -> str:
    """First attempt at a new (or resent) message, unless a worker already has it."""
    first = Message.objects.filter(pk=message_id, status=Message.Status.PENDING, attempts=0)
    return _deliver(first, message_id).value


def deliver_due(now: datetime | None = None, batch: int = 100) -> Counter:
    """Send every message due at ``now``; how many were sent, retried, failed or skipped.

    Safe to run in several processes at once: each message is claimed by one.
    """
    now = now or timezone.now()
    outcomes = Counter()
    outcomes[Outcome.FAILED] += Message.objects.interrupted(now).update(
        status=Message.Status.FAILED, next_attempt_at=None, last_error=INTERRUPTED
    )
    # Each message leaves "due at now" once tried (or claimed by another worker).
    while ids := list(
        Message.objects.due(now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:batch]
    ):
        for message_id in ids:
            outcomes[_deliver(Message.objects.due(now).filter(pk=message_id), message_id)] += 1
    return outcomes


def _deliver(claimable: QuerySet, message_id: int) -> Outcome:
    now = timezone.now()
    claimed = claimable.update(
        status=Message.Status.SENDING,
        attempts=F("attempts") + 1,
        last_attempt_at=now,
        next_attempt_at=now + CLAIM,
    )
    if not claimed:
        return Outcome.SKIPPED
    message = Message.objects.get(pk=message_id)
    try:
        email = compose(message)
        if email is None:
            Message.objects.filter(pk=message.pk).delete()
            return Outcome.WITHDRAWN
        email.send(using=DELIVERY_MAILER)
    except Exception as error:  # noqa: BLE001 (whatever it was, the row records it)
        return _record_failure(message, error)
    cleared = {"body_text": "", "body_html": "", "attachments": []} if message.secret else {}
    if message.params:
        # The report shows what was sent; the text itself is composed again if resent.
        cleared["subject"] = email.subject
    Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(
        status=Message.Status.SENT,
        sent_at=timezone.now(),
        next_attempt_at=None,
        last_error="",
        **cleared,
    )
    return Outcome.SENT


def compose(message: Message) -> EmailMessage | None:
    """The e-mail to send for ``message``; None when a renderer says nothing is owed any more.

    A stored message is sent as it is. One with ``params`` is composed by the renderer of
    its kind, in the message's language, and gets the stored headers (its Message-ID
    among them, so that every attempt is the same message) and the subject rule.
    A kind with no renderer raises, which counts as a failed attempt.
    """
    if not message.params:
        return message.as_email()
    build = renderers.renderer_for(message.kind)
    if build is None:
        raise LookupError(f"No renderer is registered for {message.kind}.")
    with translation.override(message.language or settings.LANGUAGE_CODE):
        email = build(message)
    if email is None:
        return None
    email.subject = subject_line(email.subject)
    for name, value in message.headers.items():
        email.extra_headers.setdefault(name, value)
    return email


def _record_failure(message: Message, error: Exception) -> Outcome:
    final = refused_for_good(error) or message.attempts >= MAX_ATTEMPTS
    Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(
        status=Message.Status.FAILED if final else Message.Status.PENDING,
        next_attempt_at=None if final else timezone.now() + BACKOFF[message.attempts - 1],
        last_error=describe(error)[:2000],
    )
    # The id and kind, not the address: the log is no place for personal data.
    logger.warning(
        "E-mail %s (%s) not delivered on attempt %s%s: %s",
        message.pk,
        message.kind,
        message.attempts,
        ", giving up" if final else "",
        type(error).__name__,
    )
    return Outcome.FAILED if final else Outcome.RETRY


def refused_for_good(error: Exception) -> bool:
    """True when the server refused every recipient permanently (5xx): retrying cannot help."""
    return isinstance(error, smtplib.SMTPRecipientsRefused) and all(
        code >= 500 for code, _ in error.recipients.values()
    )


def describe(error: Exception) -> str:
    """The error as an editor can read it, with the server's answer per recipient."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {reply.decode(errors='replace')}"
            for address, (code, reply) in error.recipients.items()
        )
    return f"{type(error).__name__}: {error}"
