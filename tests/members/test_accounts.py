"""Account flows through the real allauth views: sign-up, verification, login, reset, MFA."""

import re

from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from core.models import SiteFooter
from members.models import Consent, Membership, OrganisationRequest, User
from members.services import feed_token_regenerate
from tests.factories.core import StandardPageFactory
from tests.factories.members import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Glesbygd-Handlar-2026"
LINK_RE = re.compile(r"https?://testserver(/\S+)")


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    """allauth keeps its rate-limit counters in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def privacy_page(home):
    page = StandardPageFactory(parent=home, title="Personuppgiftspolicy", slug="integritet")
    page.save_revision().publish()
    footer = SiteFooter.for_site(home.get_site())
    footer.privacy_page = page
    footer.save()
    return page


def link_in(message) -> str:
    return LINK_RE.search(message.body).group(1)


def signup_data(**overrides):
    data = {
        "first_name": "Ingrid",
        "last_name": "Nilsson",
        "email": "ingrid@regionnorrbotten.se",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "privacy_consent": "on",
    }
    data.update(overrides)
    return data


def test_signup_verify_by_link_then_login(
    client, privacy_page, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(
        name="Region Norrbotten", email_domains="regionnorrbotten.se"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/konto/signup/", signup_data(organisation="region norrbotten"), follow=True
        )
    assert response.status_code == 200
    user = User.objects.get(email="ingrid@regionnorrbotten.se")
    assert (user.first_name, user.last_name) == ("Ingrid", "Nilsson")
    consent = Consent.objects.get(user=user)
    assert consent.page_id == privacy_page.pk
    privacy_page.refresh_from_db()
    assert consent.version == f"revision:{privacy_page.live_revision_id}"
    membership = Membership.objects.get(user=user)
    assert membership.organisation == organisation
    assert membership.status == Membership.Status.PENDING
    # Not verified yet: cannot log in.
    assert not response.wsgi_request.user.is_authenticated

    [message] = mail.outbox
    link = link_in(message)
    assert "/konto/confirm-email/" in link
    assert client.get(link).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.APPROVED  # domain matched on verification
    client.logout()

    response = client.post(
        "/konto/login/", {"login": "Ingrid@RegionNorrbotten.se", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == "/"


def test_signup_requires_consent(client, privacy_page):
    response = client.post("/konto/signup/", signup_data(privacy_consent=""))
    assert response.status_code == 200
    assert "Du behöver godkänna personuppgiftspolicyn." in response.content.decode()
    assert not User.objects.exists()


def test_signup_rejects_unknown_organisation_unless_new_requested(
    client, privacy_page, django_capture_on_commit_callbacks
):
    response = client.post("/konto/signup/", signup_data(organisation="Okänd kommun"))
    assert "Det finns ingen organisation med det namnet" in response.content.decode()
    assert not User.objects.exists()

    UserFactory(email="red@example.se").groups.add(Group.objects.get(name="Editors"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/konto/signup/", signup_data(organisation="Okänd kommun", new_organisation="on")
        )
    assert OrganisationRequest.objects.get().name == "Okänd kommun"
    # Editors hear of it only once the address is verified.
    [verification] = mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_in(verification))
    assert mail.outbox[-1].to == ["red@example.se"]
    assert "Okänd kommun" in mail.outbox[-1].subject
    assert OrganisationRequest.objects.get().notified_at is not None


def test_signup_overlong_name_is_a_form_error(client, privacy_page):
    response = client.post("/konto/signup/", signup_data(first_name="x" * 151))
    assert response.status_code == 200
    assert not User.objects.exists()


def test_signup_is_enumeration_safe(client, privacy_page, django_capture_on_commit_callbacks):
    UserFactory(email="finns@example.se")
    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post("/konto/signup/", signup_data(email="FINNS@example.se"))
        free = client.post("/konto/signup/", signup_data(email="ny@example.se"))
    assert taken.status_code == free.status_code == 302
    assert taken.url == free.url
    assert User.objects.filter(email__iexact="finns@example.se").count() == 1
    # The owner of the existing address is told, not the visitor.
    assert {m.to[0] for m in mail.outbox} == {"finns@example.se", "ny@example.se"}


def test_password_reset_is_enumeration_safe_and_works(client, django_capture_on_commit_callbacks):
    UserFactory(email="anna@example.se")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/konto/password/reset/", {"email": "anna@example.se"})
        unknown = client.post("/konto/password/reset/", {"email": "ingen@example.se"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    reset_mails = [m for m in mail.outbox if m.to == ["anna@example.se"]]
    assert len(reset_mails) == 1

    link = link_in(reset_mails[0])
    response = client.get(link)  # allauth stores the key and redirects to a clean URL
    assert response.status_code == 302
    response = client.post(
        response.url, {"password1": "Nytt-Losenord-77", "password2": "Nytt-Losenord-77"}
    )
    assert response.status_code == 302
    assert User.objects.get(email="anna@example.se").check_password("Nytt-Losenord-77")


@pytest.mark.parametrize("way", ["change", "reset"])
def test_a_new_password_ends_the_private_calendar_address(
    client, way, django_capture_on_commit_callbacks
):
    user = UserFactory(email="anna@example.se")
    old = feed_token_regenerate(user=user)
    if way == "change":
        client.force_login(user)
        response = client.post(
            "/konto/password/change/",
            {
                "oldpassword": "losenord-123",
                "password1": "Nytt-Losenord-77",
                "password2": "Nytt-Losenord-77",
            },
        )
    else:
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/konto/password/reset/", {"email": user.email})
        response = client.get(link_in(mail.outbox[-1]))
        response = client.post(
            response.url, {"password1": "Nytt-Losenord-77", "password2": "Nytt-Losenord-77"}
        )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Nytt-Losenord-77")
    assert user.feed_token and user.feed_token != old
    client.logout()
    assert client.get(f"/mina-sidor/kalender/{old}.ics").status_code == 404
    assert client.get(f"/mina-sidor/kalender/{user.feed_token}.ics").status_code == 200


def test_login_by_code(client, django_capture_on_commit_callbacks):
    UserFactory(email="kod@example.se")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/login/code/", {"email": "kod@example.se"})
    assert response.status_code == 302
    [message] = mail.outbox
    code = re.search(r"\n\n(\S+)\n\n", message.body).group(1)
    response = client.post(response.url, {"code": code})
    assert response.status_code == 302
    assert client.get("/mina-sidor/").status_code == 200


def test_login_rotates_session_and_ignores_foreign_next(client):
    UserFactory(email="anna@example.se")
    client.get("/konto/login/")
    before = client.session.session_key
    response = client.post(
        "/konto/login/?next=https://evil.example/",
        {"login": "anna@example.se", "password": "losenord-123"},
    )
    assert response.status_code == 302
    assert response.url == "/"
    assert client.session.session_key != before


def test_failed_logins_lock_the_account_for_a_while(client):
    UserFactory(email="anna@example.se")
    for _ in range(5):
        client.post("/konto/login/", {"login": "anna@example.se", "password": "fel"})
    response = client.post(
        "/konto/login/", {"login": "anna@example.se", "password": "losenord-123"}
    )
    assert response.status_code == 200
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_requests_hit_the_rate_limit(client):
    statuses = [
        client.post("/konto/password/reset/", {"email": "anna@example.se"}).status_code
        for _ in range(6)
    ]
    assert statuses == [302] * 5 + [429]
    response = client.post("/konto/password/reset/", {"email": "anna@example.se"})
    assert response.status_code == 429
    assert "För många försök" in response.content.decode()


def test_rate_limit_ignores_spoofed_forwarded_for_by_default(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "2/m/ip"}
    statuses = [
        client.post(
            "/konto/password/reset/",
            {"email": f"x{n}@example.se"},
            headers={"X-Forwarded-For": f"10.0.0.{n}"},
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]


def test_rate_limit_uses_forwarded_for_behind_trusted_proxy(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "2/m/ip"}
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    statuses = [
        client.post(
            "/konto/password/reset/",
            {"email": f"x{n}@example.se"},
            headers={"X-Forwarded-For": f"10.0.0.{n}"},
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 302]


def current_totp(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


@pytest.fixture
def editor():
    user = UserFactory(email="redaktor@example.se")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_admin_login_redirects_to_allauth(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response.url == "/konto/login/?next=%2Fadmin%2Fpages%2F"
    response = client.get("/admin/")
    assert response.url.startswith("/konto/login/")


def test_admin_requires_mfa_for_editors(client, editor):
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == "/konto/2fa/totp/activate/"
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)
    # This session was signed in without the code: it is asked for before the admin opens.
    response = client.get("/admin/")
    assert response.url == "/konto/2fa/reauthenticate/?next=%2Fadmin%2F"
    response = client.post(response.url, {"code": current_totp(secret)})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_members_without_admin_access_get_403_not_a_redirect_loop(client):
    client.force_login(UserFactory())
    assert client.get("/admin/").status_code == 403
    response = client.get("/admin/login/", follow=True)
    assert response.status_code == 403


def test_editor_with_totp_logs_in_to_admin_with_code(client, editor):
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)
    response = client.post(
        "/konto/login/?next=/admin/",
        {"login": editor.email, "password": "losenord-123"},
    )
    assert response.status_code == 302
    assert response.url == "/konto/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302  # not logged in before the code
    response = client.post("/konto/2fa/authenticate/", {"code": current_totp(secret)})
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_editor_activates_totp_then_reaches_admin(client, editor):
    client.post("/konto/login/", {"login": editor.email, "password": "losenord-123"})
    response = client.get("/admin/")
    assert response.url == "/konto/2fa/totp/activate/"
    # allauth asks for the password again before adding an authenticator.
    response = client.get(response.url)
    assert response.url.startswith("/konto/reauthenticate/")
    response = client.post(response.url, {"password": "losenord-123"})
    assert response.url == "/konto/2fa/totp/activate/"

    response = client.get("/konto/2fa/totp/activate/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert 'lang="sv"' in html
    secret = response.context["form"].secret
    response = client.post("/konto/2fa/totp/activate/", {"code": current_totp(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(
        user=editor, type=Authenticator.Type.RECOVERY_CODES
    ).exists()
    # The session began without a code: the admin asks for one from the new app.
    response = client.get("/admin/")
    assert response.url == "/konto/2fa/reauthenticate/?next=%2Fadmin%2F"
    response = client.post(response.url, {"code": current_totp(secret)})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_allauth_pages_are_swedish_and_english(client):
    swedish = client.get("/konto/login/").content.decode()
    english = client.get("/en/konto/login/").content.decode()
    assert "Logga in" in swedish
    assert 'class="site-header"' in swedish
    assert "Sign In" in english
    assert 'lang="en"' in english


def test_change_email_is_verified_before_it_replaces_the_old(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="gammal@example.se")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/email/", {"action_add": "", "email": "ny@example.se"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "gammal@example.se"
    verification = next(m for m in mail.outbox if m.to == ["ny@example.se"])
    client.post(link_in(verification))
    user.refresh_from_db()
    assert user.email == "ny@example.se"


def test_django_admin_login_goes_through_allauth(client):
    response = client.get("/django-admin/login/")
    assert response.status_code == 302
    assert response.url.startswith("/konto/login/?next=")
