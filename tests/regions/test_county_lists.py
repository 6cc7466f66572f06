"""The county page's automatic lists: meetings, the county's feed and its articles."""

from datetime import datetime

import pytest

from core.models import County
from knowledge.models import ArticleKind
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.knowledge import ArticlePageFactory, LibraryIndexPageFactory
from tests.factories.regions import CountyPageFactory

pytestmark = pytest.mark.django_db

NEXT_YEAR = datetime.now().year + 1


def _county(code: str) -> County:
    return County.objects.get(code=code)


@pytest.fixture
def events(home):
    return EventIndexPageFactory(parent=home)


@pytest.fixture
def library(home):
    return LibraryIndexPageFactory(parent=home)


def _meeting(events, title: str, county: County, *, live: bool = True, year: int = NEXT_YEAR):
    from events.recurrence import STOCKHOLM

    start = datetime(year, 4, 14, 10, 0, tzinfo=STOCKHOLM)
    return EventPageFactory(parent=events, title=title, county=county, start=start, live=live)


def _article(library, title: str, kind: str, county: County, *, live: bool = True):
    article = ArticlePageFactory(parent=library, title=title, kind=kind, live=live)
    article.counties.set([county])
    article.save()
    return article


def test_county_page_lists_only_its_published_upcoming_meetings(client, landing, events):
    norrbotten, skane = _county("25"), _county("12")
    CountyPageFactory(parent=landing, county=norrbotten)
    _meeting(events, "Träff i Luleå", norrbotten)
    _meeting(events, "Träff i Malmö", skane)
    _meeting(events, "Opublicerad träff", norrbotten, live=False)
    _meeting(events, "Förra årets träff", norrbotten, year=NEXT_YEAR - 2)
    html = client.get("/regional-samordning/norrbottens-lan/").content.decode()
    assert "Träff i Luleå" in html
    assert "Träff i Malmö" not in html
    assert "Opublicerad träff" not in html
    assert "Förra årets träff" not in html


def test_county_page_links_the_county_feed(client, landing, events):
    CountyPageFactory(parent=landing, county=_county("25"))
    html = client.get("/regional-samordning/norrbottens-lan/").content.decode()
    feed = "http://testserver/motesplatser/kalender.ics?lan=norrbottens-lan"
    assert (
        f'<link rel="alternate" type="text/calendar" title="Mötesplatser: Norrbottens län" '
        f'href="{feed}">' in html
    )
    assert f'<a href="{feed}">' in html
    assert client.get(feed).status_code == 200


def test_county_page_lists_only_its_published_follow_ups_and_experiences(client, landing, library):
    norrbotten, skane = _county("25"), _county("12")
    CountyPageFactory(parent=landing, county=norrbotten)
    _article(library, "Uppföljning Norrbotten 2025", ArticleKind.FOLLOW_UP, norrbotten)
    _article(library, "Uppföljning Skåne 2025", ArticleKind.FOLLOW_UP, skane)
    _article(library, "Utkast till uppföljning", ArticleKind.FOLLOW_UP, norrbotten, live=False)
    _article(library, "Erfarenheter från Pajala", ArticleKind.EXPERIENCE, norrbotten)
    _article(library, "Metodstöd för alla", ArticleKind.METHOD_SUPPORT, norrbotten)
    html = client.get("/regional-samordning/norrbottens-lan/").content.decode()
    follow_ups, experiences = html.split('id="experiences-heading"')
    assert "Uppföljning Norrbotten 2025" in follow_ups
    assert "Erfarenheter från Pajala" in experiences
    assert "Erfarenheter från Pajala" not in follow_ups
    assert "Uppföljning Skåne 2025" not in html
    assert "Utkast till uppföljning" not in html
    assert "Metodstöd för alla" not in html


def test_county_page_query_count_is_constant(
    client, landing, events, library, django_assert_max_num_queries
):
    norrbotten = _county("25")
    CountyPageFactory(parent=landing, county=norrbotten)
    _meeting(events, "Första träffen", norrbotten)
    _article(library, "Första uppföljningen", ArticleKind.FOLLOW_UP, norrbotten)
    _article(library, "Första erfarenheten", ArticleKind.EXPERIENCE, norrbotten)
    url = "/regional-samordning/norrbottens-lan/"
    with django_assert_max_num_queries(60) as baseline:
        client.get(url)
    for n in range(4):
        _meeting(events, f"Träff {n}", norrbotten)
        _article(library, f"Uppföljning {n}", ArticleKind.FOLLOW_UP, norrbotten)
        _article(library, f"Erfarenhet {n}", ArticleKind.EXPERIENCE, norrbotten)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        html = client.get(url).content.decode()
    assert "Träff 3" in html
    assert "Uppföljning 3" in html


def test_landing_page_links_guidelines_article_and_lists_follow_ups(client, landing, library):
    norrbotten = _county("25")
    guidelines = ArticlePageFactory(
        parent=library, title="Riktlinjer för serviceprogrammen", kind=ArticleKind.GUIDELINE
    )
    _article(library, "Uppföljning Norrbotten 2025", ArticleKind.FOLLOW_UP, norrbotten)
    _article(library, "Utkast till uppföljning", ArticleKind.FOLLOW_UP, norrbotten, live=False)
    html = client.get("/regional-samordning/").content.decode()
    assert f'<a href="{guidelines.url}">Riktlinjer för serviceprogrammen</a>' in html
    assert "Uppföljning Norrbotten 2025" in html
    assert "Utkast till uppföljning" not in html
