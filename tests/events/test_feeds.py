"""iCalendar feeds and single-event files, parsed back with icalendar."""

import gzip
from datetime import UTC, date, datetime, time, timedelta

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Site

import pytest
import recurring_ical_events
from icalendar import Calendar

from core.models import County
from events import feeds
from events.forms import EventFilters
from events.models import EventExceptionDate, EventPage
from events.recurrence import STOCKHOLM
from events.selectors import feed_version
from tests.factories.core import TopicFactory
from tests.factories.events import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db

FEED = "/motesplatser/kalender.ics"


@pytest.fixture
def index(home):
    return EventIndexPageFactory(parent=home)


def _future(days: int, hour: int = 10) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=STOCKHOLM)


def _parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Content-Encoding" not in response
    return Calendar.from_ical(response.content)


def _events_by_summary(calendar: Calendar) -> dict:
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_feed_calendar_properties(index, client):
    EventPageFactory(parent=index, start=_future(5), end=_future(5, 12))

    response = client.get(FEED)
    calendar = _parse(response)

    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["VERSION"] == "2.0"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["PRODID"] == "-//Tillväxtverket//Mötesplats//SV"
    assert calendar["NAME"] == "Mötesplatser"
    assert calendar["X-WR-CALNAME"] == "Mötesplatser"
    assert calendar["DESCRIPTION"]
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=1)
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in response.content
    assert "no-transform" in response["Cache-Control"]
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Europe/Stockholm"
    assert b"\r\n" in response.content
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))


def test_weekly_series_across_dst_has_one_uid_and_right_local_and_utc_times(index, client):
    # Far enough ahead to stay in the feed; summer time starts on 31 March 2030.
    start = datetime(2030, 3, 19, 10, tzinfo=STOCKHOLM)
    event = EventPageFactory(
        parent=index,
        title="Digital serie",
        start=start,
        end=start + timedelta(minutes=90),
        format=EventPage.Format.DIGITAL,
        repeat_frequency="WEEKLY",
        repeat_interval=2,
        repeat_count=4,
        excluded_dates=[EventExceptionDate(date=date(2030, 4, 2))],
    )

    calendar = _parse(client.get(FEED))
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == str(event.ical_uid)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert vevent["RRULE"]["FREQ"] == ["WEEKLY"]
    assert vevent["RRULE"]["INTERVAL"] == [2]
    assert vevent["RRULE"]["COUNT"] == [4]
    assert vevent["EXDATE"].dts[0].dt == datetime(2030, 4, 2, 10, tzinfo=STOCKHOLM)

    occurrences = recurring_ical_events.of(calendar).between(date(2030, 1, 1), date(2031, 1, 1))
    starts = sorted(item["DTSTART"].dt for item in occurrences)
    assert [item.astimezone(STOCKHOLM).time() for item in starts] == [time(10)] * 3
    assert [item.astimezone(UTC).hour for item in starts] == [9, 8, 8]
    assert [item.date() for item in starts] == [
        date(2030, 3, 19),
        date(2030, 4, 16),
        date(2030, 4, 30),
    ]


def test_all_day_multi_day_event_uses_dates_with_exclusive_end(index, client):
    EventPageFactory(
        parent=index,
        title="Konferens",
        start=_future(10, 0),
        end=_future(12, 0),
        all_day=True,
    )

    vevent = _events_by_summary(_parse(client.get(FEED)))["Konferens"]

    assert vevent["DTSTART"].params["VALUE"] == "DATE"
    assert vevent["DTSTART"].dt == timezone.localdate() + timedelta(days=10)
    assert vevent["DTEND"].dt == timezone.localdate() + timedelta(days=13)


def test_event_properties_status_swedish_text_and_no_private_details(index, client):
    county = County.objects.get(slug="norrbottens-lan")
    topic = TopicFactory(name="Dagligvaror", slug="dagligvaror")
    cancelled = EventPageFactory(
        parent=index,
        title="Träff i Örnsköldsvik om åäö",
        start=_future(3),
        end=_future(3, 12),
        format=EventPage.Format.HYBRID,
        county=county,
        latitude="63.290470",
        longitude="18.716170",
        topics=[topic],
        online_link="https://mote.example.se/hemlig",
        online_code="999 111",
        status=EventPage.Status.CANCELLED,
        status_reason="Lokalen är inte tillgänglig.",
    )

    response = client.get(FEED)
    vevent = _events_by_summary(_parse(response))["Inställt: Träff i Örnsköldsvik om åäö"]

    assert "Träff i Örnsköldsvik om åäö".encode() in response.content
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["SEQUENCE"] == 0
    assert vevent["URL"] == f"http://testserver{cancelled.url}"
    assert vevent["LOCATION"] == "Kulturens hus, Skeppsbrogatan 17, Luleå och digitalt"
    assert vevent["GEO"].latitude == pytest.approx(63.29047)
    assert vevent["CATEGORIES"].cats == ["Dagligvaror"]
    assert vevent["DTSTAMP"].dt.utcoffset() == timedelta(0)
    assert b"\r\nDTSTAMP:" in response.content and b"Z\r\nUID" in response.content
    assert vevent["LAST-MODIFIED"].dt.utcoffset() == timedelta(0)
    description = str(vevent["DESCRIPTION"])
    assert "Lokalen är inte tillgänglig." in description
    assert "<" not in description
    assert b"hemlig" not in response.content
    assert b"999 111" not in response.content


def test_sequence_in_feed_grows_after_an_edit_of_the_time(
    index, client, django_capture_on_commit_callbacks
):
    event = EventPageFactory(parent=index, start=_future(3), end=_future(3, 12))
    assert _parse(client.get(FEED)).walk("VEVENT")[0]["SEQUENCE"] == 0

    event.start, event.end = _future(4), _future(4, 12)
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()

    vevent = _parse(client.get(FEED)).walk("VEVENT")[0]
    assert vevent["SEQUENCE"] == 1
    assert vevent["DTSTART"].dt == _future(4)
    assert str(vevent["UID"]) == str(event.ical_uid)


def test_feed_has_recent_past_and_future_but_not_older_or_unpublished(index, client):
    EventPageFactory(parent=index, title="Nyss", start=_future(-30), end=_future(-30, 12))
    EventPageFactory(parent=index, title="Länge sedan", start=_future(-400), end=_future(-400, 12))
    EventPageFactory(
        parent=index, title="Utkast", start=_future(3), end=_future(3, 12), live=False
    )
    EventPageFactory(parent=index, title="Snart", start=_future(3), end=_future(3, 12))

    summaries = set(_events_by_summary(_parse(client.get(FEED))))

    assert summaries == {"Nyss", "Snart"}


def test_filtered_feed_by_county_topic_and_format(index, client):
    norrbotten = County.objects.get(slug="norrbottens-lan")
    gotland = County.objects.get(slug="gotlands-lan")
    groceries = TopicFactory(name="Dagligvaror", slug="dagligvaror")
    EventPageFactory(parent=index, title="A", county=norrbotten, topics=[groceries])
    EventPageFactory(parent=index, title="B", county=norrbotten)
    EventPageFactory(parent=index, title="C", county=gotland, topics=[groceries])
    EventPageFactory(
        parent=index, title="D", county=norrbotten, topics=[groceries], format="digitalt"
    )
    for event in EventPage.objects.all():
        event.start, event.end = _future(2), _future(2, 12)
        event.save()

    calendar = _parse(client.get(FEED, {"lan": "norrbottens-lan", "amne": "dagligvaror"}))
    assert set(_events_by_summary(calendar)) == {"A", "D"}
    # A TEXT value, its comma escaped; icalendar reads the property back verbatim.
    assert calendar["X-WR-CALNAME"] == "Mötesplatser: Norrbottens län\\, Dagligvaror"
    assert calendar["NAME"] == calendar["X-WR-CALNAME"]

    calendar = _parse(client.get(FEED, {"lan": "norrbottens-lan", "format": "pa-plats"}))
    assert set(_events_by_summary(calendar)) == {"A", "B"}


@pytest.mark.parametrize(
    "query", [{"lan": "atlantis"}, {"amne": "finns-inte"}, {"format": "telepati"}]
)
def test_unknown_feed_filters_give_404(index, client, query):
    assert client.get(FEED, query).status_code == 404


def test_unknown_feed_paths_give_404(index, client):
    assert client.get("/finns-inte/kalender.ics").status_code == 404
    assert client.get("/motesplatser/finns-inte.ics").status_code == 404


def test_conditional_get_answers_304_until_something_changes(
    index, client, django_capture_on_commit_callbacks
):
    event = EventPageFactory(parent=index, start=_future(3), end=_future(3, 12))

    first = client.get(FEED)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert client.get(FEED, headers={"if-none-match": etag}).status_code == 304
    assert client.get(FEED, headers={"if-modified-since": last_modified}).status_code == 304

    event.title = "Ändrad titel"
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    changed = client.get(FEED, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag

    with django_capture_on_commit_callbacks(execute=True):
        event.unpublish()
    assert client.get(FEED, headers={"if-none-match": changed["ETag"]}).status_code == 200


def test_single_event_file_and_its_conditional_get(index, client):
    event = EventPageFactory(
        parent=index, title="Ensamt möte", start=_future(3), end=_future(3, 12)
    )

    response = client.get(f"/motesplatser/{event.slug}.ics")
    calendar = _parse(response)

    assert calendar["METHOD"] == "PUBLISH"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == str(event.ical_uid)
    assert vevent["SUMMARY"] == "Ensamt möte"
    assert calendar.walk("VTIMEZONE")
    repeated = client.get(
        f"/motesplatser/{event.slug}.ics", headers={"if-none-match": response["ETag"]}
    )
    assert repeated.status_code == 304


def _feed_queries(client, query=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(FEED, query or {})
    assert response.status_code == 200
    return len(queries)


def test_feed_queries_do_not_grow_from_10_to_200_events(
    index, client, django_capture_on_commit_callbacks
):
    topic = TopicFactory()
    county = County.objects.get(slug="norrbottens-lan")

    def add(count: int) -> None:
        for number in range(count):
            EventPageFactory(
                parent=index,
                start=_future(number % 60 + 1),
                end=_future(number % 60 + 1, 12),
                topics=[topic],
                county=county,
                repeat_frequency="WEEKLY" if number % 5 == 0 else "",
                repeat_count=3 if number % 5 == 0 else None,
            )

    with django_capture_on_commit_callbacks(execute=True):
        add(10)
    Site.get_site_root_paths()  # cached once per process, not per event
    small = _feed_queries(client)
    small_filtered = _feed_queries(client, {"lan": county.slug, "amne": topic.slug})
    with django_capture_on_commit_callbacks(execute=True):
        add(190)
    large = _feed_queries(client)
    large_filtered = _feed_queries(client, {"lan": county.slug, "amne": topic.slug})

    assert len(_parse(client.get(FEED)).walk("VEVENT")) == 200
    assert large == small
    assert large_filtered == small_filtered


def test_publishing_a_meeting_rebuilds_the_feed_in_the_background(
    index, client, django_capture_on_commit_callbacks
):
    event = EventPageFactory(parent=index, start=_future(3), end=_future(3, 12))
    event.title = "Ny titel"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event.save_revision().publish()

    assert [cb for cb in callbacks if "_warm_feed" in cb.__qualname__]
    version = feed_version(index=index, filters=EventFilters())
    cached = gzip.decompress(cache.get(f"events:feed:{version.etag}:gzip"))
    assert b"SUMMARY:Ny titel" in cached
    response = client.get(FEED)
    assert response.content == cached


def test_feed_is_sent_compressed_to_clients_that_accept_gzip(index, client):
    for days in range(1, 30):
        EventPageFactory(parent=index, start=_future(days), end=_future(days, 12))
    plain = client.get(FEED)

    packed = client.get(FEED, headers={"accept-encoding": "gzip, deflate, br"})

    assert packed.status_code == 200
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert "Accept-Encoding" in plain["Vary"]
    assert packed["Content-Type"] == "text/calendar; charset=utf-8"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) * 4 < len(plain.content)
    # One ETag per encoding, each revalidating only its own representation.
    assert packed["ETag"] == plain["ETag"][:-1] + '-gzip"'
    assert client.get(FEED, headers={"if-none-match": plain["ETag"]}).status_code == 304
    again = client.get(FEED, headers={"accept-encoding": "gzip", "if-none-match": packed["ETag"]})
    assert again.status_code == 304
    assert "Accept-Encoding" in again["Vary"]
    stale = client.get(FEED, headers={"accept-encoding": "gzip", "if-none-match": plain["ETag"]})
    assert stale.status_code == 200


@pytest.mark.parametrize("header", ["gzip;q=0", "deflate, br", "identity", "gzip;q=x"])
def test_feed_is_sent_plain_to_clients_that_refuse_gzip(index, client, header):
    EventPageFactory(parent=index, start=_future(5), end=_future(5, 12))

    response = client.get(FEED, headers={"accept-encoding": header})

    _parse(response)


def test_the_feed_version_is_kept_until_content_changes(
    index, client, django_capture_on_commit_callbacks
):
    event = EventPageFactory(parent=index, start=_future(3), end=_future(3, 12))
    first = client.get(FEED)

    with CaptureQueriesContext(connection) as queries:
        again = client.get(FEED, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert not [query for query in queries if "COUNT(DISTINCT" in query["sql"]]

    event.title = "Flyttad titel"
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    changed = client.get(FEED, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200
    assert b"SUMMARY:Flyttad titel" in changed.content


def test_plain_feeds_are_kept_in_process_memory_within_a_budget(index, client, monkeypatch):
    county = County.objects.get(slug="norrbottens-lan")
    EventPageFactory(parent=index, start=_future(3), end=_future(3, 12), county=county)
    first = client.get(FEED)
    etag = first["ETag"].strip('"')

    cache.delete(f"events:feed:{etag}:gzip")  # the shared copy is gone …
    assert client.get(FEED).content == first.content  # … this process still has it

    monkeypatch.setattr(feeds, "PLAIN_BYTES", 1)
    by_county = client.get(FEED, {"lan": county.slug})
    assert list(feeds._plain) == [by_county["ETag"].strip('"')]
    assert client.get(FEED).content == first.content  # rebuilt when asked again


def test_one_version_has_one_body_whenever_and_wherever_it_is_built(index, client, monkeypatch):
    event = EventPageFactory(parent=index, start=_future(3), end=_future(3, 12))
    first = client.get(FEED)
    etag = first["ETag"].strip('"')

    # Another server builds the same version an hour later.
    cache.delete(f"events:feed:{etag}:gzip")
    feeds._plain.clear()
    later = timezone.now() + timedelta(hours=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    again = client.get(FEED)

    assert again["ETag"] == first["ETag"]
    assert again.content == first.content
    vevent = Calendar.from_ical(again.content).walk("VEVENT")[0]
    event.refresh_from_db()
    assert vevent["DTSTAMP"].dt == event.modified_at.replace(microsecond=0)
