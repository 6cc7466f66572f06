"""Outbox messages, and the passing of time for their retries."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

import factory

from core.outbox.models import Message


class MessageFactory(factory.django.DjangoModelFactory):
    """A pending message, due now, as ``core.outbox.services`` writes them."""

    class Meta:
        model = Message

    kind = "tests.message"
    from_email = "Mötesplats <noreply@localhost>"
    to = factory.Sequence(lambda n: [f"mottagare{n}@example.se"])
    subject = factory.Sequence(lambda n: f"[Mötesplats] Meddelande {n}")
    body_text = "Hej!"
    headers = factory.LazyFunction(lambda: {"Auto-Submitted": "auto-generated"})
    next_attempt_at = factory.LazyFunction(timezone.now)


def wait_for_retry() -> None:
    """Let the wait before every pending message's next attempt run out."""
    for message in Message.objects.filter(status=Message.Status.PENDING):
        message.next_attempt_at = timezone.now() - timedelta(seconds=1)
        message.save(update_fields=["next_attempt_at"])


def run_send_outbox() -> str:
    """One run of ``manage.py send_outbox``, as cron starts it; its report."""
    out = StringIO()
    call_command("send_outbox", stdout=out)
    return out.getvalue()
