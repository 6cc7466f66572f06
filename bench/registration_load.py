"""Load test: concurrent registrations over HTTP against a running server.

Run it with the server's environment (same DATABASE_URL, REDIS_URL, SECRET_KEY), e.g.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        python bench/registration_load.py --base-url http://127.0.0.1:8001 --members 200 --seats 50

It creates an open meeting and approved members in that database, logs each member in
by writing a session directly, then every member posts the registration form at once
(through a pool of --concurrency threads). It prints throughput, median and p95 latency
and confirmed registrations versus capacity.
"""

import argparse
import http.cookiejar
import os
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django  # noqa: E402

django.setup()

from datetime import timedelta  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.cached_db import SessionStore  # noqa: E402
from django.utils import timezone  # noqa: E402

from events.models import EventIndexPage, EventPage  # noqa: E402
from events.registration.models import Registration  # noqa: E402
from members.models import Membership, Organisation, User  # noqa: E402

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def prepare(members: int, seats: int, run: str) -> tuple[EventPage, list[str]]:
    """An open meeting and logged-in approved members; returns the session keys."""
    index = EventIndexPage.objects.live().first()
    if index is None:
        sys.exit("No events index: run `manage.py seed_demo` first.")
    start = timezone.now() + timedelta(days=30)
    event = index.add_child(
        instance=EventPage(
            title=f"Lasttest {run}",
            slug=f"lasttest-{run}",
            summary="Lasttest av anmälan.",
            start=start,
            end=start + timedelta(hours=2),
            format=EventPage.Format.ON_SITE,
            registration_enabled=True,
            capacity=seats,
            ask_dietary=False,
            ask_accessibility=False,
        )
    )
    event.save_revision().publish()
    organisation = Organisation.objects.create(name=f"Lasttest {run}", type="kommun")
    sessions = []
    for number in range(members):
        user = User.objects.create_user(f"last-{run}-{number}@example.se", password=None)
        Membership.objects.create(
            user=user, organisation=organisation, status=Membership.Status.APPROVED
        )
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    return event, sessions


def register(base_url: str, page_url: str, post_url: str, session_key: str) -> tuple[float, int]:
    """GET the page (CSRF token), POST the form; returns (POST latency, status)."""
    jar = http.cookiejar.CookieJar()
    host = urllib.parse.urlparse(base_url).hostname
    jar.set_cookie(
        http.cookiejar.Cookie(
            0,
            settings.SESSION_COOKIE_NAME,
            session_key,
            None,
            False,
            host,
            False,
            False,
            "/",
            True,
            False,
            None,
            False,
            None,
            None,
            {},
        )
    )
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    html = opener.open(base_url + page_url, timeout=60).read().decode()
    token = CSRF.search(html).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(  # noqa: S310 - the operator's base URL
        base_url + post_url, data=data, headers={"Referer": base_url + page_url}
    )
    began = time.perf_counter()
    try:
        status = opener.open(request, timeout=60).status
    except urllib.error.HTTPError as error:
        status = error.code
    return time.perf_counter() - began, status


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()

    run = timezone.now().strftime("%Y%m%d%H%M%S")
    event, sessions = prepare(args.members, args.seats, run)
    page_url = event.url
    post_url = f"/anmalan/{event.pk}/"

    def one(session_key):
        return register(args.base_url, page_url, post_url, session_key)

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        results = list(pool.map(one, sessions))
    elapsed = time.perf_counter() - began

    latencies = sorted(latency for latency, _ in results)
    statuses: dict[int, int] = {}
    for _, status in results:
        statuses[status] = statuses.get(status, 0) + 1
    registrations = Registration.objects.filter(event=event)
    confirmed = registrations.filter(status=Registration.Status.CONFIRMED).count()
    waiting = registrations.filter(status=Registration.Status.WAITING).count()
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    print(f"database:     {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    print(f"registrations: {len(results)} with {args.concurrency} concurrent clients")
    print(f"throughput:   {len(results) / elapsed:.1f} registrations/s ({elapsed:.2f} s)")
    print(
        f"latency POST: median {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms"
    )
    print(f"HTTP status:  {dict(sorted(statuses.items()))}")
    print(f"confirmed:    {confirmed} of {args.seats} seats; waiting {waiting}")
    if confirmed > args.seats:
        sys.exit("OVERBOOKED")


if __name__ == "__main__":
    main()
