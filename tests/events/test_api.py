"""The meetings endpoint of the open-data API: fields, filters, window, paging, locale, 404s."""

import json
from datetime import date, datetime, timedelta

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest

from core.models import County
from events.api import MAX_WINDOW_DAYS
from events.models import EventDocument, EventExceptionDate, EventPage
from events.recurrence import STOCKHOLM
from events.registration.services import registration_create
from tests.factories.core import TopicFactory
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.knowledge import ArticlePageFactory, LibraryIndexPageFactory
from tests.factories.members import OrganisationFactory
from tests.factories.registration import approved_member

pytestmark = pytest.mark.django_db

URL = "/api/v2/moten/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def index(home):
    return EventIndexPageFactory(parent=home)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=STOCKHOLM)


def meeting(index, day: date, **kwargs) -> EventPage:
    """A published meeting at 10–12 on ``day`` (local time)."""
    start = kwargs.pop("start", at(day))
    kwargs.setdefault("end", start + timedelta(hours=2))
    return EventPageFactory(parent=index, start=start, **kwargs)


def listing(client, **params) -> dict:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def titles(client, **params) -> list[str]:
    return [item["title"] for item in listing(client, **params)["items"]]


def refused(client, path=URL, **params) -> str:
    """The message of a 400 answer."""
    response = client.get(path, params)
    assert response.status_code == 400, response.content
    assert response["Cache-Control"] == "no-store"
    return json.loads(response.content)["message"]


CONTENT = b"%PDF-1.4 program"


def document(title: str, collection=None):
    """A document as an upload stores it, its size recorded."""
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(CONTENT, name="program.pdf"),
        file_size=len(CONTENT),
        collection=collection or Collection.get_first_root_node(),
    )


# -- Fields ---------------------------------------------------------------------------


def test_a_meeting_carries_what_its_page_shows(client, index):
    county = County.objects.get(code="23")
    topic = TopicFactory(name="Dagligvaror", name_en="Groceries", slug="dagligvaror")
    organiser = OrganisationFactory(name="Region Jämtland Härjedalen")
    event = meeting(
        index,
        date(2030, 3, 5),
        title="Servicedag i Östersund",
        summary="Om lanthandelns framtid.",
        format=EventPage.Format.HYBRID,
        venue_name="Storsjöteatern",
        venue_address="Prästgatan 50",
        municipality="Östersund",
        county=county,
        latitude="63.176900",
        longitude="14.636100",
        organiser=organiser,
        contact_name="Karin Berg",
        contact_email="karin.berg@example.se",
        contact_phone="063-12 34 56",
        target_audience="Kommunernas handläggare",
        online_link="https://meet.example.se/hemligt-rum",
        online_phone="+46 8 123 456 78",
        online_code="kod-4711",
        registration_enabled=True,
        capacity=20,
    )
    event.topics.set([topic])
    event.save_revision().publish()
    member = approved_member(email="deltagare@example.se", first_name="Dolores")
    registration_create(event=event, user=member, actor=member, answers={})

    response = client.get(f"{URL}{event.pk}/", {"fran": "2030-03-01"})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public, max-age=")
    data = json.loads(response.content)
    meta = data.pop("meta")
    assert meta["type"] == "events.EventPage"
    assert meta["html_url"] == "http://testserver/motesplatser/servicedag-i-ostersund/"
    assert meta["detail_url"] == f"http://testserver/api/v2/moten/{event.pk}/"
    assert meta["locale"] == "sv"
    assert data == {
        "id": event.pk,
        "title": "Servicedag i Östersund",
        "summary": "Om lanthandelns framtid.",
        "start": "2030-03-05T10:00:00+01:00",
        "end": "2030-03-05T12:00:00+01:00",
        "all_day": False,
        "format": "hybrid",
        "format_label": "På plats och digitalt",
        "status": "scheduled",
        "status_label": "Planerad",
        "status_reason": None,
        "venue_name": "Storsjöteatern",
        "venue_address": "Prästgatan 50",
        "municipality": "Östersund",
        "latitude": 63.1769,
        "longitude": 14.6361,
        "county": {"slug": county.slug, "name": "Jämtlands län", "code": "23"},
        "topics": [{"slug": "dagligvaror", "name": "Dagligvaror"}],
        "organiser": "Region Jämtland Härjedalen",
        "target_audience": "Kommunernas handläggare",
        "contact_name": "Karin Berg",
        "contact_email": "karin.berg@example.se",
        "contact_phone": "063-12 34 56",
        "rrule": None,
        "occurrences": [
            {"start": "2030-03-05T10:00:00+01:00", "end": "2030-03-05T12:00:00+01:00"}
        ],
        "documents": [],
        "ics_url": "http://testserver/motesplatser/servicedag-i-ostersund.ics",
    }
    # The listing shows the same item.
    [item] = listing(client, fran="2030-03-01")["items"]
    item.pop("meta")
    assert item == data
    # Only registered participants get the connection details; registrations stay private.
    text = response.content.decode() + client.get(URL, {"fran": "2030-03-01"}).content.decode()
    for secret in ("hemligt-rum", "123 456 78", "kod-4711", "deltagare@example.se", "Dolores"):
        assert secret not in text
    for key in ("online_link", "online_phone", "online_code", "registrations", "capacity"):
        assert key not in data
    # The .ics address is the meeting's calendar file.
    assert client.get("/motesplatser/servicedag-i-ostersund.ics").status_code == 200


def test_a_digital_meeting_has_no_place(client, index):
    event = meeting(
        index,
        date(2030, 3, 5),
        format=EventPage.Format.DIGITAL,
        venue_name="Kvar från en kopia",
        latitude="63.1",
        longitude="14.6",
    )
    data = client.get(f"{URL}{event.pk}/").json()
    assert data["format"] == "digitalt"
    assert data["format_label"] == "Digitalt"
    for key in ("venue_name", "venue_address", "municipality", "latitude", "longitude"):
        assert data[key] is None


def test_the_status_reason_shows_only_when_cancelled_or_postponed(client, index):
    cancelled = meeting(
        index, date(2030, 3, 5), status=EventPage.Status.CANCELLED, status_reason="Snöstorm."
    )
    postponed = meeting(
        index, date(2030, 3, 6), status=EventPage.Status.POSTPONED, status_reason="Ny lokal."
    )
    scheduled = meeting(index, date(2030, 3, 7), status_reason="Gammal anteckning.")
    by_id = {item["id"]: item for item in listing(client, fran="2030-03-01")["items"]}
    assert by_id[cancelled.pk]["status"] == "cancelled"
    assert by_id[cancelled.pk]["status_label"] == "Inställd"
    assert by_id[cancelled.pk]["status_reason"] == "Snöstorm."
    assert by_id[postponed.pk]["status_reason"] == "Ny lokal."
    assert by_id[scheduled.pk]["status_reason"] is None


def test_an_all_day_meeting_runs_from_midnight_to_the_midnight_after_its_last_day(client, index):
    event = meeting(
        index,
        date(2030, 3, 5),
        start=at(date(2030, 3, 5), 0),
        end=at(date(2030, 3, 6), 0),
        all_day=True,
    )
    data = client.get(f"{URL}{event.pk}/", {"fran": "2030-03-01"}).json()
    assert data["all_day"] is True
    assert data["start"] == "2030-03-05T00:00:00+01:00"
    assert data["end"] == "2030-03-07T00:00:00+01:00"
    assert data["occurrences"] == [{"start": data["start"], "end": data["end"]}]


def test_documents_are_those_anyone_may_download(client, index):
    event = meeting(index, date(2030, 3, 5), slug="dokumentmote")
    public = document("Program")
    private_collection = Collection.get_first_root_node().add_child(name="Internt")
    CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    internal = document("Internt underlag", private_collection)
    EventDocument.objects.create(page=event, document=public, sort_order=0)
    EventDocument.objects.create(page=event, document=internal, sort_order=1)
    event.save_revision().publish()

    data = client.get(f"{URL}{event.pk}/").json()
    assert data["documents"] == [
        {
            "title": "Program",
            "url": f"http://testserver/documents/{public.pk}/program.pdf",
            "size": len(CONTENT),
            "file_type": "pdf",
        }
    ]
    assert client.get(data["documents"][0]["url"]).status_code in {200, 302}


# -- Filters --------------------------------------------------------------------------


def test_filters_by_county_topic_and_format(client, index):
    jamtland = County.objects.get(code="23")
    norrbotten = County.objects.get(code="25")
    topic = TopicFactory(slug="drivmedel")
    day = date(2030, 3, 5)
    a = meeting(index, day, title="A", county=jamtland, format=EventPage.Format.DIGITAL)
    a.topics.set([topic])
    a.save_revision().publish()
    meeting(index, day, title="B", county=norrbotten, format=EventPage.Format.DIGITAL)
    meeting(index, day, title="C", county=jamtland, format=EventPage.Format.ON_SITE)

    assert titles(client, fran="2030-03-01") == ["A", "B", "C"]
    assert titles(client, fran="2030-03-01", lan=jamtland.slug) == ["A", "C"]
    assert titles(client, fran="2030-03-01", amne="drivmedel") == ["A"]
    assert titles(client, fran="2030-03-01", format="digitalt") == ["A", "B"]
    assert titles(client, fran="2030-03-01", format="pa-plats", lan=jamtland.slug) == ["C"]
    assert titles(client, fran="2030-03-01", format="hybrid") == []


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"lan": "atlantis"}, "lan"),
        ({"amne": "okant-amne"}, "amne"),
        ({"format": "telepati"}, "format"),
        ({"fran": "2030-02-30"}, "fran"),
        ({"till": "imorgon"}, "till"),
        ({"fran": "0001-01-01"}, "fran"),
        ({"fran": "2030-01-01", "till": "9999-12-31"}, "till"),
        ({"manad": "2030-13"}, "manad"),
        ({"manad": "mars"}, "manad"),
        ({"manad": "2030-03", "fran": "2030-03-01"}, "manad"),
        ({"fran": "2030-03-10", "till": "2030-03-09"}, "till"),
        ({"order": "online_link"}, "order"),
        ({"order": "documents"}, "order"),
        ({"locale": "de"}, "locale"),
        ({"stad": "Luleå"}, "stad"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, index, params, name):
    assert name in refused(client, **params)


def test_a_window_longer_than_two_years_is_refused(client, index):
    meeting(index, date(2030, 3, 5), title="Inom")
    first = date(2030, 1, 1)
    longest = first + timedelta(days=MAX_WINDOW_DAYS - 1)
    assert titles(client, fran=first.isoformat(), till=longest.isoformat()) == ["Inom"]
    message = refused(client, fran=first.isoformat(), till=(longest + timedelta(1)).isoformat())
    assert message.startswith("till:")


# -- The window -----------------------------------------------------------------------


@pytest.fixture
def weekly(index):
    """Six Tuesdays from 5 March 2030, 10–12, without 19 March."""
    event = meeting(
        index,
        date(2030, 3, 5),
        title="Veckoträff",
        repeat_frequency=EventPage.Frequency.WEEKLY,
        repeat_count=6,
    )
    EventExceptionDate.objects.create(page=event, date=date(2030, 3, 19))
    event.save_revision().publish()
    return event


def starts(item) -> list[str]:
    return [occurrence["start"][:10] for occurrence in item["occurrences"]]


def test_a_series_lists_its_occurrences_within_the_window(client, weekly):
    [item] = listing(client, fran="2030-03-01")["items"]
    assert item["rrule"] == "FREQ=WEEKLY;COUNT=6"
    assert starts(item) == ["2030-03-05", "2030-03-12", "2030-03-26", "2030-04-02", "2030-04-09"]
    # Both ends of the window are whole local days, included.
    [item] = listing(client, fran="2030-03-12", till="2030-03-26")["items"]
    assert starts(item) == ["2030-03-12", "2030-03-26"]
    # Daylight saving starts on 31 March; the series stays at 10:00 local time.
    [item] = listing(client, fran="2030-04-01", till="2030-04-30")["items"]
    assert [o["start"] for o in item["occurrences"]] == [
        "2030-04-02T10:00:00+02:00",
        "2030-04-09T10:00:00+02:00",
    ]
    # A window with only the excluded date, or after the series, lists nothing.
    assert listing(client, fran="2030-03-19", till="2030-03-19") == {
        "meta": {"total_count": 0},
        "items": [],
    }
    assert titles(client, fran="2030-04-10") == []
    # manad is the whole month.
    [item] = listing(client, manad="2030-04")["items"]
    assert starts(item) == ["2030-04-02", "2030-04-09"]


def test_the_detail_takes_the_same_window(client, weekly):
    url = f"{URL}{weekly.pk}/"
    assert starts(client.get(url, {"fran": "2030-03-20", "till": "2030-04-03"}).json()) == [
        "2030-03-26",
        "2030-04-02",
    ]
    # A window without occurrences still shows the meeting, with none listed.
    assert client.get(url, {"manad": "2031-01"}).json()["occurrences"] == []
    assert "till" in refused(client, url, fran="2030-03-20", till="2030-03-01")


def test_the_window_starts_today_by_default(client, index):
    today = timezone.localdate()
    meeting(index, today - timedelta(days=2), title="Förrgår")
    meeting(index, today, start=at(today, 0, 30), title="I natt")
    meeting(index, today + timedelta(days=3), title="Om tre dagar")
    assert titles(client) == ["I natt", "Om tre dagar"]
    assert titles(client, fran=(today - timedelta(days=2)).isoformat()) == [
        "Förrgår",
        "I natt",
        "Om tre dagar",
    ]
    assert titles(client, till=today.isoformat()) == ["I natt"]


def test_meetings_are_ordered_by_their_first_occurrence_in_the_window(client, index, weekly):
    meeting(index, date(2030, 3, 4), title="Måndag")
    meeting(index, date(2030, 3, 13), title="Onsdag veckan efter")
    assert titles(client, fran="2030-03-01") == ["Måndag", "Veckoträff", "Onsdag veckan efter"]
    # From 6 March the series' first occurrence is 12 March, before the Wednesday.
    assert titles(client, fran="2030-03-06") == ["Veckoträff", "Onsdag veckan efter"]
    assert titles(client, fran="2030-03-13") == ["Onsdag veckan efter", "Veckoträff"]
    # order= sorts by the meeting's own columns instead.
    assert titles(client, fran="2030-03-01", order="-title") == [
        "Veckoträff",
        "Onsdag veckan efter",
        "Måndag",
    ]


def test_pages_of_the_listing(client, index):
    for day in range(1, 8):
        meeting(index, date(2030, 3, day), title=f"Dag {day}")
    first = listing(client, fran="2030-03-01", limit=3)
    assert first["meta"] == {"total_count": 7}
    assert [item["title"] for item in first["items"]] == ["Dag 1", "Dag 2", "Dag 3"]
    assert titles(client, fran="2030-03-01", limit=3, offset=6) == ["Dag 7"]
    assert titles(client, fran="2030-03-01", offset=10) == []
    assert "limit" in refused(client, limit=1000)
    assert "offset" in refused(client, offset=-1)
    assert "limit" in refused(client, limit="många")


def test_fields_chooses_what_an_item_carries(client, weekly):
    [item] = listing(client, fran="2030-03-01", fields="_,title,occurrences")["items"]
    assert set(item) == {"title", "occurrences"}
    assert len(item["occurrences"]) == 5
    for fields in ("occurrences(start)", "documents(title)", "county(name)", "online_link"):
        assert "fields" in refused(client, fields=fields)


# -- Locale, privacy, 404 ---------------------------------------------------------------


def test_locale_selects_the_translation_and_the_labels(client, index, home_en, locales):
    topic = TopicFactory(name="Dagligvaror", name_en="Groceries", slug="dagligvaror")
    event = meeting(index, date(2030, 3, 5), title="Träff", format=EventPage.Format.DIGITAL)
    event.topics.set([topic])
    event.save_revision().publish()
    index.copy_for_translation(locales[1]).save_revision().publish()
    translation = event.copy_for_translation(locales[1])
    translation.title = "Meeting"
    translation.save_revision().publish()

    assert titles(client, fran="2030-03-01", locale="sv") == ["Träff"]
    [item] = listing(client, fran="2030-03-01", locale="en")["items"]
    assert item["title"] == "Meeting"
    assert item["meta"]["locale"] == "en"
    assert item["meta"]["html_url"] == "http://testserver/en/motesplatser/trff/".replace(
        "trff", translation.slug
    )
    assert item["format_label"] == "Online"
    assert item["topics"] == [{"slug": "dagligvaror", "name": "Groceries"}]
    assert starts(item) == ["2030-03-05"]
    assert sorted(titles(client, fran="2030-03-01")) == ["Meeting", "Träff"]


def test_unknown_restricted_and_unpublished_ids_are_the_same_404(client, home, index):
    restricted = meeting(index, date(2030, 3, 5), title="Stängt", slug="stangt")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    unpublished = meeting(index, date(2030, 3, 6), title="Avpublicerat", slug="avpublicerat")
    unpublished.unpublish()
    draft = meeting(index, date(2030, 3, 7), title="Utkast", slug="utkast", live=False)
    library = LibraryIndexPageFactory(parent=home)
    article = ArticlePageFactory(parent=library)
    unknown = max(restricted.pk, unpublished.pk, draft.pk, article.pk) + 100

    for pk in (unknown, restricted.pk, unpublished.pk, draft.pk, article.pk):
        response = client.get(f"{URL}{pk}/", {"fran": "2030-03-01"})
        assert response.status_code == 404
        assert response["Cache-Control"] == "no-store"
        assert json.loads(response.content) == {
            "message": f"Det finns ingen publik post med id {pk}."
        }
    assert titles(client, fran="2030-03-01") == []
    assert client.get(f"{URL}abc/").status_code == 404


def test_a_draft_of_a_live_meeting_stays_out(client, index):
    event = meeting(index, date(2030, 3, 5), title="Publicerad titel")
    event.title = "Utkastets titel"
    event.summary = "Utkastets sammanfattning"
    event.save_revision()
    text = client.get(URL, {"fran": "2030-03-01"}).content.decode()
    assert "Publicerad titel" in text
    assert "Utkastets" not in text


# -- Queries ----------------------------------------------------------------------------


def _fill(index, count: int, offset: int) -> None:
    topics = [TopicFactory(), TopicFactory()]
    for number in range(count):
        event = meeting(
            index,
            date(2030, 3, 1 + number),
            county=County.objects.get(code="23"),
            organiser=OrganisationFactory(),
            repeat_frequency=EventPage.Frequency.WEEKLY,
            repeat_count=4,
        )
        event.topics.set(topics)
        EventDocument.objects.create(page=event, document=document(f"Dokument {offset + number}"))
        event.save_revision().publish()


def _queries(client, **params) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        data = listing(client, **params)
    return len(queries), data


def test_the_listing_takes_the_same_number_of_queries_for_more_meetings(client, index):
    params = {"fran": "2030-03-01", "lan": County.objects.get(code="23").slug}
    _fill(index, 2, 0)
    listing(client, **params)  # the site's root paths are cached from the first request on
    small, data = _queries(client, **params)
    assert data["meta"]["total_count"] == 2
    _fill(index, 8, 2)
    large, data = _queries(client, **params)
    assert data["meta"]["total_count"] == 10
    assert sum(len(item["occurrences"]) for item in data["items"]) == 40
    assert all(len(item["documents"]) == 1 for item in data["items"])
    assert all(len(item["topics"]) == 2 for item in data["items"])
    assert large == small
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{URL}{data['items'][0]['id']}/").status_code == 200
    assert len(queries) <= small
