"""Who hears of a new comment: the article's authors and the meeting's contact person at
once, the page's followers in their digest."""

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from core.outbox.models import Message
from knowledge.models import ArticleAuthor, ArticlePage
from members.follows.emails import send_digests
from members.follows.models import Follow
from tests.factories.discussion import approved, article_in, comment
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def post(client, page, body, **data):
    return client.post(f"/mina-sidor/kommentarer/sida/{page.pk}/", {"body": body, **data})


def test_the_articles_authors_are_told_of_a_new_comment(
    client, home, mail_server, django_capture_on_commit_callbacks
):
    article = article_in(home, title="Hemsändning i Arjeplog")
    author = approved(first_name="Arne", email="arne@arjeplog.se")
    ArticleAuthor.objects.create(page=article, user=author)
    client.force_login(approved(first_name="Maja", last_name="Lind"))
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, "Hur prissatte ni hemsändningen?")
    [received] = mail_server.messages
    assert received["To"] == "arne@arjeplog.se"
    assert received["Subject"] == "[Mötesplats] Ny kommentar på Hemsändning i Arjeplog"
    body = text(received)
    assert "Maja Lind har kommenterat Hemsändning i Arjeplog" in body
    assert "Hur prissatte ni hemsändningen?" in body
    assert f"{article.full_url}#kommentar-" in body
    # The author's own comment tells no one.
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, "Vi tog 50 kronor per leverans.")
    assert len(mail_server.messages) == 1


def test_the_meetings_contact_person_is_told(
    client, home, mail_server, django_capture_on_commit_callbacks
):
    event = EventPageFactory(
        parent=EventIndexPageFactory(parent=home),
        title="Nätverksträff i Luleå",
        contact_email="kontakt@region.se",
    )
    client.force_login(approved())
    with django_capture_on_commit_callbacks(execute=True):
        post(client, event, "Finns det parkering?")
    [received] = mail_server.messages
    assert received["To"] == "kontakt@region.se"
    assert "Finns det parkering?" in text(received)


def test_followers_find_new_comments_in_their_digest(home):
    now = timezone.now()
    article = article_in(home, title="Servicepunkter i Jämtland")
    # Published long ago: only its comments are news.
    ArticlePage.objects.filter(pk=article.pk).update(first_published_at=now - timedelta(days=60))
    hidden = article_in(home, title="Internt")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    follower = UserFactory(
        email="följare@kommun.se", date_joined=timezone.now() - timedelta(days=8)
    )
    Follow.objects.create(user=follower, page=article)
    Follow.objects.create(user=follower, page=hidden)
    for n in range(2):
        comment(article, approved(), f"Kommentar {n}", created_at=now, published_at=now)
    comment(article, follower, "Min egen", published_at=now)
    comment(hidden, approved(), "Hemlig", published_at=now)
    comment(article, approved(), "Gammal", published_at=now - timedelta(days=30))
    comment(article, approved(), "Väntar", status="held")
    report = send_digests(now=now + timedelta(minutes=1))
    assert report.sent == 1
    [digest] = Message.objects.filter(kind="members.digest")
    assert digest.to == [follower.email]
    assert "Nya kommentarer på sidor du bevakar" in digest.body_text
    assert "Servicepunkter i Jämtland" in digest.body_text
    assert "2 nya kommentarer" in digest.body_text
    assert f"{article.full_url}#diskussion" in digest.body_text
    assert "Internt" not in digest.body_text
    assert digest.subject == "[Mötesplats] En nyhet om det du bevakar"
    # The next digest tells of them no more.
    assert send_digests(now=now + timedelta(days=1, minutes=2)).sent == 0
