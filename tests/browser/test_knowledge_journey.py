"""A demo member writes an experience article, previews it and submits it for review."""

import re

import pytest
from playwright.sync_api import expect

from .checks import axe_violations
from .conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

LIBRARY = "/kunskapsbank"
CREATE = f"{LIBRARY}/skriv/"
MY_ARTICLES = f"{LIBRARY}/mina-artiklar/"
TITLE = "Servicepunkt i byalaget"


def test_member_writes_previews_and_submits_article(page, live_site):
    page.goto(f"{live_site}/konto/login/?next={CREATE}")
    assert axe_violations(page) == []
    page.get_by_label(re.compile("E-post", re.I)).first.fill("medlem@example.se")
    page.get_by_label(re.compile("Lösenord", re.I)).first.fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{live_site}{CREATE}")

    expect(page.get_by_role("heading", level=1)).to_have_text("Dela en erfarenhet")
    assert axe_violations(page) == []
    page.get_by_label("Rubrik").fill(TITLE)
    page.get_by_label("Sammanfattning").fill("Byalaget öppnade en servicepunkt i bygdegården.")
    # Without JavaScript the body is a plain textarea taking paragraphs and simple HTML.
    page.get_by_label("Brödtext").fill(
        "Vi började med paketutlämning.\n\n"
        "<h2>Lärdomar</h2>\n\n<p>Börja <strong>smått</strong>.</p>"
    )
    page.locator("input[name=counties]").first.check()
    page.locator("input[name=topics]").first.check()
    page.get_by_role("button", name="Spara utkast").click()

    page.wait_for_url(re.compile(rf"{LIBRARY}/skriv/\d+/forhandsgranska/$"))
    expect(page.get_by_role("region", name="Förhandsgranskning")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("heading", name="Lärdomar")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Skicka till granskning").click()

    page.wait_for_url(f"{live_site}{MY_ARTICLES}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina artiklar")
    expect(page.get_by_text("Artikeln är skickad till redaktionen")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("Granskas av redaktionen")
    assert axe_violations(page) == []
