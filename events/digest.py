"""New meetings for members' digests, instant mail and follow feed (``members.follows``)."""

import datetime
from collections.abc import Iterator

from django.db.models import Exists, Min, OuterRef, Q
from django.utils.functional import lazy
from django.utils.timezone import localtime

from core.privacy import visible_to
from members.follows.digest import MEETING, Item

from .ical import event_location
from .models import EventOccurrence, EventPage

# The location in the language active when it is shown (a digest is in the member's).
_lazy_location = lazy(event_location, str)


def _meetings(since: datetime.datetime | None, until: datetime.datetime):
    """Live public meetings first published in the window that have not ended by ``until``."""
    upcoming = EventOccurrence.objects.filter(event=OuterRef("pk"), end__gt=until)
    events = EventPage.objects.live().filter(first_published_at__lte=until)
    if since is not None:
        events = events.filter(first_published_at__gt=since)
    events = events.filter(Exists(upcoming)).annotate(
        next_start=Min("occurrences__start", filter=Q(occurrences__end__gt=until))
    )
    # No request: what an anonymous visitor may see, and nothing restricted.
    return (
        visible_to(events, None)
        .select_related("locale")
        .prefetch_related("topics")
        .order_by("first_published_at", "pk")
    )


def meeting_item(event: EventPage) -> Item | None:
    """The meeting as an item; None when it has no public address."""
    url = event.get_full_url()
    if not url:
        return None
    start = getattr(event, "next_start", None) or event.start
    return Item(
        page_id=event.pk,
        type=MEETING,
        title=event.title,
        url=url,
        when=localtime(start).date() if event.all_day else start,
        published_at=event.first_published_at,
        place=_lazy_location(event),
        topic_ids=frozenset(topic.pk for topic in event.topics.all()),
        county_ids=frozenset([event.county_id]) if event.county_id else frozenset(),
        language=event.locale.language_code,
    )


def new_meetings(since: datetime.datetime, until: datetime.datetime) -> Iterator[Item]:
    """The digest source of meetings (registered in ``EventsConfig.ready``)."""
    for event in _meetings(since, until):
        if item := meeting_item(event):
            yield item


def new_meeting(page_id: int, now: datetime.datetime) -> Item | None:
    """The meeting ``page_id`` as an item if it is live, public and still to come."""
    event = _meetings(None, now).filter(pk=page_id)
    return next((item for item in map(meeting_item, event) if item), None)
