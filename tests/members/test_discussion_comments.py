"""Comments: who may write, reply, change, delete and report them, and what is refused."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from members.discussion.models import Comment, CommentReport
from tests.factories.core import StandardPageFactory
from tests.factories.discussion import approved, article_in, comment
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def article(home):
    return article_in(home, title="Hemsändning i Arjeplog", slug="hemsandning")


@pytest.fixture
def member(client):
    user = approved(first_name="Maja", last_name="Lind")
    client.force_login(user)
    return user


def post_url(page) -> str:
    return f"/mina-sidor/kommentarer/sida/{page.pk}/"


def html(response) -> str:
    return response.content.decode()


def test_a_member_comments_and_the_page_shows_it_as_plain_text_with_links(client, member, article):
    body = (
        'Hur prissatte ni? <img src=x onerror="alert(1)"> <b>fet</b>\nSe https://example.se/pris'
    )
    response = client.post(post_url(article), {"body": body})
    [saved] = Comment.objects.all()
    assert response.status_code == 302
    assert response["Location"] == f"{article.url}#kommentar-{saved.pk}"
    assert (saved.user, saved.page_id, saved.status) == (member, article.pk, "published")
    page = html(client.get(article.url))
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &lt;b&gt;fet&lt;/b&gt;<br>" in page
    assert (
        '<a href="https://example.se/pris" rel="nofollow ugc">https://example.se/pris</a>' in page
    )
    assert "<img src=x" not in page
    assert "1 kommentar" in page


def test_a_meeting_takes_comments_too(client, member, home):
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home))
    assert client.post(post_url(event), {"body": "Fråga inför mötet"}).status_code == 302
    assert "Fråga inför mötet" in html(client.get(event.url))


def test_anonymous_visitors_read_comments_and_get_a_sign_in_link(client, article):
    comment(article, approved(), "Bra artikel")
    page = html(client.get(article.url))
    assert "Bra artikel" in page
    assert "Logga in för att kommentera" in page
    assert "csrfmiddlewaretoken" not in page
    response = client.post(post_url(article), {"body": "Anonym"})
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    assert Comment.objects.filter(body="Anonym").count() == 0


def test_only_approved_members_may_comment(client, article):
    user = UserFactory()
    client.force_login(user)
    assert "Bara godkända medlemmar" in html(client.get(article.url))
    response = client.post(post_url(article), {"body": "Hej"})
    assert response.status_code == 403
    assert "Bara godkända medlemmar" in html(response)
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Skriv en text."),
        ("   \n ", "Skriv en text."),
        ("x" * 4001, "Texten får vara högst 4000 tecken lång, den är 4001."),
    ],
)
def test_empty_and_over_long_text_is_refused_by_the_field(client, member, article, body, message):
    response = client.post(post_url(article), {"body": body})
    assert response.status_code == 400
    assert message in html(response)
    assert 'name="body"' in html(response)
    assert not Comment.objects.exists()


def test_unpublished_restricted_and_other_pages_take_no_comments(client, member, home, article):
    restricted = article
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )
    assert client.post(post_url(restricted), {"body": "Hej"}).status_code == 404
    assert "inte öppen för dig" in html(client.post(post_url(restricted), {"body": "Hej"}))
    draft = EventPageFactory(parent=EventIndexPageFactory(parent=home), live=False)
    assert client.post(post_url(draft), {"body": "Hej"}).status_code == 404
    standard = StandardPageFactory(parent=home)
    assert client.post(post_url(standard), {"body": "Hej"}).status_code == 404
    assert client.post("/mina-sidor/kommentarer/sida/999999/", {"body": "Hej"}).status_code == 404
    assert not Comment.objects.exists()


def test_replies_go_one_level_deep(client, member, article, home):
    first = comment(article, approved(), "Fråga")
    response = client.post(post_url(article), {"body": "Svar", "parent": first.pk})
    assert response.status_code == 302
    reply = Comment.objects.get(body="Svar")
    assert reply.parent == first
    page = html(client.get(article.url))
    assert page.index("Fråga") < page.index("Svar")
    # A reply to a reply, to a removed comment, to another page's comment, or a forged id.
    other = comment(article_in(home, slug="annan"), approved(), "Annan")
    removed = comment(article, approved(), "Borta", status=Comment.Status.REMOVED)
    for parent, status, message in [
        (reply.pk, 400, "inte på ett svar"),
        (removed.pk, 400, "borttagen kommentar"),
        (other.pk, 400, "en annan sida"),
        (999999, 400, "finns inte"),
        ("abc", 400, "felaktigt ifyllt"),
    ]:
        response = client.post(post_url(article), {"body": "Nej", "parent": parent})
        assert response.status_code == status, parent
        assert message in html(response)
    assert not Comment.objects.filter(body="Nej").exists()


def test_the_author_edits_and_deletes_within_the_time_allowed(client, member, article, settings):
    settings.DISCUSSION_EDIT_MINUTES = 15
    mine = comment(article, member, "Först")
    edit = f"/mina-sidor/kommentarer/{mine.pk}/andra/"
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"body": "Sedan"}).status_code == 302
    mine.refresh_from_db()
    assert mine.body == "Sedan" and mine.edited_at is not None
    assert "(ändrad)" in html(client.get(article.url))
    assert client.post(edit, {"body": ""}).status_code == 400
    Comment.objects.filter(pk=mine.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    response = client.post(edit, {"body": "För sent"})
    assert response.status_code == 403
    assert "inom 15 minuter" in html(response)
    assert client.post(f"/mina-sidor/kommentarer/{mine.pk}/ta-bort/").status_code == 403
    assert Comment.objects.get(pk=mine.pk).body == "Sedan"


def test_no_one_changes_or_deletes_someone_elses_comment(client, member, article):
    theirs = comment(article, approved(), "Deras")
    assert (
        client.post(f"/mina-sidor/kommentarer/{theirs.pk}/andra/", {"body": "X"}).status_code
        == 403
    )
    assert client.get(f"/mina-sidor/kommentarer/{theirs.pk}/andra/").status_code == 403
    assert client.post(f"/mina-sidor/kommentarer/{theirs.pk}/ta-bort/").status_code == 403
    assert Comment.objects.get(pk=theirs.pk).body == "Deras"


def test_deleting_a_comment_with_replies_keeps_the_thread(client, member, article):
    mine = comment(article, member, "Min fråga")
    comment(article, approved(), "Ett svar", parent=mine)
    alone = comment(article, member, "Ensam")
    assert client.post(f"/mina-sidor/kommentarer/{alone.pk}/ta-bort/").status_code == 302
    assert not Comment.objects.filter(pk=alone.pk).exists()
    assert client.post(f"/mina-sidor/kommentarer/{mine.pk}/ta-bort/").status_code == 302
    page = html(Client().get(article.url))
    assert "Kommentaren har tagits bort" in page and "Ett svar" in page
    assert "Min fråga" not in page


def test_members_report_others_comments_once(client, member, article):
    theirs = comment(article, approved(), "Tveksamt")
    url = f"/mina-sidor/kommentarer/{theirs.pk}/anmal/"
    assert "Anmäl" in html(client.get(article.url))
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert CommentReport.objects.filter(comment=theirs, user=member).count() == 1
    mine = comment(article, member, "Mitt")
    assert client.post(f"/mina-sidor/kommentarer/{mine.pk}/anmal/").status_code == 400


def test_flooding_is_refused_per_member(client, member, article, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "comment": "3/m/user"}
    for n in range(3):
        assert client.post(post_url(article), {"body": f"Nr {n}"}).status_code == 302
    response = client.post(post_url(article), {"body": "En till"})
    assert response.status_code == 429
    assert "många kommentarer på kort tid" in html(response)
    assert Comment.objects.count() == 3
    # Another member is not held back.
    other = Client()
    other.force_login(approved())
    assert other.post(post_url(article), {"body": "Jag då"}).status_code == 302


def test_a_forged_form_without_its_token_is_refused(member, article):
    forger = Client(enforce_csrf_checks=True)
    forger.force_login(member)
    assert forger.post(post_url(article), {"body": "Falsk"}).status_code == 403
    assert not Comment.objects.exists()


def test_the_privacy_setting_holds_for_comments(client, member, home, article):
    """A group restriction keeps the member out of the thread, its forms and its writes."""
    theirs = comment(article, approved(), "Bakom lås")
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.GROUPS
    )
    insiders = Group.objects.create(name="Insiders")
    restriction.groups.add(insiders)
    assert "Bakom lås" not in html(client.get(article.url))
    assert client.post(post_url(article), {"body": "In"}).status_code == 404
    assert client.post(f"/mina-sidor/kommentarer/{theirs.pk}/anmal/").status_code == 404
    mine = comment(article, member, "Min")
    assert client.get(f"/mina-sidor/kommentarer/{mine.pk}/andra/").status_code == 404
    assert client.post(f"/mina-sidor/kommentarer/{mine.pk}/ta-bort/").status_code == 404
    assert not CommentReport.objects.exists()
    assert Comment.objects.filter(pk=mine.pk).exists()
    # Let in by the setting, the member reads and writes as on any page.
    member.groups.add(insiders)
    assert "Bakom lås" in html(client.get(article.url))
    assert client.post(post_url(article), {"body": "In"}).status_code == 302
