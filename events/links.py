"""Links to meetings: the calendar feeds, Google Calendar and Outlook, and schema.org data."""

from datetime import timedelta
from urllib.parse import urlencode

from django.http import HttpRequest
from django.utils.timezone import localtime
from django.utils.translation import get_language

from .forms import EventFilters
from .ical import event_location
from .models import EventIndexPage, EventPage
from .recurrence import UTC, Occurrence

FEED_FILENAME = "kalender"
GOOGLE_URL = "https://calendar.google.com/calendar/render"
OUTLOOK_URLS = {
    "outlook": "https://outlook.live.com/calendar/0/action/compose",
    "office365": "https://outlook.office.com/calendar/0/action/compose",
}


def feed_url(index: EventIndexPage, request: HttpRequest | None, filters: EventFilters) -> str:
    """The path of the feed for the given filters (the month is not a feed filter)."""
    url = f"{index.get_url(request)[:-1]}/{FEED_FILENAME}.ics"
    query = filters.query(with_month=False)
    return f"{url}?{urlencode(query)}" if query else url


def google_calendar_url(event: EventPage, occurrence: Occurrence, url: str) -> str:
    """A Google Calendar 'create event' link for one occurrence.

    Google's link cannot carry a series' exceptions, so a series gets its next
    occurrence here and the whole series through the .ics file.
    """
    if event.all_day:
        dates = f"{localtime(occurrence.start):%Y%m%d}/{localtime(occurrence.end):%Y%m%d}"
    else:
        dates = (
            f"{occurrence.start.astimezone(UTC):%Y%m%dT%H%M%SZ}/"
            f"{occurrence.end.astimezone(UTC):%Y%m%dT%H%M%SZ}"
        )
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": dates,
        "details": f"{event.summary}\n\n{url}",
        "location": event_location(event),
        "ctz": "Europe/Stockholm",
    }
    return f"{GOOGLE_URL}?{urlencode(params)}"


def outlook_calendar_url(
    event: EventPage, occurrence: Occurrence, url: str, *, service: str
) -> str:
    """An Outlook.com or Office 365 'new event' link for one occurrence."""
    if event.all_day:
        start = f"{localtime(occurrence.start):%Y-%m-%d}"
        end = f"{localtime(occurrence.end) - timedelta(days=1):%Y-%m-%d}"
    else:
        start = localtime(occurrence.start).isoformat()
        end = localtime(occurrence.end).isoformat()
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": start,
        "enddt": end,
        "allday": "true" if event.all_day else "false",
        "body": f"{event.summary}\n\n{url}",
        "location": event_location(event),
    }
    return f"{OUTLOOK_URLS[service]}?{urlencode(params)}"


SCHEMA_STATUS = {
    EventPage.Status.SCHEDULED: "https://schema.org/EventScheduled",
    EventPage.Status.CANCELLED: "https://schema.org/EventCancelled",
    EventPage.Status.POSTPONED: "https://schema.org/EventPostponed",
}
SCHEMA_MODE = {
    EventPage.Format.ON_SITE: "https://schema.org/OfflineEventAttendanceMode",
    EventPage.Format.DIGITAL: "https://schema.org/OnlineEventAttendanceMode",
    EventPage.Format.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def event_json_ld(event: EventPage, occurrence: Occurrence, url: str) -> dict:
    """schema.org Event data for one occurrence (the next one, or the last past one)."""
    if event.all_day:
        start = f"{localtime(occurrence.start):%Y-%m-%d}"
        end = f"{localtime(occurrence.end) - timedelta(days=1):%Y-%m-%d}"
    else:
        start, end = localtime(occurrence.start).isoformat(), localtime(occurrence.end).isoformat()
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": start,
        "endDate": end,
        "eventStatus": SCHEMA_STATUS[event.status],
        "eventAttendanceMode": SCHEMA_MODE[event.format],
        "url": url,
        "inLanguage": event.locale.language_code if event.locale_id else get_language(),
    }
    locations = []
    if event.format != EventPage.Format.DIGITAL:
        place = {"@type": "Place", "name": event.venue_name or event.municipality}
        address = {"@type": "PostalAddress", "addressCountry": "SE"}
        if event.venue_address:
            address["streetAddress"] = event.venue_address
        if event.municipality:
            address["addressLocality"] = event.municipality
        if event.county_id:
            address["addressRegion"] = event.county.name
        place["address"] = address
        if event.latitude is not None and event.longitude is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(event.latitude),
                "longitude": float(event.longitude),
            }
        locations.append(place)
    if event.format != EventPage.Format.ON_SITE:
        # The meeting link is for participants only; the page stands in for it.
        locations.append({"@type": "VirtualLocation", "url": url})
    data["location"] = locations[0] if len(locations) == 1 else locations
    if event.organiser_id:
        data["organizer"] = {"@type": "Organization", "name": event.organiser.name}
    return data
