"""Editors' registration tools: counts, list, exports, print, message, check-in, report."""

import csv
import io
from datetime import timedelta

from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from core.models import County
from events.registration.codes import checkin_code
from events.registration.models import Registration
from events.registration.services import registration_create
from tests.factories.members import (
    OrganisationFactory,
    UserFactory,
    assert_asked_for_code,
    assert_sent_to_set_up,
    sign_in_with_mfa,
)
from tests.factories.registration import approved_member, open_event

pytestmark = pytest.mark.django_db


def editor(**kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client):
    sign_in_with_mfa(client, editor(totp=True))
    return client


@pytest.fixture
def meeting(home):
    """A meeting with two confirmed, one waiting and one formula-shaped answer."""
    event = open_event(home, capacity=2)
    norrbotten = County.objects.get(code="25")
    organisation = OrganisationFactory(name="Arjeplogs kommun", county=norrbotten)
    people = [
        approved_member(organisation, first_name="Karin", last_name="Lind"),
        approved_member(first_name="Olof", last_name="Berg"),
        approved_member(first_name="Sara", last_name="Ek"),
    ]
    answers = [{"Specialkost eller allergier": '=HYPERLINK("x")'}, {}, {}]
    for person, answer in zip(people, answers, strict=True):
        registration_create(event=event, user=person, actor=person, answers=answer)
    return event


def test_index_counts_list_and_filters(editor_client, meeting):
    url = f"/admin/motesplatser/{meeting.pk}/"
    html = editor_client.get(url).text
    assert "Karin Lind" in html and "Sara Ek" in html
    assert "Norrbotten" in html
    assert "HYPERLINK" in html
    waiting = editor_client.get(url, {"status": "waiting"}).text
    assert "Sara Ek" in waiting and "Karin Lind" not in waiting
    search = editor_client.get(url, {"q": "arjeplog"}).text
    assert "Karin Lind" in search and "Olof Berg" not in search


def test_index_query_count_does_not_grow(editor_client, meeting, django_assert_max_num_queries):
    url = f"/admin/motesplatser/{meeting.pk}/"
    editor_client.get(url)
    with django_assert_max_num_queries(40):
        editor_client.get(url)


def test_csv_and_xlsx_exports_are_formula_safe(editor_client, meeting):
    url = f"/admin/motesplatser/{meeting.pk}/"
    response = editor_client.get(url, {"format": "csv"})
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Förnamn", "Efternamn", "E-post"]
    karin = next(row for row in rows if row[0] == "Karin")
    assert '\'=HYPERLINK("x")' in karin
    response = editor_client.get(url, {"format": "xlsx", "status": "confirmed"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert len(values) == 3  # heading and two confirmed
    assert any(cell == '\'=HYPERLINK("x")' for row in values for cell in row)
    assert sheet.cell(row=2, column=1).data_type != "f"


def test_print_list_and_badges(editor_client, meeting):
    page = editor_client.get(f"/admin/motesplatser/{meeting.pk}/utskrift/deltagarlista/").text
    assert "Karin Lind" in page and "Sara Ek" not in page
    badges = editor_client.get(f"/admin/motesplatser/{meeting.pk}/utskrift/namnskyltar/").text
    assert badges.count('class="badge"') == 2


def test_message_to_waiting_list(editor_client, meeting, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/admin/motesplatser/{meeting.pk}/meddelande/",
            {"recipients": ["waiting"], "subject": "Ny lokal", "body": "Vi flyttar till sal B."},
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "Ny lokal" in message.subject and "sal B" in message.body
    bad = editor_client.post(f"/admin/motesplatser/{meeting.pk}/meddelande/", {"subject": ""})
    assert bad.status_code == 400


def test_checkin_by_search_and_by_code(editor_client, meeting):
    karin = Registration.objects.get(user__first_name="Karin")
    olof = Registration.objects.get(user__first_name="Olof")
    sara = Registration.objects.get(user__first_name="Sara")
    found = editor_client.get(f"/admin/motesplatser/{meeting.pk}/incheckning/", {"q": "karin"})
    assert "Karin Lind" in found.text and "Olof Berg" not in found.text
    marked = editor_client.post(
        f"/admin/motesplatser/{meeting.pk}/incheckning/{karin.pk}/", {"q": "karin"}, follow=True
    )
    karin.refresh_from_db()
    assert karin.attended_at is not None
    # Back on the same search, the participant is shown as checked in.
    assert marked.redirect_chain[-1][0].endswith("/incheckning/?q=karin")
    assert "Incheckad" in marked.text and "Karin Lind är incheckad." in marked.text
    code_url = f"/admin/motesplatser/incheckning/{checkin_code(olof)}/"
    assert "Olof Berg" in editor_client.get(code_url).text
    editor_client.post(code_url)
    olof.refresh_from_db()
    assert olof.attended_at is not None
    forged = editor_client.get(f"/admin/motesplatser/incheckning/{olof.pk}:forged/")
    assert forged.status_code == 400
    assert "Koden är ogiltig" in forged.text
    forged_post = editor_client.post(f"/admin/motesplatser/incheckning/{checkin_code(sara)}x/")
    assert forged_post.status_code == 400
    waiting = editor_client.post(f"/admin/motesplatser/incheckning/{checkin_code(sara)}/")
    assert waiting.status_code == 409
    sara.refresh_from_db()
    assert sara.attended_at is None
    # Waiting-list participants cannot be checked in by id either.
    assert (
        editor_client.post(f"/admin/motesplatser/{meeting.pk}/incheckning/{sara.pk}/").status_code
        == 404
    )


def test_report_table_chart_and_csv(editor_client, meeting):
    Registration.objects.filter(user__first_name="Karin").update(attended_at=timezone.now())
    start = (meeting.start - timedelta(days=1)).date().isoformat()
    end = (meeting.start + timedelta(days=1)).date().isoformat()
    html = editor_client.get("/admin/motesplatser/rapport/", {"start": start, "end": end}).text
    assert "<svg" in html and "Norrbotten" in html
    response = editor_client.get(
        "/admin/motesplatser/rapport/", {"start": start, "end": end, "format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["Län", "Norrbottens län", "1", "1"] in rows
    assert ["Organisationstyp", "Kommun", "2", "1"] in rows
    bad = editor_client.get("/admin/motesplatser/rapport/", {"start": end, "end": start})
    assert bad.status_code == 400


def test_members_cannot_reach_admin_tools(client, meeting):
    client.force_login(approved_member())
    for url in (
        f"/admin/motesplatser/{meeting.pk}/",
        f"/admin/motesplatser/{meeting.pk}/incheckning/",
        "/admin/motesplatser/rapport/",
    ):
        assert client.get(url).status_code in (302, 403)


def test_page_header_has_registrations_button(editor_client, meeting):
    html = editor_client.get(f"/admin/pages/{meeting.pk}/edit/").text
    assert f"/admin/motesplatser/{meeting.pk}/" in html


def test_editor_cancels_and_waiting_list_moves_up(editor_client, meeting):
    karin = Registration.objects.get(user__first_name="Karin")
    sara = Registration.objects.get(user__first_name="Sara")
    url = f"/admin/motesplatser/{meeting.pk}/avanmal/{karin.pk}/"
    assert editor_client.get(url).status_code == 405
    assert editor_client.post(url).status_code == 302
    karin.refresh_from_db()
    sara.refresh_from_db()
    assert karin.status == "cancelled" and sara.status == "confirmed"
    again = editor_client.post(url, follow=True)
    assert "redan avanmäld" in again.text


# Each registration power needs an authenticator and a session that used it.


def power_requests(meeting) -> dict[str, tuple[str, str]]:
    """(method, path) of the list, the export and check-in (search, mark, QR code)."""
    karin = Registration.objects.get(user__first_name="Karin")
    base = f"/admin/motesplatser/{meeting.pk}/"
    return {
        "list": ("get", base),
        "export": ("get", f"{base}?format=csv"),
        "check-in": ("get", f"{base}incheckning/?q=karin"),
        "check-in mark": ("post", f"{base}incheckning/{karin.pk}/"),
        "check-in code": ("get", f"/admin/motesplatser/incheckning/{checkin_code(karin)}/"),
    }


POWERS = ["list", "export", "check-in", "check-in mark", "check-in code"]


@pytest.mark.parametrize("power", POWERS)
def test_registration_power_without_authenticator_sends_to_set_one_up(client, meeting, power):
    method, path = power_requests(meeting)[power]
    client.force_login(editor())
    assert_sent_to_set_up(getattr(client, method)(path))
    assert not Registration.objects.filter(attended_at__isnull=False).exists()


@pytest.mark.parametrize("power", POWERS)
def test_registration_power_in_a_session_without_the_second_factor_asks_for_a_code(
    client, meeting, power
):
    method, path = power_requests(meeting)[power]
    client.force_login(editor(totp=True))
    checkin = f"/admin/motesplatser/{meeting.pk}/incheckning/?q=karin"
    response = getattr(client, method)(path, headers={"referer": f"http://testserver{checkin}"})
    assert_asked_for_code(response, path if method == "get" else checkin)
    assert not Registration.objects.filter(attended_at__isnull=False).exists()


@pytest.mark.parametrize("power", POWERS)
def test_registration_power_after_the_second_factor(editor_client, meeting, power):
    method, path = power_requests(meeting)[power]
    response = getattr(editor_client, method)(path)
    assert response.status_code == (302 if method == "post" else 200)
    if power == "export":
        assert response["Content-Disposition"].endswith('.csv"')
    if power == "check-in mark":
        assert Registration.objects.get(user__first_name="Karin").attended_at is not None
