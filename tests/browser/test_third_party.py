"""The browser contacts no other host, on public pages, members' pages and the admin.

Every request the browser makes is intercepted: requests to the test server go on,
any other is recorded and aborted, so nothing leaves the machine. The page's
Content-Security-Policy is bypassed, because Chromium drops what the policy
blocks before it is a request, and a blocked avatar is still one the page asked for.
"""

import re
import sqlite3
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page

from .accounts import sign_in
from .conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

ARTICLE_SLUG = "hemsandning-i-arjeplog"  # seeded with an image
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-extension", "devtools"}


class Watched:
    """A browser context whose requests to other hosts are recorded and aborted."""

    def __init__(self, context: BrowserContext, live_site: str):
        self.context = context
        self.host = urlsplit(live_site).hostname
        self.foreign: list[str] = []
        context.route("**/*", self._route)
        self.page: Page = context.new_page()

    def _route(self, route) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in LOCAL_SCHEMES or parts.hostname == self.host:
            route.continue_()
        else:
            self.foreign.append(f"{self.page.url} -> {route.request.url}")
            route.abort()

    def visit(self, url: str) -> int:
        response = self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        return response.status


@pytest.fixture
def watched(browser, live_site) -> Iterator[Watched]:
    context = browser.new_context(locale="sv-SE", bypass_csp=True)
    yield Watched(context, live_site)
    context.close()


def seeded_id(site_env, table: str, where: str = "1", *params) -> int:
    database = site_env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        (pk,) = connection.execute(
            f"SELECT id FROM {table} WHERE {where} ORDER BY id LIMIT 1",  # noqa: S608 - fixed names
            params,
        ).fetchone()
    return pk


def test_public_and_member_pages_make_no_request_to_another_host(watched, live_site):
    """A few public pages, then a member's own.

    Every public page's policy allows its own host only (tests/core/test_third_party.py)
    and test_pages.py fails on the console error a blocked request leaves.
    """
    for path in ["/", f"/kunskapsbank/{ARTICLE_SLUG}/", "/motesplatser/", "/sok/?q=service"]:
        assert watched.visit(live_site + path) == 200, path
    page = watched.page
    page.goto(f"{live_site}/konto/login/?next=/mina-sidor/")
    page.get_by_label(re.compile("E-post", re.I)).first.fill("medlem@example.se")
    page.get_by_label(re.compile("Lösenord", re.I)).first.fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{live_site}/mina-sidor/")
    paths = [
        "/mina-sidor/",
        "/mina-sidor/profil/",
        "/mina-sidor/kalender/",
        "/kunskapsbank/skriv/",
        "/kunskapsbank/mina-artiklar/",
        "/konto/email/",
    ]
    for path in paths:
        assert watched.visit(live_site + path) == 200, path
    assert watched.foreign == []


def test_admin_pages_make_no_request_to_another_host(watched, live_site, site_env):
    """No Gravatar avatar (the editor's hashed e-mail address), no fonts or scripts."""
    sign_in(watched.page, live_site, "redaktor@example.se", "/admin/")
    article = seeded_id(site_env, "wagtailcore_page", "slug = ?", ARTICLE_SLUG)
    home = seeded_id(site_env, "wagtailcore_page", "depth = 2")
    image = seeded_id(site_env, "wagtailimages_image")
    document = seeded_id(site_env, "wagtaildocs_document")
    paths = [
        "/admin/",
        f"/admin/pages/{home}/",
        f"/admin/pages/{article}/edit/",
        "/admin/snippets/",
        "/admin/images/",
        f"/admin/images/{image}/",
        "/admin/documents/",
        f"/admin/documents/edit/{document}/",
        "/admin/reports/granska-artiklar/",
        "/admin/reports/site-history/",
        "/admin/reports/e-post/",
        "/admin/account/",
    ]
    for path in paths:
        assert watched.visit(live_site + path) == 200, path
    assert watched.foreign == []
