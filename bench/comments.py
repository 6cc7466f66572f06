"""Benchmark of a discussion: an article page with 200 comments, anonymous and signed in.

Creates a throwaway test database (the configured one is never touched), an article
with 100 comments and 100 replies by 50 approved members, then requests the page
in-process with Django's test client and prints the median and 95th-percentile time,
the queries and the size of the page: anonymous rendered afresh (page cache off),
anonymous from the page cache, and an approved member (forms on every comment).
The cache is the configured one (Redis with ``REDIS_URL``).

    python bench/comments.py                    # SQLite, in-memory cache
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench REDIS_URL=redis://127.0.0.1:6379/9 \
        python bench/comments.py
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.models import Locale, Page, Site  # noqa: E402

from allauth.account.models import EmailAddress  # noqa: E402

from core import page_cache  # noqa: E402
from core.models import HomePage  # noqa: E402
from knowledge.models import ArticleKind, ArticlePage, LibraryIndexPage  # noqa: E402
from members.discussion.models import Comment  # noqa: E402
from members.models import Membership, Organisation, User  # noqa: E402

BODY = (
    "Vi provade samma upplägg i vår kommun och fick liknande resultat. Det som skilde var "
    "hur vi prissatte leveranserna: en fast avgift per leverans fungerade bättre än en "
    "avgift per vara. Mer om det på https://example.se/hemsandning/erfarenheter – hör av er!"
)


def build(comments: int, authors: int) -> tuple[str, User]:
    """The article with ``comments`` comments (half of them replies); its URL and a member."""
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="Start", slug="start", locale=Locale.get_default())
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "testserver", "port": 80, "root_page": home}
    )
    library = home.add_child(instance=LibraryIndexPage(title="Kunskapsbank", slug="kunskapsbank"))
    article = library.add_child(
        instance=ArticlePage(
            title="Hemsändning av dagligvaror i Arjeplog",
            slug="hemsandning",
            kind=ArticleKind.EXPERIENCE,
            summary="Hur kommunen organiserade hemsändningen och vad den kostade.",
        )
    )
    organisation = Organisation.objects.create(name="Bench-kommun", email_domains="bench.se")
    password = make_password("losenord-123")
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(
                email=f"medlem{n}@bench.se",
                first_name="Medlem",
                last_name=str(n),
                password=password,
            )
            for n in range(authors)
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in users
        )
        Membership.objects.bulk_create(
            Membership(user=user, organisation=organisation, status=Membership.Status.APPROVED)
            for user in users
        )
        start = timezone.now() - timedelta(days=30)
        tops = Comment.objects.bulk_create(
            Comment(
                page_id=article.pk,
                user=users[n % authors],
                body=BODY,
                published_at=start + timedelta(minutes=n),
            )
            for n in range(comments // 2)
        )
        Comment.objects.bulk_create(
            Comment(
                page_id=article.pk,
                parent=tops[n % len(tops)],
                user=users[(n + 7) % authors],
                body=BODY,
                published_at=start + timedelta(minutes=n, seconds=30),
            )
            for n in range(comments - comments // 2)
        )
    return article.url, users[0]


def measure(client: Client, url: str, requests: int) -> dict:
    times, queries = [], []
    size = 0
    for _ in range(requests):
        count = Counter()
        started = time.perf_counter()
        with connection.execute_wrapper(count):
            response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        queries.append(count.count)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        size = len(response.content)
        status = response.headers.get(page_cache.STATUS_HEADER, "")
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "queries": statistics.median(queries),
        "kb": size / 1024,
        "cache": status,
    }


class Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def run(args) -> None:
    """Build the article, then time the three kinds of request."""
    url, member = build(args.comments, 50)
    cache_name = connection.vendor + (" + Redis" if os.environ.get("REDIS_URL") else "")
    print(f"{args.comments} comments on {url}, {args.requests} requests each, {cache_name}")
    rows = []
    anonymous = Client()
    anonymous.get(url)  # warm templates and per-process caches
    with override_settings(PAGE_CACHE_SECONDS=0):
        rows.append(("anonymous, rendered", measure(anonymous, url, args.requests)))
    with override_settings(PAGE_CACHE_SECONDS=600):
        page_cache.CONTENT.bump()
        anonymous.get(url)
        anonymous.get(url)
        rows.append(("anonymous, page cache", measure(anonymous, url, args.requests)))
    signed_in = Client()
    signed_in.force_login(member)
    signed_in.get(url)
    rows.append(("member (forms)", measure(signed_in, url, args.requests)))
    print(f"{'':<24}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'KiB':>7}  cache")
    for name, row in rows:
        print(
            f"{name:<24}{row['median']:>10.1f}{row['p95']:>9.1f}{row['queries']:>9.0f}"
            f"{row['kb']:>7.0f}  {row['cache']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--comments", type=int, default=200)
    parser.add_argument("-n", "--requests", type=int, default=50)
    args = parser.parse_args()

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
