"""Invite participants of ended meetings to evaluate them, and remind once; safe to rerun."""

from django.core.management.base import BaseCommand

from events.evaluations.services import evaluations_send


class Command(BaseCommand):
    help = "Skickar utvärderingar efter möten och en påminnelse till dem som inte svarat."

    def handle(self, *args, **options):
        invited, reminded = evaluations_send()
        self.stdout.write(f"Utvärderingar köade: {invited}. Påminnelser köade: {reminded}.")
