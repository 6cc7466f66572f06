"""Editors' evaluation tools: results per occurrence, exports, named answers, the report."""

import csv
import io
from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from openpyxl import load_workbook

from events.evaluations.services import evaluation_answer, evaluations_send
from events.models import EvaluationInvitation, EvaluationResponse
from tests.factories.evaluations import ended_event, ids, participant
from tests.factories.members import UserFactory, sign_in_with_mfa

pytestmark = pytest.mark.django_db

# (rating, choices, contact?, text) of each participant who answers.
ANSWERS = [
    (5, ["Föredragen", "Samtalen"], "ja", "Mycket bra."),
    (4, ["Samtalen"], "nej", ""),
    (4, [], None, '=HYPERLINK("x")'),
]


def editor(**kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client):
    sign_in_with_mfa(client, editor(totp=True))
    return client


def answer(event, registrations, answers=ANSWERS):
    """Invite everyone, then let the first len(answers) answer."""
    evaluations_send()
    q = ids(event.evaluation)
    questions = event.evaluation.question_list
    for registration, (rating, chosen, contact, text) in zip(registrations, answers, strict=False):
        given = {q["rating"]: rating}
        if chosen:
            given[q["multiple_choice"]] = chosen
        if contact:
            given[q["yes_no"]] = contact
        if text:
            given[q["long_text"]] = text
        invitation = EvaluationInvitation.objects.get(registration=registration)
        evaluation_answer(invitation_id=invitation.pk, questions=questions, answers=given)


@pytest.fixture
def evaluated(home):
    event = ended_event(home, title="Handlarträff i Luleå")
    people = [
        participant(event, first_name="Karin", last_name="Lind"),
        participant(event, first_name="Olof", last_name="Berg"),
        participant(event, first_name="Sara", last_name="Ek"),
        participant(event, first_name="Tor", last_name="Ny"),
    ]
    answer(event, people)
    return event


def test_results_rate_charts_texts_and_named(editor_client, evaluated):
    html = editor_client.get(f"/admin/utvarderingar/{evaluated.pk}/").text
    assert "<tbody><tr><td>4</td><td>3</td><td>75 %</td></tr></tbody>" in html
    # The rating chart's table: the numbers of the answers.
    for value, count in ((1, 0), (2, 0), (3, 0), (4, 2), (5, 1)):
        assert f'<th scope="row">{value}</th><td>{count}</td>' in html
    assert '<th scope="row">Föredragen</th><td>1</td>' in html
    assert '<th scope="row">Samtalen</th><td>2</td>' in html
    assert '<th scope="row">Studiebesöket</th><td>0</td>' in html
    assert "Medelvärde 4,3." in html
    assert "Mycket bra." in html
    # Named answers, with names, only for the named question.
    assert "<td>Karin Lind</td><td>Ja</td>" in html
    assert "<td>Olof Berg</td><td>Nej</td>" in html
    assert "<td>Sara Ek</td><td>–</td>" in html
    assert "Tor Ny" not in html


def test_results_hidden_below_three(editor_client, home):
    event = ended_event(home)
    people = [participant(event), participant(event)]
    answer(event, people, ANSWERS[:2])
    html = editor_client.get(f"/admin/utvarderingar/{event.pk}/").text
    assert "<td>2</td><td>2</td><td>100 %</td>" in html
    assert "Resultat visas när minst tre har svarat." in html
    assert 'role="img"' not in html and "Mycket bra." not in html
    response = editor_client.get(f"/admin/utvarderingar/{event.pk}/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response).decode("utf-8-sig"))))
    assert len(rows) == 1  # headings only


def test_exports_are_anonymous_and_read_back(editor_client, evaluated):
    url = f"/admin/utvarderingar/{evaluated.pk}/"
    response = editor_client.get(url, {"export": "csv"})
    assert f"utvardering-{evaluated.slug}" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response).decode("utf-8-sig"))))
    assert rows[0] == [
        "Tillfälle",
        "Besvarad",
        "Vad tycker du om mötet som helhet?",
        "Vad var mest värdefullt?",
        "Något mer du vill säga?",
    ]
    assert sorted(row[2:] for row in rows[1:]) == [
        ["4", "", '\'=HYPERLINK("x")'],
        ["4", "Samtalen", ""],
        ["5", "Föredragen; Samtalen", "Mycket bra."],
    ]
    text = "\n".join(",".join(row) for row in rows)
    for name in ("Karin", "Lind", "Olof", "Sara", "@"):
        assert name not in text
    response = editor_client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response))).active
    values = list(sheet.values)
    assert sorted(row[2] for row in values[1:]) == [4, 4, 5]


def test_named_export_identifies(editor_client, evaluated):
    url = f"/admin/utvarderingar/{evaluated.pk}/namn/"
    response = editor_client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response))).active
    rows = list(sheet.values)
    assert rows[0] == (
        "Namn",
        "E-post",
        "Organisation",
        "Tillfälle",
        "Vill du bli kontaktad om en uppföljning?",
    )
    assert [(row[0], row[4]) for row in rows[1:]] == [
        ("Olof Berg", "Nej"),
        ("Sara Ek", None),
        ("Karin Lind", "Ja"),
    ]


def test_nothing_joins_a_response_to_a_person(evaluated):
    response_fields = {field.name for field in EvaluationResponse._meta.get_fields()}
    assert response_fields == {
        "id",
        "event",
        "occurrence_start",
        "questionnaire",
        "answers",
        "submitted_on",
    }
    invitation_fields = {field.name for field in EvaluationInvitation._meta.get_fields()}
    assert not {"response", "answered_at", "submitted_at"} & invitation_fields
    assert not any(
        f.is_relation and f.related_model is EvaluationResponse
        for f in EvaluationInvitation._meta.get_fields()
    )
    q = ids(evaluated.evaluation)
    for response in EvaluationResponse.objects.all():
        assert q["yes_no"] not in response.answers
        assert not hasattr(response, "user_id")


def test_series_occurrences_are_chosen(editor_client, home):
    from django.utils import timezone

    from events.models import EventPage

    start = timezone.now().replace(microsecond=0) - timedelta(days=2, hours=3)
    event = ended_event(home, repeat_frequency=EventPage.Frequency.DAILY, repeat_count=2)
    event.start, event.end = start, start + timedelta(hours=2)
    event.save_revision().publish()
    people = [participant(event) for _ in range(3)]
    evaluations_send()
    first = min(EvaluationInvitation.objects.values_list("occurrence_start", flat=True))
    q = ids(event.evaluation)
    for invitation in EvaluationInvitation.objects.filter(occurrence_start=first):
        evaluation_answer(
            invitation_id=invitation.pk,
            questions=event.evaluation.question_list,
            answers={q["rating"]: 2},
        )
    assert len(people) == 3
    url = f"/admin/utvarderingar/{event.pk}/"
    latest = editor_client.get(url).text
    assert "<td>3</td><td>0</td><td>0 %</td>" in latest
    chosen = editor_client.get(url, {"tillfalle": str(int(first.timestamp()))}).text
    assert "<td>3</td><td>3</td><td>100 %</td>" in chosen
    assert '<th scope="row">2</th><td>3</td>' in chosen


def test_report_rates_means_chart_export_and_queries(editor_client, evaluated, home):
    url = "/admin/utvarderingar/rapport/"
    day = evaluated.start.date()
    period = {
        "start": (day - timedelta(days=1)).isoformat(),
        "end": (day + timedelta(days=1)).isoformat(),
    }
    response = editor_client.get(url, period)
    assert response.status_code == 200
    html = response.text
    assert html.count('role="img"') == 1
    assert "Medelbetyg per möte" in html
    assert "4,3" in html and "75" in html
    response = editor_client.get(url, {**period, "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response).decode("utf-8-sig"))))
    assert rows[0] == [
        "Möte",
        "Tillfälle",
        "Inbjudna",
        "Svar",
        "Svarsfrekvens (%)",
        "Medelbetyg: Vad tycker du om mötet som helhet?",
    ]
    assert rows[1][0] == "Handlarträff i Luleå" and rows[1][2:] == ["4", "3", "75", "4.3"]
    sheet = load_workbook(
        io.BytesIO(b"".join(editor_client.get(url, {**period, "export": "xlsx"})))
    ).active
    assert list(sheet.values)[1][2:] == (4, 3, 75, 4.3)

    with CaptureQueriesContext(connection) as one:
        editor_client.get(url, period)
    for n in range(3):
        more = ended_event(home, title=f"Fler {n}")
        answer(more, [participant(more) for _ in range(3)])
    with CaptureQueriesContext(connection) as four:
        html = editor_client.get(url, period).text
    assert "Fler 2" in html
    assert len(four) == len(one)


def test_views_need_edit_permission(client, evaluated):
    urls = [
        f"/admin/utvarderingar/{evaluated.pk}/",
        f"/admin/utvarderingar/{evaluated.pk}/?export=csv",
        f"/admin/utvarderingar/{evaluated.pk}/namn/?export=csv",
    ]
    for url in [*urls, "/admin/utvarderingar/rapport/"]:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    group = Group.objects.create(name="Bara admin")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    outsider = UserFactory(totp=True)
    outsider.groups.add(group)
    sign_in_with_mfa(client, outsider)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
        assert "Content-Disposition" not in response
        assert client.get(url, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403
    # The report lists only meetings the editor may edit.
    report = client.get("/admin/utvarderingar/rapport/", {"start": "2000-01-01"})
    assert "Handlarträff i Luleå" not in report.text


def test_member_gets_nothing(client, evaluated):
    from tests.factories.registration import approved_member

    client.force_login(approved_member())
    for url in (f"/admin/utvarderingar/{evaluated.pk}/", "/admin/utvarderingar/rapport/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Handlarträff" not in response.content.decode()


def test_edit_page_offers_evaluations_only_and_links_the_results(editor_client, evaluated):
    from core.surveys.models import Questionnaire

    Questionnaire.objects.create(
        title="Uppföljning 2026",
        kind=Questionnaire.Kind.FOLLOW_UP,
        questions=[("number", {"label": "Antal butiker"})],
    )
    html = editor_client.get(f"/admin/pages/{evaluated.pk}/edit/").text
    assert "Utvärdering" in html and "Utvärdering av nätverksträff" in html
    assert "Uppföljning 2026" not in html
    assert f'href="/admin/utvarderingar/{evaluated.pk}/"' in html
    registrations = editor_client.get(f"/admin/motesplatser/{evaluated.pk}/").text
    assert f'href="/admin/utvarderingar/{evaluated.pk}/"' in registrations
