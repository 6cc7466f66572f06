"""Editors manage organisations and members in the Wagtail admin; exports are formula-safe;
consents are read-only evidence for everyone."""

import csv
import io

from django.contrib import admin
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.translation import gettext

from wagtail.permissions import policy_registry

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from openpyxl import load_workbook

from core.models import County
from members.models import Consent, Membership
from tests.factories.members import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    sign_in_with_mfa,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    TOTP.activate(editor, generate_totp_secret())
    sign_in_with_mfa(client, editor)
    return client


def test_organisation_list_filters_and_search(editor_client):
    norrbotten = County.objects.get(code="25")
    OrganisationFactory(name="Region Norrbotten", county=norrbotten, type="region")
    OrganisationFactory(name="Arjeplogs kommun", county=norrbotten, type="kommun")
    OrganisationFactory(name="Region Gotland", county=County.objects.get(code="09"))
    url = "/admin/members/organisations/"
    html = editor_client.get(url, {"county": norrbotten.pk, "type": "region"}).content.decode()
    assert "Region Norrbotten" in html
    assert "Arjeplogs kommun" not in html
    assert "Region Gotland" not in html
    html = editor_client.get(url, {"q": "gotland"}).content.decode()
    assert "Region Gotland" in html
    assert "Region Norrbotten" not in html


def test_membership_list_filters_by_status(editor_client):
    MembershipFactory(user__first_name="Godkandperson")
    MembershipFactory(user__first_name="Vantandeperson", status=Membership.Status.PENDING)
    response = editor_client.get("/admin/members/memberships/", {"status": "pending"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vantandeperson" in html
    assert "Godkandperson" not in html


def test_organisation_form_rejects_bad_number(editor_client):
    response = editor_client.post(
        "/admin/members/organisations/new/",
        {"name": "Testkommun", "type": "kommun", "organisation_number": "212000-0000"},
    )
    assert response.status_code == 200
    assert "Organisationsnumret har fel kontrollsiffra." in response.content.decode()


def test_membership_export_csv_is_formula_safe(editor_client):
    MembershipFactory(
        user__first_name='=HYPERLINK("http://evil")',
        user__job_title="@SUM(1)",
        organisation__name="Region Gotland",
    )
    response = editor_client.get("/admin/members/memberships/", {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == 1
    assert rows[0]["Förnamn"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["Titel"] == "'@SUM(1)"
    assert rows[0]["Organisation"] == "Region Gotland"


def test_organisation_export_xlsx_is_formula_safe(editor_client):
    OrganisationFactory(name="-2+3", email_domains="=cmd|' /C calc'!A0")
    response = editor_client.get("/admin/members/organisations/", {"export": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    header, row = rows[0], rows[1]
    data = dict(zip(header, row, strict=True))
    assert data["Namn"] == "'-2+3"
    assert data["E-postdomäner"] == "'=cmd|' /C calc'!A0"


def test_plain_member_cannot_open_admin_listings(client):
    client.force_login(UserFactory())
    assert client.get("/admin/members/memberships/").status_code == 403
    assert client.get("/admin/").status_code == 403


# Consents are evidence of what a member accepted: nobody adds, changes or deletes them.

CONSENTS = "/admin/members/consents/"


@pytest.fixture
def consent():
    return Consent.objects.create(
        user=UserFactory(first_name="Sara", last_name="Samtycke"),
        kind=Consent.Kind.PRIVACY,
        version="revision:7",
    )


@pytest.fixture(params=["editor", "superuser"])
def staff_client(request, client):
    """A client signed in with the second factor, as an editor or as a superuser."""
    if request.param == "superuser":
        user = UserFactory(is_superuser=True, is_staff=True, totp=True)
    else:
        user = UserFactory(totp=True)
        user.groups.add(Group.objects.get(name="Editors"))
    sign_in_with_mfa(client, user)
    return client


def test_consents_are_listed_and_inspected(staff_client, consent):
    listing = staff_client.get(CONSENTS)
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Sara Samtycke" in html
    assert f"{CONSENTS}inspect/{consent.pk}/" in html
    assert f"{CONSENTS}new/" not in html
    assert f"{CONSENTS}edit/{consent.pk}/" not in html
    assert f"{CONSENTS}delete/{consent.pk}/" not in html
    inspect = staff_client.get(f"{CONSENTS}inspect/{consent.pk}/")
    assert inspect.status_code == 200
    assert "revision:7" in inspect.content.decode()
    assert f"{CONSENTS}edit/{consent.pk}/" not in inspect.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "action", ["new/", "edit/{pk}/", "delete/{pk}/", "copy/{pk}/", "history/{pk}/", "usage/{pk}/"]
)
def test_consents_cannot_be_added_changed_or_deleted(staff_client, consent, method, action):
    data = {"user": consent.user_id, "kind": "privacy", "version": "förfalskad"}
    response = getattr(staff_client, method)(CONSENTS + action.format(pk=consent.pk), data)
    assert response.status_code in (403, 404, 405)
    assert list(Consent.objects.values_list("pk", "version")) == [(consent.pk, "revision:7")]


def test_consent_write_addresses_are_a_swedish_404(staff_client, consent):
    response = staff_client.post(f"{CONSENTS}delete/{consent.pk}/")
    assert response.status_code == 404
    with translation.override("sv"):
        assert gettext("The requested page could not be found.") in response.content.decode()


def test_no_one_has_write_permissions_on_consents(admin_user):
    policy = policy_registry.get_by_type(Consent)
    for action in ("add", "change", "delete"):
        assert not policy.user_has_permission(admin_user, action)
        assert not policy.users_with_permission(action).exists()
    assert policy.user_has_permission(admin_user, "view")


def test_consents_are_not_in_the_django_admin(admin_client, consent):
    assert not admin.site.is_registered(Consent)
    response = admin_client.get(f"/django-admin/members/consent/{consent.pk}/change/")
    assert response.status_code == 404
