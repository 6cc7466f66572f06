"""Write the digests that are due to the outbox; safe to run hourly, and on several machines."""

from django.core.management.base import BaseCommand

from members.follows.emails import send_digests


class Command(BaseCommand):
    help = (
        "Skriver sammanfattningar av nya mötesplatser och artiklar till de medlemmar "
        "vars dagliga eller veckovisa sammanfattning är på tur. Körs varje timme."
    )

    def handle(self, *args, **options):
        report = send_digests()
        self.stdout.write(
            f"Sammanfattningar: {report.sent}, inget nytt: {report.quiet}, "
            f"redan tagna av en annan körning: {report.elsewhere}."
        )
