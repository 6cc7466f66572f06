"""Retry registration e-mails that the mail server has not yet accepted."""

from django.core.management.base import BaseCommand

from events.registration.models import RegistrationEmail
from events.tasks import deliver_registration_email


class Command(BaseCommand):
    help = "Skickar om e-post om anmälningar som ännu inte har gått iväg."

    def handle(self, *args, **options):
        pending = RegistrationEmail.objects.filter(
            sent_at__isnull=True, registration__user__isnull=False
        ).values_list("pk", flat=True)
        sent = failed = 0
        for email_id in pending:
            try:
                delivered = deliver_registration_email.call(email_id)
            except Exception as error:  # noqa: BLE001 (the row keeps the error; next run retries)
                self.stderr.write(f"{email_id}: {error}")
                failed += 1
                continue
            sent += int(delivered)
        self.stdout.write(f"Skickade {sent}, misslyckades {failed}.")
