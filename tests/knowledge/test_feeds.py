"""RSS and Atom feeds of the library, parsed back with the standard library."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from knowledge.models import ArticleKind
from tests.factories.core import TopicFactory
from tests.factories.knowledge import ArticlePageFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def articles(library):
    topic = TopicFactory(slug="apoteksombud", name="Apoteksombud")
    method = ArticlePageFactory(
        parent=library,
        title="Så startar ni ett apoteksombud",
        kind=ArticleKind.METHOD_SUPPORT,
        summary="Steg för steg från behov till avtal.",
        publication_date=datetime.date(2025, 2, 3),
    )
    method.topics.set([topic])
    method.save_revision().publish()
    ArticlePageFactory(
        parent=library,
        title="Erfarenheter från Härjedalen",
        kind=ArticleKind.EXPERIENCE,
        publication_date=datetime.date(2024, 9, 1),
    )
    draft = ArticlePageFactory(parent=library, title="Opublicerat utkast")
    draft.unpublish()
    return method


def test_rss_feed_lists_published_articles(client, articles):
    response = client.get("/kunskapsbank/flode/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    rss = ET.fromstring(response.content)  # noqa: S314 - our own output
    channel = rss.find("channel")
    assert channel.findtext("title") == "Kunskapsbank"
    assert channel.findtext("link") == "http://testserver/kunskapsbank/"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "Så startar ni ett apoteksombud",
        "Erfarenheter från Härjedalen",
    ]
    first = items[0]
    assert first.findtext("link") == f"http://testserver{articles.url}"
    assert first.findtext("description") == "Steg för steg från behov till avtal."
    assert {c.text for c in first.findall("category")} == {"Metodstöd", "Apoteksombud"}


def test_atom_feed_for_a_facet_selection(client, articles):
    response = client.get("/kunskapsbank/flode/atom/", {"topic": "apoteksombud", "year": "2025"})
    assert response.status_code == 200
    feed = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "Kunskapsbank: Apoteksombud, 2025"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Så startar ni ett apoteksombud"
    ]
    link = feed.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert link == "http://testserver/kunskapsbank/?topic=apoteksombud&year=2025"


def test_feed_with_unknown_filter_is_404(client, library):
    assert client.get("/kunskapsbank/flode/rss/", {"kind": "okand"}).status_code == 404
