"""The anonymous page cache: what is stored, who bypasses it, and invalidation."""

from pathlib import Path

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from wagtail.models import PageViewRestriction, Site

import pytest

from core import page_cache
from events.registration.models import Registration
from members import auth_backends
from tests.core.cache_reads import CacheReads
from tests.factories.core import StandardPageFactory, TopicFactory
from tests.factories.events import EventIndexPageFactory
from tests.factories.members import UserFactory
from tests.factories.registration import approved_member, open_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    """Switch the cache on, starting from a generation no earlier test has used."""
    settings.PAGE_CACHE_SECONDS = 600
    page_cache.CONTENT.bump()


def status(response) -> str | None:
    return response.headers.get(page_cache.STATUS_HEADER)


def test_second_anonymous_view_is_served_from_cache_without_queries(
    client, home, cached, django_assert_num_queries
):
    StandardPageFactory(parent=home, title="Om Mötesplats", slug="om")
    first = client.get("/om/")
    assert status(first) == "miss"
    with django_assert_num_queries(0):
        second = client.get("/om/")
    assert status(second) == "hit"
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_head_request_is_answered_from_the_cached_get(client, home, cached):
    client.get("/")
    assert status(client.head("/")) == "hit"


def test_publishing_retires_the_cached_page(
    client, home, cached, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=home, title="Gammal rubrik", slug="nyheter")
    client.get("/nyheter/")
    page.title = "Ny rubrik"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    response = client.get("/nyheter/")
    assert status(response) == "miss"
    assert "Ny rubrik" in response.content.decode()


def test_publishing_one_page_retires_its_neighbours_too(
    client, home, cached, django_capture_on_commit_callbacks
):
    """A new page shows up in the home page's menu, so the home page is re-rendered."""
    client.get("/")
    assert status(client.get("/")) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        StandardPageFactory(parent=home, title="Helt ny sida", slug="ny")
    assert status(client.get("/")) == "miss"


@pytest.mark.parametrize("restriction_type", ["login", "password", "groups"])
def test_a_new_view_restriction_retires_the_cached_page(
    client, home, cached, django_capture_on_commit_callbacks, restriction_type
):
    """Editors restrict a page in its privacy settings without publishing it again."""
    page = StandardPageFactory(parent=home, title="Snart intern", slug="intern")
    client.get("/intern/")
    assert status(client.get("/intern/")) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=page, restriction_type=restriction_type, password="hemligt"
        )
    response = client.get("/intern/")
    assert status(response) is None
    assert "Snart intern" not in response.content.decode()


def test_unpublishing_retires_the_cached_page(
    client, home, cached, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=home, slug="tillfallig")
    assert client.get("/tillfallig/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert client.get("/tillfallig/").status_code == 404


def test_deleting_retires_the_cached_page(
    client, home, cached, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=home, slug="borttagen")
    client.get("/borttagen/")
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert client.get("/borttagen/").status_code == 404


def test_registered_models_retire_the_cache(
    client, home, cached, django_capture_on_commit_callbacks
):
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        TopicFactory(name="Drivmedel", slug="drivmedel")
    assert status(client.get("/")) == "miss"


def test_rolled_back_change_keeps_the_cache(client, home, cached):
    """Without a commit nothing changed for other visitors, so nothing is retired."""
    client.get("/")
    TopicFactory(slug="aldrig-sparad")  # the test's transaction is never committed
    assert status(client.get("/")) == "hit"


def test_languages_are_cached_apart(client, home, home_en, cached):
    sv = client.get("/")
    en = client.get("/en/")
    assert status(client.get("/")) == "hit"
    assert status(client.get("/en/")) == "hit"
    assert 'lang="sv"' in sv.content.decode()
    assert 'lang="en"' in en.content.decode()


def test_members_get_the_shared_part_with_their_own_personal_tags(client, home, cached):
    anonymous = client.get("/").content.decode()
    assert "Logga in" in anonymous
    first, second = UserFactory(), UserFactory()
    client.force_login(first)
    assert status(client.get("/")) == "miss"  # members have entries of their own
    client.force_login(second)
    response = client.get("/")
    assert status(response) == "hit"
    content = response.content.decode()
    assert "Logga ut" in content and "Logga in" not in content
    assert "<!--personal" not in content
    client.logout()
    assert status(response := client.get("/")) == "hit"
    assert response.content.decode() == anonymous


def test_a_members_hit_renders_only_the_personal_tags(
    client, home, cached, django_capture_on_commit_callbacks
):
    """No query for the menu, the page or its listings: only what the tags need."""
    StandardPageFactory(parent=home, title="Om oss", slug="om-oss", show_in_menus=True)
    client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as first:
        client.get("/")
    with CaptureQueriesContext(connection) as second:
        assert status(client.get("/")) == "hit"
    assert len(second) < len(first)
    assert not [q for q in second if "wagtailcore_page" in q["sql"]]
    with django_capture_on_commit_callbacks(execute=True):
        StandardPageFactory(parent=home, title="Helt ny menysida", slug="ny", show_in_menus=True)
    response = client.get("/")
    assert status(response) == "miss"
    assert "Helt ny menysida" in response.content.decode()


def test_members_who_may_see_different_pages_get_different_entries(client, home, cached):
    StandardPageFactory(parent=home, title="Intern sida", slug="intern", show_in_menus=True)
    PageViewRestriction.objects.create(
        page=home.get_children().get(slug="intern"), restriction_type="groups"
    ).groups.set([editors := Group.objects.create(name="Redaktörer")])
    member, other, editor = UserFactory(), UserFactory(), UserFactory()
    editor.groups.add(editors)
    client.force_login(editor)
    assert status(client.get("/")) == "miss"
    client.force_login(member)
    assert status(client.get("/")) == "miss"  # not the editor's entry
    client.force_login(other)
    assert status(client.get("/")) == "hit"  # the first member's


def test_a_csrf_token_outside_the_personal_tags_keeps_the_page_out(client, home, cached):
    """A template that asks for the token in its shared part is served, never stored."""
    from django.middleware.csrf import get_token

    from core import personal

    page = StandardPageFactory(parent=home, title="Formulär", slug="formular")
    original = type(page).get_context

    def get_context(self, request, *args, **kwargs):
        get_token(request)  # as {% csrf_token %} in the page's own template would
        return original(self, request, *args, **kwargs)

    type(page).get_context = get_context
    try:
        client.force_login(UserFactory())
        assert status(client.get("/formular/")) is None
        assert status(client.get("/formular/")) is None
    finally:
        type(page).get_context = original
    assert personal.MARKER == "<!--personal "


def test_a_messages_cookie_bypasses_the_cache(client, home, cached):
    client.get("/")
    client.cookies["messages"] = "x"
    assert status(client.get("/")) is None


def test_the_sitemap_is_cached_and_retired_on_publish(
    client, home, cached, django_capture_on_commit_callbacks
):
    client.get("/sitemap-pages.xml")
    assert status(client.get("/sitemap-pages.xml")) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        StandardPageFactory(parent=home, slug="i-sajtkartan")
    response = client.get("/sitemap-pages.xml")
    assert status(response) == "miss"
    assert "/i-sajtkartan/" in response.content.decode()


def test_search_results_are_cached_and_retired_on_publish(
    client, home, cached, django_capture_on_commit_callbacks
):
    client.get("/sok/?q=hemsändning")
    assert status(client.get("/sok/?q=hemsändning")) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        StandardPageFactory(parent=home, title="Hemsändning i Dorotea", slug="hemsandning")
    response = client.get("/sok/?q=hemsändning")
    assert status(response) == "miss"
    assert "Hemsändning i Dorotea" in response.content.decode()


@pytest.mark.parametrize("path", ["/finns-inte/", "/robots.txt"])
def test_only_successful_wagtail_pages_are_stored(client, home, cached, path):
    client.get(path)
    assert status(client.get(path)) is None


def test_page_types_can_opt_out(client, home, cached, monkeypatch):
    page = StandardPageFactory(parent=home, slug="personlig")
    monkeypatch.setattr(type(page), "anonymous_page_cache", False, raising=False)
    client.get("/personlig/")
    assert status(client.get("/personlig/")) is None


def test_switched_off_with_zero_seconds(client, home, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    assert status(client.get("/")) is None


def test_a_members_hit_takes_two_round_trips_to_the_shared_cache(
    client, home, cached, monkeypatch
):
    """What every member's page reads, read ahead at once; then the page's shared part."""
    user = UserFactory()
    client.force_login(user)
    client.get("/")
    reads = CacheReads(monkeypatch)

    response = client.get("/")

    assert status(response) == "hit"
    # Besides the session where it lives in the cache: the generation with the
    # permission set and the membership read ahead (core.read_ahead), then the entry.
    others = [keys for keys in reads.calls if "sessions" not in keys[0]]
    assert len(others) == 2
    assert {
        page_cache.GENERATION_KEY,
        auth_backends.GENERATION_KEY,
        auth_backends.permissions_key(user.pk),
    } <= set(others[0])
    assert page_cache.cache_key(response.wsgi_request, "") not in others[1]
    assert any(key.startswith("pagecache:page:") for key in others[1])


def test_a_page_request_finds_its_site_and_page_without_queries_until_they_change(
    client, home, cached, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=home, title="Om oss", slug="om-oss")
    client.force_login(UserFactory())
    client.get("/om-oss/")
    with CaptureQueriesContext(connection) as queries:
        assert "Om oss" in client.get("/om-oss/").content.decode()
    routing = [
        q["sql"]
        for q in queries
        if any(
            table in q["sql"]
            for table in ("wagtailcore_site", "_standardpage", "_pageviewrestriction")
        )
    ]
    assert routing == []

    page.title = "Om Mötesplats"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert "Om Mötesplats" in client.get("/om-oss/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert client.get("/om-oss/").status_code == 404

    other = StandardPageFactory(parent=home, title="Ny startsida", slug="ny-start")
    site = Site.objects.get(is_default_site=True)
    with django_capture_on_commit_callbacks(execute=True):
        site.root_page = other
        site.save()
    assert "Ny startsida" in client.get("/").content.decode()


def test_links_to_pages_read_no_site_root_paths_until_a_site_changes(
    client, home, cached, monkeypatch, django_capture_on_commit_callbacks
):
    """``{% pageurl %}`` on a member's own page finds the sites' root paths in memory."""
    event = open_event(home, title="Länsträff i Kiruna")
    member = approved_member()
    Registration.objects.create(
        event=event, user=member, organisation=member.memberships.get().organisation
    )
    client.force_login(member)
    url = "/mina-sidor/anmalningar/"
    assert f'href="{event.url}"' in client.get(url).content.decode()
    reads = CacheReads(monkeypatch)
    assert f'href="{event.url}"' in client.get(url).content.decode()
    assert not [keys for keys in reads.calls if "wagtail_site_root_paths" in keys[0]]

    # The meetings move to a site of their own: their links now name its host.
    with django_capture_on_commit_callbacks(execute=True):
        Site.objects.create(hostname="moten.example.se", root_page=event.get_parent())
        site = Site.objects.get(is_default_site=True)
        site.root_page = StandardPageFactory(parent=home, slug="start")
        site.save()
    assert 'href="http://moten.example.se/' in client.get(url).content.decode()


def test_view_restrictions_kept_with_the_route_still_apply_and_change_at_once(
    client, home, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=home, title="Intern sida", slug="intern")
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert client.get("/intern/").status_code == 302  # to the login, every time
    assert client.get("/intern/").status_code == 302
    client.force_login(UserFactory())
    assert "Intern sida" in client.get("/intern/").content.decode()

    editors = Group.objects.create(name="Redaktörer")
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.get(page=page)
        restriction.restriction_type = "groups"
        restriction.save()
        restriction.groups.set([editors])
    assert client.get("/intern/").status_code == 302  # not in the group

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    client.logout()
    assert "Intern sida" in client.get("/intern/").content.decode()


def test_a_query_parameter_the_page_does_not_read_makes_no_entry(client, home, cached):
    StandardPageFactory(parent=home, title="Om Mötesplats", slug="om")
    for query in ("?utm_source=nyhetsbrev", "?x=1", "?x=2"):
        first, second = client.get(f"/om/{query}"), client.get(f"/om/{query}")
        assert first.status_code == second.status_code == 200
        assert status(first) is None and status(second) is None


def test_the_parameters_a_listing_reads_are_cached_once_each(client, home, cached):
    index = EventIndexPageFactory(parent=home)
    client.get(index.url)  # starts the seats generation the listing depends on
    path = index.url + "?lan=norrbottens-lan"
    assert status(client.get(path)) == "miss"
    assert status(client.get(path)) == "hit"
    assert status(client.get(index.url + "?lan=gotlands-lan")) == "miss"
    # Given twice, or beside one the listing does not read: served, not stored.
    for query in ("?lan=norrbottens-lan&lan=gotlands-lan", "?lan=norrbottens-lan&gclid=abc"):
        assert status(client.get(index.url + query)) is None
        assert status(client.get(index.url + query)) is None


def test_searches_are_stored_within_the_minutes_budget(client, home, cached, settings):
    settings.PAGE_CACHE_QUERY_ENTRIES_PER_MINUTE = 2
    cache.clear()
    page_cache.CONTENT.bump()
    assert [status(client.get("/sok/", {"q": word})) for word in ("a", "b", "c", "d")] == [
        "miss",
        "miss",
        None,
        None,
    ]
    assert status(client.get("/sok/", {"q": "a"})) == "hit"
    # A page without a query string is outside the budget.
    assert status(client.get("/")) == "miss"


def test_a_streamed_file_passes_the_cache_untouched(client, cached):
    # The folder the media view serves, as the URLconf bound it when it was imported.
    folder = Path(resolve("/media/kartan.txt").kwargs["document_root"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kartan.txt").write_text("Länets karta")
    try:
        response = client.get("/media/kartan.txt")
        assert response.status_code == 200 and response.streaming
        assert b"".join(response.streaming_content).decode() == "Länets karta"
        assert status(response) is None
    finally:
        (folder / "kartan.txt").unlink()
