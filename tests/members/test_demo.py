"""The members' demo content."""

import io

from django.db.models import Count

import pytest
from allauth.mfa.models import Authenticator

from members import demo
from members.models import Membership, User

pytestmark = pytest.mark.django_db


def test_seed_gives_members_in_several_counties_with_and_without_approval():
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())  # idempotent
    statuses = dict(
        Membership.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    assert statuses[Membership.Status.APPROVED] >= 3
    assert statuses[Membership.Status.PENDING] >= 2
    counties = Membership.objects.approved().values("organisation__county").distinct().count()
    assert counties >= 3
    coordinator = User.objects.get(email="samordnare@example.se")
    assert Membership.objects.get(user=coordinator).is_coordinator
    assert User.objects.filter(email="redaktor@example.se", groups__name="Editors").exists()
    assert Membership.objects.count() == len(demo.MEMBERS)


def test_demo_totp_secret_gives_the_editor_and_the_coordinator_an_authenticator(monkeypatch):
    """Both demo accounts with powers need one; the browser tests enter its codes."""
    monkeypatch.setenv("DEMO_TOTP_SECRET", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    demo.seed(io.StringIO())
    with_totp = set(
        Authenticator.objects.filter(type=Authenticator.Type.TOTP).values_list(
            "user__email", flat=True
        )
    )
    assert with_totp == {"redaktor@example.se", "samordnare@example.se"}
