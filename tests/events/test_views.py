"""The meeting listing, month view, subscribe page and event page."""

from datetime import datetime, time, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Site

import pytest

from core.models import County
from events.models import EventPage
from events.recurrence import STOCKHOLM
from tests.factories.core import TopicFactory
from tests.factories.events import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home):
    return EventIndexPageFactory(parent=home)


def _at(days: int, hour: int = 10) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=STOCKHOLM)


def _event(index, days: int, **fields) -> EventPage:
    return EventPageFactory(parent=index, start=_at(days), end=_at(days, 12), **fields)


def _titles(response) -> list[str]:
    return [occurrence.event.title for occurrence in response.context["occurrences"]]


def test_listing_shows_upcoming_soonest_first_and_archive_newest_first(index, client):
    _event(index, 10, title="Senare")
    _event(index, 2, title="Snart")
    _event(index, -5, title="Förra veckan")
    _event(index, -50, title="Länge sedan")

    assert _titles(client.get("/motesplatser/")) == ["Snart", "Senare"]
    assert _titles(client.get("/motesplatser/tidigare/")) == ["Förra veckan", "Länge sedan"]


def test_listing_shows_each_occurrence_of_a_series(index, client):
    _event(index, 1, title="Serie", repeat_frequency="WEEKLY", repeat_count=3)

    response = client.get("/motesplatser/")

    assert _titles(response) == ["Serie", "Serie", "Serie"]


def test_filters_combine_and_stay_in_links(index, client):
    norrbotten = County.objects.get(slug="norrbottens-lan")
    groceries = TopicFactory(name="Dagligvaror", slug="dagligvaror")
    _event(index, 3, title="Träffen", county=norrbotten, topics=[groceries])
    _event(index, 3, title="Annat län", topics=[groceries])
    _event(index, 3, title="Annat ämne", county=norrbotten)
    _event(index, 3, title="Digital", county=norrbotten, topics=[groceries], format="digitalt")

    response = client.get(
        "/motesplatser/", {"lan": "norrbottens-lan", "amne": "dagligvaror", "format": "pa-plats"}
    )

    assert _titles(response) == ["Träffen"]
    html = response.content.decode()
    feed = (
        "/motesplatser/kalender.ics?lan=norrbottens-lan&amp;amne=dagligvaror&amp;format=pa-plats"
    )
    title = "Mötesplatser: Norrbottens län, Dagligvaror, På plats"
    link = f'<link rel="alternate" type="text/calendar" title="{title}" href="http://testserver{feed}">'
    assert link in html


def test_month_filter(index, client):
    event = _event(index, 40, title="Nästa månad")
    month = event.start.astimezone(STOCKHOLM).strftime("%Y-%m")

    assert _titles(client.get("/motesplatser/", {"manad": month})) == ["Nästa månad"]
    other = (event.start - timedelta(days=70)).astimezone(STOCKHOLM).strftime("%Y-%m")
    response = client.get("/motesplatser/", {"manad": other})
    assert _titles(response) == []
    assert "Inga möten matchar filtret." in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"lan": "atlantis"}, "Det finns inget sådant län. Välj ett län i listan."),
        ({"amne": "finns-inte"}, "Det ämnet finns inte."),
        ({"format": "telepati"}, "Det finns ingen sådan mötesform."),
        ({"manad": "2026-13"}, "Det finns ingen sådan månad."),
        ({"manad": "mars"}, "Ange månaden som ÅÅÅÅ-MM, till exempel 2026-03."),
    ],
)
@pytest.mark.parametrize(
    "path", ["/motesplatser/", "/motesplatser/tidigare/", "/motesplatser/kalender/"]
)
def test_bad_filters_give_400_with_a_clear_message(index, client, path, query, message):
    response = client.get(path, query)

    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "99", "-1"])
def test_bad_page_numbers_give_404(index, client, page):
    _event(index, 1)
    assert client.get("/motesplatser/", {"page": page}).status_code == 404


def test_pagination_keeps_filters(index, client):
    for days in range(25):
        _event(index, days + 1, format="digitalt")

    first = client.get("/motesplatser/", {"format": "digitalt"})
    second = client.get("/motesplatser/", {"format": "digitalt", "page": 2})

    assert len(first.context["occurrences"]) == 20
    assert len(second.context["occurrences"]) == 5
    assert "format=digitalt&amp;page=2" in first.content.decode()


def test_empty_state(index, client):
    response = client.get("/motesplatser/")

    assert response.status_code == 200
    assert "Inga kommande möten" in response.content.decode()


def test_dates_are_written_the_swedish_way(index, client):
    EventPageFactory(
        parent=index,
        title="Marsträffen",
        start=datetime(2026, 3, 3, 10, tzinfo=STOCKHOLM),
        end=datetime(2026, 3, 3, 11, 30, tzinfo=STOCKHOLM),
    )

    response = client.get("/motesplatser/tidigare/")

    assert "tisdag 3 mars 2026, 10.00–11.30" in response.content.decode()


def _listing_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_listing_and_month_queries_do_not_grow_with_the_number_of_events(
    index, client, django_capture_on_commit_callbacks
):
    county = County.objects.get(slug="gotlands-lan")
    topics = [TopicFactory(), TopicFactory()]
    Site.get_site_root_paths()
    client.get("/motesplatser/")  # creates the site's footer setting once

    def add(count):
        # Committed, as a publish is: cached fragments are retired both times alike.
        with django_capture_on_commit_callbacks(execute=True):
            for number in range(count):
                _event(index, number % 20 + 1, county=county, topics=topics)

    month = timezone.localdate().strftime("%Y-%m")
    add(10)
    small = [
        _listing_queries(client, "/motesplatser/"),
        _listing_queries(client, f"/motesplatser/kalender/?manad={month}"),
    ]
    add(50)
    large = [
        _listing_queries(client, "/motesplatser/"),
        _listing_queries(client, f"/motesplatser/kalender/?manad={month}"),
    ]

    assert large == small


def test_month_view_is_a_table_with_links_per_day(index, client):
    event = _event(index, 0, title="Dagens möte")

    response = client.get("/motesplatser/kalender/")
    html = response.content.decode()

    assert response.status_code == 200
    # The table scrolls in its own box, named by the table's caption, on a narrow screen.
    assert '<caption id="month-caption">' in html
    assert 'tabindex="0" aria-labelledby="month-caption"' in html
    assert '<th scope="col">måndag</th>' in html
    assert '<th scope="row">' in html
    assert f'href="{event.url}"' in html
    assert 'aria-current="date"' in html
    assert 'rel="alternate" type="text/calendar"' in html


def test_subscribe_page_gives_exact_urls_for_the_chosen_filters(index, client):
    response = client.get("/motesplatser/prenumerera/", {"lan": "norrbottens-lan"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "http://testserver/motesplatser/kalender.ics?lan=norrbottens-lan" in html
    assert 'href="webcal://testserver/motesplatser/kalender.ics?lan=norrbottens-lan"' in html
    for client_name in ("Outlook", "Google Kalender", "Apple Kalender", "Thunderbird"):
        assert client_name in html
    assert "webcal://testserver/motesplatser/kalender.ics?lan=gotlands-lan" in html


def test_event_page_has_calendar_links_json_ld_and_open_graph(index, client):
    event = _event(
        index,
        5,
        title="Träff i Kiruna",
        format="hybrid",
        county=County.objects.get(slug="norrbottens-lan"),
        online_link="https://mote.example.se/hemlig-lank",
        online_phone="010-123 45 67",
        online_code="4711",
        status=EventPage.Status.CANCELLED,
        status_reason="Sjukdom.",
    )

    response = client.get(event.url)
    html = response.content.decode()

    assert response.status_code == 200
    assert f'href="/motesplatser/{event.slug}.ics"' in html
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in html
    assert "https://outlook.live.com/calendar/0/action/compose?" in html
    assert "https://outlook.office.com/calendar/0/action/compose?" in html
    assert "webcal://testserver/motesplatser/kalender.ics?lan=norrbottens-lan" in html
    # A data block needs no nonce, and without one the page can be cached.
    assert '<script type="application/ld+json">' in html
    assert '"eventStatus": "https://schema.org/EventCancelled"' in html
    assert '"eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode"' in html
    assert '<meta property="og:title" content="Träff i Kiruna">' in html
    assert "Mötet är inställt." in html
    for secret in ("hemlig-lank", "010-123 45 67", "4711"):
        assert secret not in html


def test_series_page_lists_every_occurrence(index, client):
    event = _event(index, 1, title="Serie", repeat_frequency="WEEKLY", repeat_count=4)

    response = client.get(event.url)

    assert len(response.context["occurrences"]) == 4
    assert "Alla tillfällen" in response.content.decode()


def test_event_page_advertises_its_own_calendar_file(index, client):
    event = _event(index, 5, title="Med kalenderfil")

    html = client.get(event.url).content.decode()

    assert (
        '<link rel="alternate" type="text/calendar" title="Med kalenderfil" '
        f'href="http://testserver/motesplatser/{event.slug}.ics">'
    ) in html
