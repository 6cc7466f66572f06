"""Editors manage organisations and members in the Wagtail admin; exports are formula-safe."""

import csv
import io

from django.contrib.auth.models import Group

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from openpyxl import load_workbook

from core.exports import neutralise_formula
from core.models import County
from members.models import Membership
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


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+46 70", "'+46 70"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Region Gotland", "Region Gotland"),
        (42, 42),
        (None, None),
    ],
)
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


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
    content = b"".join(response.streaming_content).decode()
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
