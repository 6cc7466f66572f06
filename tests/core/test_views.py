"""Search, sitemap, robots.txt, the health check and security headers."""

import socket

import pytest

from core.sitemaps import AllLanguagesSitemap
from tests.factories.core import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_search_finds_published_pages_only(client, home):
    StandardPageFactory(parent=home, title="Hemsändning i glesbygd", slug="hemsandning")
    draft = StandardPageFactory(parent=home, title="Hemsändning utkast", slug="utkast")
    draft.unpublish()
    response = client.get("/sok/", {"q": "Hemsändning"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hemsändning i glesbygd" in html
    assert "Hemsändning utkast" not in html


def test_search_without_hits_explains(client, home):
    html = client.get("/sok/", {"q": "xyzzy"}).content.decode()
    assert "Inga sidor matchade din sökning" in html


@pytest.mark.parametrize("page", ["abc", "0", "999"])
def test_search_bad_page_number_is_404(client, home, page):
    assert client.get("/sok/", {"q": "x", "page": page}).status_code == 404


@pytest.fixture
def closed_port():
    """A local port that refuses connections: a search cluster that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("backend", ["wagtail.search.backends.elasticsearch9", "core.opensearch"])
def test_search_says_so_when_the_cluster_is_down(client, home, settings, closed_port, backend):
    working = settings.WAGTAILSEARCH_BACKENDS
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": backend,
            "URLS": [f"http://127.0.0.1:{closed_port}"],
            "TIMEOUT": 1,
        }
    }
    response = client.get("/sok/", {"q": "hemsändning"})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "Sökningen fungerar inte just nu" in html
    assert 'value="hemsändning"' in html
    # The refusal is not kept: once search works again, so does the same query.
    settings.WAGTAILSEARCH_BACKENDS = working
    assert client.get("/sok/", {"q": "hemsändning"}).status_code == 200


def test_sitemap_lists_both_languages(client, home, home_en):
    StandardPageFactory(parent=home, slug="om")
    index = client.get("/sitemap.xml").content.decode()
    assert "<sitemapindex" in index
    assert "<loc>http://testserver/sitemap-pages.xml</loc>" in index
    assert "<lastmod>" in index
    body = client.get("/sitemap-pages.xml").content.decode()
    assert "<loc>http://testserver/</loc>" in body
    assert "<loc>http://testserver/om/</loc>" in body
    assert "<loc>http://testserver/en/</loc>" in body


def test_sitemap_is_split_into_files_of_at_most_limit_urls(client, home, monkeypatch):
    monkeypatch.setattr(AllLanguagesSitemap, "limit", 2)
    for slug in ("a", "b", "c"):
        StandardPageFactory(parent=home, slug=slug)
    index = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/sitemap-pages.xml?p=2</loc>" in index
    first = client.get("/sitemap-pages.xml").content.decode()
    second = client.get("/sitemap-pages.xml", {"p": 2}).content.decode()
    assert first.count("<url>") == second.count("<url>") == 2
    assert "<loc>http://testserver/c/</loc>" in second
    assert client.get("/sitemap-pages.xml", {"p": 9}).status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_points_to_sitemap(client, settings):
    settings.SITE_URL = "https://motesplats.example.se"
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: https://motesplats.example.se/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_health_check_reports_database_and_cache(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_public_pages_forbid_inline_scripts(client, home):
    policy = client.get("/")["Content-Security-Policy"]
    script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "'self'" in script_src
    assert "frame-ancestors 'none'" in policy


def test_admin_has_its_own_policy(client, home):
    policy = client.get("/admin/login/")["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy


@pytest.mark.parametrize("query", ['"', '"butik', "butik\x00", "\x01"])
def test_search_survives_quotes_and_control_characters(client, home, query):
    StandardPageFactory(parent=home, title="Butik i byn", slug="butik")
    response = client.get("/sok/", {"q": query})
    assert response.status_code == 200
    if "butik" in query:
        assert "Butik i byn" in response.content.decode()
