"""Publishing a meeting, as registration sees it.

A meeting published with a new time, place or status tells its participants; one
published with more seats fills them from the waiting list.
"""

from wagtail.signals import page_published

from events.models import EventPage

from .services import registrations_notify_event_change, registrations_promote_waiting


def _notify_participants(sender, instance, **kwargs) -> None:
    registrations_notify_event_change(event=instance)
    registrations_promote_waiting(event=instance)


def connect() -> None:
    """Connect the receivers; called from the app config."""
    page_published.connect(
        _notify_participants, sender=EventPage, dispatch_uid="events-notify-participants"
    )
