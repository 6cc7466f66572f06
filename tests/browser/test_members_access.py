"""Who reaches what on Mina sidor: the coordinator after the code, the directory for members."""

import pytest
from playwright.sync_api import expect

from .accounts import sign_in
from .checks import axe_violations, html_errors

pytestmark = pytest.mark.browser

REVIEW = "/mina-sidor/granska/"
DIRECTORY = "/mina-sidor/medlemmar/"


def test_demo_coordinator_enters_the_code_then_reviews_members(page, live_site, html_checker):
    sign_in(page, live_site, "samordnare@example.se", REVIEW)
    assert page.url == f"{live_site}{REVIEW}"
    expect(page.get_by_role("heading", level=1)).to_have_text("Granska medlemmar")
    expect(page.get_by_role("rowheader", name="Per Väntar")).to_be_visible()
    response = page.reload()
    assert axe_violations(page) == []
    assert html_errors(html_checker, response.text()) == []


def test_pending_member_is_told_why_directory_and_review_are_closed(page, live_site, html_checker):
    sign_in(page, live_site, "per.vantar@example.se", "/mina-sidor/")
    nav = page.get_by_role("navigation", name="Mina sidor")
    expect(nav.get_by_role("link", name="Min profil")).to_be_visible()
    expect(nav.get_by_role("link", name="Medlemmar")).to_have_count(0)
    response = page.goto(f"{live_site}{DIRECTORY}")
    assert response.status == 403
    expect(page.get_by_text("Din ansökan om medlemskap i Region Norrbotten")).to_be_visible()
    assert axe_violations(page) == []
    assert html_errors(html_checker, response.text()) == []
    # Reviewing is the coordinators' power: a plain 403 in Swedish, no second factor asked.
    response = page.goto(f"{live_site}{REVIEW}")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Du saknar behörighet")
    assert axe_violations(page) == []
    assert html_errors(html_checker, response.text()) == []
