"""Signal receivers of the events app.

Publishing or unpublishing a meeting rebuilds its index's feed in the background
(what publishing means for registrations is in ``events.registration.signals``).
"""

from django.db import transaction

from wagtail.signals import page_published, page_unpublished

from .models import EventPage


def _warm_feed(sender, instance, **kwargs) -> None:
    from .tasks import feed_warm

    index_id = instance.get_parent().pk
    transaction.on_commit(lambda: feed_warm.enqueue(index_id))


def connect() -> None:
    """Connect the receivers; called from the app config."""
    page_published.connect(_warm_feed, sender=EventPage, dispatch_uid="events-feed-published")
    page_unpublished.connect(_warm_feed, sender=EventPage, dispatch_uid="events-feed-unpublished")
