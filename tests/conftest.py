"""Shared pytest fixtures: a Wagtail site with Swedish and English home pages, a mail server."""

import email
import email.policy
import socket
from pathlib import Path

from django.conf import settings
from django.utils import translation

from wagtail.models import Locale, Page, Site

import pytest
from aiosmtpd.controller import Controller
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from core import page_cache
from core.models import HomePage
from members import auth_backends, selectors
from members.follows import selectors as follow_selectors
from tests.factories.members import sign_in_with_mfa


@pytest.fixture(autouse=True)
def _fresh_page_generation():
    """Start each test with new page-cache, permissions, membership and follows generations.

    Changes bump them when a transaction commits, which tests roll back, and user
    ids repeat between tests, so without this a menu, page or permission set cached
    by an earlier test could be served again.
    """
    page_cache.CONTENT.bump()
    auth_backends.PERMISSIONS.bump()
    selectors.MEMBERSHIPS.bump()
    follow_selectors.FOLLOWS.bump()


@pytest.fixture(autouse=True)
def _default_language():
    """Start each test in Swedish: a request leaves its page's language active after it."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def locales(db):
    """The Swedish default locale and the English one."""
    sv = Locale.objects.get(language_code="sv")
    en, _ = Locale.objects.get_or_create(language_code="en")
    return sv, en


@pytest.fixture
def home(locales):
    """A published Swedish home page as the default site's root."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Start", slug="start", locale=locales[0]))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": home},
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).exclude(
        pk__in=home.get_translations().values("pk")
    ).delete()
    return home


@pytest.fixture
def home_en(home, locales):
    """The English translation of the home page, published."""
    home_en = home.copy_for_translation(locales[1])
    home_en.title = "Home"
    home_en.save_revision().publish()
    return home_en


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser, with the TOTP authenticator the admin demands."""
    TOTP.activate(admin_user, generate_totp_secret())
    return admin_user


@pytest.fixture
def admin_client(client, admin_user):
    """A client signed in as ``admin_user``, who entered the second factor's code."""
    sign_in_with_mfa(client, admin_user)
    return client


class MailServer:
    """An SMTP server on loopback (aiosmtpd) that can be stopped, started and told to refuse."""

    def __init__(self, port: int):
        self.port = port
        self.messages: list[email.message.EmailMessage] = []
        # Address → the server's answer to RCPT TO, e.g. "550 5.1.1 No such mailbox here".
        self.refused: dict[str, str] = {}
        self._controller: Controller | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's API)
        if address in self.refused:
            return self.refused[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's API)
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def smtp_mailers(port: int, timeout: float = 5) -> dict:
    """MAILERS as in production: the outbox, then SMTP to ``port`` on loopback."""
    return {
        "default": {"BACKEND": "core.mail.QueuedEmailBackend"},
        "delivery": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": timeout},
        },
    }


@pytest.fixture
def mail_server(settings):
    """A running SMTP server that the delivery mailer uses (``stop()`` it for an outage)."""
    server = MailServer(free_port())
    settings.MAILERS = smtp_mailers(server.port)
    server.start()
    yield server
    server.stop()


def pytest_sessionfinish(session, exitstatus):
    """Remove this run's SQLite test database file (see config/settings/test.py)."""
    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and name:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
