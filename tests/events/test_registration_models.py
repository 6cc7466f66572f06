"""Registration's models in their package: the same app, tables and schema as before.

The package moved code, not data: Django must find the models under the ``events``
label with their tables, the migrations must describe them without a new one, and a
database migrated and filled with registrations must read through the package.
"""

from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import pytest

from core.outbox.models import Message
from events.registration.models import Registration
from events.registration.selectors import (
    registration_counts,
    registration_list,
    registrations_for_member,
)
from events.registration.services import registration_cancel, registration_create
from tests.factories.outbox import run_send_outbox, wait_for_retry
from tests.factories.registration import (
    approved_member,
    mail_kinds,
    open_event,
    registration_mail,
)


def test_models_keep_the_events_label_and_tables():
    assert apps.get_model("events", "Registration") is Registration
    assert Registration._meta.db_table == "events_registration"


@pytest.mark.django_db
def test_migrations_describe_the_models_without_a_new_one():
    out = StringIO()
    # --check exits non-zero when the models differ from the migrations.
    call_command("makemigrations", "events", check=True, dry_run=True, stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_a_migrated_database_with_registrations_reads_through_the_package(home):
    event = open_event(home, capacity=1)
    seated, waiting, gone = approved_member(), approved_member(), approved_member()
    for member in (seated, waiting, gone):
        registration_create(event=event, user=member, actor=member)
    (withdrawn,) = Registration.objects.filter(user=gone)
    registration_cancel(registration=withdrawn, actor=gone)
    assert registration_counts(event=event) == {
        "confirmed": 1,
        "waiting": 1,
        "cancelled": 1,
        "attended": 0,
    }
    assert [item.user for item in registration_list(event=event, status="waiting")] == [waiting]
    (own,) = registrations_for_member(user=seated)
    assert own.event == event and own.status == Registration.Status.CONFIRMED
    assert mail_kinds() == ["confirmed", "waiting", "waiting", "cancelled"]


BEFORE_THE_OUTBOX = [
    ("events", "0003_registration_reminded_for"),
    ("outbox", "0003_message_params"),
]
LATEST = [("events", "0006_evaluations")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_registration_mail_moves_to_the_outbox_and_back(home, mail_server):
    """Migrations 0004–0005 on a database with registrations and their e-mail, both ways."""
    event = open_event(home, capacity=1)
    seated, waiting = approved_member(), approved_member()
    registration_create(event=event, user=seated, actor=seated)
    queued = registration_create(event=event, user=waiting, actor=waiting)
    mail_server.messages.clear()
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE_THE_OUTBOX)
        old = executor.loader.project_state(BEFORE_THE_OUTBOX).apps
        RegistrationEmail = old.get_model("events", "RegistrationEmail")  # noqa: N806
        # The two sent confirmations went back to the old table as sent.
        assert sorted(RegistrationEmail.objects.values_list("kind", flat=True)) == [
            "confirmed",
            "waiting",
        ]
        assert not RegistrationEmail.objects.filter(sent_at__isnull=True).exists()
        start = event.start
        RegistrationEmail.objects.create(
            registration_id=queued.pk,
            kind="reminder",
            occurrence_start=start,
            attempts=2,
            last_error="ConnectionRefusedError: [Errno 111]",
        )
        RegistrationEmail.objects.create(
            registration_id=queued.pk, kind="message", subject="Ny lokal", body="Vi ses i aulan."
        )
        executor.loader.build_graph()
        executor.migrate(LATEST)
    finally:
        MigrationExecutor(connection).migrate(LATEST)

    messages = {message.params["kind"]: message for message in registration_mail()}
    assert set(messages) == {"confirmed", "waiting", "reminder", "message"}
    assert {messages["confirmed"].status, messages["waiting"].status} == {Message.Status.SENT}
    reminder, note = messages["reminder"], messages["message"]
    assert (reminder.status, reminder.attempts, reminder.to, reminder.user_id) == (
        Message.Status.PENDING,
        2,
        [waiting.email],
        waiting.pk,
    )
    assert reminder.params["occurrence_start"] == start.isoformat()
    assert reminder.last_error.startswith("ConnectionRefusedError")
    assert note.params["subject"] == "Ny lokal"
    # What was waiting is sent by the outbox, once, composed as before.
    run_send_outbox()
    run_send_outbox()
    wait_for_retry()
    run_send_outbox()
    subjects = sorted(message["Subject"] for message in mail_server.messages)
    assert subjects == [
        f"[Mötesplats] Ny lokal: {event.title}",
        f"[Mötesplats] Påminnelse: {event.title}",
    ]
    bodies = [
        message.get_body(preferencelist=("plain",)).get_content()
        for message in mail_server.messages
    ]
    assert any("Vi ses i aulan." in body for body in bodies)
