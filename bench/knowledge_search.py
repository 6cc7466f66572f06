"""Benchmark of the library: search and the faceted listing over N articles.

Creates a throwaway test database (the configured one is never touched), fills a
library with N generated articles and times typical requests through the real
views, printing the median and 95th percentile and the listing's query count.

    python bench/knowledge_search.py                 # SQLite, 10,000 articles
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/knowledge_search.py -n 2000
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from wagtail.models import Locale, Page, Site  # noqa: E402

from bench.content import add_articles, refresh_statistics  # noqa: E402
from core.models import HomePage, Topic  # noqa: E402
from knowledge.models import LibraryIndexPage  # noqa: E402

SEARCHES = ["hemsändning", "butiker", "apoteksombud Gotland", "kommunal serviceplan", "zyxxel"]


def build(count: int) -> LibraryIndexPage:
    """A site with a library of ``count`` generated articles."""
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="Start", slug="start", locale=Locale.get_default())
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    library = home.add_child(instance=LibraryIndexPage(title="Kunskapsbank", slug="kunskapsbank"))
    for slug in ["dagligvaror", "drivmedel", "apoteksombud", "hemsandning", "samverkan"]:
        Topic.objects.get_or_create(slug=slug, defaults={"name": slug.title(), "kind": "service"})
    add_articles(library, count, slug="artikel-")
    refresh_statistics()
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
