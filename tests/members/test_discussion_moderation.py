"""Moderation: comments held for approval, the editors' queue, hide, restore and remove."""

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client

import pytest

from core.outbox.models import Message
from knowledge.models import ArticleAuthor
from members.discussion.models import Comment, CommentReport, DiscussionSettings
from tests.factories.discussion import approved, article_in, comment, comment_editor
from tests.factories.members import UserFactory, sign_in_with_mfa

pytestmark = pytest.mark.django_db

QUEUE = "/admin/kommentarer/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def author():
    return approved(first_name="Arne", last_name="Artikelförfattare", email="arne@region.se")


@pytest.fixture
def article(home, author):
    page = article_in(home, title="Bokbuss i Dorotea", slug="bokbuss")
    ArticleAuthor.objects.create(page=page, user=author)
    return page


@pytest.fixture
def member(client):
    user = approved(first_name="Maja", last_name="Lind", email="maja@kommun.se")
    client.force_login(user)
    return user


@pytest.fixture
def editor_client():
    editor_client = Client()
    sign_in_with_mfa(editor_client, comment_editor())
    return editor_client


def moderate(editor_client, comment, action, **data):
    return editor_client.post(f"{QUEUE}{comment.pk}/{action}/", data)


def test_published_at_once_by_default(client, member, article):
    client.post(f"/mina-sidor/kommentarer/sida/{article.pk}/", {"body": "Direkt"})
    assert Comment.objects.get().status == "published"
    assert "Direkt" in Client().get(article.url).content.decode()


def test_a_page_holds_comments_until_an_editor_approves(
    client, member, article, editor_client, django_capture_on_commit_callbacks
):
    DiscussionSettings.objects.create(page=article, hold_for_approval=True)
    assert "granskas av redaktionen" in client.get(article.url).content.decode()
    response = client.post(
        f"/mina-sidor/kommentarer/sida/{article.pk}/", {"body": "Väntar"}, follow=True
    )
    assert "när redaktionen har granskat den" in response.content.decode()
    held = Comment.objects.get()
    assert held.status == "held"
    # The author sees it marked; no one else sees it, nor is anyone told yet.
    assert "väntar på granskning" in client.get(article.url).content.decode()
    assert "Väntar" not in Client().get(article.url).content.decode()
    assert not Message.objects.filter(kind="members.comment_new").exists()
    queue = editor_client.get(QUEUE).content.decode()
    assert "Väntar" in queue and "Godkänn" in queue
    with django_capture_on_commit_callbacks(execute=True):
        assert moderate(editor_client, held, "restore").status_code == 302
    held.refresh_from_db()
    assert held.status == "published" and held.published_at is not None
    assert "Väntar" in Client().get(article.url).content.decode()
    told = Message.objects.filter(kind="members.comment_new")
    assert [message.to for message in told] == [["arne@region.se"]]
    assert "Väntar" not in editor_client.get(QUEUE).content.decode()


def test_reported_comments_are_queued_and_hidden_or_kept(client, member, article, editor_client):
    theirs = comment(article, approved(), "Olämpligt")
    client.post(f"/mina-sidor/kommentarer/{theirs.pk}/anmal/")
    queue = editor_client.get(QUEUE).content.decode()
    assert "Olämpligt" in queue and "Anmäld en gång" in queue
    assert moderate(editor_client, theirs, "hide").status_code == 302
    assert "Olämpligt" not in Client().get(article.url).content.decode()
    assert not CommentReport.objects.filter(handled=False).exists()
    assert "Dolda och borttagna kommentarer" in editor_client.get(QUEUE).content.decode()
    moderate(editor_client, theirs, "restore")
    assert "Olämpligt" in Client().get(article.url).content.decode()


def test_removal_tells_the_author_why_and_keeps_the_thread(
    article, editor_client, mail_server, django_capture_on_commit_callbacks
):
    writer = approved(first_name="Rut", email="rut@kommun.se")
    removed = comment(article, writer, "Reklam för min butik")
    reply = comment(article, approved(), "Ett svar", parent=removed)
    assert moderate(editor_client, removed, "remove", reason="").status_code == 302
    assert Comment.objects.get(pk=removed.pk).status == "published"
    with django_capture_on_commit_callbacks(execute=True):
        moderate(editor_client, removed, "remove", reason="Reklam hör inte hemma här.")
    removed.refresh_from_db()
    assert (removed.status, removed.removal_reason) == ("removed", "Reklam hör inte hemma här.")
    page = Client().get(article.url).content.decode()
    assert "Kommentaren har tagits bort" in page
    assert "Reklam för min butik" not in page
    assert reply.body in page
    [received] = [m for m in mail_server.messages if m["To"] == "rut@kommun.se"]
    assert received["Subject"] == "[Mötesplats] Din kommentar har tagits bort"
    body = received.get_body(preferencelist=("plain",)).get_content()
    assert "Reklam hör inte hemma här." in body and "Bokbuss i Dorotea" in body
    # No one replies to a removed comment, and the page offers no way to.
    member = Client()
    member.force_login(approved())
    response = member.post(
        f"/mina-sidor/kommentarer/sida/{article.pk}/", {"body": "Hm", "parent": removed.pk}
    )
    assert response.status_code == 400
    assert f'name="parent" value="{removed.pk}"' not in member.get(article.url).content.decode()


def test_members_and_plain_editors_are_kept_out_of_the_queue(client, member, article):
    theirs = comment(article, approved(), "Kvar")
    assert client.get(QUEUE).status_code in (302, 403)
    assert client.post(f"{QUEUE}{theirs.pk}/hide/").status_code in (302, 403)
    assert Comment.objects.get(pk=theirs.pk).status == "published"
    moderator = UserFactory(totp=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    other = Client()
    sign_in_with_mfa(other, moderator)
    # Wagtail answers a denied admin view with a redirect to the dashboard.
    assert other.get(QUEUE).status_code == 302
    assert other.post(f"{QUEUE}{theirs.pk}/hide/").status_code == 302
    assert Comment.objects.get(pk=theirs.pk).status == "published"


def test_an_unknown_action_is_refused(article, editor_client):
    theirs = comment(article, approved(), "Kvar")
    assert moderate(editor_client, theirs, "explode").status_code in (302, 403)
    assert Comment.objects.get(pk=theirs.pk).status == "published"


def test_editors_choose_the_pages_held_for_approval(article, editor_client):
    url = "/admin/members/discussion-settings/"
    assert editor_client.get(f"{url}new/").status_code == 200
    response = editor_client.post(f"{url}new/", {"page": article.pk, "hold_for_approval": "on"})
    assert response.status_code == 302
    assert DiscussionSettings.objects.get(page=article).hold_for_approval
    assert "Kommentarer att granska" in editor_client.get("/admin/").content.decode()
