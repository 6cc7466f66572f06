"""Benchmark: the whole-site meeting feed and the listing page with N meetings.

Usage (from the repository root):

    .venv/bin/python bench/events_feed.py [--events 5000]

It uses its own SQLite database under var/ unless DATABASE_URL is set, fills it up to
N meetings (every tenth a weekly series of eight), and prints the time and peak
Python memory (tracemalloc) to build the feed cold, to serve it from the cache, to
answer a conditional GET and to render the first listing page.
"""

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-events.sqlite3'}")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from wagtail.models import Locale, Page, Site  # noqa: E402

from bench.content import add_meetings  # noqa: E402
from core.models import HomePage  # noqa: E402
from events.models import EventIndexPage, EventPage  # noqa: E402


def _site() -> EventIndexPage:
    locale = Locale.objects.get(language_code="sv")
    Locale.objects.get_or_create(language_code="en")
    home = HomePage.objects.filter(locale=locale, depth=2).first()
    if home is None:
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title="Start", slug="start", locale=locale)
        )
        Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": home},
    )
    index = EventIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=EventIndexPage(title="Mötesplatser", slug="motesplatser"))
    return index


def _measure(label: str, action, prepare=None) -> None:
    """Time the action, then run it again under tracemalloc for its peak memory.

    tracemalloc slows allocation-heavy code several times, so the two are separate.
    """
    if prepare:
        prepare()
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    if prepare:
        prepare()
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<38} {elapsed * 1000:8.0f} ms  peak {peak / 2**20:6.1f} MiB  {result}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000, help="number of meetings")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    index = _site()
    add_meetings(index, args.events, slug="mote-")
    count = EventPage.objects.child_of(index).live().count()
    print(f"{count} meetings, {index.get_children().count()} pages under the index\n")

    client = Client()
    feed = "/motesplatser/kalender.ics"

    def get(path, **headers):
        response = client.get(path, headers=headers)
        return f"HTTP {response.status_code}, {len(response.content) / 1024:.0f} KiB"

    client.get("/motesplatser/")  # warms Wagtail's site and settings caches
    cold = cache.clear
    _measure("whole-site feed, built (cold cache)", lambda: get(feed), prepare=cold)
    _measure("whole-site feed, cached", lambda: get(feed))
    etag = client.get(feed)["ETag"]
    _measure("whole-site feed, conditional GET", lambda: get(feed, if_none_match=etag))
    _measure("county feed, built", lambda: get(feed + "?lan=jamtlands-lan"), prepare=cold)
    _measure("listing, first page", lambda: get("/motesplatser/"))
    _measure(
        "listing, county and format filters",
        lambda: get("/motesplatser/?lan=jamtlands-lan&format=digitalt"),
    )
    _measure("month calendar", lambda: get("/motesplatser/kalender/"))


if __name__ == "__main__":
    main()
