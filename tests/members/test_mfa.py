"""A second factor for the powers of editors and coordinators; members' own pages need none."""

from django.contrib.auth.models import Group

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from members.models import Membership
from tests.factories.members import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    assert_asked_for_code,
    assert_sent_to_set_up,
    sign_in_with_mfa,
    totp_code,
)

pytestmark = pytest.mark.django_db

REVIEW_URL = "/mina-sidor/granska/"


def editor():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def region():
    return OrganisationFactory(name="Region Gotland")


@pytest.fixture(params=["coordinator", "editor"])
def reviewer(request, region):
    """Who reviews the region's memberships: its coordinator, or an editor."""
    if request.param == "editor":
        return editor()
    return MembershipFactory(organisation=region, role=Membership.Role.COORDINATOR).user


@pytest.fixture
def pending(region):
    return MembershipFactory(
        organisation=region, status=Membership.Status.PENDING, user__first_name="Väntande"
    )


def approve_url(membership: Membership) -> str:
    return f"/mina-sidor/granska/{membership.pk}/approve/"


# The review list.


def test_review_list_without_authenticator_sends_to_set_one_up(client, reviewer):
    client.force_login(reviewer)
    assert_sent_to_set_up(client.get(REVIEW_URL))


def test_review_list_in_a_session_without_the_second_factor_asks_for_a_code(client, reviewer):
    TOTP.activate(reviewer, generate_totp_secret())
    client.force_login(reviewer)
    assert_asked_for_code(client.get(REVIEW_URL), REVIEW_URL)


def test_review_list_after_the_second_factor(client, reviewer, pending):
    TOTP.activate(reviewer, generate_totp_secret())
    sign_in_with_mfa(client, reviewer)
    response = client.get(REVIEW_URL)
    assert response.status_code == 200
    assert "Väntande" in response.text


# Approving, declining and removing.


def test_review_action_without_authenticator_sends_to_set_one_up(client, reviewer, pending):
    client.force_login(reviewer)
    assert_sent_to_set_up(client.post(approve_url(pending)))
    pending.refresh_from_db()
    assert pending.status == Membership.Status.PENDING


def test_review_action_without_the_second_factor_asks_for_a_code_then_the_list(
    client, reviewer, pending
):
    TOTP.activate(reviewer, generate_totp_secret())
    client.force_login(reviewer)
    # A POST cannot be repeated by a redirect: the code leads back to the page it came from.
    response = client.post(
        approve_url(pending), headers={"referer": f"http://testserver{REVIEW_URL}"}
    )
    assert_asked_for_code(response, REVIEW_URL)
    pending.refresh_from_db()
    assert pending.status == Membership.Status.PENDING
    # Without a usable Referer, allauth's page has no address to return to.
    response = client.post(approve_url(pending), headers={"referer": "https://elsewhere.example/"})
    assert_asked_for_code(response, None)


def test_review_action_after_the_second_factor(client, reviewer, pending):
    TOTP.activate(reviewer, generate_totp_secret())
    sign_in_with_mfa(client, reviewer)
    response = client.post(approve_url(pending))
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Membership.Status.APPROVED


# Sessions: what counts as having passed the second factor.


def test_password_sign_in_before_the_authenticator_existed_must_enter_a_code(client, region):
    coordinator = MembershipFactory(organisation=region, role=Membership.Role.COORDINATOR).user
    client.post("/konto/login/", {"login": coordinator.email, "password": "losenord-123"})
    assert client.get("/mina-sidor/").status_code == 200  # signed in, by password alone
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)

    response = client.get(REVIEW_URL)
    assert_asked_for_code(response, REVIEW_URL)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Ange en kod från din autentiseringsapp" in page.text
    response = client.post(response["Location"], {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == REVIEW_URL
    assert client.get(REVIEW_URL).status_code == 200


def test_sign_in_with_the_code_is_enough(client, region):
    secret = generate_totp_secret()
    coordinator = MembershipFactory(
        organisation=region, role=Membership.Role.COORDINATOR, user__totp=secret
    ).user
    response = client.post(
        f"/konto/login/?next={REVIEW_URL}",
        {"login": coordinator.email, "password": "losenord-123"},
    )
    assert response["Location"] == "/konto/2fa/authenticate/"
    response = client.post("/konto/2fa/authenticate/", {"code": totp_code(secret)})
    assert response["Location"] == REVIEW_URL
    assert client.get(REVIEW_URL).status_code == 200


def test_another_users_second_factor_does_not_count(client, region):
    """allauth keeps the records per user: signing in as someone else starts afresh."""
    first = UserFactory(totp=True)
    sign_in_with_mfa(client, first)
    coordinator = MembershipFactory(
        organisation=region, role=Membership.Role.COORDINATOR, user__totp=True
    ).user
    client.force_login(coordinator)
    assert_asked_for_code(client.get(REVIEW_URL), REVIEW_URL)


# The admin keeps its rule, and gains the session's.


def test_admin_without_authenticator_sends_to_set_one_up(client):
    client.force_login(editor())
    assert_sent_to_set_up(client.get("/admin/pages/"))


def test_admin_in_a_session_without_the_second_factor_asks_for_a_code(client):
    user = editor()
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    assert_asked_for_code(client.get("/admin/pages/?q=x"), "/admin/pages/?q=x")
    assert_asked_for_code(client.get("/django-admin/"), "/django-admin/")


def test_admin_after_the_second_factor(client):
    user = editor()
    TOTP.activate(user, generate_totp_secret())
    sign_in_with_mfa(client, user)
    assert client.get("/admin/pages/").status_code == 200


# Members' own pages and actions.


@pytest.fixture(params=[Membership.Role.MEMBER, Membership.Role.COORDINATOR])
def member(request, region):
    """An approved member without an authenticator; a coordinator is a member too."""
    return MembershipFactory(organisation=region, role=request.param).user


@pytest.mark.parametrize(
    "path",
    [
        "/mina-sidor/",
        "/mina-sidor/profil/",
        "/mina-sidor/organisation/",
        "/mina-sidor/medlemmar/",
        "/mina-sidor/kalender/",
        "/mina-sidor/mina-uppgifter/",
        "/mina-sidor/anmalningar/",
        "/konto/2fa/",
    ],
)
def test_members_own_pages_need_no_second_factor(client, member, path):
    client.force_login(member)
    assert client.get(path).status_code == 200


def test_members_own_profile_is_saved_without_a_second_factor(client, member):
    client.force_login(member)
    response = client.post(
        "/mina-sidor/profil/",
        {
            "first_name": "Britt",
            "last_name": "Holm",
            "language": "sv",
            "digest_frequency": "weekly",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.first_name == "Britt"


def test_member_without_the_power_gets_403_not_a_second_factor(client, region, pending):
    client.force_login(MembershipFactory(organisation=region).user)
    response = client.get(REVIEW_URL)
    assert response.status_code == 403
    assert "Du saknar behörighet" in response.text
    assert client.post(approve_url(pending)).status_code == 403
