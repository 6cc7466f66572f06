"""Queue the reminders that are due; safe to run as often as cron likes."""

from django.core.management.base import BaseCommand

from events.registration.services import reminders_send


class Command(BaseCommand):
    help = "Skickar påminnelser till bekräftade deltagare inför möten."

    def handle(self, *args, **options):
        count = reminders_send()
        self.stdout.write(f"Påminnelser köade: {count}.")
