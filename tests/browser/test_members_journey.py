"""The new member's journey in Chromium: sign up, verify, choose organisation, edit profile.

Every page on the way is checked with axe-core (WCAG 2.1 A/AA) and for console errors.
"""

import re
import shutil

from django.core import mail

import pytest
from allauth.mfa.totp.internal.auth import generate_totp_secret
from axe_playwright_python.sync_playwright import Axe

from core.models import SiteFooter
from members.models import Membership, User
from tests.factories.core import StandardPageFactory
from tests.factories.members import MembershipFactory, OrganisationFactory, totp_code

playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "Glesbygd-Handlar-2026"


@pytest.fixture
def browser_page(monkeypatch):
    # Playwright's sync API runs an event loop; the ORM calls in the test are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright_api.sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
        except playwright_api.Error as error:
            pytest.skip(f"Chromium cannot be started: {error}")
        # axe-core is injected by evaluate(); the site's CSP would otherwise be in the way.
        context = browser.new_context(bypass_csp=True, locale="sv-SE")
        page = context.new_page()
        console_errors = []

        def record(message):
            # The site has no favicon yet; the browser's automatic request is not ours.
            if message.type == "error" and "favicon" not in message.location.get("url", ""):
                console_errors.append(message.text)

        page.on("console", record)
        yield page, console_errors
        browser.close()


def assert_accessible(page):
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def test_new_member_journey(live_server, home, browser_page):
    page, console_errors = browser_page
    privacy = StandardPageFactory(parent=home, title="Personuppgiftspolicy", slug="integritet")
    privacy.save_revision().publish()
    footer = SiteFooter.for_site(home.get_site())
    footer.privacy_page = privacy
    footer.save()
    OrganisationFactory(name="Region Gotland", email_domains="gotland.se")

    page.goto(f"{live_server.url}/konto/signup/")
    assert_accessible(page)
    page.get_by_label("Förnamn").fill("Ingrid")
    page.get_by_label("Efternamn").fill("Nilsson")
    page.get_by_label("E-post").fill("ingrid@example.se")
    page.get_by_label("Lösenord:", exact=True).fill(PASSWORD)
    page.get_by_label("Lösenord (igen)").fill(PASSWORD)
    page.get_by_label("Organisation:", exact=True).fill("Region Gotland")
    page.get_by_label("Jag har läst personuppgiftspolicyn").check()
    page.get_by_role("button", name="Skapa konto").click()
    page.wait_for_url(re.compile(r"/konto/confirm-email/$"))
    assert_accessible(page)

    link = re.search(r"http://[^/\s]+(/konto/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    page.goto(f"{live_server.url}{link}")
    assert_accessible(page)
    page.get_by_role("button", name="Bekräfta").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/mina-sidor/organisation/")
    assert "Region Gotland" in page.content()
    assert_accessible(page)
    user = User.objects.get(email="ingrid@example.se")
    assert Membership.objects.get(user=user).status == Membership.Status.PENDING

    page.goto(f"{live_server.url}/mina-sidor/profil/")
    assert_accessible(page)
    page.get_by_label("Titel").fill("Serviceutvecklare")
    page.get_by_label("Synlig för andra medlemmar").check()
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(re.compile(r"/mina-sidor/profil/$"))
    assert "Din profil är sparad." in page.content()
    assert_accessible(page)
    user.refresh_from_db()
    assert user.job_title == "Serviceutvecklare"
    assert user.visible_to_members

    page.goto(f"{live_server.url}/mina-sidor/kalender/")
    page.get_by_role("button", name="Skapa min kalenderadress").click()
    page.wait_for_url(re.compile(r"/mina-sidor/kalender/$"))
    assert_accessible(page)
    # The progressive copy button appears once members.js has run.
    assert page.get_by_role("button", name="Kopiera adressen").is_visible()
    assert (
        page.get_by_role("link", name="Prenumerera i kalenderprogram")
        .get_attribute("href")
        .startswith("webcal://")
    )
    assert console_errors == []


MEMBER_PAGES = [
    "/mina-sidor/",
    "/mina-sidor/profil/",
    "/mina-sidor/organisation/?q=region",
    "/mina-sidor/medlemmar/",
    "/mina-sidor/granska/",
    "/mina-sidor/kalender/",
    "/mina-sidor/bevakningar/",
    "/mina-sidor/radera-konto/",
    "/konto/email/",
    "/konto/password/change/",
    "/konto/2fa/",
    "/konto/2fa/reauthenticate/",
    "/en/mina-sidor/",
]


def test_member_pages_are_accessible(live_server, home, browser_page):
    page, console_errors = browser_page
    region = OrganisationFactory(name="Region Gotland")
    secret = generate_totp_secret()
    coordinator = MembershipFactory(
        organisation=region,
        role=Membership.Role.COORDINATOR,
        user__email="samordnare@example.se",
        user__totp=secret,
    ).user
    MembershipFactory(organisation=region, status=Membership.Status.PENDING)
    MembershipFactory(organisation=region, user__visible_to_members=True)

    page.goto(f"{live_server.url}/konto/login/")
    assert_accessible(page)
    page.get_by_label("E-post").fill(coordinator.email)
    page.get_by_label("Lösenord").fill("losenord-123")
    page.get_by_role("button", name="Logga in").click()
    # A coordinator reviews members: the authenticator's code is part of the sign-in.
    page.wait_for_url(f"{live_server.url}/konto/2fa/authenticate/")
    assert_accessible(page)
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    for path in MEMBER_PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert_accessible(page)
    assert console_errors == []
