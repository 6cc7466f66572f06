"""Mina sidor reads the open membership from the cache, and every change shows at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from members import selectors, services
from members.models import Membership
from tests.factories.members import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

NO_ORGANISATION = "Du har inte valt någon organisation än."


def dashboard(client) -> str:
    response = client.get("/mina-sidor/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_dashboard_asks_the_database_for_the_membership_once(client):
    membership = MembershipFactory(status=Membership.Status.APPROVED)
    client.force_login(membership.user)
    dashboard(client)  # fills the site-wide caches
    selectors.MEMBERSHIPS.bump()
    with CaptureQueriesContext(connection) as first:
        assert membership.organisation.name in dashboard(client)
    with CaptureQueriesContext(connection) as second:
        assert membership.organisation.name in dashboard(client)

    def membership_queries(captured):
        return [q for q in captured if 'FROM "members_membership"' in q["sql"]]

    assert len(membership_queries(first)) == 1
    assert membership_queries(second) == []
    # The follow-up link's reporter flag is kept per membership generation too.
    assert len(second) == len(first) - 2


def test_an_approval_shows_on_the_members_next_page(client):
    membership = MembershipFactory(status=Membership.Status.PENDING)
    coordinator = MembershipFactory(
        organisation=membership.organisation, role=Membership.Role.COORDINATOR
    ).user
    client.force_login(membership.user)
    assert "(väntar på godkännande)" in dashboard(client)

    services.membership_approve(membership=membership, actor=coordinator)

    assert "(godkänd)" in dashboard(client)


def test_a_removal_and_a_new_request_show_at_once(client):
    membership = MembershipFactory(status=Membership.Status.APPROVED)
    client.force_login(membership.user)
    assert membership.organisation.name in dashboard(client)

    services.membership_remove(membership=membership, actor=UserFactory(is_superuser=True))
    assert NO_ORGANISATION in dashboard(client)

    other = MembershipFactory().organisation
    services.membership_request(user=membership.user, organisation=other)
    html = dashboard(client)
    assert other.name in html
    assert NO_ORGANISATION not in html


def test_a_renamed_or_deleted_organisation_shows_at_once(client):
    membership = MembershipFactory(status=Membership.Status.APPROVED)
    client.force_login(membership.user)
    dashboard(client)

    organisation = membership.organisation
    organisation.name = "Bygdegårdarnas Riksförbund"
    organisation.save()
    assert "Bygdegårdarnas Riksförbund" in dashboard(client)

    organisation.delete()
    assert NO_ORGANISATION in dashboard(client)


def test_a_membership_cached_before_the_commit_is_retired_by_it(
    django_capture_on_commit_callbacks,
):
    membership = MembershipFactory(status=Membership.Status.PENDING)
    user = membership.user
    with django_capture_on_commit_callbacks(execute=True):
        membership.status = Membership.Status.APPROVED
        membership.save()
        # Another server, which cannot see the change before it commits, caches
        # the pending membership under the generation the change has just bumped.
        stale = Membership.objects.get(pk=membership.pk)
        stale.status = Membership.Status.PENDING
        selectors.MEMBERSHIPS.cached(
            f"members:open-membership:{user.pk}", lambda: stale, timeout=300
        )
        assert selectors.membership_for(user).status == Membership.Status.PENDING

    assert selectors.membership_for(user).status == Membership.Status.APPROVED


def test_members_do_not_see_each_others_memberships(client):
    first, second = MembershipFactory(), MembershipFactory()
    client.force_login(first.user)
    assert first.organisation.name in dashboard(client)
    client.force_login(second.user)
    html = dashboard(client)
    assert second.organisation.name in html
    assert first.organisation.name not in html


def test_the_navigation_is_kept_per_page_and_directory_link(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    approved = MembershipFactory(status=Membership.Status.APPROVED).user
    pending = MembershipFactory(status=Membership.Status.PENDING).user
    directory = 'href="/mina-sidor/medlemmar/"'
    for user, shown in ((approved, True), (pending, False), (approved, True)):
        client.force_login(user)
        for _ in range(2):
            page = client.get("/mina-sidor/").content.decode()
            assert (directory in page) is shown
            assert 'href="/mina-sidor/" aria-current="page"' in page
    profile = client.get("/mina-sidor/profil/").content.decode()
    assert 'href="/mina-sidor/profil/" aria-current="page"' in profile
    assert 'href="/mina-sidor/" aria-current' not in profile
