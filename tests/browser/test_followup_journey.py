"""The demo county contact fills in the year's follow-up in Mina sidor and submits it.

Every state of the form passes axe and the Nu Html Checker: the list, the empty form,
the form with its errors, the saved draft and the read-only submitted answers.
"""

import re

import pytest
from playwright.sync_api import expect

from .accounts import sign_in
from .checks import axe_violations, html_errors
from .test_checkin import assert_checks

pytestmark = pytest.mark.browser

REPORTER = "anders.berg@example.se"  # Jämtland's contact in the demo
EDITOR = "redaktor@example.se"
LIST = "/mina-sidor/uppfoljning/"


def checked(page, html_checker, name: str) -> None:
    assert axe_violations(page) == [], name
    assert html_errors(html_checker, page.content()) == [], name


def test_the_county_contact_fills_in_and_submits_the_follow_up(browser, live_site, html_checker):
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors = []
    # The refused submission answers 400 on purpose; the browser logs that status.
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    sign_in(page, live_site, REPORTER, next_path=LIST)
    checked(page, html_checker, "list")
    page.get_by_role("link", name=re.compile(r"Uppföljning 2026, Jämtlands län")).click()
    page.wait_for_url(re.compile(r"/mina-sidor/uppfoljning/2026/jamtlands-lan/$"))
    checked(page, html_checker, "empty form")

    # Submitting with nothing filled in: the errors stand next to the fields.
    page.get_by_role("button", name="Skicka in").click()
    page.wait_for_load_state()
    assert page.get_by_text("Rätta de markerade svaren.").is_visible()
    checked(page, html_checker, "form with errors")

    page.get_by_label("Antal dagligvarubutiker i länet").fill("87")
    page.get_by_role("button", name="Spara utkast").click()
    page.wait_for_load_state()
    assert page.get_by_text("Utkastet är sparat.").is_visible()
    assert page.get_by_label("Antal dagligvarubutiker i länet").input_value() == "87"
    checked(page, html_checker, "draft")

    page.get_by_label("Beviljat investeringsstöd").fill("1500000")
    page.get_by_role("group", name="Har länet ett aktuellt serviceprogram?").get_by_label(
        "Ja"
    ).check()
    page.get_by_role("button", name="Skicka in").click()
    page.wait_for_url(re.compile(r"/mina-sidor/uppfoljning/$"))
    assert page.get_by_text("Svaren är inskickade").is_visible()
    assert page.get_by_role("cell", name="Inskickad").first.is_visible()

    page.goto(f"{live_site}/mina-sidor/uppfoljning/2026/jamtlands-lan/")
    assert page.locator("form.member-form").count() == 0
    assert "1 500 000 kr" in page.locator("dl").inner_text().replace("\xa0", " ")
    checked(page, html_checker, "submitted")
    assert errors == []
    context.close()

    # The editor sends it back with a comment, in the admin.
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    review = "/admin/uppfoljning/2026/jamtlands-lan/"
    sign_in(page, live_site, EDITOR, "/admin/uppfoljning/2026/")
    response = page.reload()
    assert_checks(page, html_checker, response.text(), "review list", listing=True)
    page.get_by_role("link", name="Jämtlands län").click()
    page.wait_for_url(f"{live_site}{review}")
    response = page.reload()
    assert_checks(page, html_checker, response.text(), "review", listing=True)
    page.get_by_role("button", name="Skicka tillbaka").click()
    page.wait_for_url(f"{live_site}{review}")
    expect(page.locator(".error-message")).to_contain_text("obligatoriskt")
    page.get_by_label("Kommentar till länet").fill("Ange antalet hemsändningar.")
    page.get_by_role("button", name="Skicka tillbaka").click()
    page.wait_for_url(f"{live_site}/admin/uppfoljning/2026/")
    expect(page.get_by_role("cell", name="Återskickad")).to_be_visible()
    response = page.goto(f"{live_site}/admin/uppfoljning/rapport/?round=2026")
    assert response.status == 200
    assert_checks(page, html_checker, response.text(), "national report", listing=True)
    context.close()
