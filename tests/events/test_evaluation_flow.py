"""Evaluations end to end: invitation by e-mail, the personal link, the answer, reminders."""

import re
from datetime import datetime, time, timedelta
from io import StringIO
from urllib.parse import urlsplit

from django.core.management import call_command
from django.utils import timezone

import pytest

from events.evaluations.links import make_token
from events.evaluations.services import evaluations_send
from events.models import EvaluationInvitation, EvaluationResponse, EventPage
from events.recurrence import STOCKHOLM
from tests.factories.evaluations import ended_event, ids, participant

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/utvardering/\S+/")


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def run(capture, **kwargs) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command("send_evaluations", stdout=out, **kwargs)
    return out.getvalue()


def link_path(message) -> str:
    return urlsplit(LINK.search(body(message)).group(0)).path


def valid_answers(event) -> dict:
    q = ids(event.evaluation)
    return {
        f"q-{q['rating']}": "4",
        f"q-{q['multiple_choice']}": ["Föredragen", "Samtalen"],
        f"q-{q['yes_no']}": "ja",
        f"q-{q['long_text']}": "Bra fika.",
    }


def test_invite_answer_once_and_remind_non_answerers(
    home, client, mail_server, django_capture_on_commit_callbacks
):
    event = ended_event(home, title="Handlarträff i Luleå")
    answering = participant(event, first_name="Karin")
    silent = participant(event, first_name="Olle")
    participant(event, first_name="Avanmäld").__class__.objects.filter(
        user__first_name="Avanmäld"
    ).update(status="cancelled")

    assert "Utvärderingar köade: 2." in run(django_capture_on_commit_callbacks)
    by_to = {m["To"]: m for m in mail_server.messages}
    assert set(by_to) == {answering.user.email, silent.user.email}
    message = by_to[answering.user.email]
    assert "Handlarträff i Luleå" in message["Subject"]
    assert "Hej Karin!" in body(message)

    # Running again invites no one twice.
    assert "Utvärderingar köade: 0." in run(django_capture_on_commit_callbacks)
    assert len(mail_server.messages) == 2

    path = link_path(message)
    page = client.get(path)
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    assert page["X-Robots-Tag"] == "noindex"
    html = page.content.decode()
    assert "Handlarträff i Luleå" in html and "Tack för att du kom!" in html

    done = client.post(path, valid_answers(event))
    assert done.status_code == 200
    assert "Tack för dina svar" in done.content.decode()

    (response,) = EvaluationResponse.objects.all()
    q = ids(event.evaluation)
    assert response.answers == {
        q["rating"]: 4,
        q["multiple_choice"]: ["Föredragen", "Samtalen"],
        q["long_text"]: "Bra fika.",
    }
    invitation = EvaluationInvitation.objects.get(registration=answering)
    assert invitation.answered and invitation.named_answers == {q["yes_no"]: "ja"}

    again = client.post(path, valid_answers(event))
    assert again.status_code == 410
    assert "Du har redan svarat" in again.content.decode()
    assert client.get(path).status_code == 410
    assert EvaluationResponse.objects.count() == 1

    # The reminder: after three days, to the one who did not answer, once.
    later = timezone.now() + timedelta(days=3, minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert evaluations_send(now=later) == (0, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert evaluations_send(now=later + timedelta(days=5)) == (0, 0)
    reminders = [m for m in mail_server.messages if "Påminnelse" in m["Subject"]]
    assert [m["To"] for m in reminders] == [silent.user.email]
    assert LINK.search(body(reminders[0]))


def test_no_reminder_before_its_day_or_when_switched_off(home, django_capture_on_commit_callbacks):
    event = ended_event(home, evaluation_reminder_days=0)
    participant(event)
    with django_capture_on_commit_callbacks(execute=True):
        assert evaluations_send() == (1, 0)
        assert evaluations_send(now=timezone.now() + timedelta(days=30)) == (0, 0)
    other = ended_event(home, evaluation_reminder_days=3)
    participant(other)
    with django_capture_on_commit_callbacks(execute=True):
        assert evaluations_send() == (1, 0)
        assert evaluations_send(now=timezone.now() + timedelta(days=2)) == (0, 0)


def test_not_before_the_end_nor_long_after_nor_without_evaluation(home):
    running = ended_event(home, hours_ago=-1)  # ends in an hour
    participant(running)
    old = ended_event(home, hours_ago=24 * 15)
    participant(old)
    none = ended_event(home, evaluation=None)
    participant(none)
    cancelled = ended_event(home, status=EventPage.Status.CANCELLED, status_reason="Sjukdom")
    participant(cancelled)
    assert evaluations_send() == (0, 0)


def test_series_gets_one_invitation_per_occurrence(home):
    now = timezone.now().replace(microsecond=0)
    start = now - timedelta(days=7, hours=3)
    event = ended_event(
        home,
        repeat_frequency=EventPage.Frequency.DAILY,
        repeat_count=10,
    )
    event.start, event.end = start, start + timedelta(hours=2)
    event.save_revision().publish()
    event.refresh_from_db()
    registration = participant(event)
    invited, _ = evaluations_send()
    starts = sorted(
        EvaluationInvitation.objects.filter(registration=registration).values_list(
            "occurrence_start", flat=True
        )
    )
    ended = [o.start for o in event.occurrences.filter(end__lte=timezone.now())]
    assert invited == len(ended) == len(starts) >= 7
    assert starts == sorted(ended)
    assert len({make_token(i) for i in EvaluationInvitation.objects.all()}) == invited
    assert evaluations_send() == (0, 0)


def test_checked_in_audience(home):
    event = ended_event(home, evaluation_audience=EventPage.Audience.ATTENDED)
    present = participant(event, attended_at=event.start + timedelta(minutes=5))
    participant(event)
    assert evaluations_send() == (1, 0)
    assert list(EvaluationInvitation.objects.values_list("registration", flat=True)) == [
        present.pk
    ]


@pytest.mark.parametrize("hour", [12, 23])
def test_checked_in_series_counts_the_nearest_occurrence(home, hour):
    # At 23 the check-in ten minutes after the start falls on the next day.
    day = timezone.localdate() - timedelta(days=4)
    start = datetime.combine(day, time(hour, 30), tzinfo=STOCKHOLM)
    event = ended_event(
        home,
        evaluation_audience=EventPage.Audience.ATTENDED,
        repeat_frequency=EventPage.Frequency.DAILY,
        repeat_count=3,
    )
    event.start, event.end = start, start + timedelta(hours=2)
    event.save_revision().publish()
    first = event.occurrences.order_by("start").first()
    registration = participant(event, attended_at=first.start + timedelta(minutes=40))
    assert evaluations_send() == (1, 0)
    (invitation,) = EvaluationInvitation.objects.filter(registration=registration)
    assert invitation.occurrence_start == first.start


def test_member_data_export_and_erasure(home):
    from members.services import account_delete, member_data_export

    event = ended_event(home, title="Handlarträff i Luleå")
    registration = participant(event)
    evaluations_send()
    invitation = EvaluationInvitation.objects.get()
    q = ids(event.evaluation)
    from events.evaluations.services import evaluation_answer

    evaluation_answer(
        invitation_id=invitation.pk,
        questions=event.evaluation.question_list,
        answers={q["rating"]: 5, q["yes_no"]: "ja"},
    )
    (exported,) = member_data_export(user=registration.user)["evaluations"]
    assert exported["event"] == "Handlarträff i Luleå"
    assert exported["answered"] and exported["named_answers"] == {q["yes_no"]: "ja"}
    account_delete(user=registration.user)
    invitation.refresh_from_db()
    assert invitation.user is None and invitation.named_answers == {} and invitation.answered
    assert EvaluationResponse.objects.get().answers == {q["rating"]: 5}
