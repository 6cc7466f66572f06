"""Benchmark of the library: search and the faceted listing over N articles.

Creates a throwaway test database (the configured one is never touched), fills a
library with N generated articles and times typical requests through the real
views, printing the median and 95th percentile and the listing's query count.

    python bench/knowledge_search.py                 # SQLite, 10,000 articles
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/knowledge_search.py -n 2000
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models.signals import post_save  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from wagtail.models import Locale, Page, Site  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402
from wagtail.signal_handlers import disable_reference_index_auto_update  # noqa: E402

from modelsearch.signal_handlers import post_save_signal_handler  # noqa: E402

from core.models import County, HomePage, Topic  # noqa: E402
from knowledge.models import ArticleKind, ArticlePage, LibraryIndexPage  # noqa: E402

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
TOPICS = ["dagligvaror", "drivmedel", "apoteksombud", "hemsandning", "servicepunkter", "samverkan"]
SEARCHES = ["hemsändning", "butiker", "apoteksombud Gotland", "kommunal serviceplan", "zyxxel"]


@transaction.atomic
@disable_reference_index_auto_update()
def build(count: int) -> LibraryIndexPage:
    """A site with a library of ``count`` generated articles, indexed in bulk.

    Indexing page by page on save is what makes creation slow, so it is switched
    off here and the articles are indexed in batches of 500.
    """
    post_save.disconnect(post_save_signal_handler, sender=ArticlePage)
    rng = random.Random(20140101)
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="Start", slug="start", locale=Locale.get_default())
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    library = home.add_child(instance=LibraryIndexPage(title="Kunskapsbank", slug="kunskapsbank"))
    topics = [
        Topic.objects.get_or_create(slug=slug, defaults={"name": slug.title(), "kind": "service"})[
            0
        ]
        for slug in TOPICS
    ]
    counties = list(County.objects.all())
    backend = get_search_backend()
    batch = []
    started = time.perf_counter()
    for number in range(count):
        place, subject = rng.choice(PLACES), rng.choice(SUBJECTS)
        article = ArticlePage(
            title=f"{subject.capitalize()} i {place} ({number})",
            slug=f"artikel-{number}",
            kind=rng.choice(ArticleKind.values),
            summary=f"Erfarenheter av {subject} i {place}: vad som fungerade och vad det kostade.",
            publication_date=f"{rng.randint(2014, 2025)}-{rng.randint(1, 12):02d}-15",
        )
        article.topics = rng.sample(topics, 2)
        article.counties = rng.sample(counties, rng.randint(1, 2))
        library.add_child(instance=article)
        batch.append(article)
        if len(batch) == 500:
            backend.add_bulk(ArticlePage, batch)
            batch = []
            print(f"  {number + 1} articles, {time.perf_counter() - started:.0f} s", flush=True)
    if batch:
        backend.add_bulk(ArticlePage, batch)
    return library


def timed(client: Client, path: str, params: dict, repeat: int) -> tuple[float, float, int]:
    """Median and p95 in milliseconds, and the query count of one request."""
    client.get(path, params)  # warm-up: compiled templates, cached site root paths
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path, params)
        durations.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, params, response.status_code)  # noqa: S101
    with CaptureQueriesContext(connection) as queries:
        client.get(path, params)
    p95 = statistics.quantiles(durations, n=20)[-1] if len(durations) > 1 else durations[0]
    return statistics.median(durations), p95, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--articles", type=int, default=10_000)
    parser.add_argument("-r", "--repeat", type=int, default=20)
    args = parser.parse_args()

    # Settings are read at import time; the backend must be configured as the site is.
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        print(f"Creating {args.articles} articles on {connection.vendor} …", flush=True)
        build(args.articles)
        client = Client(HTTP_HOST="localhost")
        rows = [(f"search {q!r}", "/sok/", {"q": q}) for q in SEARCHES]
        rows += [
            ("search 'butiker', articles only", "/sok/", {"q": "butiker", "type": "artikel"}),
            ("listing, no facets", "/kunskapsbank/", {}),
            (
                "listing, topic + county",
                "/kunskapsbank/",
                {"topic": "hemsandning", "county": "gotlands-lan"},
            ),
            (
                "listing, kind + year, by title",
                "/kunskapsbank/",
                {"kind": "metodstod", "year": "2020", "sort": "title"},
            ),
            ("listing, page 5", "/kunskapsbank/", {"page": "5"}),
        ]
        print(f"\n{connection.vendor}, {args.articles} articles, {args.repeat} runs each")
        print(f"{'request':<42} {'median ms':>10} {'p95 ms':>10} {'queries':>8}")
        for label, path, params in rows:
            median, p95, queries = timed(client, path, params, args.repeat)
            print(f"{label:<42} {median:>10.1f} {p95:>10.1f} {queries:>8}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
