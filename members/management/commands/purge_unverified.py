"""Delete accounts whose e-mail address was never verified (the retention rule)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from members.services import unverified_accounts_purge


class Command(BaseCommand):
    help = (
        "Delete accounts never verified within MEMBERS_UNVERIFIED_RETENTION_DAYS days. "
        "Meant to run daily from a scheduler."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Override the retention period (days) from the settings.",
        )

    def handle(self, *args, days=None, **options):
        if days is None:
            days = settings.MEMBERS_UNVERIFIED_RETENTION_DAYS
        if days < 1:
            self.stderr.write("The retention period must be at least one day.")
            return
        count = unverified_accounts_purge(days=days)
        self.stdout.write(f"Deleted {count} unverified account(s) older than {days} days.")
