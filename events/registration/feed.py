"""The member's private feed: their registrations, following each change of status."""

from django.utils import timezone

from icalendar import Event

from events.recurrence import UTC
from members.feeds import register_feed_items

from .calendar import registration_vevent
from .selectors import registrations_for_member


@register_feed_items
def member_registration_items(user) -> list[Event]:
    """Calendar components for every registration in the member's feed."""
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    registrations = (
        registrations_for_member(user=user)
        .prefetch_related("event__topics", "event__excluded_dates", "event__extra_dates")
        .select_related("event__organiser", "event__county", "organisation")
    )
    return [registration_vevent(registration, stamp=stamp) for registration in registrations]
