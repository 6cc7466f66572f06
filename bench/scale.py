"""Scale the demo content up for the load benchmark: `manage.py shell < bench/scale.py`.

Reads BENCH_PAGES (default 2000) and adds that many standard pages below the
Swedish home page, in one bulk pass, unless they exist already. Apps add their
own volume (meetings, articles, members) here as they land.
"""

import os

from django.db import transaction

from wagtail.models import Locale

from core.models import HomePage, StandardPage

PAGES = int(os.environ.get("BENCH_PAGES", "2000"))
PREFIX = "last-"

home = HomePage.objects.get(locale=Locale.get_default())
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
print(f"bench pages: {max(PAGES, existing)} ({max(PAGES - existing, 0)} new)")
