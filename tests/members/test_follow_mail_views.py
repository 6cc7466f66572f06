"""One-click unsubscribe without a session, and the personal follow feed."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction

import feedparser
import pytest

from core.models import County
from members.follows.feed import feed_token_regenerate
from members.follows.models import Follow
from members.follows.unsubscribe import CHANGES, DIGEST, NEW_EVENT, make_token
from members.models import User
from tests.factories.core import TopicFactory
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.knowledge import ArticlePageFactory, LibraryIndexPageFactory
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


def url(user, key):
    return reverse("members:digest:unsubscribe", args=[make_token(user, key)])


@pytest.mark.parametrize(
    ("key", "field", "off", "what"),
    [
        (DIGEST, "digest_frequency", "off", "sammanfattningar"),
        (NEW_EVENT, "new_events_at_once", False, "genast om nya mötesplatser"),
        (CHANGES, "notify_event_updates", False, "ändringar i mina anmälningar"),
    ],
)
def test_unsubscribe_by_get_and_post_without_a_session(home, key, field, off, what):
    user = UserFactory(new_events_at_once=True, digest_frequency="daily")
    client = Client(enforce_csrf_checks=True)
    page = client.get(url(user, key))
    assert page.status_code == 200
    assert what in page.content.decode() and user.email in page.content.decode()
    assert "Ja, avsluta" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    user.refresh_from_db()
    assert getattr(user, field) != off  # looking changes nothing

    done = client.post(url(user, key))
    assert done.status_code == 200
    text = done.content.decode()
    assert "Du får inte längre" in text and what in text
    user.refresh_from_db()
    assert getattr(user, field) == off
    # The other kinds are untouched.
    others = {"digest_frequency": "daily", "new_events_at_once": True}
    for name, value in others.items():
        if name != field:
            assert getattr(user, name) == value


def test_one_click_post_from_a_mail_client(home):
    user = UserFactory(digest_frequency="weekly")
    response = Client(enforce_csrf_checks=True).post(
        url(user, DIGEST),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.digest_frequency == "off"


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "eyJ1IjoxLCJrIjoiZGlnZXN0In0:forged-signature",
        # Signed, but for another purpose (another salt).
        "SIGNED-ELSEWHERE",
    ],
)
def test_forged_or_unknown_token_is_400_and_changes_nothing(home, token):
    from django.core import signing

    user = UserFactory(digest_frequency="weekly")
    if token == "SIGNED-ELSEWHERE":
        token = signing.Signer(salt="another").sign_object({"u": user.pk, "k": DIGEST})
    for method in ("get", "post"):
        response = getattr(Client(), method)(reverse("members:digest:unsubscribe", args=[token]))
        assert response.status_code == 400
        assert "Länken fungerar inte" in response.content.decode()
    user.refresh_from_db()
    assert user.digest_frequency == "weekly"


def test_token_of_a_deleted_member_is_400(home):
    user = UserFactory()
    link = url(user, DIGEST)
    user.delete()
    assert Client().post(link).status_code == 400


# -- The follow feed -------------------------------------------------------------------


@pytest.fixture
def followed(home):
    topic = TopicFactory(slug="dagligvaror")
    events = EventIndexPageFactory(parent=home)
    library = LibraryIndexPageFactory(parent=home)
    start = timezone.now() + timedelta(days=20)
    user = UserFactory(first_name="Hemlig", phone="070-1234567")
    user.interests.set([topic])
    Follow.objects.create(user=user, county=County.objects.get(code="25"))

    def publish(page, topics=(topic,)):
        page.topics.set(topics)
        page.save_revision().publish()
        return page

    public_event = publish(
        EventPageFactory(
            parent=events, title="Öppen träff", start=start, end=start + timedelta(hours=1)
        )
    )
    public_article = publish(ArticlePageFactory(parent=library, title="Öppen artikel"))
    hidden_event = publish(
        EventPageFactory(
            parent=events, title="Stängd träff", start=start, end=start + timedelta(hours=1)
        )
    )
    PageViewRestriction.objects.create(page=hidden_event, restriction_type="login")
    draft = publish(ArticlePageFactory(parent=library, title="Indragen artikel"))
    draft.unpublish()
    publish(ArticlePageFactory(parent=library, title="Annat ämne"), topics=())
    return user, public_event, public_article


def test_follow_feed_lists_public_followed_items_only(client, followed):
    user, event, article = followed
    token = feed_token_regenerate(user=user)
    response = client.get(f"/mina-sidor/bevakningar/{token}.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert response["Cache-Control"] == "private, no-store"
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert sorted(entry.title for entry in feed.entries) == ["Öppen artikel", "Öppen träff"]
    assert {entry.link for entry in feed.entries} == {event.full_url, article.full_url}
    content = response.content.decode()
    for secret in ("Stängd träff", "Indragen artikel", "Annat ämne", "Hemlig", user.email, "070"):
        assert secret not in content


def test_follow_feed_unknown_token_rotation_and_inactive(client, followed):
    user = followed[0]
    assert client.get("/mina-sidor/bevakningar/okand.atom").status_code == 404
    old = feed_token_regenerate(user=user)
    signed_in = Client()
    signed_in.force_login(user)
    response = signed_in.post(
        reverse("members:digest:feed-rotate"), {"next": "/mina-sidor/profil/"}
    )
    assert response.status_code == 302 and response["Location"] == "/mina-sidor/profil/"
    user.refresh_from_db()
    assert user.follow_feed_token and user.follow_feed_token != old
    assert client.get(f"/mina-sidor/bevakningar/{old}.atom").status_code == 404
    assert client.get(f"/mina-sidor/bevakningar/{user.follow_feed_token}.atom").status_code == 200
    # Elsewhere than this site: back to Mina sidor.
    response = signed_in.post(
        reverse("members:digest:feed-rotate"), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("members:dashboard")
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.refresh_from_db()
    assert client.get(f"/mina-sidor/bevakningar/{user.follow_feed_token}.atom").status_code == 404


def test_rotating_needs_a_signed_in_post(client, followed):
    assert client.post(reverse("members:digest:feed-rotate")).status_code == 302
    signed_in = Client()
    signed_in.force_login(followed[0])
    assert signed_in.get(reverse("members:digest:feed-rotate")).status_code == 405


def test_a_new_password_replaces_the_follow_feed_address(client, followed):
    user = followed[0]
    old = feed_token_regenerate(user=user)
    client.force_login(user)
    response = client.post(
        "/konto/password/change/",
        {
            "oldpassword": "losenord-123",
            "password1": "Glesbygd-Handlar-2026",
            "password2": "Glesbygd-Handlar-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.follow_feed_token != old


def test_the_feed_include_shows_the_address_and_the_button(rf, followed):
    from django.template.loader import render_to_string

    user = followed[0]
    request = rf.get("/mina-sidor/bevakningar/")
    request.user = user
    html = render_to_string("members/follows/includes/feed.html", request=request)
    assert "Skapa adress till flödet" in html
    feed_token_regenerate(user=user)
    html = render_to_string("members/follows/includes/feed.html", request=request)
    assert f"/mina-sidor/bevakningar/{user.follow_feed_token}.atom" in html
    assert "Skapa ny adress" in html
