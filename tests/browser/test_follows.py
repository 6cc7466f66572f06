"""A member follows a topic from the library's filter and finds it in Bevakningar."""

import re

import pytest
from playwright.sync_api import expect

from .accounts import sign_in
from .checks import axe_violations, html_errors, layout_problems
from .conftest import SCREENSHOT_HEIGHT, SCREENSHOT_WIDTHS, screenshot_name

pytestmark = pytest.mark.browser

LIBRARY = "/kunskapsbank/"
FOLLOWS = "/mina-sidor/bevakningar/"


def test_member_follows_a_topic_from_the_library(page, live_site, html_checker):
    sign_in(page, live_site, "medlem@example.se", LIBRARY)
    page.get_by_role("navigation", name="Filtrera").get_by_role(
        "link", name=re.compile(r"^Drivmedel")
    ).click()
    page.wait_for_url(re.compile(r"topic=drivmedel"))
    page.get_by_role("button", name="Bevaka Drivmedel").click()

    page.wait_for_url(re.compile(r"/kunskapsbank/\?topic=drivmedel$"))
    expect(page.get_by_text("Du bevakar nu Drivmedel.")).to_be_visible()
    expect(page.get_by_role("button", name="Bevakar Drivmedel ✓ (sluta bevaka)")).to_be_visible()
    assert axe_violations(page) == []

    response = page.goto(f"{live_site}{FOLLOWS}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bevakningar")
    topics = page.get_by_role("region", name="Ämnen")
    expect(topics.get_by_text("Drivmedel", exact=True)).to_be_visible()
    # The demo member follows their own county, as every member with one does.
    expect(
        page.get_by_role("region", name="Län").get_by_text("Värmlands län", exact=True)
    ).to_be_visible()
    assert axe_violations(page) == []
    assert html_errors(html_checker, response.text()) == []

    # Leave the demo member as seeded for the other tests of the session.
    topics.get_by_role("button", name=re.compile(r"^Sluta bevaka\s*: Drivmedel$")).click()
    page.wait_for_url(f"{live_site}{FOLLOWS}")
    expect(page.get_by_text("Du bevakar inte längre Drivmedel.")).to_be_visible()
    expect(topics.get_by_text("Drivmedel", exact=True)).to_have_count(0)


@pytest.mark.parametrize("width", SCREENSHOT_WIDTHS)
def test_follow_buttons_keep_the_layout(browser, live_site, screenshots, width):
    """The member's library filter, county page and meeting with their buttons, on screen."""
    context = browser.new_context(
        locale="sv-SE", viewport={"width": width, "height": SCREENSHOT_HEIGHT}
    )
    page = context.new_page()
    sign_in(page, live_site, "medlem@example.se", LIBRARY)
    problems = []
    for path in [
        f"{LIBRARY}?topic=dagligvaror&county=varmlands-lan&kind=metodstod",
        "/regional-samordning/varmlands-lan/",
        "/motesplatser/workshop-hemsandning-varmland/",
    ]:
        response = page.goto(f"{live_site}{path}")
        assert response.status == 200, path
        expect(page.locator(".follow-buttons button").first).to_be_visible()
        problems += [f"{path}: {problem}" for problem in layout_problems(page)]
        name = screenshot_name(f"{path}member", width)
        page.screenshot(path=screenshots / name, full_page=True)
    context.close()
    assert problems == []
