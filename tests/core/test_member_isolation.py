"""No member's personal data reaches another member, or an anonymous visitor, on any page.

A safety net for the caches (the page cache, whose shared parts members get with their
personal tags filled in, ``remember``, the read-ahead and the cached routes): two approved
members with data of their own and an anonymous visitor ask for every page type in turn,
each twice, with the page cache on (and in Redis when ``REDIS_URL`` is set, as in CI's
second round).
Whatever one of them was shown must never be shown to another: names, e-mail addresses,
organisations, registration states, drafts, comments awaiting review, what they follow,
private feed addresses and CSRF tokens. Adding a page is one line in ``PAGES``.

The data is made once for the module, in a transaction rolled back at its end; each test
runs in a savepoint of it, as other tests run in their own transaction.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser

from django.conf import settings
from django.db import transaction
from django.middleware.csrf import _does_token_match, _unmask_cipher_token
from django.test import Client
from django.utils import timezone

from wagtail.models import Locale, Page, Site

import feedparser
import pytest
from icalendar import Calendar

from core import page_cache
from core.models import County, HomePage
from events.registration.models import Registration
from events.registration.services import registration_create
from knowledge.services import ArticleDraft, article_draft_create
from members.discussion.models import Comment
from members.follows.services import follow_county
from members.services import feed_token_regenerate
from tests.factories.core import OpenDataPageFactory, StandardPageFactory
from tests.factories.discussion import comment
from tests.factories.knowledge import ArticlePageFactory, LibraryIndexPageFactory
from tests.factories.members import OrganisationFactory
from tests.factories.regions import (
    ContactDirectoryPageFactory,
    ContactPersonFactory,
    CountyPageFactory,
    RegionalCoordinationPageFactory,
)
from tests.factories.registration import approved_member, open_event

pytestmark = pytest.mark.django_db

MEMBERS = ("a", "b")
ANONYMOUS = "anonymous"
# A, then B, then the anonymous visitor; B first; and the anonymous visitor first.
ORDERS = [("a", "b", ANONYMOUS), ("b", "a", ANONYMOUS), (ANONYMOUS, "a", "b")]
ROUNDS = 2  # each asks twice, so that the second finds whatever the first left in a cache


@dataclass(frozen=True)
class PageType:
    """A page to ask for: its address (``{placeholders}`` filled from the world's data).

    ``shows``: kinds of a member's own data their page must show (it proves the page was
    rendered for them). ``private``: kinds that are public elsewhere but must not show on
    this page for anyone else (a member's meetings on Mina anmälningar). ``cached``: the
    anonymous visitor's second request is served from the page cache. ``owner``: the one
    member allowed to open the page; the other gets 403 or 404.
    """

    name: str
    path: str
    member_status: int = 200
    anonymous_status: int = 200
    shows: tuple[str, ...] = ()
    private: tuple[str, ...] = ()
    cached: bool = False
    owner: str = ""


PAGES = [
    PageType("Startsida", "/", cached=True),
    PageType("Standardsida", "/om-oss/", cached=True),
    PageType("Mötesplatser", "/motesplatser/", cached=True),
    PageType("Mötesplatser filtrerade", "/motesplatser/?lan=norrbottens-lan"),
    PageType("Möte", "{shared_meeting}", shows=("registration",), cached=True),
    PageType("Månadskalender", "/motesplatser/kalender/", cached=True),
    PageType("Mötets kalenderfil", "{shared_meeting_ics}"),
    PageType("Kunskapsbank", "/kunskapsbank/", cached=True),
    PageType("Artikel", "{article}", shows=("comment",), cached=True),
    PageType("Sökresultat", "/sok/?q=hemsändning"),
    PageType("Sökning efter utkastet", "/sok/?q=Xylby"),
    PageType("Länssida", "/regional-samordning/norrbottens-lan/", shows=("follow",), cached=True),
    PageType("Kontaktpersoner", "/regional-samordning/kontaktpersoner/", cached=True),
    PageType("Öppna data", "/oppna-data/", cached=True),
    PageType(
        "Mina sidor",
        "/mina-sidor/",
        anonymous_status=302,
        shows=("name", "organisation"),
        private=("organisation",),
    ),
    PageType(
        "Mina anmälningar",
        "/mina-sidor/anmalningar/",
        anonymous_status=302,
        shows=("meetings",),
        private=("meetings",),
    ),
    PageType("Min profil", "/mina-sidor/profil/", anonymous_status=302, shows=("name",)),
    PageType(
        "Min organisation",
        "/mina-sidor/organisation/",
        anonymous_status=302,
        shows=("organisation",),
    ),
    PageType("Medlemmar", "/mina-sidor/medlemmar/", anonymous_status=302),
    PageType("Min kalender", "/mina-sidor/kalender/", anonymous_status=302, shows=("feed_token",)),
    PageType(
        "Bevakningar", "/mina-sidor/bevakningar/", anonymous_status=302, shows=("follow_token",)
    ),
    PageType("E-postadress", "/konto/email/", anonymous_status=302, shows=("email",)),
    PageType(
        "Mina artiklar", "/kunskapsbank/mina-artiklar/", anonymous_status=302, shows=("draft",)
    ),
    PageType("Dela en erfarenhet", "/kunskapsbank/skriv/", anonymous_status=302),
    PageType("A:s utkast", "{draft_edit}", anonymous_status=302, shows=("draft",), owner="a"),
    PageType("Lämna över A:s plats", "{transfer}", anonymous_status=302, owner="a"),
    PageType("Logga in", "/konto/login/", member_status=302),
    PageType("Startsida på engelska", "/en/", cached=True),
    PageType("Mina sidor på engelska", "/en/mina-sidor/", anonymous_status=302, shows=("name",)),
    PageType(
        "Mina anmälningar på engelska",
        "/en/mina-sidor/anmalningar/",
        anonymous_status=302,
        shows=("meetings",),
        private=("meetings",),
    ),
    PageType("Sökresultat på engelska", "/en/sok/?q=service"),
    PageType("Logga in på engelska", "/en/konto/login/", member_status=302),
]

# Texts of the registration box (templates/events/includes/registration.html).
CONFIRMED = "Du är anmäld och har en plats."
WAITING = "Du står på reservlistan som nummer 1."
# The follow button of something followed (templates/members/includes/follow_button.html).
FOLLOWING = "(sluta bevaka)"


@dataclass
class Member:
    user: object
    # Kind → texts that are this member's alone.
    markers: dict[str, list[str]]
    # Kind → texts that are public, but must not show on a page marked private for it.
    private: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class World:
    members: dict[str, Member]
    addresses: dict[str, str]
    own_meetings: dict[str, object]


def _site(sv: Locale, en: Locale) -> HomePage:
    """A Swedish home page as the default site's root, with its English translation."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Start", slug="start", locale=sv))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "testserver", "port": 80, "root_page": home}
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    home_en = home.copy_for_translation(en)
    home_en.title = "Home"
    home_en.save_revision().publish()
    return home


def _build() -> World:
    sv = Locale.objects.get(language_code="sv")
    en, _ = Locale.objects.get_or_create(language_code="en")
    home = _site(sv, en)
    norrbotten = County.objects.get(code="25")
    StandardPageFactory(parent=home, title="Om oss", slug="om-oss", show_in_menus=True)
    OpenDataPageFactory(parent=home)
    landing = RegionalCoordinationPageFactory(parent=home)
    ContactDirectoryPageFactory(parent=landing)
    CountyPageFactory(parent=landing, county=norrbotten)
    ContactPersonFactory(county=norrbotten)
    library = LibraryIndexPageFactory(parent=home)
    article = ArticlePageFactory(
        parent=library, title="Hemsändning i Arjeplog", slug="hemsandning"
    )

    a = approved_member(
        OrganisationFactory(name="Kommunförbundet Ålsta"),
        first_name="Agnetha",
        last_name="Xylander",
        email="agnetha.xylander@example.se",
    )
    b = approved_member(
        OrganisationFactory(name="Byalaget Vittangi"),
        first_name="Birger",
        last_name="Zetterqvist",
        email="birger.zetterqvist@example.se",
    )

    start = timezone.now().replace(microsecond=0) + timedelta(days=14)
    shared = open_event(
        home, title="Gemensam träff", slug="gemensam-traff", capacity=1, start=start
    )
    only_a = open_event(home, title="Träff i Överkalix", slug="overkalix", start=start)
    only_b = open_event(home, title="Träff i Pajala", slug="pajala", start=start)
    registration_a = registration_create(event=shared, user=a, actor=a)
    registration_create(event=shared, user=b, actor=b)  # full: on the waiting list
    registration_create(event=only_a, user=a, actor=a)
    registration_create(event=only_b, user=b, actor=b)
    assert registration_a.status == Registration.Status.CONFIRMED

    draft = article_draft_create(
        index_page=library,
        user=a,
        draft=ArticleDraft(
            title="Utkast om butiken i Xylby",
            summary="Agnethas anteckningar om butiken i Xylby.",
            body_sections=["Det här är ett utkast som bara Agnetha ser."],
            counties=[norrbotten],
            topics=[],
            organisation=None,
            image_file=None,
            image_alt="",
            attachment_files=[],
        ),
    )
    comment(
        article, a, body="Agnethas kommentar i väntan på granskning", status=Comment.Status.HELD
    )
    follow_county(user=a, county=norrbotten)
    tokens = {"a": feed_token_regenerate(user=a), "b": feed_token_regenerate(user=b)}
    follow_tokens = {
        key: feed_token_regenerate(user=user, field="follow_feed_token")
        for key, user in (("a", a), ("b", b))
    }

    def markers(user, key: str) -> dict[str, list[str]]:
        return {
            "name": [user.first_name, user.last_name],
            "email": [user.email],
            "feed_token": [tokens[key]],
            "follow_token": [follow_tokens[key]],
        }

    members = {
        "a": Member(
            a,
            {
                **markers(a, "a"),
                "registration": [CONFIRMED],
                "draft": ["Utkast om butiken i Xylby", "Agnethas anteckningar"],
                "comment": ["Agnethas kommentar i väntan på granskning"],
                "follow": [FOLLOWING],
            },
            {"meetings": [only_a.title], "organisation": ["Kommunförbundet Ålsta"]},
        ),
        "b": Member(
            b,
            {**markers(b, "b"), "registration": [WAITING]},
            {"meetings": [only_b.title], "organisation": ["Byalaget Vittangi"]},
        ),
    }
    addresses = {
        "shared_meeting": shared.url,
        "shared_meeting_ics": shared.url.rstrip("/") + ".ics",
        "article": article.url,
        "draft_edit": library.url + library.reverse_subpage("article-edit", args=[draft.pk]),
        "transfer": f"/mina-sidor/anmalningar/{registration_a.pk}/overlamna/",
    }
    return World(members, addresses, {"a": only_a, "b": only_b})


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The site, two members and their data, made once and rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield _build()
        finally:
            transaction.set_rollback(True)


@pytest.fixture
def cached(settings):
    """The page cache on, as in production (tests switch it off by default)."""
    settings.PAGE_CACHE_SECONDS = 600
    page_cache.CONTENT.bump()


class _CsrfInputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tokens: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "input" and values.get("name") == "csrfmiddlewaretoken":
            self.tokens.append(values.get("value") or "")


def csrf_tokens(content: str) -> list[str]:
    """The values of every ``csrfmiddlewaretoken`` input of an HTML page."""
    parser = _CsrfInputs()
    parser.feed(content)
    return parser.tokens


@dataclass
class Seen:
    who: str
    content: str
    tokens: list[str]
    secret: str


def clients_for(world: World) -> dict[str, Client]:
    clients = {ANONYMOUS: Client()}
    for key in MEMBERS:
        clients[key] = Client()
        clients[key].force_login(world.members[key].user)
    return clients


def ask(page: PageType, who: str, client: Client, world: World) -> Seen:
    """One request, with the checks that concern it alone."""
    path = page.path.format(**world.addresses)
    response = client.get(path)
    where = f"{page.name} ({path}) for {who}"
    content = response.content.decode()
    cache_status = response.headers.get(page_cache.STATUS_HEADER)
    if who == ANONYMOUS:
        assert response.status_code == page.anonymous_status, where
        assert settings.SESSION_COOKIE_NAME not in response.cookies, where
        if cache_status != "hit":  # a stored page is answered before authentication
            assert response.wsgi_request.user.is_anonymous, where
    else:
        user = world.members[who].user
        expected = page.member_status if not page.owner or page.owner == who else (403, 404)
        assert response.status_code in (
            expected if isinstance(expected, tuple) else (expected,)
        ), where
        assert response.wsgi_request.user.pk == user.pk, where
        if response.status_code == 200:
            for kind in page.shows:
                mine = world.members[who].markers.get(kind) or world.members[who].private.get(kind)
                if mine:
                    assert any(text in content for text in mine), (
                        f"{where}: the member's own {kind} is missing"
                    )
    tokens = csrf_tokens(content) if "html" in response.get("Content-Type", "") else []
    cookie = client.cookies.get(settings.CSRF_COOKIE_NAME)
    secret = cookie.value if cookie is not None else ""
    for token in tokens:
        # A token rendered for someone else (from a cache) would not match this cookie.
        assert secret, f"{where}: a CSRF token without the visitor's cookie"
        assert _does_token_match(token, secret), f"{where}: someone else's CSRF token"
        assert _unmask_cipher_token(token) == secret, where
    return Seen(who, content, tokens, secret)


def assert_nothing_crossed(page: PageType, seen: list[Seen], world: World) -> None:
    """No response shows another member's data, CSRF secret or token."""
    for response in seen:
        for key, member in world.members.items():
            if key == response.who:
                continue
            texts = [text for kind in member.markers.values() for text in kind]
            texts += [text for kind in page.private for text in member.private.get(kind, ())]
            for text in texts:
                assert text not in response.content, (
                    f"{page.name}: {key}'s {text!r} was shown to {response.who}"
                )
        for other in seen:
            if other.who == response.who:
                continue
            if other.secret:
                assert other.secret not in response.content, (
                    f"{page.name}: {other.who}'s CSRF secret was shown to {response.who}"
                )
                assert other.secret != response.secret, page.name
                for token in response.tokens:
                    assert not _does_token_match(token, other.secret), (
                        f"{page.name}: {response.who} got a token of {other.who}"
                    )
            for token in other.tokens:
                assert token not in response.content, (
                    f"{page.name}: {other.who}'s CSRF token was shown to {response.who}"
                )


@pytest.mark.parametrize("order", ORDERS, ids=["-".join(order) for order in ORDERS])
@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_personal_data_never_crosses(world, cached, page, order):
    clients = clients_for(world)
    seen = [ask(page, who, clients[who], world) for _ in range(ROUNDS) for who in order]
    assert_nothing_crossed(page, seen, world)


@pytest.mark.parametrize("page", [page for page in PAGES if page.cached], ids=lambda p: p.name)
def test_the_cache_is_really_in_play(world, cached, page):
    """The page is stored and served again, for visitors and for the other member alike.

    So the tests above go through the cache: member b gets the shared part stored while
    the page rendered for member a.
    """
    clients = clients_for(world)
    path = page.path.format(**world.addresses)
    for who in (ANONYMOUS, "a"):
        assert clients[who].get(path).headers.get(page_cache.STATUS_HEADER) == "miss", who
    for who in (ANONYMOUS, "b", "a"):
        assert clients[who].get(path).headers.get(page_cache.STATUS_HEADER) == "hit", who


def _summaries(content: bytes) -> set[str]:
    calendar = Calendar.from_ical(content)
    return {str(event.get("summary")) for event in calendar.walk("VEVENT")}


def test_each_private_calendar_holds_its_members_meetings_alone(world, cached):
    a, b = world.members["a"], world.members["b"]
    client = Client()  # the feed's token is its key: calendar apps send no session
    for _ in range(ROUNDS):
        for key, member, other in (("a", a, b), ("b", b, a)):
            response = client.get(f"/mina-sidor/kalender/{member.user.feed_token}.ics")
            assert response.status_code == 200
            assert response.headers.get(page_cache.STATUS_HEADER) is None
            assert "no-store" in response["Cache-Control"]
            summaries = _summaries(response.content)
            assert world.own_meetings[key].title in summaries
            assert "Gemensam träff" in summaries
            other_key = "b" if key == "a" else "a"
            assert world.own_meetings[other_key].title not in summaries
            content = response.content.decode()
            for kind in ("name", "email", "feed_token", "follow_token"):
                for text in other.markers[kind]:
                    assert text not in content


def test_a_private_calendar_answers_its_token_alone(world, cached):
    """B signed in gets nothing of A's through an address that is not A's token."""
    clients = clients_for(world)
    a = world.members["a"].user
    for who in (*MEMBERS, ANONYMOUS):
        for token in (a.feed_token[:-1], a.feed_token.upper(), "", a.follow_feed_token):
            response = clients[who].get(f"/mina-sidor/kalender/{token}.ics")
            assert response.status_code == 404
            assert b"Agnetha" not in response.content


def _atom_texts(content: bytes) -> str:
    """The feed's title and its entries' titles, summaries and authors, parsed."""
    feed = feedparser.parse(content)
    assert not feed.bozo, feed.get("bozo_exception")
    parts = [feed.feed.get("title", "")]
    for entry in feed.entries:
        parts += [entry.get("title", ""), entry.get("summary", ""), entry.get("author", "")]
    return " ".join(parts)


def test_each_follow_feed_holds_nothing_of_the_other_member(world, cached):
    client = Client()
    for _ in range(ROUNDS):
        for key, other in (("a", "b"), ("b", "a")):
            member = world.members[key]
            response = client.get(f"/mina-sidor/bevakningar/{member.user.follow_feed_token}.atom")
            assert response.status_code == 200
            assert response.headers.get(page_cache.STATUS_HEADER) != "hit"
            texts = _atom_texts(response.content)
            for kind in ("name", "email", "feed_token", "follow_token", "draft", "comment"):
                for text in world.members[other].markers.get(kind, ()):
                    assert text not in texts
                    assert text not in response.content.decode()
