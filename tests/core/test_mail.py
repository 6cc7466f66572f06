"""Every e-mail is queued as a task on commit and sent by the worker's delivery mailer."""

from django.core import mail
from django.core.management import call_command
from django.db import transaction

import pytest
from django_tasks_db.models import DBTaskResult

from core.mail import QueuedEmailBackend, message_from_dict, message_to_dict
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db

QUEUED = {
    "default": {"BACKEND": "core.mail.QueuedEmailBackend"},
    "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
}


@pytest.fixture
def queued(settings):
    settings.MAILERS = QUEUED


def run_worker(monkeypatch) -> None:
    """``db_worker --batch`` in this process, on the test's open transaction."""
    # The worker closes connections between tasks, as after a request; the test's
    # transaction must stay open.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


def _message() -> mail.EmailMultiAlternatives:
    message = mail.EmailMultiAlternatives(
        subject="Välkommen till Mötesplats",
        body="Hej Åsa,\n\nvälkommen.",
        to=["asa@example.se"],
        cc=["kopia@example.se"],
        bcc=["arkiv@example.se"],
        reply_to=["kontakt@example.se"],
        headers={"X-Motesplats": "medlem"},
    )
    message.attach_alternative("<p>Hej Åsa, välkommen.</p>", "text/html")
    message.attach("inbjudan.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    message.attach("kod.png", b"\x89PNG\r\n\x1a\n\x00\xff", "image/png")
    message.attach("lista.csv", "Län;Antal\nGävleborg;3\n".encode("latin-1"), "text/csv")
    return message


def test_a_message_survives_the_queue_unchanged():
    original = _message()
    copy = message_from_dict(message_to_dict(original))
    for field in ("subject", "body", "from_email", "to", "cc", "bcc", "reply_to", "extra_headers"):
        assert getattr(copy, field) == getattr(original, field), field
    assert copy.alternatives == original.alternatives
    assert copy.attachments == original.attachments


def test_mail_is_sent_once_the_transaction_commits(queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        sent = mail.send_mail("Bekräftelse", "Du är anmäld.", None, ["b@example.se"])
        assert sent == 1
        assert mail.outbox == []  # queued, not sent, inside the transaction
    [delivered] = mail.outbox
    assert (delivered.subject, delivered.to) == ("Bekräftelse", ["b@example.se"])
    assert delivered.from_email == "Mötesplats <noreply@localhost>"


def test_no_mail_for_a_rolled_back_change(queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                mail.send_mail("Aldrig", "Ångrat.", None, ["c@example.se"])
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == []


def test_messages_without_recipients_are_not_queued(queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        count = QueuedEmailBackend().send_messages([mail.EmailMessage("Ingen", "mottagare")])
    assert count == 0 and callbacks == []


def test_with_the_database_backend_the_worker_sends_it(
    queued, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        _message().send()
    assert mail.outbox == []
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "core.mail.deliver_mail"

    run_worker(monkeypatch)

    [delivered] = mail.outbox
    assert delivered.subject == "Välkommen till Mötesplats"
    assert [name for name, _, _ in delivered.attachments] == [
        "inbjudan.ics",
        "kod.png",
        "lista.csv",
    ]
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"


def test_allauth_mail_goes_through_the_queue(
    client, home, queued, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """A password reset asked for by a visitor is queued, not sent in the request."""
    UserFactory(email="glomsk@example.se")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/password/reset/", {"email": "glomsk@example.se"})
    assert response.status_code == 302
    assert mail.outbox == []
    assert DBTaskResult.objects.get().task_path == "core.mail.deliver_mail"

    run_worker(monkeypatch)

    [reset] = mail.outbox
    assert reset.to == ["glomsk@example.se"] and "/konto/password/reset/key/" in reset.body
    # Delivered: the task table no longer holds the link, only whom it went to.
    task = DBTaskResult.objects.get()
    assert task.status == "SUCCESSFUL"
    assert task.args_kwargs == {
        "args": [{"to": ["glomsk@example.se"], "subject": reset.subject}],
        "kwargs": {},
    }
    assert "/konto/password/reset/key/" not in str(task.args_kwargs)
