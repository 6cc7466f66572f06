"""Signal receivers of the events app.

Publishing or unpublishing a meeting rebuilds its index's feed in the background;
publishing a meeting whose time, place or status changed tells its participants and
fills seats freed by a larger capacity from the waiting list.
"""

from django.db import transaction

from wagtail.signals import page_published, page_unpublished

from .models import EventPage
from .services import registrations_notify_event_change, registrations_promote_waiting


def _warm_feed(sender, instance, **kwargs) -> None:
    from .tasks import feed_warm

    index_id = instance.get_parent().pk
    transaction.on_commit(lambda: feed_warm.enqueue(index_id))


def _notify_participants(sender, instance, **kwargs) -> None:
    registrations_notify_event_change(event=instance)
    registrations_promote_waiting(event=instance)


def connect() -> None:
    """Connect the receivers; called from the app config."""
    page_published.connect(_warm_feed, sender=EventPage, dispatch_uid="events-feed-published")
    page_unpublished.connect(_warm_feed, sender=EventPage, dispatch_uid="events-feed-unpublished")
    page_published.connect(
        _notify_participants, sender=EventPage, dispatch_uid="events-notify-participants"
    )
