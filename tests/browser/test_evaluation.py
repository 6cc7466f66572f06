"""A participant answers a meeting's evaluation on a phone (320 px) through the e-mail's link.

The link is made for the demo meeting's evaluation in the seeded server's database by a
one-off ``manage.py shell`` (as the e-mail would carry it): a new invitation of the demo
member, so that each test has an unused link.
"""

import sqlite3
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from .checks import axe_violations, html_errors, layout_problems
from .conftest import ROOT, save_screenshots

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 720}
MAKE_LINK = """
from django.utils import timezone
from events.evaluations.links import make_token
from events.models import EvaluationInvitation, EventPage
from django.contrib.auth import get_user_model
event = EventPage.objects.get(slug="natverkstraff-vasterbotten")
invitation = EvaluationInvitation.objects.create(
    event=event,
    occurrence_start=event.start,
    user=get_user_model().objects.get(email="medlem@example.se"),
    sent_at=timezone.now(),
)
print(make_token(invitation))
"""


@pytest.fixture
def evaluation_path(site_env, live_site) -> str:
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "shell", "-c", MAKE_LINK],
        cwd=ROOT,
        env=site_env,
        check=True,
        capture_output=True,
        text=True,
    )
    return f"/utvardering/{done.stdout.strip().splitlines()[-1]}/"


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="sv-SE", viewport=PHONE, is_mobile=True, has_touch=True)
    tab = context.new_page()
    yield tab
    context.close()


def checked(page, html_checker, screenshots, path: str, html: str) -> None:
    assert axe_violations(page) == []
    assert html_errors(html_checker, html) == []
    assert layout_problems(page) == []
    save_screenshots(page, screenshots, path)


def test_participant_answers_on_a_phone(
    phone, live_site, evaluation_path, html_checker, screenshots
):
    response = phone.goto(live_site + evaluation_path)
    assert response.status == 200
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Nätverksträff")
    checked(phone, html_checker, screenshots, "/utvardering/formular/", response.text())

    # Sent without the required rating: the errors are beside the fields, nothing stored.
    with phone.expect_response(live_site + evaluation_path) as first:
        phone.get_by_role("button", name="Skicka svaren").click()
    assert first.value.status == 400
    expect(phone.locator(".field--error .error")).to_contain_text(
        "Det här fältet är obligatoriskt"
    )
    checked(phone, html_checker, screenshots, "/utvardering/fel/", first.value.text())

    # The rating by keyboard, the rest by touch and typing.
    phone.get_by_role("radio", name="4").focus()
    phone.keyboard.press("Space")
    expect(phone.get_by_role("radio", name="4")).to_be_checked()
    phone.get_by_role("checkbox", name="Samtalen med andra län").check()
    phone.get_by_role("group", name="Vill du bli kontaktad om en uppföljning?").get_by_label(
        "Ja"
    ).check()
    phone.get_by_label("Vad vill du ge för råd till nästa träff?").fill("Fler studiebesök.")
    with phone.expect_response(live_site + evaluation_path) as second:
        phone.get_by_role("button", name="Skicka svaren").click()
    assert second.value.status == 200
    expect(phone.get_by_role("heading", level=1)).to_have_text("Tack för dina svar")
    checked(phone, html_checker, screenshots, "/utvardering/tack/", second.value.text())

    # The link works once.
    again = phone.goto(live_site + evaluation_path)
    assert again.status == 410
    expect(phone.get_by_role("heading", level=1)).to_have_text("Du har redan svarat")
    checked(phone, html_checker, screenshots, "/utvardering/redan-svarat/", again.text())


def test_forged_link_is_a_clear_page(phone, live_site, html_checker, screenshots):
    response = phone.goto(f"{live_site}/utvardering/inte-en-riktig-lank/")
    assert response.status == 404
    expect(phone.get_by_role("heading", level=1)).to_have_text("Länken fungerar inte")
    checked(phone, html_checker, screenshots, "/utvardering/fel-lank/", response.text())


def test_form_at_desktop_width(page, live_site, evaluation_path, html_checker, screenshots):
    page.set_viewport_size({"width": 1280, "height": 900})
    response = page.goto(live_site + evaluation_path)
    assert response.status == 200
    checked(page, html_checker, screenshots, "/utvardering/formular-bred/", response.text())


def test_editor_pages_are_accessible_and_valid(page, live_site, site_env, html_checker):
    from .accounts import sign_in
    from .test_checkin import assert_checks

    database = site_env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        (event_id,) = connection.execute(
            "SELECT id FROM wagtailcore_page WHERE slug = ?", ["natverkstraff-vasterbotten"]
        ).fetchone()
    results = f"/admin/utvarderingar/{event_id}/"
    sign_in(page, live_site, "redaktor@example.se", results)
    expect(page.locator("svg.bar-chart__svg").first).to_be_visible()
    for name, path in (
        ("results", results),
        ("named answers", f"/admin/utvarderingar/{event_id}/namn/"),
        ("comparison report", "/admin/utvarderingar/rapport/"),
    ):
        response = page.goto(live_site + path)
        assert response.status == 200, name
        assert_checks(page, html_checker, response.text(), name, listing=True)
