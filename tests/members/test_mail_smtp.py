"""The account and membership e-mails go through the queue and a real SMTP server on loopback."""

import email
import email.policy
import re
import socket

from django.core.cache import cache

import pytest
from aiosmtpd.controller import Controller

from members.models import Membership, User
from tests.factories.members import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


class Inbox:
    """aiosmtpd handler that keeps every received message."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's API)
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.MAILERS = {
        "default": {"BACKEND": "core.mail.QueuedEmailBackend"},
        "delivery": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": controller.hostname, "port": controller.port, "timeout": 5},
        },
    }
    cache.clear()
    yield inbox
    controller.stop()


def test_signup_verification_and_review_mail_over_smtp(
    client, home, smtp_inbox, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Region Gotland", email_domains="gotland.se")
    coordinator = MembershipFactory(
        organisation=organisation, role=Membership.Role.COORDINATOR
    ).user
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/konto/signup/",
            {
                "first_name": "Olle",
                "last_name": "Ek",
                "email": "olle@example.se",
                "password1": "Glesbygd-Handlar-2026",
                "password2": "Glesbygd-Handlar-2026",
                "organisation": "Region Gotland",
                "privacy_consent": "on",
            },
        )
    [verification] = smtp_inbox.messages
    assert verification["To"] == "olle@example.se"
    body = verification.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://testserver(/konto/confirm-email/\S+)", body).group(1)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    assert User.objects.get(email="olle@example.se").emailaddress_set.get().verified
    # Not in the organisation's domain: the coordinator is asked, through the task backend.
    notification = smtp_inbox.messages[-1]
    assert notification["To"] == coordinator.email
    assert "vill bli medlem i Region Gotland" in notification["Subject"]
    assert "/mina-sidor/granska/" in notification.get_body().get_content()
