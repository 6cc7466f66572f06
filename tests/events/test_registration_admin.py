"""Editors' registration tools: counts, list, exports, print, message, check-in, report."""

import csv
import io
from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
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
    assert "Reservlista (1)" in html  # Sara, first on the waiting list
    # The header actions and the counts above the list.
    for path in (
        "incheckning/",
        "utskrift/deltagarlista/",
        "utskrift/namnskyltar/",
        "meddelande/",
    ):
        assert f'href="/admin/motesplatser/{meeting.pk}/{path}"' in html
    assert "<td>2</td><td>1</td><td>0</td><td>0</td><td>2</td>" in html
    assert "Per län (aktiva anmälningar)" in html
    waiting = editor_client.get(url, {"status": "waiting"}).text
    assert "Sara Ek" in waiting and "Karin Lind" not in waiting
    search = editor_client.get(url, {"q": "arjeplog"}).text
    assert "Karin Lind" in search and "Olof Berg" not in search
    both = editor_client.get(url, {"q": "lind karin", "status": "confirmed"}).text
    assert "Karin Lind" in both and "Olof Berg" not in both
    by_email = Registration.objects.get(user__first_name="Olof").user.email
    assert "Olof Berg" in editor_client.get(url, {"q": by_email}).text
    # The results alone, as the admin's search and filters fetch them.
    results = editor_client.get(f"{url}resultat/", {"status": "waiting"})
    assert results.status_code == 200
    assert "Sara Ek" in results.text and "Karin Lind" not in results.text
    assert "<html" not in results.text


def test_index_cancel_button_posts_with_csrf(editor_client, meeting):
    karin = Registration.objects.get(user__first_name="Karin")
    html = editor_client.get(f"/admin/motesplatser/{meeting.pk}/").text
    action = f'action="/admin/motesplatser/{meeting.pk}/avanmal/{karin.pk}/"'
    form = html[html.index(action) - 30 : html.index(action) + 400]
    assert 'method="post"' in form and 'name="csrfmiddlewaretoken"' in form


def add_registrations(event, count: int) -> None:
    organisation = OrganisationFactory()
    for n in range(count):
        person = approved_member(organisation, first_name=f"Person{n}", last_name="Test")
        registration_create(event=event, user=person, actor=person, answers={"Fråga": "svar"})


def test_index_query_count_does_not_grow(editor_client, home):
    counts = []
    for size in (5, 50):
        event = open_event(home, capacity=size // 2)  # confirmed and waiting both
        add_registrations(event, size)
        url = f"/admin/motesplatser/{event.pk}/"
        editor_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.get(url)
        assert response.text.count("Person") >= size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_csv_and_xlsx_exports_are_formula_safe(editor_client, meeting):
    url = f"/admin/motesplatser/{meeting.pk}/"
    response = editor_client.get(url, {"export": "csv"})
    assert response["Content-Disposition"].endswith('.csv"')
    assert f"deltagare-{meeting.slug}" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response).decode("utf-8-sig"))))
    assert rows[0][:10] == [
        "Förnamn",
        "Efternamn",
        "E-post",
        "Organisation",
        "Organisationstyp",
        "Län",
        "Status",
        "Deltar",
        "Anmäld",
        "Närvarande",
    ]
    assert "Specialkost eller allergier" in rows[0]
    karin = next(row for row in rows if row[0] == "Karin")
    assert karin[3:7] == ["Arjeplogs kommun", "kommun", "Norrbottens län", "Bekräftad"]
    assert '\'=HYPERLINK("x")' in karin
    assert len(rows) == 4
    response = editor_client.get(url, {"export": "xlsx", "status": "confirmed"})
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(response))).active
    values = list(sheet.values)
    assert len(values) == 3  # heading and two confirmed
    assert values[0][:3] == ("Förnamn", "Efternamn", "E-post")
    assert any(cell == '\'=HYPERLINK("x")' for row in values for cell in row)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    searched = editor_client.get(url, {"export": "csv", "q": "berg"})
    rows = list(csv.reader(io.StringIO(b"".join(searched).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Olof"]


def test_export_has_a_column_per_question_and_for_removed_ones(editor_client, meeting):
    olof = Registration.objects.get(user__first_name="Olof")
    olof.answers = {"=Borttagen fråga": ["ett", "två"]}
    olof.save()
    url = f"/admin/motesplatser/{meeting.pk}/"
    html = editor_client.get(url).text
    assert "=Borttagen fråga" in html and "ett, två" in html
    rows = list(
        csv.reader(
            io.StringIO(b"".join(editor_client.get(url, {"export": "csv"})).decode("utf-8-sig"))
        )
    )
    heading = rows[0]
    assert "Specialkost eller allergier" in heading[10:]
    assert heading[-1] == "'=Borttagen fråga"  # answered under a label since removed
    olof_row = next(row for row in rows if row[0] == "Olof")
    assert olof_row[-1] == "ett, två"
    assert set(olof_row[10:-1]) == {""}
    sheet = load_workbook(io.BytesIO(b"".join(editor_client.get(url, {"export": "xlsx"})))).active
    assert sheet.cell(row=1, column=len(heading)).value == "'=Borttagen fråga"
    assert sheet.cell(row=1, column=len(heading)).data_type != "f"


def test_index_and_report_need_edit_permission_or_redirect_to_login(client, meeting):
    index = f"/admin/motesplatser/{meeting.pk}/"
    for url in (index, f"{index}resultat/", f"{index}?export=csv", "/admin/motesplatser/rapport/"):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    # An admin user who may not edit the meeting's page gets no list and no export: the
    # admin's usual refusal (back to its dashboard with a message; 403 to a script).
    group = Group.objects.create(name="Bara admin")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    outsider = UserFactory(totp=True)
    outsider.groups.add(group)
    sign_in_with_mfa(client, outsider)
    for url in (index, f"{index}resultat/", f"{index}?export=csv", f"{index}?export=xlsx"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
        assert "Content-Disposition" not in response
        fetched = client.get(url, headers={"x-requested-with": "XMLHttpRequest"})
        assert fetched.status_code == 403, url
    refused = client.get(index, follow=True)
    assert "Karin Lind" not in refused.text
    assert client.get("/admin/motesplatser/999999/").status_code == 404


def period(meeting) -> dict[str, str]:
    return {
        "start": (meeting.start - timedelta(days=1)).date().isoformat(),
        "end": (meeting.start + timedelta(days=1)).date().isoformat(),
    }


def test_report_numbers_charts_and_exports(editor_client, meeting, home):
    Registration.objects.filter(user__first_name="Karin").update(attended_at=timezone.now())
    # Not counted: a meeting outside the period, and a cancelled registration in it.
    later = open_event(home, start=meeting.start + timedelta(days=30))
    person = approved_member()
    registration_create(event=later, user=person, actor=person)
    Registration.objects.filter(user__first_name="Olof").update(status="cancelled")
    url = "/admin/motesplatser/rapport/"
    response = editor_client.get(url, period(meeting))
    assert response.status_code == 200
    html = response.text
    assert html.count('role="img"') == 2
    assert '<th scope="row">Norrbottens län</th><td>1</td><td>1</td>' in html
    assert '<th scope="row">Kommun</th><td>1</td><td>1</td>' in html
    response = editor_client.get(url, {**period(meeting), "export": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="deltagande.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(response).decode("utf-8-sig"))))
    assert rows == [
        ["Grupp", "Namn", "Bekräftade", "Närvarande"],
        ["Län", "Norrbottens län", "1", "1"],
        ["Organisationstyp", "Kommun", "1", "1"],
    ]
    response = editor_client.get(url, {**period(meeting), "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response))).active
    assert list(sheet.values) == [
        ("Grupp", "Namn", "Bekräftade", "Närvarande"),
        ("Län", "Norrbottens län", 1, 1),
        ("Organisationstyp", "Kommun", 1, 1),
    ]
    # The results alone, as the admin's filters fetch them.
    results = editor_client.get(f"{url}resultat/", period(meeting))
    assert results.status_code == 200 and "Norrbottens län" in results.text


def test_report_defaults_to_this_year_and_says_when_empty(editor_client, meeting):
    response = editor_client.get("/admin/motesplatser/rapport/")
    assert response.status_code == 200
    assert "Möten som börjar från och med 1 januari" in response.text
    empty = editor_client.get(
        "/admin/motesplatser/rapport/", {"start": "2001-01-01", "end": "2001-12-31"}
    )
    assert empty.status_code == 200
    assert "Inga deltagare under perioden." in empty.text and "bar-chart__svg" not in empty.text


@pytest.mark.parametrize("suffix", ["", "resultat/"])
def test_report_period_ending_before_it_starts_is_a_form_error(editor_client, meeting, suffix):
    url = f"/admin/motesplatser/rapport/{suffix}"
    dates = period(meeting)
    backwards = {"start": dates["end"], "end": dates["start"]}
    response = editor_client.get(url, backwards)
    assert response.status_code == 400
    assert "Slutdatumet är före startdatumet." in response.text
    assert "bar-chart__svg" not in response.text
    export = editor_client.get(url, {**backwards, "export": "csv"})
    assert export.status_code == 400 and "Content-Disposition" not in export
    assert editor_client.get(url, {"start": "inte ett datum"}).status_code == 400


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
        "export": ("get", f"{base}?export=csv"),
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
