"""Membership notices are outbox messages in the reader's language, written with the change."""

from django.contrib.auth.models import Group
from django.db import transaction

import pytest

from core.outbox.models import Message
from members import services
from members.models import Membership
from tests.factories.members import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gotland():
    return OrganisationFactory(name="Region Gotland")


def test_a_pending_membership_is_told_to_the_coordinator_in_their_language(
    gotland, django_capture_on_commit_callbacks
):
    coordinator = MembershipFactory(
        organisation=gotland, role=Membership.Role.COORDINATOR, user__language="en"
    ).user
    member = UserFactory(first_name="Olle", last_name="Ek", email="olle@example.se")
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_request(user=member, organisation=gotland)
    message = Message.objects.get()
    assert (message.kind, message.user, message.language, message.to) == (
        "members.membership_pending",
        coordinator,
        "en",
        [coordinator.email],
    )
    assert message.subject == "[Mötesplats] Olle Ek wants to join Region Gotland"
    assert "/en/mina-sidor/granska/" in message.body_text
    assert message.status == Message.Status.SENT


def test_the_decision_is_told_in_the_members_language(gotland, django_capture_on_commit_callbacks):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    membership = MembershipFactory(
        organisation=gotland, status=Membership.Status.PENDING, user__language="en"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_approve(membership=membership, actor=editor)
    message = Message.objects.get(kind="members.membership_decided")
    assert message.subject == "[Mötesplats] Your membership of Region Gotland has been approved"
    assert message.body_text.startswith("Hello!")
    assert "/en/mina-sidor/" in message.body_text


def test_no_notice_survives_a_decision_that_is_rolled_back(gotland):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    membership = MembershipFactory(organisation=gotland, status=Membership.Status.PENDING)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.membership_decline(membership=membership, actor=editor)
        assert Message.objects.filter(kind="members.membership_decided").exists()
        raise RuntimeError
    assert not Message.objects.exists()


def test_an_organisation_request_reaches_every_editor(django_capture_on_commit_callbacks):
    editors = [UserFactory(), UserFactory(language="en")]
    for editor in editors:
        editor.groups.add(Group.objects.get(name="Editors"))
    member = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_request_create(user=member, name="Storumans kommun")
    messages = Message.objects.filter(kind="members.organisation_request")
    assert {(m.user, m.language) for m in messages} == {(editors[0], "sv"), (editors[1], "en")}
    assert all("Storumans kommun" in m.subject for m in messages)
