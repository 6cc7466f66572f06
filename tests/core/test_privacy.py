"""A page hidden by Wagtail's privacy setting stays hidden in every channel that shows it.

Each restriction type (signed-in visitors, a group, a shared password) is put on a
meeting, a library article and a county page whose titles carry a marker. Every
channel is then read by a visitor the restriction keeps out and by one it lets in:
the first never sees the marker; the second sees it wherever a public page would
show. Channels read without a session (calendar subscriptions, the sitemap, RSS and
Atom) carry public pages only, for both.
"""

import json
from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

import pytest

from core.models import County
from core.outbox.models import Message
from events.models import EventDocument, EventIndexPage
from events.registration.models import Registration
from events.registration.services import registration_create
from knowledge.models import ArticleAuthor, ArticleKind, RelatedArticle
from members.follows.emails import send_digests
from members.follows.feed import feed_token_regenerate
from members.follows.models import DigestEntry, Follow
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.knowledge import ArticlePageFactory, LibraryIndexPageFactory
from tests.factories.regions import CountyPageFactory, RegionalCoordinationPageFactory
from tests.factories.registration import approved_member, open_event

MARK = "hemlig7q"
# A word of the restricted titles to search for (the results page repeats the query).
WORD = "lönnlig"
PASSWORD = "lösen-för-mötet"


@dataclass
class World:
    """The restricted pages, the public pages that point at them, and two visitors."""

    event: object
    article: object
    county_page: object
    public_article: object
    public_event: object
    document: object
    denied: Client
    allowed: Client
    allowed_user: object


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _restrict(page, kind: str, group: Group) -> PageViewRestriction:
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password=PASSWORD if kind == "password" else ""
    )
    if kind == "groups":
        restriction.groups.set([group])
    return restriction


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(params=["login", "groups", "password"])
def world(request, home, home_en) -> World:
    kind = request.param
    norrbotten = County.objects.get(code="25")
    library = LibraryIndexPageFactory(parent=home)
    landing = RegionalCoordinationPageFactory(parent=home)
    CountyPageFactory(parent=landing, county=norrbotten)

    event = open_event(
        home, title=f"Möte {WORD} {MARK}", slug="mote", summary=MARK, county=norrbotten
    )
    document = get_document_model().objects.create(
        title=f"Program {MARK}", file=ContentFile(MARK.encode(), name="program.txt")
    )
    EventDocument.objects.create(page=event, document=document)
    event.save_revision().publish()
    article = ArticlePageFactory(
        parent=library,
        title=f"Uppföljning {WORD} {MARK}",
        kind=ArticleKind.FOLLOW_UP,
    )
    article.counties.set([norrbotten])
    article.related_meetings.set([])
    article.save_revision().publish()
    county_page = CountyPageFactory(
        parent=landing, county=County.objects.get(code="24"), title=f"Västerbotten {MARK}"
    )

    public_event = EventPageFactory(
        parent=EventIndexPage.objects.child_of(home).first(),
        title="Öppet möte",
        start=timezone.now() + timedelta(days=30),
        end=timezone.now() + timedelta(days=30, hours=2),
    )
    public_article = ArticlePageFactory(parent=library, title="Öppen artikel")
    public_article.related_meetings.set([event])
    RelatedArticle.objects.create(page=public_article, article=article)
    public_article.save_revision().publish()
    # The restricted article is about the public meeting.
    article.related_meetings.set([public_event])
    article.save_revision().publish()

    group = Group.objects.create(name="Regionala handläggare")
    restrictions = [_restrict(page, kind, group) for page in (event, article, county_page)]

    allowed_user = approved_member(email="insläppt@example.se")
    if kind == "login":
        denied = Client()
        allowed = _signed_in(allowed_user)
    elif kind == "groups":
        denied = _signed_in(approved_member(email="utanfor@example.se"))
        allowed_user.groups.add(group)
        allowed = _signed_in(allowed_user)
    else:
        denied = _signed_in(approved_member(email="utanfor@example.se"))
        allowed = _signed_in(allowed_user)
        for restriction in restrictions:
            response = allowed.post(
                f"/_util/authenticate_with_password/{restriction.pk}/{event.pk}/",
                {"password": PASSWORD, "return_url": "/"},
            )
            assert response.status_code == 302
    return World(
        event=event,
        article=article,
        county_page=county_page,
        public_article=public_article,
        public_event=public_event,
        document=document,
        denied=denied,
        allowed=allowed,
        allowed_user=allowed_user,
    )


class _JsonLd(HTMLParser):
    """Collects the text of every <script type="application/ld+json">."""

    def __init__(self):
        super().__init__()
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script" and ("type", "application/ld+json") in attrs

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.blocks.append(data)


def _text(response) -> str:
    """What a visitor gets: the body of a successful answer, nothing otherwise."""
    if response.status_code != 200:
        return ""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _get(path: str):
    return lambda world, client: _text(client.get(path, follow=False))


def _page(name: str):
    return lambda world, client: _text(client.get(getattr(world, name).url))


def _json_ld(world, client) -> str:
    parser = _JsonLd()
    parser.feed(_text(client.get(world.event.url)))
    return json.dumps([json.loads(block) for block in parser.blocks], ensure_ascii=False)


def _search(world, client) -> str:
    return _text(client.get("/sok/", {"q": WORD}))


def _month(world, client) -> str:
    month = timezone.localtime(world.event.start).strftime("%Y-%m")
    return _text(client.get("/motesplatser/kalender/", {"manad": month}))


def _document(world, client) -> str:
    return _text(client.get(world.document.url))


def _registration(world, client) -> str:
    """The marker when the visitor's registration went through."""
    before = Registration.objects.filter(event=world.event).count()
    response = client.post(f"/anmalan/{world.event.pk}/", {})
    assert response.status_code in {302, 404}
    return MARK if Registration.objects.filter(event=world.event).count() > before else ""


def _county_finder(world, client) -> str:
    """The marker when the county finder leads to the restricted county page."""
    response = client.get("/hitta-lan/", {"lan": "vasterbottens-lan"})
    return MARK if response.get("Location") == world.county_page.url else ""


def _follower(world):
    """The member let in, following the county of the restricted pages since long ago."""
    user = world.allowed_user
    Follow.objects.get_or_create(user=user, county=County.objects.get(code="25"))
    user.date_joined = timezone.now() - timedelta(days=30)
    user.digest_sent_at = None
    user.save(update_fields=["date_joined", "digest_sent_at"])
    return user


def _follow_feed(world, client) -> str:
    user = _follower(world)
    return _text(client.get(f"/mina-sidor/bevakningar/{feed_token_regenerate(user=user)}.atom"))


def _digest(world, client) -> str:
    """The digest the member gets (mail is read without a session, so the same for all)."""
    user = _follower(world)
    DigestEntry.objects.filter(user=user).delete()
    Message.objects.filter(kind="members.digest").delete()
    send_digests()
    return "".join(
        Message.objects.filter(kind="members.digest").values_list("body_text", flat=True)
    )


def _api(path: str):
    """The open-data API as JSON text; it reads no session, so every visitor gets the same."""

    def read(world, client) -> str:
        response = client.get(path)
        if response.status_code != 200:
            return ""
        return json.dumps(json.loads(response.content), ensure_ascii=False)

    return read


def _api_meeting(world, client) -> str:
    return _api(f"/api/v2/moten/{world.event.pk}/")(world, client)


def _api_article(world, client) -> str:
    return _api(f"/api/v2/artiklar/{world.article.pk}/")(world, client)


def _api_county(world, client) -> str:
    return _text(client.get(f"/api/v2/lan/{world.county_page.pk}/"))


# Channel name, how a visitor reads it, and whether a visitor who is let in sees
# the restricted pages there.
CHANNELS = [
    ("page", _page("event"), True),
    ("meetings listing", _get("/motesplatser/"), True),
    ("month view", _month, True),
    ("single .ics", _get("/motesplatser/mote.ics"), True),
    ("search", _search, True),
    ("home", _get("/"), True),
    ("English home", _get("/en/"), True),
    ("county page teasers", _get("/regional-samordning/norrbottens-lan/"), True),
    ("county list", _get("/regional-samordning/"), True),
    ("county finder", _county_finder, True),
    # The open-data API is public data only, for every caller.
    ("api counties", _get("/api/v2/lan/"), False),
    ("api county", _api_county, False),
    ("api counties of the county", _get("/api/v2/lan/?lan=vasterbottens-lan"), False),
    ("related meetings and articles", _page("public_article"), True),
    ("the meeting's articles", _page("public_event"), True),
    ("library listing", _get("/kunskapsbank/"), True),
    ("json-ld", _json_ld, True),
    ("document", _document, True),
    ("registration", _registration, True),
    # Read by calendar apps, crawlers and feed readers, which carry no session.
    ("site feed", _get("/motesplatser/kalender.ics"), False),
    ("county feed", _get("/motesplatser/kalender.ics?lan=norrbottens-lan"), False),
    ("sitemap", _get("/sitemap-pages.xml"), False),
    ("rss", _get("/kunskapsbank/flode/rss/"), False),
    ("atom", _get("/kunskapsbank/flode/atom/"), False),
    ("follow feed", _follow_feed, False),
    ("digest", _digest, False),
    # The open-data API answers every caller as one without a session.
    ("api meetings", _api("/api/v2/moten/"), False),
    ("api meetings of the county", _api("/api/v2/moten/?lan=norrbottens-lan"), False),
    ("api meeting", _api_meeting, False),
    ("api articles", _api("/api/v2/artiklar/"), False),
    ("api article", _api_article, False),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("read", "shown_to_allowed"),
    [(read, shown) for _name, read, shown in CHANNELS],
    ids=[name for name, _read, _shown in CHANNELS],
)
def test_restricted_pages_reach_only_the_visitors_let_in(world, read, shown_to_allowed):
    # The visitor let in reads first, so that anything the channel caches for
    # them would show up in what the other visitor gets next.
    assert (MARK in read(world, world.allowed)) is shown_to_allowed
    assert MARK not in read(world, world.denied)
    assert MARK not in read(world, Client())


@pytest.mark.django_db
def test_channels_show_the_same_pages_when_public(home, home_en):
    """The channels above do show a public meeting and article: the test can see."""
    norrbotten = County.objects.get(code="25")
    library = LibraryIndexPageFactory(parent=home)
    landing = RegionalCoordinationPageFactory(parent=home)
    CountyPageFactory(parent=landing, county=norrbotten)
    index = EventIndexPageFactory(parent=home)
    start = timezone.now() + timedelta(days=14)
    EventPageFactory(
        parent=index,
        title=f"Möte {MARK}",
        county=norrbotten,
        start=start,
        end=start + timedelta(hours=2),
    )
    article = ArticlePageFactory(parent=library, title=f"Uppföljning {MARK}", kind="uppfoljning")
    article.counties.set([norrbotten])
    article.save_revision().publish()
    follower = approved_member(email="foljare@example.se")
    Follow.objects.create(user=follower, county=norrbotten)
    follower.date_joined = timezone.now() - timedelta(days=30)
    follower.save(update_fields=["date_joined"])
    send_digests()
    assert MARK in Message.objects.get(kind="members.digest").body_text
    client = Client()
    token = feed_token_regenerate(user=follower)
    for path in [
        f"/mina-sidor/bevakningar/{token}.atom",
        "/motesplatser/kalender.ics",
        "/motesplatser/kalender.ics?lan=norrbottens-lan",
        "/sitemap-pages.xml",
        "/kunskapsbank/flode/rss/",
        "/kunskapsbank/flode/atom/",
        "/api/v2/moten/",
        "/api/v2/artiklar/",
    ]:
        assert MARK in _text(client.get(path)), path


@pytest.mark.django_db
def test_the_api_leaves_out_drafts_unpublished_pages_and_members_data(home):
    """What only editors, members or participants see never reaches the open-data API."""
    library = LibraryIndexPageFactory(parent=home)
    member = approved_member(email=f"{MARK}@example.se", first_name=MARK)
    event = open_event(
        home,
        title="Öppet möte",
        online_link=f"https://meet.example.se/{MARK}",
        online_phone="+46 8 555 123 45",
        online_code=f"kod-{MARK}",
    )
    registration_create(event=event, user=member, actor=member, answers={})
    assert Registration.objects.filter(event=event, user=member).exists()
    event.title = f"Utkast {MARK}"
    event.save_revision()
    unpublished = open_event(home, title=f"Avpublicerat {MARK}", slug="avpublicerat")
    unpublished.unpublish()
    article = ArticlePageFactory(parent=library, title="Öppen artikel", content_owner=member)
    ArticleAuthor.objects.create(page=article, user=member)
    article.body = [("paragraph", f"<p>{MARK}</p>")]
    article.save_revision().publish()
    article.summary = f"Utkast {MARK}"
    article.save_revision()
    ArticlePageFactory(parent=library, title=f"Opublicerad {MARK}", live=False)

    client = Client()
    for path in ["/api/v2/moten/", "/api/v2/artiklar/"]:
        listing = client.get(path).json()
        assert listing["meta"]["total_count"] == 1, path
        for item in listing["items"]:
            detail = client.get(item["meta"]["detail_url"])
            assert detail.status_code == 200
            assert MARK not in detail.content.decode() + json.dumps(detail.json())
        assert MARK not in json.dumps(listing, ensure_ascii=False)
    assert "555 123 45" not in client.get(f"/api/v2/moten/{event.pk}/").content.decode()
    assert client.get(f"/api/v2/moten/{unpublished.pk}/").status_code == 404


def test_the_api_shows_no_unpublished_county_page_unapproved_figures_or_unlisted_contacts(
    home, client
):
    """What is not public in the first place never reaches the open-data API."""
    from regions.models import FollowUpAnswer
    from tests.factories import followups
    from tests.factories.regions import ContactPersonFactory

    landing = RegionalCoordinationPageFactory(parent=home)
    norrbotten = County.objects.get(code="25")
    public = CountyPageFactory(parent=landing, county=norrbotten)
    draft = CountyPageFactory(
        parent=landing, county=County.objects.get(code="24"), title=f"Utkast {MARK}", live=False
    )
    round_ = followups.follow_up_round(2025, followups.questionnaire())
    answer = followups.answer(
        round_,
        norrbotten,
        {followups.SHOPS: 4711, followups.COMMENT: f"Svar {MARK}"},
        status=FollowUpAnswer.Status.SUBMITTED,
    )
    answer.review_comment = f"Granskning {MARK}"
    answer.save()
    ContactPersonFactory(name="Listad kontakt")
    unlisted = ContactPersonFactory(name=f"Olistad {MARK}", county=None)

    def read(path: str) -> str:
        response = client.get(path)
        assert response.status_code in (200, 404)
        return response.content.decode()

    paths = [
        "/api/v2/lan/",
        "/api/v2/lan/?ar=2025",
        f"/api/v2/lan/{public.pk}/",
        f"/api/v2/lan/{public.pk}/?ar=2025",
        f"/api/v2/lan/{draft.pk}/",
        "/api/v2/kontaktpersoner/",
        "/api/v2/kontaktpersoner/?ansvar=rsp",
        f"/api/v2/kontaktpersoner/{unlisted.pk}/",
    ]
    for path in paths:
        text = read(path)
        assert MARK not in text and "4711" not in text, path
    assert client.get(f"/api/v2/lan/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v2/kontaktpersoner/{unlisted.pk}/").status_code == 404
    # The channels can see: published, approved and listed data does show.
    answer.status = FollowUpAnswer.Status.APPROVED
    answer.save()
    assert f"Svar {MARK}" in read("/api/v2/lan/")
    assert f"Granskning {MARK}" not in read("/api/v2/lan/")
    assert "Listad kontakt" in read("/api/v2/kontaktpersoner/")
