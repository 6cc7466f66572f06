"""Personal tags in shared pages: rendered per request, kept out of what is stored."""

from django.core.cache import cache
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse

import pytest

from core import page_cache, personal
from members.models import Membership
from tests.factories.core import StandardPageFactory, TopicFactory
from tests.factories.knowledge import LibraryIndexPageFactory
from tests.factories.members import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    """The page cache on and empty, so that the entries a test finds are its own."""
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    page_cache.CONTENT.bump()


def status(response) -> str | None:
    return response.headers.get(page_cache.STATUS_HEADER)


def stored_entries() -> list[tuple]:
    """Every page entry in the cache (locmem in the first CI round, Redis in the second)."""
    if isinstance(cache._cache, dict):  # locmem
        keys = [key.split(":", 2)[-1] for key in cache._cache if ":pagecache:page:" in key]
    else:
        client = cache._cache.get_client()
        pattern = cache.make_key("pagecache:page:*")
        keys = [key.decode().split(":", 2)[-1] for key in client.scan_iter(pattern)]
    return list(cache.get_many(keys).values())


def test_a_members_message_is_shown_on_a_hit_once_and_to_them_alone(client, home, cached):
    StandardPageFactory(parent=home, title="Om oss", slug="om-oss")
    topic = TopicFactory(name="Drivmedel")
    first, second = UserFactory(), UserFactory()
    client.force_login(first)
    assert status(client.get("/om-oss/")) == "miss"
    client.post(
        reverse("members:follows:follow"),
        {"target": "topic", "value": topic.pk, "next": "/om-oss/"},
    )
    shown = client.get("/om-oss/")
    assert status(shown) == "hit"
    assert "Du bevakar nu Drivmedel." in shown.content.decode()
    again = client.get("/om-oss/")
    assert status(again) == "hit"
    assert "Du bevakar nu" not in again.content.decode()
    client.force_login(second)
    assert "Du bevakar nu" not in client.get("/om-oss/").content.decode()


def test_a_personal_tags_text_comes_through_a_recorded_render_unchanged(client, home, cached):
    """Backslashes and group references in a tag's output survive taking the marks out."""
    StandardPageFactory(parent=home, title="Om oss", slug="om-oss")
    topic = TopicFactory(name=r"Drivmedel \2 \g<0> \\ <b>")
    client.force_login(UserFactory())
    client.post(
        reverse("members:follows:follow"),
        {"target": "topic", "value": topic.pk, "next": "/om-oss/"},
    )

    shown = client.get("/om-oss/")

    assert status(shown) == "miss"
    assert r"Du bevakar nu Drivmedel \2 \g&lt;0&gt; \\ &lt;b&gt;." in shown.text
    assert personal.MARKER not in shown.text


def test_the_shared_part_holds_no_personal_output(client, home, cached):
    StandardPageFactory(parent=home, title="Om oss", slug="om-oss")
    client.force_login(UserFactory())
    page = client.get("/om-oss/").content.decode()
    assert "Logga ut" in page and personal.MARKER not in page
    entries = [entry for entry in stored_entries() if len(entry) == 5]
    assert len(entries) == 1, "the member's shared part was stored"
    _, _, shared, holes, _ = entries[0]
    text = "".join(shared)
    assert "Om oss" in text
    assert "Logga ut" not in text and "Logga in" not in text
    assert personal.MARKER not in text
    assert [name for name, _ in holes] == ["user_bar", "account_links", "message_list"]


def test_an_error_page_after_a_recorded_render_holds_no_marks(client, home, cached):
    """A page's view that raises (an unknown draft: 404) ends the recording first."""
    library = LibraryIndexPageFactory(parent=home)
    client.force_login(MembershipFactory(status=Membership.Status.APPROVED).user)

    response = client.get(f"{library.url}skriv/999999/")

    assert response.status_code == 404
    assert "Logga ut" in response.text and personal.MARKER not in response.text


def test_the_user_bar_is_an_editors_alone_on_a_hit(client, home, cached):
    StandardPageFactory(parent=home, title="Om oss", slug="om-oss")
    client.force_login(UserFactory())
    client.get("/om-oss/")
    member_page = client.get("/om-oss/")
    client.force_login(UserFactory(is_superuser=True))
    editor_page = client.get("/om-oss/")
    assert status(member_page) == status(editor_page) == "hit"
    assert "userbar" not in member_page.content.decode()
    assert "wagtail-userbar" in editor_page.content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[home.get_children().get().pk]) in (
        editor_page.content.decode()
    )


def test_a_served_page_argument_is_stored_as_a_reference(client, home, cached):
    library = LibraryIndexPageFactory(parent=home)
    client.force_login(UserFactory())
    client.get(library.url)
    (entry,) = [entry for entry in stored_entries() if len(entry) == 5]
    holes = dict(entry[3])
    assert holes["contribution_links"] == (personal.SERVED_PAGE,)


def test_text_that_looks_like_a_mark_is_escaped_and_the_page_still_kept(client, home, cached):
    title = "<!--personal 0123456789abcdef 0-->Rubrik<!--/0123456789abcdef-->"
    StandardPageFactory(parent=home, title=title, slug="markering")
    client.force_login(UserFactory())
    first = client.get("/markering/")
    assert status(first) == "miss"
    second = client.get("/markering/")
    assert status(second) == "hit"
    assert second.content == first.content
    assert "&lt;!--personal 0123456789abcdef 0--&gt;Rubrik" in second.content.decode()


def test_a_personal_tag_inside_a_shared_block_is_an_error(rf, home):
    request = rf.get("/")
    request.user = UserFactory()
    template = Template("{% load site_tags %}{% shared %}{% account_links %}{% endshared %}")
    with pytest.raises(TemplateSyntaxError, match="personal"):
        template.render(Context({"request": request}))


def test_a_shared_block_is_rendered_once_per_generation(rf, home):
    from django.contrib.auth.models import AnonymousUser

    calls = []
    request = rf.get("/mina-sidor/")
    request.user = AnonymousUser()
    template = Template("{% load site_tags %}{% shared %}{{ counter }}{% endshared %}")

    def render() -> str:
        calls.append(1)
        return template.render(Context({"request": request, "counter": len(calls)}))

    assert render() == render() == "1"
    page_cache.CONTENT.bump()
    other = rf.get("/mina-sidor/")
    other.user = AnonymousUser()
    assert template.render(Context({"request": other, "counter": 5})) == "5"
