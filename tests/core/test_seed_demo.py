"""The demo content command."""

import io

from django.core.management import call_command

from wagtail.models import Page

import pytest

from core.models import County, HomePage, StandardPage, Topic
from members.models import Organisation, User

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
