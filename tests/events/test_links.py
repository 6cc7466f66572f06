"""Add-to-calendar links and schema.org data, built from an unsaved event page."""

from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from events.links import event_json_ld, google_calendar_url, outlook_calendar_url
from events.models import EventPage
from events.recurrence import STOCKHOLM, Occurrence

# An unsaved page still looks up its default locale.
pytestmark = pytest.mark.django_db

URL = "https://motesplats.example.se/motesplatser/traff/"


def _event(**fields) -> EventPage:
    defaults = {
        "title": "Träff i Luleå",
        "summary": "Om dagligvaror.",
        "start": datetime(2026, 3, 3, 10, tzinfo=STOCKHOLM),
        "end": datetime(2026, 3, 3, 11, 30, tzinfo=STOCKHOLM),
        "format": EventPage.Format.ON_SITE,
        "venue_name": "Kulturens hus",
        "municipality": "Luleå",
    }
    return EventPage(**{**defaults, **fields})


def _query(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_google_link_uses_utc_for_timed_and_dates_for_all_day_events():
    event = _event()
    occurrence = Occurrence(start=event.start, end=event.end)

    query = _query(google_calendar_url(event, occurrence, URL))

    assert query["dates"] == "20260303T090000Z/20260303T103000Z"
    assert query["text"] == "Träff i Luleå"
    assert query["location"] == "Kulturens hus, Luleå"
    assert URL in query["details"]

    all_day = _event(all_day=True)
    span = Occurrence(
        start=datetime(2026, 6, 4, tzinfo=STOCKHOLM), end=datetime(2026, 6, 6, tzinfo=STOCKHOLM)
    )
    assert _query(google_calendar_url(all_day, span, URL))["dates"] == "20260604/20260606"


def test_outlook_links_use_local_iso_times_and_inclusive_all_day_end():
    event = _event()
    occurrence = Occurrence(start=event.start, end=event.end)

    query = _query(outlook_calendar_url(event, occurrence, URL, service="office365"))

    assert query["startdt"] == "2026-03-03T10:00:00+01:00"
    assert query["enddt"] == "2026-03-03T11:30:00+01:00"
    assert query["allday"] == "false"

    all_day = _event(all_day=True)
    span = Occurrence(
        start=datetime(2026, 6, 4, tzinfo=STOCKHOLM), end=datetime(2026, 6, 6, tzinfo=STOCKHOLM)
    )
    query = _query(outlook_calendar_url(all_day, span, URL, service="outlook"))
    assert (query["startdt"], query["enddt"], query["allday"]) == (
        "2026-06-04",
        "2026-06-05",
        "true",
    )


def test_json_ld_for_a_digital_postponed_meeting_has_no_meeting_link():
    event = _event(
        format=EventPage.Format.DIGITAL,
        status=EventPage.Status.POSTPONED,
        online_link="https://mote.example.se/hemlig",
    )
    occurrence = Occurrence(start=event.start, end=event.end)

    data = event_json_ld(event, occurrence, URL)

    assert data["@type"] == "Event"
    assert data["eventStatus"] == "https://schema.org/EventPostponed"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": URL}
    assert data["startDate"] == "2026-03-03T10:00:00+01:00"
    assert "hemlig" not in repr(data)
