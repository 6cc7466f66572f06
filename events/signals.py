"""Signal receivers of the events app.

Publishing or unpublishing a meeting rebuilds its index's feed in the background;
publishing one for the first time tells at once the members who follow it and want
new meetings so (``members.follows``). What publishing means for registrations is in
``events.registration.signals``.
"""

from django.db import transaction

from wagtail.signals import page_published, page_unpublished

from .models import EventPage


def _warm_feed(sender, instance, **kwargs) -> None:
    from .tasks import feed_warm

    index_id = instance.get_parent().pk
    transaction.on_commit(lambda: feed_warm.enqueue(index_id))


def _announce_first_publication(sender, instance, **kwargs) -> None:
    """A meeting published for the first time: tell at once who wants it so (a task)."""
    from .tasks import announce_meeting

    if instance.first_published_at is None or instance.first_published_at != (
        instance.last_published_at
    ):
        return
    page_id = instance.pk
    transaction.on_commit(lambda: announce_meeting.enqueue(page_id))


def connect() -> None:
    """Connect the receivers; called from the app config."""
    page_published.connect(_warm_feed, sender=EventPage, dispatch_uid="events-feed-published")
    page_unpublished.connect(_warm_feed, sender=EventPage, dispatch_uid="events-feed-unpublished")
    page_published.connect(
        _announce_first_publication, sender=EventPage, dispatch_uid="events-announce-new"
    )
