"""The shared e-mail task."""

from django.core import mail

import pytest

from core.tasks import queue_mail, send_mail_task

pytestmark = pytest.mark.django_db


def test_send_mail_task_sends_text_and_html():
    result = send_mail_task.enqueue(
        subject="Välkommen",
        message="Hej och välkommen.",
        to=["anna@example.se"],
        html_message="<p>Hej och välkommen.</p>",
        reply_to=["kontakt@example.se"],
    )
    assert result.return_value == 1
    [sent] = mail.outbox
    assert sent.subject == "Välkommen"
    assert sent.to == ["anna@example.se"]
    assert sent.reply_to == ["kontakt@example.se"]
    assert sent.from_email == "Mötesplats <noreply@localhost>"
    assert sent.alternatives[0].mimetype == "text/html"


def test_queue_mail_waits_for_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_mail(subject="Bekräftelse", message="Du är anmäld.", to=["b@example.se"])
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert [m.subject for m in mail.outbox] == ["Bekräftelse"]
