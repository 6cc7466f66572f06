"""Every page keeps its frame on a phone and on a desktop, and is saved as a screenshot.

The pages: every URL of the sitemap (index and files), every page of `pages_*.py` (search
results, filtered listings, sign-in and sign-up, the month view, the subscribe page, error
pages) and, signed in as demo accounts, Mina sidor with every page of its menu, the article
form, the coordinator's review and the form that hands a seat over. At 320 and 1280 CSS px
`checks.layout_problems` finds nothing: the banner spans the top, `main` starts below it,
nothing scrolls sideways, targets are 24 × 24 px. Each page is saved at both widths as a
full-page PNG in tests/artifacts/screenshots/ for a person to look at.
"""

import re
import urllib.request
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from .accounts import sign_in
from .checks import layout_problems
from .conftest import (
    ROOT,
    SCREENSHOT_HEIGHT,
    SCREENSHOT_WIDTHS,
    screenshot_name,
)
from .pages import all_pages

pytestmark = pytest.mark.browser

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MEMBER = "medlem@example.se"
# The demo coordinator reviews memberships; this demo member has a confirmed seat to hand over.
COORDINATOR = "samordnare@example.se"
PARTICIPANT = "anders.berg@example.se"
MY_REGISTRATIONS = "/mina-sidor/anmalningar/"
BODY_CLASS_BLOCK = re.compile(r"{%\s*block body_class\s*%}(.*?){%\s*endblock")
# A selector that styles a page type starts with its class: `.page--library main …`.
PAGE_RULE = re.compile(r"\.page--[a-z-]+(?=[\s:>+~\[]|$)")


def sitemap_paths(url: str) -> list[str]:
    """Paths of the sitemap's pages, following a sitemap index to each of its files."""
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback URL
        root = ElementTree.fromstring(response.read())  # noqa: S314 - our own test server
    locations = [loc.text.strip() for loc in root.iter(f"{SITEMAP_NS}loc")]
    if root.tag == f"{SITEMAP_NS}sitemapindex":
        return [path for location in locations for path in sitemap_paths(location)]
    return [urlsplit(location).path for location in locations]


@pytest.fixture(scope="session")
def public_pages(live_site) -> list[tuple[str, int]]:
    """(path, expected status) of the sitemap's pages, then those of pages_*.py."""
    from_sitemap = sitemap_paths(f"{live_site}/sitemap.xml")
    assert {"/", "/kunskapsbank/", "/motesplatser/"} <= set(from_sitemap), from_sitemap
    pages = dict.fromkeys(from_sitemap, 200)
    for _name, path, status in all_pages():
        pages.setdefault(path, status)
    return list(pages.items())


@pytest.fixture(scope="session")
def signed_in(browser, live_site):
    """The storage state (session cookie) of a demo account, signed in once per run."""
    states = {}

    def state(email: str) -> dict:
        if email not in states:
            context = browser.new_context(locale="sv-SE")
            sign_in(context.new_page(), live_site, email)
            states[email] = context.storage_state()
            context.close()
        return states[email]

    return state


class Visitor:
    """One browser context at one width, visiting pages and collecting what is wrong."""

    def __init__(self, browser, live_site: str, width: int, folder, state=None):
        self.context = browser.new_context(
            locale="sv-SE",
            viewport={"width": width, "height": SCREENSHOT_HEIGHT},
            storage_state=state,
        )
        self.page = self.context.new_page()
        self.live_site, self.width, self.folder = live_site, width, folder
        self.problems: list[str] = []

    def check(self, path: str, status: int = 200) -> None:
        response = self.page.goto(self.live_site + path)
        found = [] if response.status == status else [f"HTTP {response.status}, not {status}"]
        found += layout_problems(self.page)
        self.page.screenshot(path=self.folder / screenshot_name(path, self.width), full_page=True)
        self.problems += [f"{path} at {self.width} px: {problem}" for problem in found]

    def links(self, path: str, selector: str) -> list[str]:
        """Paths of the links under the selector on the page at the path."""
        self.page.goto(self.live_site + path)
        hrefs = self.page.locator(selector).evaluate_all("links => links.map(a => a.href)")
        return [urlsplit(href).path for href in hrefs]

    def close(self) -> list[str]:
        self.context.close()
        return self.problems


def report(problems: list[str]) -> str:
    return f"{len(problems)} layout problems:\n" + "\n".join(problems)


@pytest.mark.parametrize("width", SCREENSHOT_WIDTHS)
def test_public_pages_keep_their_layout(browser, live_site, public_pages, screenshots, width):
    visitor = Visitor(browser, live_site, width, screenshots)
    for path, status in public_pages:
        visitor.check(path, status)
    problems = visitor.close()
    assert not problems, report(problems)


@pytest.mark.parametrize("width", SCREENSHOT_WIDTHS)
def test_member_pages_keep_their_layout(browser, live_site, signed_in, screenshots, width):
    """Mina sidor and every page of its menu, the article form, review and hand-over."""
    visitor = Visitor(browser, live_site, width, screenshots, signed_in(MEMBER))
    menu = visitor.links("/mina-sidor/", "nav[aria-label='Mina sidor'] a")
    assert MY_REGISTRATIONS in menu, menu
    # An article and a meeting with comments, as a member sees them (with the forms).
    commented = [
        "/kunskapsbank/hemsandning-i-arjeplog/",
        "/motesplatser/nationell-konferens-kommersiell-service/",
    ]
    for path in dict.fromkeys(["/mina-sidor/", *menu, "/kunskapsbank/skriv/", *commented]):
        visitor.check(path)
    problems = visitor.close()

    visitor = Visitor(browser, live_site, width, screenshots, signed_in(COORDINATOR))
    visitor.check("/mina-sidor/granska/")
    problems += visitor.close()

    visitor = Visitor(browser, live_site, width, screenshots, signed_in(PARTICIPANT))
    hand_over = visitor.links(MY_REGISTRATIONS, "a[href$='/overlamna/']")
    assert hand_over, "the demo participant has no seat to hand over"
    visitor.check(hand_over[0])
    # The demo participant is also Jämtland's programme reporter.
    visitor.check("/mina-sidor/uppfoljning/")
    visitor.check("/mina-sidor/uppfoljning/2025/jamtlands-lan/")
    problems += visitor.close()
    assert not problems, report(problems)


def test_body_classes_name_page_types_only():
    """Templates put one page--<type> class on <body>; CSS uses page-- only to start a rule.

    So a component's class (`.library`) can never land on <body> and turn the whole page
    into that component, and a page type's rules cannot leak into components.
    """
    wrong = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        for classes in BODY_CLASS_BLOCK.findall(template.read_text()):
            if classes.strip() and not re.fullmatch(r"page--[a-z-]+", classes.strip()):
                wrong.append(f"{template.relative_to(ROOT)}: body class {classes!r}")
    stylesheet = ROOT / "site" / "static" / "css" / "main.css"
    css = re.sub(r"/\*.*?\*/", "", stylesheet.read_text(), flags=re.S)
    for prelude in re.findall(r"([^{}]+){", css):
        if prelude.strip().startswith("@"):
            continue
        for selector in (part.strip() for part in prelude.split(",")):
            styles_page_type = "page--" in selector and not PAGE_RULE.match(selector)
            if styles_page_type or re.match(r"body[.#:\[]", selector):
                wrong.append(f"main.css: {selector!r}")
    assert not wrong, "\n".join(wrong)
