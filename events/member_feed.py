"""The member's private feed: their registrations, following each change of status."""

from django.conf import settings
from django.utils import timezone

from icalendar import Event

from core.ical import ical_text
from members.feeds import register_feed_items

from .emails import digital_details_text, registration_ical_uid, shows_digital_details
from .ical import build_vevent
from .models import EventPage
from .recurrence import UTC
from .registration_models import Registration
from .registration_selectors import registrations_for_member

FEED_STATUS = {
    Registration.Status.CONFIRMED: "CONFIRMED",
    Registration.Status.WAITING: "TENTATIVE",
    Registration.Status.CANCELLED: "CANCELLED",
}


def registration_vevent(registration: Registration, *, stamp) -> Event:
    """The meeting as the member sees it: with their status and, when seated, the link."""
    event = registration.event
    vevent = build_vevent(event, url=event.get_full_url() or settings.SITE_URL, stamp=stamp)
    for name in ("uid", "sequence", "status"):
        vevent.pop(name, None)
    vevent.add("uid", registration_ical_uid(registration))
    vevent.add("sequence", event.sequence + registration.sequence)
    status = FEED_STATUS[registration.status]
    if event.status == EventPage.Status.CANCELLED:
        status = "CANCELLED"
    vevent.add("status", status)
    if shows_digital_details(registration):
        description = str(vevent.pop("description", ""))
        vevent.add("description", ical_text(digital_details_text(event) + "\n\n" + description))
    return vevent


@register_feed_items
def member_registration_items(user) -> list[Event]:
    """Calendar components for every registration in the member's feed."""
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    registrations = (
        registrations_for_member(user=user)
        .prefetch_related("event__topics", "event__excluded_dates", "event__extra_dates")
        .select_related("event__organiser")
    )
    return [registration_vevent(registration, stamp=stamp) for registration in registrations]
