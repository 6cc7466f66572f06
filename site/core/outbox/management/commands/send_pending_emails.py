"""The former name of ``send_outbox``, kept for schedulers set up before the outbox."""

from .send_outbox import Command as SendOutbox


class Command(SendOutbox):
    help = SendOutbox.help + " (Äldre namn på send_outbox.)"
