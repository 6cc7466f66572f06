"""Factories for members and organisations, and signing in with the second factor."""

import time

from django.conf import settings
from django.contrib.messages import get_messages
from django.test import override_settings
from django.urls import reverse
from django.utils.http import urlencode

import factory
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt

from members.models import Membership, Organisation, User


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a verified primary e-mail address and the password 'losenord-123'."""

    email = factory.Sequence(lambda n: f"person{n}@example.se")
    first_name = "Anna"
    last_name = factory.Sequence(lambda n: f"Andersson{n}")
    password = factory.django.Password("losenord-123")

    class Meta:
        model = User
        skip_postgeneration_save = True

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        """UserFactory(totp=True) adds a TOTP authenticator; totp="<base32>" chooses its secret."""
        if create and extracted:
            secret = extracted if isinstance(extracted, str) else generate_totp_secret()
            TOTP.activate(self, secret)


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An organisation without county or e-mail domains unless given."""

    name = factory.Sequence(lambda n: f"Organisation {n}")
    type = Organisation.Type.MUNICIPALITY

    class Meta:
        model = Organisation


class MembershipFactory(factory.django.DjangoModelFactory):
    """An approved ordinary membership unless status/role are given."""

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = Membership.Status.APPROVED
    role = Membership.Role.MEMBER

    class Meta:
        model = Membership


def totp_code(secret: str) -> str:
    """The authenticator app's current code, waiting out a period about to end."""
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 2:
        time.sleep(2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def sign_in_with_mfa(client, user) -> None:
    """Sign ``user`` in on ``client`` and enter a code on allauth's second-factor page.

    The user needs a TOTP authenticator (``UserFactory(totp=True)``). The session then
    holds allauth's record of the second factor, which the powers of editors and
    coordinators demand (members/mfa.py), as after a sign-in with the code.
    """
    client.force_login(user)
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    code = totp_code(decrypt(authenticator.data["secret"]))
    # allauth counts reauthentications per user id in the cache, which outlives a test,
    # while SQLite gives the next test's users the same ids: this step is not counted.
    limits = {**settings.ACCOUNT_RATE_LIMITS, "reauthenticate": None}
    with override_settings(ACCOUNT_RATE_LIMITS=limits):
        response = client.post(reverse("mfa_reauthenticate"), {"code": code})
    if response.status_code != 302:
        raise AssertionError(f"The second factor was refused: {response.status_code}")


SET_UP_URL = "/konto/2fa/totp/activate/"
REAUTHENTICATE_URL = "/konto/2fa/reauthenticate/"


def assert_sent_to_set_up(response) -> None:
    """The power was refused for want of an authenticator, with a Swedish message."""
    assert response.status_code == 302
    assert response["Location"] == SET_UP_URL
    assert any("tvåfaktorsautentisering" in str(m) for m in get_messages(response.wsgi_request))


def assert_asked_for_code(response, next_path: str | None) -> None:
    """The power was refused until a code is entered, coming back to ``next_path``."""
    assert response.status_code == 302
    expected = REAUTHENTICATE_URL
    if next_path:
        expected += "?" + urlencode({"next": next_path})
    assert response["Location"] == expected
    messages = get_messages(response.wsgi_request)
    assert any("kod från din autentiseringsapp" in str(m) for m in messages)
