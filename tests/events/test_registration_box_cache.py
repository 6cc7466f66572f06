"""The registration box kept per variant: alike for members not registered, theirs alone else.

The box of an approved member who is not registered is rendered once and shared with
every such member, each with their own CSRF token; a registration, a coordinator's
colleagues or a form sent back with errors are never shared.
"""

import re

from django.core.cache import cache, caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from core import generations, page_cache
from events.registration.models import Registration
from tests.factories.registration import approved_member, open_event

pytestmark = pytest.mark.django_db

# The CSRF token of the registration form.
TOKEN = re.compile(
    r'action="/anmalan/\d+/"[^>]*>\s*'
    r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"'
)


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    caches[generations.FRAGMENT_CACHE].clear()
    page_cache.CONTENT.bump()


def signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def box_queries(client, url) -> list[str]:
    """The queries of a page view that read registrations or the event's questions."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries if "registration" in q["sql"]]


def test_members_not_registered_share_the_box_with_their_own_csrf_token(home, cached):
    event = open_event(home, capacity=5)
    first, second = signed_in(approved_member()), signed_in(approved_member())
    first.get(event.url)  # stores the page and the box
    second.get(event.url)  # reads the member's registrations once
    assert box_queries(second, event.url) == []
    page = second.get(event.url).content.decode()
    assert 'id="id_dietary"' in page and "5 platser kvar" in page
    token = TOKEN.search(page)[1]
    # The token is the member's own: their registration goes through with it.
    response = second.post(f"/anmalan/{event.pk}/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302, response.content.decode()[:500]
    assert Registration.objects.filter(event=event).count() == 1
    assert TOKEN.search(first.get(event.url).content.decode())[1] != token


def test_a_registration_shows_at_once_and_changes_the_others_seats(
    home, cached, django_capture_on_commit_callbacks
):
    event = open_event(home, capacity=5)
    member, other = approved_member(first_name="Astrid"), approved_member()
    first, second = signed_in(member), signed_in(other)
    for client in (first, second, first, second):
        client.get(event.url)
    page = first.get(event.url).content.decode()
    token = TOKEN.search(page)[1]
    with django_capture_on_commit_callbacks(execute=True):
        first.post(f"/anmalan/{event.pk}/", {"csrfmiddlewaretoken": token})
    mine = first.get(event.url).content.decode()
    assert "Du är anmäld och har en plats." in mine
    theirs = second.get(event.url).content.decode()
    assert "Du är anmäld" not in theirs and "4 platser kvar" in theirs
    assert 'id="id_dietary"' in theirs


def test_a_coordinators_colleagues_are_never_shared(home, cached):
    event = open_event(home)
    coordinator = approved_member(coordinator=True, first_name="Ceci")
    organisation = coordinator.memberships.get().organisation
    approved_member(organisation, first_name="Kollegan", last_name="Kvist")
    plain = approved_member()
    assert "Kollegan Kvist" in signed_in(coordinator).get(event.url).content.decode()
    for _ in range(2):
        assert "Kollegan" not in signed_in(plain).get(event.url).content.decode()
    assert "Kollegan Kvist" in signed_in(coordinator).get(event.url).content.decode()


def test_a_form_sent_back_with_errors_is_not_kept(home, cached):
    event = open_event(home)
    event.registration_questions = [
        (
            "single_choice",
            {"label": "Lunch", "help_text": "", "required": True, "choices": ["Ja", "Nej"]},
        ),
    ]
    event.save()
    client = signed_in(approved_member())
    token = TOKEN.search(client.get(event.url).content.decode())[1]
    refused = client.post(f"/anmalan/{event.pk}/", {"csrfmiddlewaretoken": token, "q0": "Kanske"})
    assert refused.status_code == 400
    assert "Välj ett giltigt alternativ" in refused.content.decode()
    for other in (client, signed_in(approved_member())):
        assert "Välj ett giltigt alternativ" not in other.get(event.url).content.decode()


def test_my_registrations_are_kept_until_a_registration_changes(
    home, cached, django_capture_on_commit_callbacks
):
    event = open_event(home, title="Länsträff i Kiruna")
    member = approved_member()
    client = signed_in(member)
    url = "/mina-sidor/anmalningar/"
    assert "Du är inte anmäld till några möten." in client.get(url).content.decode()
    page = client.get(event.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/anmalan/{event.pk}/", {"csrfmiddlewaretoken": TOKEN.search(page)[1]})
    listed = client.get(url).content.decode()
    assert "Länsträff i Kiruna" in listed and "Bekräftad plats" in listed
    assert box_queries(client, url) == []  # kept
    other = signed_in(approved_member())
    assert "Länsträff i Kiruna" not in other.get(url).content.decode()
    registration = Registration.objects.get(user=member)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', listed)[1]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/mina-sidor/anmalningar/{registration.pk}/avanmal/", {"csrfmiddlewaretoken": token}
        )
    assert "Avanmäld" in client.get(url).content.decode()
