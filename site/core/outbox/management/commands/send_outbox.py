"""Send the e-mail that is due; run it every minute or few from a scheduler."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.outbox.delivery import Outcome, deliver_due
from core.outbox.models import Message


class Command(BaseCommand):
    help = (
        "Skickar e-post som väntar på ett nytt försök och raderar meddelanden som skickades "
        "eller gavs upp för mer än OUTBOX_RETENTION_DAYS dagar sedan."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        outcomes = deliver_due(now)
        cutoff = now - timedelta(days=settings.OUTBOX_RETENTION_DAYS)
        deleted, _ = Message.objects.expired(cutoff).delete()
        self.stdout.write(
            f"Skickade {outcomes[Outcome.SENT]}, försöker igen senare {outcomes[Outcome.RETRY]}, "
            f"misslyckades {outcomes[Outcome.FAILED]}, raderade {deleted}."
        )
