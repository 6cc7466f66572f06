"""Benchmark of the digest: one run of send_digests over N members and M new items.

Creates a throwaway test database (the configured one is never touched), a site with
meetings and articles first published an hour ago and members with varied follows
(interests, their county, article kinds, single pages; daily, weekly and off), then
runs ``send_digests`` and prints wall time, queries, messages written and, in a second
run on the same data, the peak of Python's memory (tracemalloc slows the run, so it
is not timed). Delivery is not part of it: the outbox's tasks are not run.

    python bench/digest.py                      # SQLite, 5,000 members, 200 items
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/digest.py
"""

import argparse
import os
import random
import sys
import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.models import Locale, Page, Site  # noqa: E402

from allauth.account.models import EmailAddress  # noqa: E402

from bench.content import refresh_statistics  # noqa: E402
from core.models import County, HomePage, Topic  # noqa: E402
from core.outbox.models import Message  # noqa: E402
from events.models import EventIndexPage, EventPage  # noqa: E402
from events.recurrence import STOCKHOLM  # noqa: E402
from knowledge.models import ArticleKind, ArticlePage, LibraryIndexPage  # noqa: E402
from members.follows.emails import send_digests  # noqa: E402
from members.follows.models import DigestEntry, Follow  # noqa: E402
from members.models import User  # noqa: E402

BATCH = 1000


def build_site(items: int) -> list[int]:
    """A site with ``items`` new pages, half meetings to come, half articles; their ids."""
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="Start", slug="start", locale=Locale.get_default())
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    events = home.add_child(instance=EventIndexPage(title="Mötesplatser", slug="motesplatser"))
    library = home.add_child(instance=LibraryIndexPage(title="Kunskapsbank", slug="kunskapsbank"))
    topics = [
        Topic.objects.get_or_create(
            slug=f"amne-{n}", defaults={"name": f"Ämne {n}", "kind": "service"}
        )[0]
        for n in range(8)
    ]
    counties = list(County.objects.order_by("code"))
    today = timezone.localdate()
    ids = []
    with transaction.atomic():
        for n in range(items // 2):
            day = today + timedelta(days=10 + n % 90)
            start = datetime(day.year, day.month, day.day, 9 + n % 6, tzinfo=STOCKHOLM)
            page = events.add_child(
                instance=EventPage(
                    title=f"Nätverksträff {n} om kommersiell service",
                    slug=f"mote-{n}",
                    summary="En träff om service i serviceglesa områden.",
                    start=start,
                    end=start + timedelta(hours=2),
                    format=EventPage.Format.values[n % 3],
                    venue_name="Kommunhuset",
                    venue_address="Storgatan 1",
                    municipality="Östersund",
                    county=counties[n % len(counties)],
                )
            )
            page.topics.set(topics[n % 8 : n % 8 + 1])
            ids.append(page.pk)
        for n in range(items - items // 2):
            article = ArticlePage(
                title=f"Erfarenheter av lanthandel ({n})",
                slug=f"artikel-{n}",
                kind=ArticleKind.values[n % len(ArticleKind.values)],
                summary="Vad som fungerade och vad det kostade.",
            )
            article.topics = [topics[(n + 3) % 8]]
            article.counties = [counties[n % len(counties)]]
            ids.append(library.add_child(instance=article).pk)
    published = timezone.now() - timedelta(hours=1)
    Page.objects.filter(pk__in=ids).update(
        first_published_at=published, last_published_at=published
    )
    return ids


def build_members(count: int, page_ids: list[int]) -> None:
    """Members with verified addresses and varied follows and frequencies."""
    rng = random.Random(20261206)
    topics = list(Topic.objects.order_by("pk"))
    counties = list(County.objects.order_by("code"))
    password = make_password(None)
    joined = timezone.now() - timedelta(days=30)
    for start in range(0, count, BATCH):
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(
                    email=f"medlem{n}@bench.example.se",
                    first_name="Medlem",
                    last_name=str(n),
                    password=password,
                    language="en" if n % 5 == 0 else "sv",
                    county=counties[n % len(counties)],
                    date_joined=joined,
                    digest_frequency=rng.choices(["daily", "weekly", "off"], weights=[4, 5, 1])[0],
                    notify_new_events=n % 7 != 0,
                )
                for n in range(start, min(start + BATCH, count))
            )
            EmailAddress.objects.bulk_create(
                EmailAddress(user=user, email=user.email, verified=True, primary=True)
                for user in users
            )
            through = User.interests.through
            through.objects.bulk_create(
                through(user_id=user.pk, topic_id=topic.pk)
                for user in users
                for topic in rng.sample(topics, rng.randint(0, 3))
            )
            follows = []
            for user in users:
                if rng.random() < 0.7:
                    follows.append(Follow(user=user, county_id=user.county_id))
                for kind in rng.sample(ArticleKind.values, rng.randint(0, 2)):
                    follows.append(Follow(user=user, kind=kind))
                for page_id in rng.sample(page_ids, rng.randint(0, 2)):
                    follows.append(Follow(user=user, page_id=page_id))
            Follow.objects.bulk_create(follows)


class Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def reset() -> None:
    Message.objects.all().delete()
    DigestEntry.objects.all().delete()
    User.objects.update(digest_sent_at=None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-m", "--members", type=int, default=5_000)
    parser.add_argument("-i", "--items", type=int, default=200)
    args = parser.parse_args()

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        print(f"Building {args.items} items and {args.members} members on {connection.vendor} …")
        page_ids = build_site(args.items)
        build_members(args.members, page_ids)
        refresh_statistics()
        print(
            f"  {Follow.objects.count()} follows, "
            f"{User.interests.through.objects.count()} topic interests"
        )
        # The outbox's delivery tasks are stored, not run: the run writes, it does not send.
        with override_settings(
            TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
        ):
            counter = Counter()
            started = time.perf_counter()
            with connection.execute_wrapper(counter):
                report = send_digests()
            wall = time.perf_counter() - started
            messages = Message.objects.count()
            entries = DigestEntry.objects.count()

            reset()
            tracemalloc.start()
            send_digests()
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()

        print(f"\n{connection.vendor}, {args.members} members, {args.items} new items")
        print(f"wall time            {wall:8.1f} s")
        print(f"queries              {counter.count:8d}")
        print(f"messages written     {messages:8d}  ({report})")
        print(f"told-of entries      {entries:8d}")
        print(f"peak Python memory   {peak / 2**20:8.1f} MiB  (second run, tracemalloc)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
