"""Delivery over SMTP (aiosmtpd on loopback): retries with backoff, failures, exactly once."""

import socket
import threading
from datetime import timedelta

from django.db import connection
from django.utils import timezone

import pytest

from core.outbox.delivery import (
    BACKOFF,
    CLAIM,
    INTERRUPTED,
    MAX_ATTEMPTS,
    Outcome,
    deliver,
    deliver_due,
)
from core.outbox.models import Message
from tests.conftest import MailServer, smtp_mailers
from tests.factories.outbox import MessageFactory, run_send_outbox, wait_for_retry

pytestmark = pytest.mark.django_db


def test_a_message_is_sent_once(mail_server):
    message = MessageFactory(subject="[Mötesplats] Välkommen", body_text="Hej Åsa!")
    assert deliver.call(message.pk) == "sent"
    [received] = mail_server.messages
    assert received["Subject"] == "[Mötesplats] Välkommen"
    assert received.get_content().strip() == "Hej Åsa!"
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("sent", 1, "")
    assert message.sent_at is not None
    # Neither the task run again nor the worker sends it a second time.
    assert deliver.call(message.pk) == "skipped"
    wait_for_retry()
    assert deliver_due()[Outcome.SENT] == 0
    assert len(mail_server.messages) == 1


def test_retries_back_off_and_the_last_attempt_gives_up(mail_server):
    mail_server.stop()
    message = MessageFactory()
    waits = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        deliver_due()
        message.refresh_from_db()
        assert message.attempts == attempt
        assert message.last_error.startswith("ConnectionRefusedError")
        if attempt == MAX_ATTEMPTS:
            break
        assert message.status == Message.Status.PENDING
        waits.append(message.next_attempt_at - message.last_attempt_at)
        assert sum(deliver_due().values()) == 0, "not due before its time"
        wait_for_retry()
    assert message.status == Message.Status.FAILED
    assert message.next_attempt_at is None
    assert [round(wait / timedelta(minutes=1)) for wait in waits] == [1, 5, 30, 120, 720]
    assert len(waits) == len(BACKOFF)
    # Given up is final: the worker leaves it to the editors, even with the server back.
    mail_server.start()
    wait_for_retry()
    deliver_due()
    assert mail_server.messages == []


def test_a_permanently_refused_recipient_fails_at_once(mail_server):
    mail_server.refused["finns-inte@example.se"] = "550 5.1.1 No such mailbox here"
    message = MessageFactory(to=["finns-inte@example.se"])
    assert deliver.call(message.pk) == "failed"
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.FAILED, 1)
    assert message.last_error == "finns-inte@example.se: 550 5.1.1 No such mailbox here"
    assert mail_server.messages == []


def test_a_temporarily_refused_recipient_is_tried_again(mail_server):
    mail_server.refused["full@example.se"] = "452 4.2.2 Mailbox full"
    message = MessageFactory(to=["full@example.se"])
    assert deliver.call(message.pk) == "retry"
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING
    assert "452 4.2.2 Mailbox full" in message.last_error

    del mail_server.refused["full@example.se"]
    wait_for_retry()
    assert deliver_due()[Outcome.SENT] == 1
    assert len(mail_server.messages) == 1


def test_a_server_that_does_not_answer_times_out_and_nothing_is_lost(settings):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # accepts the connection, never greets
    port = silent.getsockname()[1]
    settings.MAILERS = smtp_mailers(port, timeout=0.5)
    message = MessageFactory()
    try:
        assert deliver.call(message.pk) == "retry"
    finally:
        silent.close()
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING
    assert "timed out" in message.last_error

    server = MailServer(port)
    server.start()
    try:
        wait_for_retry()
        assert deliver_due()[Outcome.SENT] == 1
        deliver_due()
    finally:
        server.stop()
    assert len(server.messages) == 1


def test_a_secret_body_is_cleared_once_sent(mail_server):
    reset = MessageFactory(
        secret=True,
        body_text="Byt lösenord: https://motesplats.example.se/konto/password/reset/key/1-abc/",
        body_html="<p>Byt lösenord</p>",
        attachments=[{"filename": "a.txt", "content": "aGVq", "mimetype": "text/plain"}],
    )
    notice = MessageFactory(body_text="Din artikel är publicerad.")
    deliver_due()
    received = mail_server.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert "/konto/password/reset/key/1-abc/" in received
    reset.refresh_from_db()
    notice.refresh_from_db()
    assert (reset.status, reset.body_text, reset.body_html, reset.attachments) == (
        "sent",
        "",
        "",
        [],
    )
    assert reset.subject  # whom and what remain, for the record
    assert notice.body_text == "Din artikel är publicerad."


def test_an_interrupted_delivery_is_failed_not_sent_again(mail_server):
    """The worker stopped after claiming it: the server may have it, so no second try."""
    now = timezone.now()
    interrupted = MessageFactory(
        status=Message.Status.SENDING, attempts=1, next_attempt_at=now - timedelta(seconds=1)
    )
    in_flight = MessageFactory(
        status=Message.Status.SENDING, attempts=1, next_attempt_at=now + CLAIM
    )
    outcomes = deliver_due()
    interrupted.refresh_from_db()
    in_flight.refresh_from_db()
    assert (interrupted.status, interrupted.last_error) == ("failed", INTERRUPTED)
    assert in_flight.status == Message.Status.SENDING
    assert outcomes[Outcome.FAILED] == 1
    assert mail_server.messages == []


def test_send_outbox_reports_and_deletes_what_is_past_keeping(mail_server, settings):
    settings.OUTBOX_RETENTION_DAYS = 30
    long_ago = timezone.now() - timedelta(days=31)
    old_sent = MessageFactory(status=Message.Status.SENT, sent_at=long_ago)
    old_failed = MessageFactory(status=Message.Status.FAILED, last_attempt_at=long_ago)
    recent_failed = MessageFactory(status=Message.Status.FAILED, last_attempt_at=timezone.now())
    due = MessageFactory()

    report = run_send_outbox()

    assert report.strip() == ("Skickade 1, försöker igen senare 0, misslyckades 0, raderade 2.")
    assert set(Message.objects.values_list("pk", flat=True)) == {recent_failed.pk, due.pk}
    assert not Message.objects.filter(pk__in=[old_sent.pk, old_failed.pk]).exists()
    assert len(mail_server.messages) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_send_each_message_once(mail_server):
    """Two workers (threads with their own connections) share the due messages.

    Both list the same due messages; the claim decides. On PostgreSQL the loser's
    UPDATE waits for the winner's and then finds the row no longer pending.
    """
    messages = [MessageFactory() for _ in range(30)]
    start = threading.Barrier(2)
    outcomes = []

    def worker():
        try:
            start.wait()
            outcomes.append(deliver_due())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(m["Subject"] for m in mail_server.messages) == sorted(
        m.subject for m in messages
    )
    assert sum(o[Outcome.SENT] for o in outcomes) == len(messages)
    assert set(Message.objects.values_list("status", "attempts")) == {("sent", 1)}
