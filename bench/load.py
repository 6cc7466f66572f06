"""Load benchmark: gunicorn on PostgreSQL and Redis with scaled-up demo content.

    python bench/load.py                      # defaults below; see --help

Creates (or reuses) a PostgreSQL database, migrates it, loads the demo content and
scales it up (bench/scale.py), starts gunicorn with deploy/gunicorn.conf.py and
BENCH_VIEWS=1 on 127.0.0.1, then for every URL in bench/urls.py runs a fixed
number of concurrent connections with wrk (Debian's package: a C load generator,
so that the client takes little of the CPUs it shares with the server) for a
bounded time, and prints requests per second, p50/p95 latency and the throughput
as a share of the minimal Django view measured in the same run. Finally the memory of
each gunicorn worker. Only 127.0.0.1 is ever contacted.
"""

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.urls import CEILING, URLS, fill, page_slugs  # noqa: E402

MAX_SECONDS_PER_URL = 60
WRK = shutil.which("wrk") or "/usr/bin/wrk"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/motesplats_bench"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    parser.add_argument("--meetings", type=int, default=10_000, help="meetings to scale to")
    parser.add_argument("--articles", type=int, default=10_000, help="articles to scale to")
    parser.add_argument("--members", type=int, default=5_000, help="members to scale to")
    parser.add_argument("--pages", type=int, default=1_000, help="standard pages to add")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=5.0, help="per URL, at most 60")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measure every URL this many times, one after the other, and print the medians",
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--page-cache-seconds", default="600", help="0 switches it off")
    parser.add_argument(
        "--only",
        default="",
        help="measure only the URLs whose name contains this, or one of these comma-separated"
        " parts (and the ceiling)",
    )
    return parser.parse_args()


def database_exists(url: str) -> bool:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [parts.path.lstrip("/")]
        ).fetchone()
    return found is not None


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


MEMBER_SESSION = """
from django.contrib.auth import get_user_model, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.contrib.auth import SESSION_KEY
from importlib import import_module
from django.conf import settings
user = get_user_model().objects.get(email="medlem@example.se")
store = import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.create()
print("SESSION", store.session_key)
"""


def prepare(args: argparse.Namespace) -> dict[str, str]:
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}},
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "CACHE_KEY_PREFIX": "bench",
        "DEBUG": "0",
        "PRODUCTION": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{args.port}",
        "BENCH_VIEWS": "1",
        "BENCH_MEETINGS": str(args.meetings),
        "BENCH_ARTICLES": str(args.articles),
        "BENCH_MEMBERS": str(args.members),
        "BENCH_PAGES": str(args.pages),
        "PAGE_CACHE_SECONDS": args.page_cache_seconds,
        # Every request comes from 127.0.0.1: the API's rate limit would answer 429s
        # to the uncached ones.
        "API_RATE_LIMIT": "",
        "TASKS_BACKEND": "immediate",
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "WEB_CONCURRENCY": str(args.workers),
        # No recycling: at these rates each worker would restart every 20 seconds
        # (the 5,000-request default), and the memory figure is meant for workers
        # that have served every URL.
        "GUNICORN_MAX_REQUESTS": "0",
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "warning",
        "LOG_LEVEL": "ERROR",
    }
    if args.fresh or not database_exists(args.database_url):
        recreate_database(args.database_url)
    print("migrate, seed_demo, scale …", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo")
    print(manage(env, "shell", stdin=(ROOT / "bench" / "scale.py").read_text()).strip())
    return env


def warm_up(port: int, path: str, headers: dict[str, str]) -> None:
    """One request, which fills the caches the page needs."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
        response.read()


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"], cwd=ROOT, env=env
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2):  # noqa: S310
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    sys.exit("gunicorn did not start")


def measure(
    port: int, path: str, extra: dict[str, str], clients: int, seconds: float
) -> tuple[float, float, float, int]:
    """Requests per second, p50 and p95 latency (ms) and the count of failures, by wrk."""
    headers = [arg for name, value in extra.items() for arg in ("-H", f"{name}: {value}")]
    output = subprocess.run(  # noqa: S603 - fixed arguments
        [
            WRK,
            *("-t", str(min(2, clients)), "-c", str(clients), "-d", f"{seconds:g}s"),
            *("--timeout", "10s", "-s", str(ROOT / "bench" / "wrk_report.lua")),
            *headers,
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("WRK "))
    figures = dict(item.split("=") for item in line.split()[1:])
    rate = int(figures["requests"]) / (int(figures["duration_us"]) / 1e6)
    return (
        rate,
        int(figures["p50_us"]) / 1000,
        int(figures["p95_us"]) / 1000,
        int(figures["errors"]),
    )


def drain(port: int, workers: int) -> None:
    """Wait (at most two minutes) until every worker is free again.

    Requests wrk left behind when it stopped still occupy the workers and would
    slow the next URL: a second of the ceiling at one client per worker without a
    failure says they are done.
    """
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        *_, failures = measure(port, CEILING[1], {}, workers, 1.0)
        if not failures:
            return


def worker_memory_mb(master: int) -> list[float]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def page_ids(env: dict[str, str], slugs: set[str]) -> dict[str, int]:
    """The ids of the live Swedish pages of these slugs, for the URLs' placeholders."""
    if not slugs:
        return {}
    code = (
        "import json\n"
        "from wagtail.models import Page\n"
        f"slugs = {sorted(slugs)!r}\n"
        "pages = Page.objects.live().filter(slug__in=slugs, locale__language_code='sv')\n"
        "print('IDS', json.dumps(dict(pages.values_list('slug', 'pk'))))\n"
    )
    found = json.loads(manage(env, "shell", "-c", code).split("IDS ")[-1])
    missing = slugs - set(found)
    if missing:
        sys.exit(f"no live page for the URLs' slugs: {', '.join(sorted(missing))}")
    return found


def main() -> None:
    args = parse_args()
    seconds = min(args.seconds, MAX_SECONDS_PER_URL)
    env = prepare(args)
    session = manage(env, "shell", "-c", MEMBER_SESSION).split("SESSION ")[-1].strip()
    parts = [part.strip().lower() for part in args.only.split(",")]
    chosen = [
        url for url in URLS if url == CEILING or any(part in url[0].lower() for part in parts)
    ]
    ids = page_ids(env, {slug for _name, path, _who in chosen for slug in page_slugs(path)})
    today = datetime.date.today()
    chosen = [(name, fill(path, ids, today), who) for name, path, who in chosen]
    server = start_server(env, args.port)
    try:
        headers_of = {
            "anonymous": {},
            "member": {"Cookie": f"sessionid={session}"},
            # Calendar apps ask for compressed feeds.
            "calendar app": {"Accept-Encoding": "gzip"},
        }
        # The ceiling once more at the end: the machine's speed drifts during a run,
        # and ratios are taken to the faster of the two (the harder comparison).
        if len(chosen) > 1:
            chosen.append((f"{CEILING[0]}, again", *CEILING[1:]))
        # Per URL, one (req/s, p50, p95, share of that round's ceiling, failures) a round.
        rounds: dict[tuple[str, str], list[tuple[float, float, float, float, int]]] = {}
        for _round in range(args.rounds):
            measured = []
            for name, path, who in chosen:
                headers = headers_of[who]
                # Warm up: one request fills the caches (20 at once would all miss and
                # render in parallel), then every worker opens its connections.
                warm_up(args.port, path, headers)
                measure(args.port, path, headers, args.clients, 1.0)
                figures = measure(args.port, path, headers, args.clients, seconds)
                measured.append((name, path, *figures))
                drain(args.port, args.workers)
            ceiling = max(rate for name, _, rate, *_ in measured if name.startswith(CEILING[0]))
            for name, path, rate, p50, p95, failures in measured:
                rounds.setdefault((name, path), []).append(
                    (rate, p50, p95, rate / ceiling, failures)
                )
        memory = worker_memory_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(
        f"\n{args.workers} gunicorn workers (not recycled), {args.clients} concurrent clients, "
        f"{seconds:g} s per URL, {args.rounds} round(s), page cache "
        f"{args.page_cache_seconds} s, {os.cpu_count()} CPUs"
    )
    if args.rounds > 1:
        print("medians over the rounds; p95 range: lowest–highest of the rounds")
    print(
        f"\n{'URL':<22} {'path':<20} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'of ceiling':>10} {'errors':>6}" + (f" {'p95 range':>13}" if args.rounds > 1 else "")
    )
    for (name, path), figures in rounds.items():
        rates, p50s, p95s, shares, failures = zip(*figures, strict=True)
        rate, p50, p95, share = map(statistics.median, (rates, p50s, p95s, shares))
        spread = f" {min(p95s):6.1f}–{max(p95s):.1f}" if args.rounds > 1 else ""
        print(
            f"{name:<22} {path:<20} {rate:8.0f} {p50:8.1f} {p95:8.1f} {share:10.0%} "
            f"{sum(failures):6d}{spread}"
        )
    print("\ngunicorn worker memory (RSS, MB): " + ", ".join(f"{size:.0f}" for size in memory))


if __name__ == "__main__":
    main()
