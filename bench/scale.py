"""Scale the demo content up for the load benchmark: `manage.py shell < bench/scale.py`.

Tops the demo site up to the issue's volume, unless an earlier run did already:
BENCH_MEETINGS meetings (default 10,000) under the Swedish meetings index,
BENCH_ARTICLES articles (10,000) in the Swedish library, BENCH_MEMBERS members
(5,000, each registered for two meetings) and BENCH_PAGES standard pages (1,000).
Then it builds the whole-site feed into the cache, as publishing would.
"""

import os
import time

from django.db import transaction

from wagtail.models import Locale

from bench.content import add_articles, add_meetings, add_members, refresh_statistics
from core.models import HomePage, StandardPage
from events.models import EventIndexPage, EventPage
from events.tasks import feed_warm
from knowledge.models import LibraryIndexPage

MEETINGS = int(os.environ.get("BENCH_MEETINGS", "10000"))
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "10000"))
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "5000"))
PAGES = int(os.environ.get("BENCH_PAGES", "1000"))
PREFIX = "last-"

started = time.perf_counter()
locale = Locale.get_default()
home = HomePage.objects.get(locale=locale)
existing = StandardPage.objects.filter(slug__startswith=PREFIX).count()
with transaction.atomic():
    for number in range(existing, PAGES):
        home.add_child(
            instance=StandardPage(
                title=f"Lastsida {number}",
                slug=f"{PREFIX}{number}",
                intro="En sida som bara finns för att mäta hur webbplatsen klarar stora mängder.",
            )
        )
index = EventIndexPage.objects.get(locale=locale)
meetings = add_meetings(index, MEETINGS)
articles = add_articles(LibraryIndexPage.objects.get(locale=locale), ARTICLES)
targets = list(EventPage.objects.child_of(index).filter(slug__startswith="last-mote-")[:500])
members = add_members(MEMBERS, targets)
feed_warm.call(index.pk)
refresh_statistics()
print(
    f"bench content: {max(PAGES, existing)} pages, {meetings} meetings, {articles} articles, "
    f"{members} members ({time.perf_counter() - started:.0f} s)"
)
