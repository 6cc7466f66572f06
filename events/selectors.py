"""Reads of meetings: listings, month views and feeds, each in a fixed number of queries."""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, Max, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

from core.privacy import visible_to

from .forms import EventFilters
from .models import EventIndexPage, EventOccurrence, EventPage
from .recurrence import STOCKHOLM

# Feeds keep this much history, so that a subscriber sees last season's meetings.
FEED_HISTORY = timedelta(days=183)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The aware local start of the month and of the next one."""
    first = datetime.combine(month.replace(day=1), time.min, tzinfo=STOCKHOLM)
    following = (first.replace(tzinfo=None) + timedelta(days=32)).replace(day=1)
    return first, following.replace(tzinfo=STOCKHOLM)


def event_list_for_index(
    *, index: EventIndexPage, filters: EventFilters, request: HttpRequest | None
) -> QuerySet[EventPage]:
    """Live meetings under the index that match county, topic and format.

    Only those the request may see (core.privacy); without a request, public ones.
    """
    events = visible_to(EventPage.objects.child_of(index).live(), request)
    if filters.county:
        events = events.filter(county=filters.county)
    if filters.topic:
        events = events.filter(topics=filters.topic)
    if filters.format:
        events = events.filter(format=filters.format)
    return events


def occurrence_list(
    *,
    index: EventIndexPage,
    filters: EventFilters,
    past: bool,
    request: HttpRequest | None,
    now: datetime | None = None,
) -> QuerySet[EventOccurrence]:
    """Occurrences for the listing: upcoming soonest first, or past newest first."""
    now = now or timezone.now()
    occurrences = EventOccurrence.objects.filter(
        event__in=event_list_for_index(index=index, filters=filters, request=request).values("pk")
    ).for_listing()
    if filters.month:
        month_start, month_end = month_bounds(filters.month)
        occurrences = occurrences.filter(start__lt=month_end, end__gt=month_start)
    if past:
        return occurrences.filter(end__lte=now).order_by("-start", "event_id")
    return occurrences.filter(end__gt=now).order_by("start", "event_id")


def occurrence_list_for_month(
    *, index: EventIndexPage, filters: EventFilters, month: date, request: HttpRequest | None
) -> QuerySet[EventOccurrence]:
    """Every occurrence that touches the given month."""
    month_start, month_end = month_bounds(month)
    events = event_list_for_index(index=index, filters=filters, request=request)
    return (
        EventOccurrence.objects.filter(
            event__in=events.values("pk"),
            start__lt=month_end,
            end__gt=month_start,
        )
        .select_related("event")
        .order_by("start", "event_id")
    )


# What an iCalendar VEVENT uses; loading whole pages costs more than building them.
FEED_FIELDS = [
    "title",
    "slug",
    "summary",
    "start",
    "end",
    "all_day",
    "rrule",
    "repeat_frequency",
    "repeat_interval",
    "repeat_count",
    "repeat_until",
    "format",
    "venue_name",
    "venue_address",
    "municipality",
    "latitude",
    "longitude",
    "target_audience",
    "status",
    "status_reason",
    "ical_uid",
    "sequence",
    "modified_at",
    "organiser__name",
]


def event_list_for_feed(
    *, index: EventIndexPage, filters: EventFilters, now: datetime | None = None
) -> QuerySet[EventPage]:
    """Meetings of a feed: those with an occurrence in the last six months or later.

    Public ones only: calendar apps subscribe without a session.
    """
    cutoff = (now or timezone.now()) - FEED_HISTORY
    recent = EventOccurrence.objects.filter(event=OuterRef("pk"), end__gte=cutoff)
    return (
        event_list_for_index(index=index, filters=filters, request=None)
        .filter(Exists(recent))
        .select_related("organiser")
        .prefetch_related("topics", "excluded_dates", "extra_dates")
        .only(*FEED_FIELDS)
        .order_by("start", "pk")
    )


@dataclass(frozen=True)
class FeedVersion:
    """What a conditional GET compares: an ETag and a Last-Modified time."""

    etag: str
    last_modified: datetime | None


def feed_version(
    *, index: EventIndexPage, filters: EventFilters, now: datetime | None = None
) -> FeedVersion:
    """The version of a feed, from one aggregate query.

    It changes when a matching meeting is published, edited, unpublished or deleted,
    or leaves the six-month window (the count or the latest change moves), and with
    the language and the site's address.
    """
    now = now or timezone.now()
    cutoff = now - FEED_HISTORY
    recent = EventOccurrence.objects.filter(event=OuterRef("pk"), end__gte=cutoff)
    aggregate = (
        event_list_for_index(index=index, filters=filters, request=None)
        .filter(Exists(recent))
        .aggregate(count=Count("pk", distinct=True), latest=Max("modified_at"))
    )
    latest = aggregate["latest"]
    key = "|".join(
        [
            # The site's address is in every event URL of the feed.
            index.get_full_url() or "",
            str(index.pk),
            get_language() or "",
            repr(sorted(filters.query(with_month=False).items())),
            str(aggregate["count"]),
            latest.isoformat() if latest else "",
        ]
    )
    return FeedVersion(
        etag=hashlib.sha256(key.encode()).hexdigest()[:32],
        last_modified=latest or index.last_published_at,
    )
