"""Comments and the page cache: a new comment retires its own page and the counting
listings, nothing else; a page's thread and a listing's counts cost a fixed number of queries."""

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from core import page_cache
from members.discussion import services
from members.discussion.models import DiscussionSettings
from tests.factories.core import StandardPageFactory
from tests.factories.discussion import approved, article_in, comment
from tests.factories.registration import open_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE_SECONDS = 600
    page_cache.CONTENT.bump()
    cache.delete_many(["pagecache:comments"])


def status(response) -> str | None:
    return response.headers.get(page_cache.STATUS_HEADER)


def test_a_comment_retires_its_page_and_the_counts_alone(
    client, home, cached, django_capture_on_commit_callbacks
):
    first = article_in(home, title="Första", slug="forsta")
    second = article_in(home, title="Andra", slug="andra")
    other = StandardPageFactory(parent=home, title="Om oss", slug="om")
    library = first.get_parent().url
    for url in (first.url, second.url, other.url, library, library):
        client.get(url)
    assert [status(client.get(url)) for url in (first.url, second.url, other.url, library)] == [
        "hit",
        "hit",
        "hit",
        "hit",
    ]
    member = Client()
    member.force_login(approved(first_name="Maja"))
    with django_capture_on_commit_callbacks(execute=True):
        member.post(f"/mina-sidor/kommentarer/sida/{first.pk}/", {"body": "Ny tanke"})
    fresh = client.get(first.url)
    assert status(fresh) == "miss"
    assert "Ny tanke" in fresh.content.decode()
    assert status(client.get(first.url)) == "hit"
    assert status(client.get(second.url)) == "hit"
    assert status(client.get(other.url)) == "hit"
    listing = client.get(library)
    assert status(listing) == "miss"
    assert "1 kommentar" in listing.content.decode()


def test_a_moderators_decision_retires_the_page(
    client, home, cached, django_capture_on_commit_callbacks
):
    article = article_in(home, slug="modererad")
    shown = comment(article, approved(), "Syns nu")
    client.get(article.url)
    assert status(client.get(article.url)) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.hide_comment(comment=shown)
    response = client.get(article.url)
    assert status(response) == "miss"
    assert "Syns nu" not in response.content.decode()


def test_a_lost_page_generation_is_never_served_stale(client, home, cached):
    article = article_in(home, slug="tappad")
    client.get(article.url)
    assert status(client.get(article.url)) == "hit"
    cache.delete(page_cache.page_generation(article.pk).key)
    assert status(client.get(article.url)) == "miss"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_thread_and_the_counts_cost_the_same_however_many_comments(client, home):
    article = article_in(home, slug="lang")
    neighbour = article_in(home, slug="granne")
    member = approved()
    client.force_login(member)
    library = article.get_parent().url
    comment(article, member, "Först")
    comment(neighbour, member, "Först")
    client.get(article.url), client.get(library)  # warm the per-process caches
    few = _queries(client, article.url), _queries(client, library)
    for n in range(20):
        top = comment(article, approved(), f"Kommentar {n}")
        comment(article, approved(), f"Svar {n}", parent=top)
        comment(neighbour, approved(), f"Granne {n}")
    # The new commenters' memberships retired the cached ones (members.selectors): warm again.
    client.get(article.url), client.get(library)
    assert (_queries(client, article.url), _queries(client, library)) == few


def test_the_meeting_listing_counts_comments_in_one_query(client, home):
    first, second = open_event(home, title="Träff ett"), open_event(home, title="Träff två")
    listing = first.get_parent().url
    client.get(listing)
    few = _queries(client, listing)
    for n in range(3):
        comment(first, approved(), f"Fråga {n}")
        comment(second, approved(), f"Fråga {n}")
    hidden = comment(second, approved(), "Dold", status="hidden")
    comment(second, approved(), "Under en dold", parent=hidden)
    assert _queries(client, listing) == few
    page = client.get(listing).content.decode()
    assert page.count("3 kommentarer") == 2


def thread_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries if "discussion_comment" in q["sql"]]


def test_members_who_have_not_written_share_the_thread_and_writers_see_their_own(
    home, cached, django_capture_on_commit_callbacks
):
    article = article_in(home, title="Tråden", slug="traden")
    DiscussionSettings.objects.create(page=article, hold_for_approval=True)
    comment(article, approved(first_name="Olle"), "Första ordet")
    reader, other, writer = (Client() for _ in range(3))
    for client in (reader, other, writer):
        client.force_login(approved())
    reader.get(article.url)
    other.get(article.url)
    # The thread of members who have not written is rendered once for all of them.
    assert thread_queries(other, article.url) == []
    page = other.get(article.url).content.decode()
    assert "Första ordet" in page and "Anmäl" in page and "Ändra" not in page
    with django_capture_on_commit_callbacks(execute=True):
        writer.post(f"/mina-sidor/kommentarer/sida/{article.pk}/", {"body": "Mitt svar"})
    mine = writer.get(article.url).content.decode()
    assert "Mitt svar" in mine and "väntar på granskning" in mine and "Ändra" in mine
    for client in (other, reader, Client()):
        assert "Mitt svar" not in client.get(article.url).content.decode()
