"""The retention rule: `manage.py purge_unverified`."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress

from members.models import User
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


def _unverified(email: str, days_old: int) -> User:
    user = UserFactory(email=email, verified_email=False)
    EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=days_old))
    return user


def test_purge_deletes_only_old_unverified_accounts(settings):
    settings.MEMBERS_UNVERIFIED_RETENTION_DAYS = 30
    old = _unverified("gammal@example.se", 31)
    recent = _unverified("ny@example.se", 5)
    verified = UserFactory(email="verifierad@example.se")
    admin_made = UserFactory(email="utan-adress@example.se", verified_email=False)
    User.objects.filter(pk__in=[verified.pk, admin_made.pk]).update(
        date_joined=timezone.now() - timedelta(days=90)
    )
    out = io.StringIO()
    call_command("purge_unverified", stdout=out)
    assert "Deleted 1 unverified account(s) older than 30 days." in out.getvalue()
    assert not User.objects.filter(pk=old.pk).exists()
    assert User.objects.filter(pk=recent.pk).exists()
    assert User.objects.filter(pk=verified.pk).exists()
    assert User.objects.filter(pk=admin_made.pk).exists()


def test_purge_days_option_overrides_setting():
    recent = _unverified("ny@example.se", 5)
    call_command("purge_unverified", "--days", "3", stdout=io.StringIO())
    assert not User.objects.filter(pk=recent.pk).exists()


def test_purge_refuses_a_zero_period():
    user = _unverified("ny@example.se", 5)
    err = io.StringIO()
    call_command("purge_unverified", "--days", "0", stdout=io.StringIO(), stderr=err)
    assert "at least one day" in err.getvalue()
    assert User.objects.filter(pk=user.pk).exists()
