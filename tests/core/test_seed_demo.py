"""The demo content command."""

import io
import time

from django.core.management import call_command

from wagtail.models import Page

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from core.models import County, HomePage, StandardPage, Topic
from members.demo import seed_demo_totp
from members.models import Organisation, User
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    counts = (
        Page.objects.count(),
        Topic.objects.count(),
        Organisation.objects.count(),
        User.objects.count(),
    )
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert counts == (
        Page.objects.count(),
        Topic.objects.count(),
        Organisation.objects.count(),
        User.objects.count(),
    )
    assert County.objects.count() == 21
    assert HomePage.objects.count() == 2
    assert StandardPage.objects.filter(slug="tillganglighetsredogorelse").count() == 2
    assert "redaktor@example.se" in out.getvalue()


def test_seed_demo_refuses_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(Exception, match="refuses"):
        call_command("seed_demo", stdout=io.StringIO())


def test_demo_totp_secret_gives_the_editor_an_authenticator(monkeypatch, settings):
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    editor = UserFactory()
    monkeypatch.setenv("DEMO_TOTP_SECRET", secret)
    assert seed_demo_totp(editor) and seed_demo_totp(editor)  # re-seeding replaces it
    (authenticator,) = Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP)
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    assert TOTP(authenticator).validate_code(code)

    settings.PRODUCTION = True
    other = UserFactory()
    assert not seed_demo_totp(other)
    assert not Authenticator.objects.filter(user=other).exists()
    settings.PRODUCTION = False
    monkeypatch.setenv("DEMO_TOTP_SECRET", "not base32!")
    with pytest.raises(ValueError, match="base32"):
        seed_demo_totp(other)
