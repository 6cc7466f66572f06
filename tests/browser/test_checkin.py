"""The editor's check-in at the door, on a phone: MFA sign-in, search, mark, forged code.

The editor's other registration pages get the axe and HTML checks too. The participant
list and the report are Wagtail listings: the markup of Wagtail's header (its "more" menu
and its filter drill-down) has two errors of its own, which are the only ones let through.
"""

import re
import sqlite3

import pytest
from playwright.sync_api import expect

from .accounts import sign_in
from .checks import axe_violations, html_errors

pytestmark = pytest.mark.browser

EDITOR = "redaktor@example.se"
MEETING_SLUG = "natverkstraff-norrbotten-dagligvaror"  # seeded with two confirmed, two waiting
PHONE = {"width": 390, "height": 844}
# Wagtail shows its messages after a 100 ms delay, then fades them in.
MESSAGE_DELAY_MS = 300
ANIMATIONS_DONE = "() => document.getAnimations().every(a => a.playState !== 'running')"


def meeting_id(site_env) -> int:
    database = site_env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        (pk,) = connection.execute(
            "SELECT id FROM wagtailcore_page WHERE slug = ?", [MEETING_SLUG]
        ).fetchone()
    return pk


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="sv-SE", viewport=PHONE, is_mobile=True, has_touch=True)
    tab = context.new_page()
    yield tab
    context.close()


def accessible(page) -> list[str]:
    """axe violations once Wagtail's messages have appeared (the whole page, admin included)."""
    if page.locator(".messages li").count():
        page.wait_for_timeout(MESSAGE_DELAY_MS)
        page.wait_for_function(ANIMATIONS_DONE)
    return axe_violations(page)


# The Nu Html Checker's findings in Wagtail's own listing header (wagtailadmin templates
# shared/dropdown and shared/headers/_filters), not in anything of this project.
WAGTAIL_LISTING_MARKUP = (
    "Attribute “type” not allowed on element “div” at this point.",
    "Element “div” not allowed as child of element “button” in this context. "
    "(Suppressing further errors from this subtree.)",
)


def assert_checks(page, html_checker, html: str, name: str, *, listing: bool = False) -> None:
    assert accessible(page) == [], name
    errors = html_errors(html_checker, html)
    if listing:
        errors = [error for error in errors if not error.endswith(WAGTAIL_LISTING_MARKUP)]
    assert errors == [], name


def test_editor_checks_in_a_participant_on_a_phone(phone, live_site, site_env, html_checker):
    page = phone
    event_id = meeting_id(site_env)
    checkin = f"/admin/motesplatser/{event_id}/incheckning/"
    sign_in(page, live_site, EDITOR, checkin)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Incheckning")
    expect(page.get_by_text("0 av 2 incheckade.")).to_be_visible()
    response = page.reload()
    assert_checks(page, html_checker, response.text(), "check-in")

    page.get_by_label("Namn, e-post eller organisation").fill("Lena")
    page.get_by_role("button", name="Sök", exact=True).click()
    result = page.locator(".checkin-results li", has_text="Lena Lind")
    expect(result).to_have_count(1)
    expect(page.locator(".checkin-results")).not_to_contain_text("Anders Berg")
    result.get_by_role("button", name="Checka in Lena Lind").click()

    expect(page.get_by_text("Lena Lind är incheckad.")).to_be_visible()
    expect(result).to_contain_text("Incheckad")
    expect(result.get_by_role("button")).to_have_count(0)
    expect(page.get_by_text("1 av 2 incheckade.")).to_be_visible()
    assert accessible(page) == [], "check-in result with message"
    response = page.reload()
    expect(result).to_contain_text("Incheckad")
    expect(page.get_by_text("1 av 2 incheckade.")).to_be_visible()
    assert_checks(page, html_checker, response.text(), "check-in result")

    # A forged QR code: a clear message, nothing checked in.
    response = page.goto(f"{live_site}/admin/motesplatser/incheckning/eyJyIjoxfQ:1forged:x/")
    assert response.status == 400
    expect(
        page.get_by_text("Koden är ogiltig. Sök på deltagarens namn i stället.")
    ).to_be_visible()
    assert_checks(page, html_checker, response.text(), "forged code")
    page.goto(f"{live_site}{checkin}?q=Anders")
    expect(page.get_by_text("1 av 2 incheckade.")).to_be_visible()
    expect(
        page.locator(".checkin-results li", has_text="Anders Berg").get_by_role("button")
    ).to_have_text(re.compile("Checka in"))

    # The editor's other registration pages.
    pages = [
        ("participant list", f"/admin/motesplatser/{event_id}/"),
        ("print list", f"/admin/motesplatser/{event_id}/utskrift/deltagarlista/"),
        ("name badges", f"/admin/motesplatser/{event_id}/utskrift/namnskyltar/"),
        ("participation report", "/admin/motesplatser/rapport/"),
        ("message to participants", f"/admin/motesplatser/{event_id}/meddelande/"),
    ]
    for name, path in pages:
        response = page.goto(live_site + path)
        assert response.status == 200, name
        listing = name in ("participant list", "participation report")
        assert_checks(page, html_checker, response.text(), name, listing=listing)
