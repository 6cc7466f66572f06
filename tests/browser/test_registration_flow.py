"""A demo member logs in, registers for a meeting, sees the state and cancels."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

MEETING = "/motesplatser/handlaggartraff-gotland/"


def test_member_registers_sees_state_and_cancels(page, live_site):
    page.goto(f"{live_site}/konto/login/?next={MEETING}")
    page.get_by_label(re.compile("E-post", re.I)).first.fill("medlem@example.se")
    page.get_by_label(re.compile("Lösenord", re.I)).first.fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{live_site}{MEETING}")

    page.get_by_label("Specialkost eller allergier").fill("Vegetarisk")
    page.get_by_role("button", name="Anmäl").click()
    expect(page.locator(".registration__state--confirmed")).to_contain_text(
        "Du är anmäld och har en plats."
    )

    page.goto(f"{live_site}/mina-sidor/anmalningar/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina anmälningar")
    page.get_by_role("button", name=re.compile("^Avanmäl")).first.click()
    expect(page.locator(".registration__state--cancelled")).to_contain_text("Avanmäld")


def test_visitor_sees_free_seats_and_a_full_meeting(page, live_site):
    page.goto(f"{live_site}/motesplatser/natverkstraff-norrbotten-dagligvaror/")
    expect(page.locator("#anmalan .seat-info")).to_have_text(
        re.compile(r"^Fullbokat – du kan ställa dig på reservlistan · Anmälan stänger \d+ \w+")
    )
    page.goto(f"{live_site}/motesplatser/nationell-konferens-kommersiell-service/")
    expect(page.locator("#anmalan .seat-info")).to_contain_text("120 platser kvar")
    page.goto(f"{live_site}/motesplatser/")
    full = page.locator(".event-card", has_text="Nätverksträff i Norrbotten om dagligvaror")
    expect(full.locator(".seat-info")).to_contain_text("Fullbokat")
