"""Generated content for the benchmarks: meetings, articles and members in bulk.

Each function tops a set up to ``target`` items (existing ones from an earlier
run count), commits in batches and indexes the new pages for search in bulk,
because indexing page by page on save is what makes creation slow.
"""

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.utils import timezone

from wagtail.search.backends import get_search_backend
from wagtail.signal_handlers import disable_reference_index_auto_update

from allauth.account.models import EmailAddress
from modelsearch.signal_handlers import post_save_signal_handler

from core.models import County, Topic
from events.models import EventIndexPage, EventPage
from events.recurrence import STOCKHOLM
from events.registration.models import Registration
from knowledge.models import ArticleKind, ArticlePage, LibraryIndexPage
from members.models import Membership, Organisation, User

BATCH = 250
MEETING_SLUG = "last-mote-"
ARTICLE_SLUG = "last-artikel-"
MEMBER_DOMAIN = "last.example.se"

PLACES = ["Arjeplog", "Härjedalen", "Gotland", "Dorotea", "Torsby", "Ydre", "Sorsele", "Älvdalen"]
SUBJECTS = [
    "hemsändning av dagligvaror",
    "den sista butiken",
    "drivmedel vid lanthandeln",
    "apoteksombud i glesbygd",
    "paketombud och servicepunkter",
    "kontanter och betaltjänster",
    "kommunal serviceplan",
    "investeringsstöd till butiker",
]


@contextmanager
def bulk_pages(model) -> Iterator[list]:
    """Create pages of ``model`` without per-save indexing; index them in bulk at the end."""
    post_save.disconnect(post_save_signal_handler, sender=model)
    created: list = []
    try:
        with disable_reference_index_auto_update():
            yield created
    finally:
        post_save.connect(post_save_signal_handler, sender=model)
    backend = get_search_backend()
    for start in range(0, len(created), 500):
        backend.add_bulk(model, created[start : start + 500])


def _top_up(label: str, existing: int, target: int, add_one: Callable[[int], object]) -> list:
    """Call ``add_one`` for each missing number, a transaction per batch; return the new items."""
    created = []
    started = time.perf_counter()
    for batch_start in range(existing, target, BATCH):
        with transaction.atomic():
            created += [add_one(n) for n in range(batch_start, min(batch_start + BATCH, target))]
        done = min(batch_start + BATCH, target)
        print(f"  {label}: {done} ({time.perf_counter() - started:.0f} s)", flush=True)
    return created


def _topics() -> list[Topic]:
    topics = list(Topic.objects.order_by("pk"))
    return topics or [
        Topic.objects.create(name=f"Ämne {n}", slug=f"amne-{n}", kind="service") for n in range(8)
    ]


def add_meetings(index: EventIndexPage, target: int, slug: str = MEETING_SLUG) -> int:
    """Meetings from 120 days ago to 420 days ahead; every tenth a weekly series of eight."""
    counties = list(County.objects.order_by("code"))
    topics = _topics()
    today = timezone.localdate()
    existing = EventPage.objects.child_of(index).filter(slug__startswith=slug).count()

    def add_one(number: int) -> EventPage:
        day = today + timedelta(days=number % 540 - 120)
        start = datetime(day.year, day.month, day.day, 9 + number % 6, tzinfo=STOCKHOLM)
        series = number % 10 == 0
        page = index.add_child(
            instance=EventPage(
                title=f"Nätverksträff {number} om kommersiell service",
                slug=f"{slug}{number}",
                summary="En träff för dem som planerar service i serviceglesa områden: "
                "dagligvaror, drivmedel, apoteksombud och betaltjänster.",
                start=start,
                end=start + timedelta(hours=2),
                format=EventPage.Format.values[number % 3],
                venue_name="Kommunhuset",
                venue_address="Storgatan 1",
                municipality="Östersund",
                county=counties[number % len(counties)],
                repeat_frequency="WEEKLY" if series else "",
                repeat_count=8 if series else None,
            )
        )
        page.topics.set(topics[number % len(topics) : number % len(topics) + 2])
        return page

    with bulk_pages(EventPage) as created:
        created += _top_up("meetings", existing, target, add_one)
    return max(existing, target)


def add_articles(library: LibraryIndexPage, target: int, slug: str = ARTICLE_SLUG) -> int:
    """Articles of every kind, 2014–2025, two topics and one or two counties each."""
    rng = random.Random(20140101)
    counties = list(County.objects.order_by("code"))
    topics = _topics()
    existing = ArticlePage.objects.child_of(library).filter(slug__startswith=slug).count()

    def add_one(number: int) -> ArticlePage:
        place, subject = rng.choice(PLACES), rng.choice(SUBJECTS)
        article = ArticlePage(
            title=f"{subject.capitalize()} i {place} ({number})",
            slug=f"{slug}{number}",
            kind=rng.choice(ArticleKind.values),
            summary=f"Erfarenheter av {subject} i {place}: vad som fungerade och vad det kostade.",
            publication_date=f"{rng.randint(2014, 2025)}-{rng.randint(1, 12):02d}-15",
        )
        article.topics = rng.sample(topics, 2)
        article.counties = rng.sample(counties, rng.randint(1, 2))
        return library.add_child(instance=article)

    with bulk_pages(ArticlePage) as created:
        created += _top_up("articles", existing, target, add_one)
    return max(existing, target)


@transaction.atomic
def add_members(target: int, meetings: list[EventPage]) -> int:
    """Verified, approved members spread over the organisations, each registered twice."""
    existing = User.objects.filter(email__endswith=f"@{MEMBER_DOMAIN}").count()
    if existing >= target:
        return existing
    organisations = list(Organisation.objects.select_related("county").order_by("pk"))
    password = make_password(None)
    users = User.objects.bulk_create(
        User(
            email=f"medlem{n}@{MEMBER_DOMAIN}",
            first_name="Medlem",
            last_name=str(n),
            password=password,
            county=organisations[n % len(organisations)].county,
        )
        for n in range(existing, target)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    Membership.objects.bulk_create(
        Membership(
            user=user,
            organisation=organisations[n % len(organisations)],
            status=Membership.Status.APPROVED,
            role=Membership.Role.MEMBER,
        )
        for n, user in enumerate(users, start=existing)
    )
    if meetings:
        Registration.objects.bulk_create(
            Registration(
                event=meetings[(n + offset) % len(meetings)],
                user=user,
                organisation=organisations[n % len(organisations)],
                organisation_name=organisations[n % len(organisations)].name,
                organisation_type=organisations[n % len(organisations)].type,
                county=organisations[n % len(organisations)].county,
                status=Registration.Status.CONFIRMED,
                seat_kind=Registration.SeatKind.ONSITE,
            )
            for n, user in enumerate(users, start=existing)
            for offset in {0, len(meetings) // 2}
        )
    print(f"  members: {target} ({target - existing} new)", flush=True)
    return target


def refresh_statistics() -> None:
    """ANALYZE on PostgreSQL, as autovacuum would after such a load.

    With the planner's estimates from the empty database, listings pick nested
    loops over every page instead of the indexes, and the figures mislead.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
