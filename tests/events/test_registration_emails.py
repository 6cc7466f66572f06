"""Registration e-mail: bodies, .ics invitations, QR check-in codes, SMTP outage, reminders."""

from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import override

import pytest
from icalendar import Calendar

from core.outbox.models import Message
from events.models import EventPage
from events.registration.codes import checkin_code, registration_for_checkin_code
from events.registration.services import registration_cancel, registration_create, reminders_send
from events.templatetags.event_tags import event_when
from tests.factories.outbox import run_send_outbox, wait_for_retry
from tests.factories.registration import approved_member, open_event, registration_mail

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.se/natverk-123"


def register(event, user):
    return registration_create(event=event, user=user, actor=user)


def invitation(message) -> Calendar:
    (attachment,) = [a for a in message.attachments if a[0] == "inbjudan.ics"]
    return Calendar.from_ical(attachment[1])


def digital_event(home, **kwargs):
    return open_event(
        home,
        format=EventPage.Format.HYBRID,
        online_link=LINK,
        online_phone="010-123 45 67",
        **kwargs,
    )


def test_confirmation_has_details_ics_request_and_qr(home, django_capture_on_commit_callbacks):
    event = digital_event(
        home, start=(timezone.now() + timedelta(hours=30)).replace(second=0, microsecond=0)
    )
    member = approved_member(first_name="Karin")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, member)
    (message,) = mail.outbox
    assert "Bekräftad plats" in message.subject
    assert message.to == [member.email]
    assert "Karin" in message.body and event.title in message.body
    assert "Kulturens hus" in message.body
    assert LINK in message.body
    calendar = invitation(message)
    assert calendar["METHOD"] == "REQUEST"
    (vevent,) = calendar.walk("VEVENT")
    assert vevent["UID"] == f"{registration.uid}@motesplats"
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent.decoded("DTSTART") == event.start
    assert LINK in str(vevent["DESCRIPTION"])
    (png,) = [a for a in message.attachments if a[0] == "incheckning.png"]
    assert png[1].startswith(b"\x89PNG")
    assert registration_mail().get().status == Message.Status.SENT


def test_link_not_in_confirmation_before_visibility_window(
    home, django_capture_on_commit_callbacks
):
    event = digital_event(home)  # two weeks ahead, link visible 48 h before
    with django_capture_on_commit_callbacks(execute=True):
        register(event, approved_member())
    (message,) = mail.outbox
    assert LINK not in message.body
    assert LINK not in invitation(message).to_ical().decode()


def test_waiting_list_mail_has_position_and_no_link(home, django_capture_on_commit_callbacks):
    event = digital_event(home, capacity=1, start=timezone.now() + timedelta(hours=5))
    register(event, approved_member())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        register(event, approved_member(language="en"))
    (message,) = mail.outbox
    assert "reservlistan" in message.body or "waiting list" in message.body
    assert "1" in message.body
    assert LINK not in message.body
    assert not [a for a in message.attachments if a[0] == "inbjudan.ics"]


def test_cancel_sends_ics_cancel_with_same_uid_and_higher_sequence_then_promotion(
    home, django_capture_on_commit_callbacks
):
    event = open_event(home, capacity=1)
    first, second = approved_member(), approved_member()
    with django_capture_on_commit_callbacks(execute=True):
        seated = register(event, first)
        waiting = register(event, second)
    request = invitation(mail.outbox[0]).walk("VEVENT")[0]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=seated, actor=first)
    cancel_mail, promoted_mail = mail.outbox
    cancel = invitation(cancel_mail)
    assert cancel["METHOD"] == "CANCEL"
    (vevent,) = cancel.walk("VEVENT")
    assert vevent["UID"] == request["UID"]
    assert vevent["SEQUENCE"] > request["SEQUENCE"]
    assert vevent["STATUS"] == "CANCELLED"
    assert promoted_mail.to == [second.email]
    assert "fått en plats" in promoted_mail.subject
    promoted = invitation(promoted_mail).walk("VEVENT")[0]
    assert promoted["UID"] == f"{waiting.uid}@motesplats"
    assert invitation(promoted_mail)["METHOD"] == "REQUEST"


def test_publishing_a_new_time_sends_change_with_sequence_plus_one(
    home, django_capture_on_commit_callbacks
):
    event = open_event(home)
    member = approved_member()
    with django_capture_on_commit_callbacks(execute=True):
        register(event, member)
    before = invitation(mail.outbox[0]).walk("VEVENT")[0]["SEQUENCE"]
    mail.outbox.clear()
    event.start += timedelta(hours=1)
    event.end += timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    (message,) = mail.outbox
    assert "Ändrat möte" in message.subject
    vevent = invitation(message).walk("VEVENT")[0]
    assert vevent["SEQUENCE"] == before + 1
    assert vevent.decoded("DTSTART") == event.start
    # Publishing again without changes sends nothing.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert mail.outbox == []


def test_cancelled_meeting_sends_cancel(home, django_capture_on_commit_callbacks):
    event = open_event(home)
    with django_capture_on_commit_callbacks(execute=True):
        register(event, approved_member())
    mail.outbox.clear()
    event.status = EventPage.Status.CANCELLED
    event.status_reason = "För få anmälda."
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    (message,) = mail.outbox
    assert "Inställt möte" in message.subject
    assert "För få anmälda." in message.body
    assert invitation(message)["METHOD"] == "CANCEL"


def test_english_member_gets_english_mail(home, django_capture_on_commit_callbacks):
    event = open_event(home, capacity=1)
    register(event, approved_member())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        register(event, approved_member(language="en", first_name="Jane"))
    (message,) = mail.outbox
    assert "You are on the waiting list" in message.subject
    assert "Hello Jane!" in message.body
    assert "You are number 1 on the waiting list" in message.body


def test_reminders_sent_once_when_command_runs_twice(home, django_capture_on_commit_callbacks):
    soon = open_event(home, start=timezone.now() + timedelta(hours=20))
    later = open_event(home, start=timezone.now() + timedelta(days=5))
    member = approved_member()
    register(soon, member)
    register(later, member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=None)
        call_command("send_reminders", stdout=None)
    (message,) = mail.outbox
    assert "Påminnelse" in message.subject and soon.title in message.subject
    assert reminders_send() == 0


def test_checkin_code_is_signed(home):
    event = open_event(home)
    registration = register(event, approved_member())
    code = checkin_code(registration)
    assert registration_for_checkin_code(code) == registration
    assert registration_for_checkin_code(code[:-2] + "xx") is None
    assert registration_for_checkin_code(f"{registration.pk}") is None


# -- the mail server is down, then up --------------------------------------------


def _attachments(message) -> dict:
    return {part.get_filename(): part for part in message.iter_attachments()}


def test_smtp_down_keeps_registration_and_retry_sends(
    home, mail_server, django_capture_on_commit_callbacks
):
    mail_server.stop()
    event = open_event(home)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, approved_member())
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    queued = registration_mail().get()
    assert (queued.kind, queued.status, queued.attempts) == (
        "events.registration.confirmed",
        Message.Status.PENDING,
        1,
    )
    assert queued.last_error.startswith("ConnectionRefusedError")

    mail_server.start()
    wait_for_retry()
    run_send_outbox()
    run_send_outbox()
    (received,) = mail_server.messages
    assert received["To"] == registration.user.email
    assert received["Auto-Submitted"] == "auto-generated"
    assert received["Message-ID"] == queued.headers["Message-ID"]
    calendar = Calendar.from_ical(_attachments(received)["inbjudan.ics"].get_content())
    assert calendar["METHOD"] == "REQUEST"
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (Message.Status.SENT, 2)
    assert "Bekräftad plats" in queued.subject  # stored for the report once sent


def test_a_reminder_waits_out_an_outage_and_is_sent_once(
    home, mail_server, django_capture_on_commit_callbacks
):
    start = (timezone.now() + timedelta(hours=20)).replace(second=0, microsecond=0)
    event = open_event(home, start=start)
    member = approved_member()
    with django_capture_on_commit_callbacks(execute=True):
        register(event, member)
    mail_server.messages.clear()
    mail_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send() == 1
    (reminder,) = registration_mail(kind="reminder")
    assert reminder.status == Message.Status.PENDING and reminder.last_error

    mail_server.start()
    wait_for_retry()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send() == 0  # claimed once: the retry is the outbox's
    run_send_outbox()
    run_send_outbox()
    call_command("send_pending_emails", stdout=StringIO())  # the old name retries every kind
    (received,) = mail_server.messages
    assert received["To"] == member.email
    assert "Påminnelse" in received["Subject"]
    assert event.title in received.get_body(preferencelist=("plain",)).get_content()


def test_mail_for_a_registration_gone_before_sending_is_withdrawn(
    home, mail_server, django_capture_on_commit_callbacks
):
    mail_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(open_event(home), approved_member())
    registration.delete()
    mail_server.start()
    wait_for_retry()
    run_send_outbox()
    assert mail_server.messages == []
    assert not registration_mail().exists()


def test_series_gets_a_reminder_before_each_occurrence_once(
    home, django_capture_on_commit_callbacks
):
    start = (timezone.now() + timedelta(hours=20)).replace(second=0, microsecond=0)
    series = open_event(home, start=start, repeat_frequency="WEEKLY", repeat_count=3)
    assert series.occurrences.count() == 3
    member = approved_member()
    register(series, member)
    mail.outbox.clear()

    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_send(now=now) + reminders_send(now=now)

    assert run(timezone.now()) == 1
    (first,) = mail.outbox
    assert "Påminnelse" in first.subject
    # Between the occurrences (the first is over, the second more than 24 h away): nothing.
    assert run(start + timedelta(days=3)) == 0
    # A day before the second and third occurrences: one reminder each, naming that date.
    for week in (1, 2):
        occurrence = start + timedelta(weeks=week)
        mail.outbox.clear()
        assert run(occurrence - timedelta(hours=12)) == 1
        (message,) = mail.outbox
        with override("sv"):
            when = event_when(series.occurrences.get(start=occurrence))
        assert f"När: {when}\n" in message.body
    assert run(start + timedelta(weeks=2, hours=1)) == 0
    reminders = registration_mail(kind="reminder")
    assert [message.params["occurrence_start"] for message in reminders] == [
        (start + timedelta(weeks=week)).isoformat() for week in range(3)
    ]
