"""The regions app's part of `manage.py seed_demo`."""

import io

from django.core.management import call_command

from wagtail.documents.models import Document
from wagtail.models import Page

import pytest

from core.models import County
from regions import demo
from regions.models import (
    ContactDirectoryPage,
    ContactPerson,
    CountyPage,
    RegionalCoordinationPage,
)

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_every_county_exactly_one_page_and_is_idempotent(client):
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Page.objects.count(), ContactPerson.objects.count(), Document.objects.count())
    demo.seed(io.StringIO())
    assert counts == (
        Page.objects.count(),
        ContactPerson.objects.count(),
        Document.objects.count(),
    )

    landing = RegionalCoordinationPage.objects.get()
    assert landing.url == "/regional-samordning/"
    assert landing.show_in_menus
    assert landing.guidelines_document is not None
    assert ContactDirectoryPage.objects.child_of(landing).live().count() == 1

    assert CountyPage.objects.count() == County.objects.count() == 21
    for county in County.objects.all():
        page = CountyPage.objects.get(county=county)
        assert page.live
        assert page.slug == county.slug
        assert page.programme_document is not None
        assert page.priorities

    listed = ContactPerson.objects.listed()
    assert listed.values("county").distinct().count() >= 10
    assert ContactPerson.objects.filter(county__isnull=True).count() == 1
    assert all(contact.email.endswith("@example.se") for contact in ContactPerson.objects.all())
    assert all(contact.phone_e164 for contact in ContactPerson.objects.all())

    # The pages it produces answer, as the browser tests expect.
    assert client.get("/regional-samordning/").status_code == 200
    assert client.get("/regional-samordning/norrbottens-lan/").status_code == 200
    assert (
        client.get(
            "/regional-samordning/kontaktpersoner/?lan=vastra-gotalands-lan&ansvar=rsp"
        ).status_code
        == 200
    )


def test_the_demo_follow_up_has_a_closed_round_with_approved_answers_and_an_open_one():
    from django.utils import timezone

    from regions.models import FollowUpAnswer, FollowUpRound, ProgrammeReporter

    call_command("seed_demo", stdout=io.StringIO())
    output = io.StringIO()
    demo.seed(output)
    closed, current = FollowUpRound.objects.get(year=2025), FollowUpRound.objects.get(year=2026)
    assert closed.closes_on < timezone.localdate()
    assert current.is_open(timezone.localdate())
    assert FollowUpAnswer.objects.filter(round=closed, status="godkand").count() == 5
    assert ProgrammeReporter.objects.filter(county__code="23").exists()
    assert "county contact anders.berg@example.se" in output.getvalue()
