"""The URLs the load benchmark measures: one list, which each app extends.

Each entry is (name, path, who): who is "anonymous", "member" (a logged-in
demo member's session) or "calendar app" (anonymous, accepting gzip). The first
entry is the ceiling the others are compared with: the smallest Django view,
routed only when BENCH_VIEWS=1. Paths must exist after `manage.py seed_demo` and
`bench/scale.py`.

A path may hold placeholders, which load.py fills in once the data is there:
``{today+N}`` is the date N days from today (ISO 8601, for the API's windows) and
``{page:<slug>}`` the id of the live Swedish page of that slug (the API's detail URLs).
"""

import datetime
import re

PLACEHOLDER = re.compile(r"\{(?:today\+(?P<days>\d+)|page:(?P<slug>[-\w]+))\}")

CEILING = ("minimal Django view", "/bench/ping/", "anonymous")

URLS = [
    CEILING,
    ("health check", "/healthz/", "anonymous"),
    ("home", "/", "anonymous"),
    ("home, logged in", "/", "member"),
    ("standard page", "/om-motesplats/", "anonymous"),
    ("sitemap index", "/sitemap.xml", "anonymous"),
    ("sitemap, first file", "/sitemap-pages.xml", "anonymous"),
    ("meetings listing", "/motesplatser/", "anonymous"),
    ("meetings, county filter", "/motesplatser/?lan=jamtlands-lan", "anonymous"),
    ("event page", "/motesplatser/nationell-konferens-kommersiell-service/", "anonymous"),
    ("whole-site feed", "/motesplatser/kalender.ics", "anonymous"),
    ("whole-site feed, gzip", "/motesplatser/kalender.ics", "calendar app"),
    ("library listing", "/kunskapsbank/", "anonymous"),
    ("library, two facets", "/kunskapsbank/?topic=hemsandning&county=gotlands-lan", "anonymous"),
    ("article page", "/kunskapsbank/hemsandning-i-arjeplog/", "anonymous"),
    ("search", "/sok/?q=butiker", "anonymous"),
    ("meetings listing, logged in", "/motesplatser/", "member"),
    ("event page, logged in", "/motesplatser/nationell-konferens-kommersiell-service/", "member"),
    ("library listing, logged in", "/kunskapsbank/", "member"),
    ("article page, logged in", "/kunskapsbank/hemsandning-i-arjeplog/", "member"),
    ("search, logged in", "/sok/?q=butiker", "member"),
    ("Mina sidor", "/mina-sidor/", "member"),
    ("Mina sidor, calendar", "/mina-sidor/kalender/", "member"),
    ("Mina anmälningar", "/mina-sidor/anmalningar/", "member"),
    ("API: meetings, 90 days", "/api/v2/moten/?fran={today+0}&till={today+90}", "anonymous"),
    (
        "API: meeting",
        "/api/v2/moten/{page:nationell-konferens-kommersiell-service}/",
        "anonymous",
    ),
    ("API: articles, one kind", "/api/v2/artiklar/?typ=metodstod", "anonymous"),
    ("API: counties", "/api/v2/lan/", "anonymous"),
    ("API: contact persons", "/api/v2/kontaktpersoner/", "anonymous"),
    ("API: OpenAPI document", "/api/v2/openapi.json", "anonymous"),
]


def page_slugs(path: str) -> set[str]:
    """The slugs of the pages whose ids ``path`` needs."""
    return {match["slug"] for match in PLACEHOLDER.finditer(path) if match["slug"]}


def fill(path: str, page_ids: dict[str, int], today: datetime.date) -> str:
    """``path`` with its placeholders replaced."""

    def value(match: re.Match) -> str:
        if match["slug"]:
            return str(page_ids[match["slug"]])
        return (today + datetime.timedelta(days=int(match["days"]))).isoformat()

    return PLACEHOLDER.sub(value, path)
