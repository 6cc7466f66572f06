"""No page makes the browser contact another host: no avatars, fonts or scripts from abroad.

Links to other sites are fine (``<a href>``: nothing is fetched until someone
clicks). What the browser fetches or sends by itself must stay on the site's own
host, or on the storage/CDN host when one is configured: every URL in an attribute
(src, srcset, stylesheets, form actions, posters, data-* values), every ``url(…)`` in
inline CSS, and every source the Content-Security-Policy allows. Requests that
scripts make are watched in the browser (tests/browser/test_third_party.py).
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.test import Client

from wagtail.blocks import StreamValue

import pytest
import wagtail_factories

from knowledge.blocks import ArticleBodyBlock
from tests.factories.core import StandardPageFactory, TopicFactory
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.knowledge import ArticlePageFactory, LibraryIndexPageFactory
from tests.factories.members import MembershipFactory, sign_in_with_mfa

pytestmark = pytest.mark.django_db

OUTBOUND_LINK = "https://www.regeringen.se/regeringsuppdrag/"
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")
# Schemes that fetch nothing from another host.
LOCAL_SCHEMES = {"data", "blob", "mailto", "tel", "about", "javascript"}
# Keywords of a Content-Security-Policy source list that name no host.
CSP_KEYWORDS = {"'self'", "'none'", "'unsafe-inline'", "'unsafe-eval'", "'strict-dynamic'"}


def own_hosts() -> set[str]:
    """The site's hosts: the test server, SITE_URL, the admin's base URL and the storage's."""
    hosts = {"testserver"}
    for url in (settings.SITE_URL, settings.WAGTAILADMIN_BASE_URL, default_storage.url("x")):
        if host := urlsplit(url).hostname:
            hosts.add(host)
    return hosts


def is_foreign(url: str, hosts: set[str]) -> bool:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return False
    return bool(parts.hostname) and parts.hostname not in hosts


class ResourceCollector(HTMLParser):
    """Collects every URL the browser would fetch or send to without a click."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []  # (where, url)
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            where = f"<{tag} {name}>"
            if tag in ("a", "area") and name == "href":
                continue  # a link: followed only when clicked
            if name in ("srcset", "imagesrcset"):
                self.urls += [(where, c.split()[0]) for c in value.split(",") if c.strip()]
            elif name == "style":
                self.urls += [(where, url) for url in CSS_URL.findall(value)]
            elif value.strip().startswith(("http://", "https://", "//")) or name in (
                "src",
                "href",
                "action",
                "formaction",
                "poster",
                "data",
                "ping",
            ):
                self.urls.append((where, value))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls += [("<style>", url) for url in CSS_URL.findall(data)]
            self.urls += [
                ("<style>", url) for url in re.findall(r"@import\s+['\"]([^'\"]+)", data)
            ]


def csp_sources(response) -> list[tuple[str, str]]:
    """Each source of the Content-Security-Policy headers that names a host or scheme."""
    sources = []
    for header in ("Content-Security-Policy", "Content-Security-Policy-Report-Only"):
        for directive in response.get(header, "").split(";"):
            if not directive.strip():
                continue
            name, *values = directive.split()
            for value in values:
                if value not in CSP_KEYWORDS and not value.startswith("'nonce-"):
                    sources.append((f"{header}: {name}", value))
    return sources


def foreign_references(response) -> list[str]:
    """What in the page points the browser at another host, as readable lines."""
    hosts = own_hosts()
    collector = ResourceCollector()
    collector.feed(response.content.decode())
    found = [f"{where} {url}" for where, url in collector.urls if is_foreign(url, hosts)]
    for where, source in csp_sources(response):
        if source.rstrip(":") in LOCAL_SCHEMES:
            continue
        host = urlsplit(source if "//" in source else f"//{source}").hostname
        if host not in hosts:
            found.append(f"{where} {source}")
    return found


def visit(client: Client, paths: list[str]) -> dict[str, list[str]]:
    """Every page's foreign references; a page that does not answer 200 is reported too."""
    report = {}
    for path in paths:
        response = client.get(path)
        if response.status_code != 200:
            report[path] = [f"status {response.status_code}"]
        elif found := foreign_references(response):
            report[path] = found
    return report


@pytest.fixture
def site(home, settings, tmp_path):
    """A page of each kind, an image with renditions, a document and an outbound link."""
    settings.MEDIA_ROOT = tmp_path
    image = wagtail_factories.ImageFactory(title="Butiken i Ammarnäs")
    document = wagtail_factories.DocumentFactory(title="Rutiner")
    body = StreamValue(
        ArticleBodyBlock(),
        [
            ("paragraph", f'<p>Läs <a href="{OUTBOUND_LINK}">regeringens uppdrag</a>.</p>'),
            ("image", {"image": image, "alt_text": "Butiken", "caption": ""}),
        ],
    )
    library = LibraryIndexPageFactory(parent=home)
    article = ArticlePageFactory(
        parent=library, slug="butiken", body=body, image=image, image_alt="Butiken"
    )
    article.topics.add(TopicFactory(slug="dagligvaror", name="Dagligvaror"))
    events = EventIndexPageFactory(parent=home)
    event = EventPageFactory(parent=events, slug="traff")
    standard = StandardPageFactory(parent=home, slug="om", title="Om Mötesplats")
    return {
        "image": image,
        "document": document,
        "article": article,
        "event": event,
        "standard": standard,
    }


def test_the_scan_sees_what_it_should():
    """A guard for the tests below: foreign sources are found, outbound links are not."""
    html = (
        f'<a href="{OUTBOUND_LINK}">ok</a>'
        '<img src="//www.gravatar.com/avatar/x" srcset="/a.png 1x, https://cdn.example.com/b 2x">'
        "<div style=\"background: url('https://fonts.example.com/f.woff')\"></div>"
        '<form action="https://forms.example.com/"></form>'
        '<span data-avatar-url="https://avatars.example.com/1"></span>'
        "<style>@import 'https://css.example.com/a.css';</style>"
    )

    class Response(dict):
        content = html.encode()

    response = Response(
        {"Content-Security-Policy": "img-src 'self' data: https://img.example.com"}
    )
    assert foreign_references(response) == [
        "<img src> //www.gravatar.com/avatar/x",
        "<img srcset> https://cdn.example.com/b",
        "<div style> https://fonts.example.com/f.woff",
        "<form action> https://forms.example.com/",
        "<span data-avatar-url> https://avatars.example.com/1",
        "<style> https://css.example.com/a.css",
        "Content-Security-Policy: img-src https://img.example.com",
    ]


def test_public_pages_refer_to_no_other_host(client, site):
    article = site["article"]
    response = client.get(article.url)
    assert f'href="{OUTBOUND_LINK}"' in response.content.decode()  # outbound links stay
    paths = [
        "/",
        site["standard"].url,
        "/kunskapsbank/",
        article.url,
        "/motesplatser/",
        site["event"].url,
        "/sok/?q=butiken",
        "/konto/login/",
        "/konto/signup/",
        "/en/konto/login/",
    ]
    assert visit(client, paths) == {}
    assert foreign_references(client.get("/finns-inte/")) == []


def test_member_pages_refer_to_no_other_host(site):
    member = Client()
    member.force_login(MembershipFactory().user)
    paths = [
        "/mina-sidor/",
        "/mina-sidor/profil/",
        "/mina-sidor/organisation/",
        "/mina-sidor/kalender/",
        "/kunskapsbank/skriv/",
        "/kunskapsbank/mina-artiklar/",
        "/konto/email/",
        "/konto/password/change/",
        site["article"].url,
    ]
    assert visit(member, paths) == {}


def test_admin_pages_refer_to_no_other_host(client, admin_user, site):
    """The editor's e-mail address, hashed into a Gravatar URL, must not leave for abroad."""
    sign_in_with_mfa(client, admin_user)
    article = site["article"]
    paths = [
        "/admin/",
        f"/admin/pages/{article.get_parent().pk}/",
        f"/admin/pages/{article.pk}/edit/",
        f"/admin/pages/{site['standard'].pk}/edit/",
        "/admin/snippets/",
        "/admin/snippets/core/topic/",
        "/admin/images/",
        f"/admin/images/{site['image'].pk}/",
        "/admin/images/multiple/add/",
        "/admin/documents/",
        f"/admin/documents/edit/{site['document'].pk}/",
        "/admin/reports/locked/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/granska-artiklar/",
        "/admin/account/",
        "/admin/users/",
    ]
    assert visit(client, paths) == {}


def test_admin_dashboard_does_not_ask_wagtail_for_upgrades(client, admin_user):
    """The upgrade notice fetches releases.wagtail.org from a script, for superusers."""
    sign_in_with_mfa(client, admin_user)
    html = client.get("/admin/").content.decode()
    assert 'data-controller="w-upgrade' not in html
