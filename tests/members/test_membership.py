"""Membership: approval by e-mail domain, by coordinators and editors, the 403s, and repeated
requests (told, not duplicated; reviewers notified once a day)."""

import threading
from datetime import timedelta

from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.utils import formats, timezone, translation

import pytest
from allauth.account.models import EmailAddress

from members import selectors, services
from members.models import Membership, OrganisationRequest
from tests.factories.members import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    sign_in_with_mfa,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return OrganisationFactory(name="Region Värmland", email_domains="regionvarmland.se, rv.se")


@pytest.fixture
def coordinator(region):
    return MembershipFactory(
        organisation=region, role=Membership.Role.COORDINATOR, user__totp=True
    ).user


def test_verified_address_in_the_domain_is_approved_at_once(region):
    user = UserFactory(email="eva@RV.se")
    membership = services.membership_request(user=user, organisation=region)
    assert membership.status == Membership.Status.APPROVED
    assert selectors.member_is_approved(user)
    assert selectors.membership_for(user) == membership


def test_unverified_address_waits_and_notifies_nobody(region, coordinator):
    user = UserFactory(email="eva@regionvarmland.se", verified_email=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    membership = services.membership_request(user=user, organisation=region)
    assert membership.status == Membership.Status.PENDING
    assert mail.outbox == []
    assert not selectors.member_is_approved(user)


def test_other_domain_notifies_the_coordinator(
    region, coordinator, django_capture_on_commit_callbacks
):
    user = UserFactory(email="eva@gmail.example")
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_request(user=user, organisation=region)
    assert membership.status == Membership.Status.PENDING
    [message] = mail.outbox
    assert message.to == [coordinator.email]
    assert "Region Värmland" in message.subject


def test_notice_subject_is_one_line_of_text_as_typed(
    coordinator, django_capture_on_commit_callbacks
):
    """An e-mail header is plain text on one line: no HTML escapes, no line breaks."""
    organisation = coordinator.memberships.get().organisation
    organisation.name = "Ström & Co\u2028<Norr>"
    organisation.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_request(
            user=UserFactory(email="eva@gmail.example"), organisation=organisation
        )
    [message] = mail.outbox
    assert "Ström & Co <Norr>" in message.subject
    assert message.message()["Subject"]  # the header encodes without error


def test_without_coordinator_the_editors_are_notified(region, django_capture_on_commit_callbacks):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_request(user=UserFactory(), organisation=region)
    assert [m.to for m in mail.outbox] == [[editor.email]]


def test_choosing_another_organisation_closes_the_old_membership(region):
    user = UserFactory(email="eva@rv.se")
    first = services.membership_request(user=user, organisation=region)
    second = services.membership_request(user=user, organisation=OrganisationFactory())
    first.refresh_from_db()
    assert first.status == Membership.Status.REMOVED
    assert selectors.membership_for(user) == second


def test_coordinator_approves_from_review_page(
    client, region, coordinator, django_capture_on_commit_callbacks
):
    pending = MembershipFactory(organisation=region, status=Membership.Status.PENDING)
    sign_in_with_mfa(client, coordinator)
    page = client.get("/mina-sidor/granska/")
    assert page.status_code == 200
    assert str(pending.user) in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/mina-sidor/granska/{pending.pk}/approve/")
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Membership.Status.APPROVED
    assert pending.decided_by == coordinator
    assert mail.outbox[-1].to == [pending.user.email]


def test_coordinator_declines_and_removes(client, region, coordinator):
    pending = MembershipFactory(organisation=region, status=Membership.Status.PENDING)
    approved = MembershipFactory(organisation=region)
    sign_in_with_mfa(client, coordinator)
    client.post(f"/mina-sidor/granska/{pending.pk}/decline/")
    client.post(f"/mina-sidor/granska/{approved.pk}/remove/")
    pending.refresh_from_db()
    approved.refresh_from_db()
    assert pending.status == Membership.Status.DECLINED
    assert approved.status == Membership.Status.REMOVED


def test_coordinator_cannot_act_on_another_organisation(client, coordinator):
    other = MembershipFactory(status=Membership.Status.PENDING)
    sign_in_with_mfa(client, coordinator)
    assert client.post(f"/mina-sidor/granska/{other.pk}/approve/").status_code == 403
    other.refresh_from_db()
    assert other.status == Membership.Status.PENDING
    assert str(other.user) not in client.get("/mina-sidor/granska/").content.decode()
    with pytest.raises(PermissionDenied):
        services.membership_approve(membership=other, actor=coordinator)


def test_plain_member_may_not_review(client, region):
    member = MembershipFactory(organisation=region).user
    pending = MembershipFactory(organisation=region, status=Membership.Status.PENDING)
    client.force_login(member)
    assert client.get("/mina-sidor/granska/").status_code == 403
    assert client.post(f"/mina-sidor/granska/{pending.pk}/approve/").status_code == 403


def test_review_action_edge_cases(client, region, coordinator):
    sign_in_with_mfa(client, coordinator)
    approved = MembershipFactory(organisation=region)
    assert client.get(f"/mina-sidor/granska/{approved.pk}/approve/").status_code == 405
    assert client.post(f"/mina-sidor/granska/{approved.pk}/explode/").status_code == 404
    assert client.post("/mina-sidor/granska/999999/approve/").status_code == 404
    response = client.post(f"/mina-sidor/granska/{approved.pk}/approve/", follow=True)
    assert "Medlemskapet har redan hanterats." in response.content.decode()


def test_editor_reviews_every_organisation(client):
    editor = UserFactory(totp=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    pending = MembershipFactory(status=Membership.Status.PENDING)
    sign_in_with_mfa(client, editor)
    assert str(pending.user) in client.get("/mina-sidor/granska/").content.decode()
    client.post(f"/mina-sidor/granska/{pending.pk}/approve/")
    pending.refresh_from_db()
    assert pending.status == Membership.Status.APPROVED


def test_choose_organisation_page(client, region):
    user = UserFactory(email="eva@rv.se")
    client.force_login(user)
    search = client.get("/mina-sidor/organisation/", {"q": "värm"})
    assert "Region Värmland" in search.content.decode()
    assert '<datalist id="id_organisation-options">' in search.content.decode()
    response = client.post(
        "/mina-sidor/organisation/", {"action": "choose", "organisation": "region värmland"}
    )
    assert response.status_code == 302
    assert selectors.membership_for(user).status == Membership.Status.APPROVED


def test_unknown_organisation_is_a_form_error(client):
    client.force_login(UserFactory())
    response = client.post(
        "/mina-sidor/organisation/", {"action": "choose", "organisation": "Finns inte"}
    )
    assert response.status_code == 400
    assert "Det finns ingen organisation med det namnet" in response.content.decode()
    assert not Membership.objects.exists()


def test_request_new_organisation(client, django_capture_on_commit_callbacks):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    user = UserFactory()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/mina-sidor/organisation/",
            {"action": "request", "name": "Storumans kommun", "website": "storuman.se"},
        )
    assert response.status_code == 302
    request = user.organisation_requests.get()
    assert request.website == "https://storuman.se"
    assert mail.outbox[0].to == [editor.email]
    assert "Storumans kommun" in mail.outbox[0].subject


def test_open_organisation_requests_are_limited(client):
    user = UserFactory()
    client.force_login(user)
    for n in range(3):
        client.post("/mina-sidor/organisation/", {"action": "request", "name": f"Kommun {n}"})
    response = client.post("/mina-sidor/organisation/", {"action": "request", "name": "En till"})
    assert response.status_code == 400
    assert "Du har redan flera obehandlade begäranden" in response.content.decode()
    assert user.organisation_requests.count() == 3


# Asking again: the member is told what is pending, nothing is created, reviewers hear once.

ORGANISATION_URL = "/mina-sidor/organisation/"


def _day(moment) -> str:
    with translation.override("sv"):
        return formats.date_format(timezone.localdate(moment), "j F Y")


def _editor():
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    return editor


def test_asking_again_for_the_same_organisation_is_told_it_waits(
    client, region, coordinator, django_capture_on_commit_callbacks
):
    user = UserFactory(email="eva@gmail.example")
    client.force_login(user)
    choose = {"action": "choose", "organisation": "Region Värmland"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(ORGANISATION_URL, choose).status_code == 302
        response = client.post(ORGANISATION_URL, {**choose, "organisation": "region värmland"})
    assert response.status_code == 409
    membership = Membership.objects.get(user=user)
    expected = (
        "Du har redan ansökt om medlemskap i Region Värmland; ansökan väntar på godkännande "
        f"sedan {_day(membership.created_at)}."
    )
    assert expected in response.content.decode()
    assert response.context["choice_form"].errors["organisation"] == [expected]
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_asking_again_to_join_ones_own_organisation_is_told_so(client, region):
    user = MembershipFactory(organisation=region).user
    client.force_login(user)
    response = client.post(ORGANISATION_URL, {"action": "choose", "organisation": region.name})
    assert response.status_code == 409
    assert "Du är redan medlem i Region Värmland." in response.content.decode()
    assert Membership.objects.filter(user=user).count() == 1
    assert mail.outbox == []


def test_reviewers_hear_once_a_day_per_member_and_organisation(
    region, coordinator, django_capture_on_commit_callbacks
):
    """Withdrawing (choosing another organisation) and asking again sends no new notice."""
    user = UserFactory(email="eva@gmail.example")
    other = MembershipFactory(
        organisation=OrganisationFactory(name="Region Dalarna"),
        role=Membership.Role.COORDINATOR,
    ).user
    for organisation in (region, other.memberships.get().organisation) * 3:
        with django_capture_on_commit_callbacks(execute=True):  # one request each
            services.membership_request(user=user, organisation=organisation)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([coordinator.email, other.email])
    assert Membership.objects.filter(user=user).count() == 6

    # A day later the next request is news again.
    Membership.objects.filter(user=user).update(
        notified_at=timezone.now() - timedelta(hours=24, minutes=1)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_request(user=user, organisation=region)
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_a_late_notice_tells_of_the_request_made_again(
    region, coordinator, django_capture_on_commit_callbacks
):
    """Asking, withdrawing and asking again before the queued notice ran: one notice."""
    user = UserFactory(email="eva@gmail.example")
    with django_capture_on_commit_callbacks() as callbacks:
        first = services.membership_request(user=user, organisation=region)
        services.membership_request(user=user, organisation=OrganisationFactory())
        again = services.membership_request(user=user, organisation=region)
    first.refresh_from_db()
    assert first.status == Membership.Status.REMOVED
    assert again.notified_at is None  # held back: the first notice is still queued
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == [coordinator.email]
    assert str(again.user) in message.body


def test_asking_again_for_the_same_new_organisation_is_told_it_waits(
    client, django_capture_on_commit_callbacks
):
    editor = _editor()
    user = UserFactory()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(ORGANISATION_URL, {"action": "request", "name": "Storumans kommun"})
        again = client.post(ORGANISATION_URL, {"action": "request", "name": "  storumans KOMMUN "})
    assert first.status_code == 302
    assert again.status_code == 409
    organisation_request = OrganisationRequest.objects.get(user=user)
    expected = (
        "Du har redan bett redaktionen lägga till Storumans kommun; begäran väntar sedan "
        f"{_day(organisation_request.created_at)}."
    )
    assert again.context["request_form"].errors["name"] == [expected]
    assert expected in again.content.decode()
    assert [m.to for m in mail.outbox] == [[editor.email]]


def test_editors_hear_of_a_new_organisation_once_a_day_per_member(
    django_capture_on_commit_callbacks,
):
    _editor()
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.organisation_request_create(user=user, name="Storumans kommun")
    first.handled = True
    first.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_request_create(user=user, name="Storumans kommun")
    assert OrganisationRequest.objects.filter(user=user).count() == 2
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "bogus"},
        {"action": "choose"},
        {"action": "choose", "organisation": "x" * 201},
        {"action": "request", "name": "x" * 201},
        {"action": "request", "name": "   "},
        {"action": "request", "name": "Ny kommun", "website": "inte en adress"},
        {"action": "request", "name": "Ny kommun", "county": "999999"},
    ],
)
def test_bad_organisation_requests_are_refused_and_change_nothing(client, data):
    user = UserFactory()
    client.force_login(user)
    response = client.post(ORGANISATION_URL, data)
    assert response.status_code == 400
    assert not Membership.objects.filter(user=user).exists()
    assert not OrganisationRequest.objects.filter(user=user).exists()


CONCURRENT = 6


def _at_once(work) -> list[BaseException]:
    """Run ``work`` in CONCURRENT threads released together; the errors they raised."""
    barrier = threading.Barrier(CONCURRENT)
    errors: list[BaseException] = []

    def run():
        barrier.wait()
        try:
            work()
        except Exception as error:  # noqa: BLE001 (returned to the test)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(CONCURRENT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_requests_make_one_membership_and_one_notice():
    region = OrganisationFactory(name="Region Värmland")
    coordinator = MembershipFactory(organisation=region, role=Membership.Role.COORDINATOR).user
    user = UserFactory(email="eva@gmail.example")
    errors = _at_once(lambda: services.membership_request(user=user, organisation=region))
    assert len(errors) == CONCURRENT - 1
    assert all(isinstance(error, services.MembershipExists) for error in errors), errors
    assert Membership.objects.filter(user=user).count() == 1
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_requests_make_one_organisation_request():
    user = UserFactory()
    errors = _at_once(
        lambda: services.organisation_request_create(user=user, name="Storumans kommun")
    )
    assert len(errors) == CONCURRENT - 1
    assert all(isinstance(error, services.OrganisationRequestExists) for error in errors), errors
    assert OrganisationRequest.objects.filter(user=user).count() == 1
