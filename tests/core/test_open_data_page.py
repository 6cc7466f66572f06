"""The "Öppna data" page: every registered dataset, its links and the usage notes, sv and en."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.utils import translation
from django.utils.html import escape

import pytest

from core.api.datasets import PERSONAL_DATA_NOTE, datasets, rate_limit_text
from core.models import HomePage, OpenDataPage
from tests.factories.core import OpenDataPageFactory
from tests.factories.events import EventIndexPageFactory
from tests.factories.knowledge import LibraryIndexPageFactory

pytestmark = pytest.mark.django_db


class Links(HTMLParser):
    """The page's links and element ids."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(attributes["href"])
        if attributes.get("id"):
            self.ids.append(attributes["id"])


def links_of(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


@pytest.fixture
def pages(home, home_en):
    page = OpenDataPageFactory(parent=home)
    translated = page.copy_for_translation(home_en.locale)
    translated.title = "Open data"
    translated.save_revision().publish()
    EventIndexPageFactory(parent=home)
    LibraryIndexPageFactory(parent=home)
    return page, translated


@pytest.mark.parametrize(("language", "url"), [("sv", "/oppna-data/"), ("en", "/en/oppna-data/")])
def test_page_describes_every_dataset_in_its_language(client, pages, language, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    parsed = links_of(html)
    assert f'<html lang="{language}">' in html
    with translation.override(language):
        for dataset in datasets():
            assert escape(str(dataset.title)) in html
            assert escape(str(dataset.description)) in html
            assert escape(str(dataset.frequency_label)) in html
            assert f"http://testserver/api/v2/{dataset.key}/" in parsed.hrefs
            assert dataset.anchor in parsed.ids
        assert html.count(str(PERSONAL_DATA_NOTE)) == 1
    assert html.count('href="http://creativecommons.org/publicdomain/zero/1.0/"') == len(
        datasets()
    )
    for href in (
        "http://testserver/api/v2/openapi.json",
        "http://testserver/api/dcat/katalog.rdf",
        "http://testserver/api/dcat/katalog.jsonld",
    ):
        assert href in parsed.hrefs
    assert "limit=20&amp;offset=40" in html and "If-None-Match" in html


def test_links_on_the_page_answer(client, pages):
    parsed = links_of(client.get("/oppna-data/").content.decode())
    wanted = [
        "/api/dcat/katalog.rdf",
        "/api/dcat/katalog.jsonld",
        "/api/v2/moten/",
        "/motesplatser/kalender.ics",
        "/kunskapsbank/flode/rss/",
        "/kunskapsbank/flode/atom/",
    ]
    paths = {urlsplit(href).path for href in parsed.hrefs}
    for path in wanted:
        assert path in paths
        assert client.get(path).status_code == 200, path


def test_feeds_missing_from_the_site_are_not_offered(client, home):
    OpenDataPageFactory(parent=home)
    html = client.get("/oppna-data/").content.decode()
    assert "kalender.ics" not in html and "flode/rss" not in html
    assert 'href="http://testserver/api/v2/moten/"' in html


def test_rate_limit_is_told_from_the_setting(client, pages, settings):
    settings.API_RATE_LIMIT = "120/min"
    html = client.get("/oppna-data/").content.decode()
    assert rate_limit_text("120/min") in html
    assert "120" in rate_limit_text("120/min")
    settings.API_RATE_LIMIT = ""
    assert "Det finns ingen anropsgräns." in client.get("/oppna-data/").content.decode()


def test_footer_links_the_page_in_each_language(client, pages):
    assert 'href="/oppna-data/"' in client.get("/").content.decode()
    assert 'href="/en/oppna-data/"' in client.get("/en/").content.decode()


def test_footer_has_no_link_without_the_page(client, home):
    assert "oppna-data" not in client.get("/").content.decode()


def test_page_is_in_the_sitemap(client, pages):
    body = client.get("/sitemap-pages.xml").content.decode()
    assert "http://testserver/oppna-data/" in body
    assert "http://testserver/en/oppna-data/" in body


def test_one_page_per_home_page(pages, home):
    assert not OpenDataPage.can_create_at(home)
    assert OpenDataPage.parent_page_types == ["core.HomePage"]
    assert HomePage in OpenDataPage.allowed_parent_page_models()
