"""The evaluation link: refusals, invalid answers, the language, and concurrent posts."""

import threading
from datetime import timedelta

from django.core import signing
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

import pytest

from events.evaluations.links import SALT, make_token
from events.evaluations.services import evaluations_send
from events.models import EvaluationInvitation, EvaluationResponse
from tests.factories.evaluations import ended_event, ids, participant


def invited(home, *, english=False, **kwargs) -> EvaluationInvitation:
    event = ended_event(home, **{"title": "Handlarträff i Luleå", **kwargs})
    registration = participant(event, **({"language": "en"} if english else {}))
    evaluations_send()
    return EvaluationInvitation.objects.select_related("event").get(registration=registration)


def url(invitation) -> str:
    return f"/utvardering/{make_token(invitation)}/"


def good(invitation) -> dict:
    q = ids(invitation.event.evaluation)
    return {f"q-{q['rating']}": "3", f"q-{q['multiple_choice']}": ["Samtalen"]}


def refused(response, status: int, text: str) -> None:
    assert response.status_code == status
    assert text in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert EvaluationResponse.objects.count() == 0


@pytest.mark.django_db
def test_forged_and_garbled_links(client, home):
    invitation = invited(home)
    token = make_token(invitation)
    forged = signing.dumps([invitation.pk, "a" * 32], salt=SALT)
    other_salt = signing.dumps([invitation.pk, invitation.key], salt="members.follows.unsubscribe")
    wrong_shape = signing.dumps({"id": invitation.pk}, salt=SALT)
    no_invitation = signing.dumps([invitation.pk + 1, invitation.key], salt=SALT)
    for bad in (forged, other_salt, wrong_shape, no_invitation, token[:-2], "x", token + "x"):
        for method in (client.get, client.post):
            refused(method(f"/utvardering/{bad}/", good(invitation)), 404, "Länken fungerar inte")
    assert not EvaluationInvitation.objects.get().answered


@pytest.mark.django_db
def test_expired_link(client, home):
    invitation = invited(home)
    EvaluationInvitation.objects.filter(pk=invitation.pk).update(
        sent_at=timezone.now() - timedelta(days=61)
    )
    refused(client.post(url(invitation), good(invitation)), 410, "Tiden för att svara")


@pytest.mark.django_db
def test_removed_evaluation_or_unpublished_meeting(client, home):
    invitation = invited(home)
    data = good(invitation)
    event = invitation.event
    event.evaluation = None
    event.save_revision().publish()
    refused(client.post(url(invitation), data), 410, "inte längre öppen")
    second = invited(home, title="Handlarträff i Kiruna")
    second.event.unpublish()
    refused(client.get(url(second)), 410, "inte längre öppen")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("rating", "6", "Välj ett giltigt alternativ"),
        ("rating", "fyra", "Välj ett giltigt alternativ"),
        ("rating", "", "Det här fältet är obligatoriskt"),
        ("multiple_choice", ["Middagen"], "Välj ett giltigt alternativ"),
        ("yes_no", "kanske", "Välj ett giltigt alternativ"),
        ("long_text", "x" * 3001, "som mest 3000 tecken"),
    ],
)
def test_invalid_answers_store_nothing(client, home, field, value, error):
    invitation = invited(home)
    q = ids(invitation.event.evaluation)
    response = client.post(url(invitation), {**good(invitation), f"q-{q[field]}": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html and "Svaren sparades inte" in html
    assert 'class="error"' in html
    assert EvaluationResponse.objects.count() == 0
    assert not EvaluationInvitation.objects.get().answered


@pytest.mark.django_db
def test_english_link_and_page(client, home, home_en, django_capture_on_commit_callbacks):
    from django.core import mail

    from core.outbox.models import Message

    with django_capture_on_commit_callbacks(execute=True):
        invitation = invited(home, english=True)
    message = Message.objects.get(kind="events.evaluation")
    # A secret message: its text is not kept once sent.
    assert message.secret and message.language == "en" and message.body_text == ""
    (sent,) = mail.outbox
    assert f"/en/utvardering/{make_token(invitation)[:10]}" in sent.body
    page = client.get(f"/en/utvardering/{make_token(invitation)}/")
    assert page.status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_posts_of_one_link_store_one_answer(home):
    invitation = invited(home)
    path, data = url(invitation), good(invitation)
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def post():
        barrier.wait()
        try:
            statuses.append(Client().post(path, data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 410]
    assert EvaluationResponse.objects.count() == 1
    assert connection.vendor in ("sqlite", "postgresql")
