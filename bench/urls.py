"""The URLs the load benchmark measures: one list, which each app extends.

Each entry is (name, path, who): who is "anonymous", "member" (a logged-in
demo member's session) or "calendar app" (anonymous, accepting gzip). The first
entry is the ceiling the others are compared with: the smallest Django view,
routed only when BENCH_VIEWS=1. Paths must exist after `manage.py seed_demo` and
`bench/scale.py`.
"""

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
    ("Mina sidor", "/mina-sidor/", "member"),
    ("Mina sidor, calendar", "/mina-sidor/kalender/", "member"),
]
