"""The home page: next meetings, newest knowledge, the county finder and the subscribe link."""

from datetime import date, datetime

import pytest

from events.recurrence import STOCKHOLM
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.knowledge import ArticlePageFactory, LibraryIndexPageFactory

pytestmark = pytest.mark.django_db

NEXT_YEAR = datetime.now().year + 1


@pytest.fixture
def events(home):
    return EventIndexPageFactory(parent=home)


@pytest.fixture
def library(home):
    return LibraryIndexPageFactory(parent=home)


def _meeting(events, title: str, *, month: int = 4, live: bool = True):
    start = datetime(NEXT_YEAR, month, 14, 10, 0, tzinfo=STOCKHOLM)
    return EventPageFactory(parent=events, title=title, start=start, live=live)


def test_home_shows_next_meetings_newest_articles_county_finder_and_feed(client, events, library):
    for month in range(1, 7):
        _meeting(events, f"Träff i månad {month}", month=month)
    _meeting(events, "Opublicerad träff", month=1, live=False)
    ArticlePageFactory(parent=library, title="Gammal artikel", publication_date=date(2020, 1, 1))
    for n in range(4):
        ArticlePageFactory(
            parent=library, title=f"Ny artikel {n}", publication_date=date(2025, 1, n + 1)
        )
    ArticlePageFactory(
        parent=library, title="Utkast", publication_date=date(2026, 1, 1), live=False
    )
    html = client.get("/").content.decode()
    # The next four meetings, soonest first; later and unpublished ones are left out.
    positions = [html.index(f"Träff i månad {month}") for month in range(1, 5)]
    assert positions == sorted(positions)
    assert "Träff i månad 5" not in html
    assert "Opublicerad träff" not in html
    assert "Ny artikel 3" in html
    assert "Gammal artikel" not in html
    assert "Utkast" not in html
    assert 'href="/motesplatser/prenumerera/"' in html
    assert (
        '<link rel="alternate" type="text/calendar" title="Mötesplatser" '
        'href="http://testserver/motesplatser/kalender.ics">' in html
    )
    assert "Hitta ditt län" in html


def test_home_without_events_or_library_still_renders(client, home):
    response = client.get("/")
    assert response.status_code == 200
    assert "Hitta ditt län" in response.content.decode()


def test_home_query_count_is_constant(
    client, events, library, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    _meeting(events, "Första träffen")
    ArticlePageFactory(parent=library)
    with django_assert_max_num_queries(60) as baseline:
        client.get("/")
    # Committed, the new pages retire the cached fragments, as a publish does.
    with django_capture_on_commit_callbacks(execute=True):
        for month in range(5, 9):
            _meeting(events, f"Träff {month}", month=month)
            ArticlePageFactory(parent=library)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        html = client.get("/").content.decode()
    assert "Träff 5" in html


def test_english_home_shows_the_swedish_meetings_and_articles_marked_as_swedish(
    client, events, library, home_en
):
    _meeting(events, "Träff om dagligvaror")
    ArticlePageFactory(parent=library, title="Erfarenheter av hemsändning", summary="Kort om")
    html = client.get("/en/").content.decode()
    assert "Next meetings" in html
    assert "The meetings are presented in Swedish." in html
    assert 'hreflang="sv" lang="sv">Träff om dagligvaror</a>' in html
    assert '<a href="/motesplatser/" hreflang="sv">All meetings</a>' in html
    assert 'hreflang="sv" lang="sv">Erfarenheter av hemsändning</a>' in html
    assert '<p lang="sv">Kort om</p>' in html
    assert 'href="http://testserver/motesplatser/kalender.ics"' in html
    # The Swedish home page shows the same without marking its own language.
    swedish = client.get("/").content.decode()
    assert "Träff om dagligvaror</a>" in swedish
    assert 'lang="sv">' not in swedish.split("<body", 1)[1]
    assert "presenteras på svenska" not in swedish
