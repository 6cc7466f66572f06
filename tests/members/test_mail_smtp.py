"""Account and membership mail through the outbox and a real SMTP server on loopback."""

import re

from django.core.cache import cache

import pytest

from core.outbox.models import Message
from members import services
from members.models import Membership, User
from tests.factories.members import MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.outbox import run_send_outbox, wait_for_retry

pytestmark = pytest.mark.django_db

SIGNUP = {
    "first_name": "Olle",
    "last_name": "Ek",
    "email": "olle@example.se",
    "password1": "Glesbygd-Handlar-2026",
    "password2": "Glesbygd-Handlar-2026",
    "organisation": "Region Gotland",
    "privacy_consent": "on",
}


@pytest.fixture
def smtp_inbox(mail_server):
    cache.clear()  # allauth's rate limits
    return mail_server


@pytest.fixture
def coordinator():
    organisation = OrganisationFactory(name="Region Gotland", email_domains="gotland.se")
    return MembershipFactory(organisation=organisation, role=Membership.Role.COORDINATOR).user


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_signup_verification_and_review_mail_over_smtp(
    client, home, smtp_inbox, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/signup/", SIGNUP)
    [verification] = smtp_inbox.messages
    assert verification["To"] == "olle@example.se"
    assert verification["Auto-Submitted"] == "auto-generated"
    link = re.search(r"http://testserver(/konto/confirm-email/\S+)", _text(verification)).group(1)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    assert User.objects.get(email="olle@example.se").emailaddress_set.get().verified
    # Not in the organisation's domain: the coordinator is asked.
    notification = smtp_inbox.messages[-1]
    assert notification["To"] == coordinator.email
    assert "vill bli medlem i Region Gotland" in notification["Subject"]
    assert "/mina-sidor/granska/" in _text(notification)


def test_a_signup_confirmation_waits_out_an_outage(
    client, home, smtp_inbox, coordinator, django_capture_on_commit_callbacks
):
    smtp_inbox.stop()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/signup/", SIGNUP)
    # The account is kept, and its confirmation waits with the reason.
    assert response.status_code == 302
    assert User.objects.filter(email="olle@example.se").exists()
    message = Message.objects.get()
    assert (message.kind, message.status, message.secret) == (
        "account.email_confirmation_signup",
        Message.Status.PENDING,
        True,
    )
    assert message.last_error.startswith("ConnectionRefusedError")

    smtp_inbox.start()
    wait_for_retry()
    run_send_outbox()
    [confirmation] = smtp_inbox.messages
    assert confirmation["To"] == "olle@example.se"
    assert "/konto/confirm-email/" in _text(confirmation)
    run_send_outbox()
    assert len(smtp_inbox.messages) == 1
    message.refresh_from_db()
    # Delivered: the confirmation link is no longer kept.
    assert (message.status, message.body_text) == (Message.Status.SENT, "")


def test_a_membership_notice_waits_out_an_outage(
    smtp_inbox, coordinator, django_capture_on_commit_callbacks
):
    smtp_inbox.stop()
    member = UserFactory(email="eva@example.se")
    organisation = coordinator.memberships.get().organisation
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_request(user=member, organisation=organisation)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING
    message = Message.objects.get()
    assert (message.kind, message.status) == ("members.membership_pending", "pending")
    assert message.last_error.startswith("ConnectionRefusedError")

    smtp_inbox.start()
    wait_for_retry()
    run_send_outbox()
    run_send_outbox()
    [notice] = smtp_inbox.messages
    assert notice["To"] == coordinator.email
    assert "vill bli medlem i Region Gotland" in notice["Subject"]
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert "har ansökt om medlemskap i Region Gotland" in message.body_text  # not secret: kept
