"""A member's page reads its cache entries in one round trip, and sees its own writes."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cache import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

import pytest

from core import read_ahead
from core.generations import Generation
from core.page_cache import CONTENT
from members import selectors
from members.auth_backends import PERMISSIONS, permissions_key
from members.models import Membership
from tests.core.cache_reads import CacheReads
from tests.factories.members import MembershipFactory

pytestmark = pytest.mark.django_db


def member_request(user_id) -> object:
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.session[SESSION_KEY] = str(user_id)
    return request


def run_in_request(request, view) -> object:
    """Run ``view`` inside ``ReadAheadMiddleware`` and return what it returned."""
    result = {}

    def get_response(request):
        result["value"] = view()
        return HttpResponse()

    read_ahead.ReadAheadMiddleware(get_response)(request)
    return result["value"]


def test_mina_sidor_reads_generations_and_values_in_one_round_trip(client, home, monkeypatch):
    membership = MembershipFactory(status=Membership.Status.APPROVED)
    client.force_login(membership.user)
    assert client.get("/mina-sidor/").status_code == 200  # fills the caches
    reads = CacheReads(monkeypatch)

    response = client.get("/mina-sidor/")

    assert membership.organisation.name in response.content.decode()
    generation_reads = [keys for keys in reads.calls if CONTENT.key in keys]
    assert len(generation_reads) == 1
    assert set(generation_reads[0]) >= {
        CONTENT.key,
        PERMISSIONS.key,
        permissions_key(membership.user.pk),
        selectors.MEMBERSHIPS.key,
        selectors.membership_key(membership.user.pk),
    }
    # Besides the session (cached under its own prefix in production), nothing else.
    others = [keys for keys in reads.calls if "sessions" not in keys[0]]
    assert others == generation_reads


def test_a_bump_during_the_request_shows_in_its_later_reads():
    def view():
        before = CONTENT.current()
        CONTENT.bump()
        return before, CONTENT.current()

    before, after = run_in_request(member_request(1), view)

    assert after == before + 1


def test_a_change_during_the_request_shows_in_its_later_reads():
    membership = MembershipFactory(status=Membership.Status.APPROVED)
    user = membership.user
    selectors.membership_for(user)  # cached before the request: read ahead by it

    def view():
        first = selectors.membership_for(user)
        Membership.objects.filter(pk=membership.pk).update(status=Membership.Status.PENDING)
        selectors.MEMBERSHIPS.bump()
        return first, selectors.membership_for(user)

    first, second = run_in_request(member_request(user.pk), view)

    assert first.status == Membership.Status.APPROVED
    assert second.status == Membership.Status.PENDING


def test_requests_without_a_member_read_nothing_ahead(monkeypatch):
    reads = CacheReads(monkeypatch)
    request = RequestFactory().get("/")
    request.session = SessionStore()

    run_in_request(request, lambda: None)

    assert reads.calls == []


def test_each_entry_is_read_once_in_a_request_until_it_is_written(monkeypatch):
    own = Generation("pagecache:own:test")
    CONTENT.current(), own.start()
    reads = CacheReads(monkeypatch)

    def view():
        first = (CONTENT.current(), own.current())
        again = (CONTENT.current(), own.current())
        own.bump()
        return first, again, own.current()

    first, again, bumped = run_in_request(member_request(1), view)

    assert again == first and bumped == first[1] + 1
    read_keys = [key for keys in reads.calls for key in keys]
    assert read_keys.count(CONTENT.key) == 1
    assert read_keys.count(own.key) == 2  # again after the bump, which it did not see
