"""A member comments on an article and reports another's comment; an editor removes it."""

import re

import pytest
from playwright.sync_api import expect

from .accounts import sign_in
from .checks import axe_violations, html_errors

pytestmark = pytest.mark.browser

ARTICLE = "/kunskapsbank/hemsandning-i-arjeplog/"
QUEUE = "/admin/kommentarer/"
REPORTED = "Hur prissatte ni hemsändningen"  # the demo comment by Anders Berg


def test_member_comments_reports_and_an_editor_removes(browser, live_site, html_checker):
    member = browser.new_context(locale="sv-SE").new_page()
    sign_in(member, live_site, "medlem@example.se", ARTICLE)
    discussion = member.get_by_role("region", name=re.compile("^Diskussion"))
    expect(discussion.get_by_text(REPORTED)).to_be_visible()
    assert axe_violations(member) == []
    assert html_errors(html_checker, member.content()) == []

    discussion.get_by_role("textbox", name="Kommentar").fill(
        "Vilka orter når hemsändningen? Se https://example.se/karta"
    )
    discussion.get_by_role("button", name="Skicka kommentar").click()
    expect(member.get_by_text("Din kommentar är publicerad.")).to_be_visible()
    mine = member.get_by_role("article", name="Kommentar").filter(has_text="Vilka orter")
    expect(mine.get_by_role("link", name="https://example.se/karta")).to_have_attribute(
        "rel", "nofollow ugc"
    )

    reported = member.get_by_role("article", name="Kommentar").filter(has_text=REPORTED)
    reported.get_by_role("button", name=re.compile("^Anmäl")).click()
    expect(member.get_by_text("Tack! Redaktionen tittar på kommentaren.")).to_be_visible()
    member.context.close()

    editor = browser.new_context(locale="sv-SE").new_page()
    sign_in(editor, live_site, "redaktor@example.se", QUEUE)
    row = editor.locator("tr").filter(has_text=REPORTED)
    expect(row.get_by_text("Anmäld en gång")).to_be_visible()
    row.get_by_label("Skäl (skickas till författaren)").fill("Frågan är besvarad i artikeln.")
    row.get_by_role("button", name="Ta bort").click()
    expect(editor.get_by_text("Kommentaren är borttagen och författaren")).to_be_visible()
    editor.context.close()

    visitor = browser.new_context(locale="sv-SE").new_page()
    response = visitor.goto(live_site + ARTICLE)
    discussion = visitor.get_by_role("region", name=re.compile("^Diskussion"))
    expect(discussion.get_by_text("Kommentaren har tagits bort")).to_be_visible()
    expect(discussion.get_by_text(REPORTED)).to_have_count(0)
    expect(discussion.get_by_text("Vilka orter når hemsändningen?")).to_be_visible()
    expect(discussion.get_by_role("link", name="Logga in för att kommentera")).to_be_visible()
    assert axe_violations(visitor) == []
    assert html_errors(html_checker, response.text()) == []
    visitor.context.close()
