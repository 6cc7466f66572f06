"""Load benchmark: gunicorn on PostgreSQL and Redis with scaled-up demo content.

    python bench/load.py                      # defaults below; see --help

Creates (or reuses) a PostgreSQL database, migrates it, loads the demo content and
scales it up (bench/scale.py), starts gunicorn with deploy/gunicorn.conf.py and
BENCH_VIEWS=1 on 127.0.0.1, then for every URL in bench/urls.py runs a fixed
number of concurrent clients (threads with http.client) for a bounded time and
count, and prints requests per second, p50/p95 latency and the throughput as a
share of the minimal Django view measured in the same run. Finally the memory of
each gunicorn worker. Only 127.0.0.1 is ever contacted.
"""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.urls import CEILING, URLS  # noqa: E402

MAX_SECONDS_PER_URL = 60
MAX_REQUESTS_PER_URL = 100_000


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
    parser.add_argument("--requests", type=int, default=20_000, help="per URL, at most 100000")
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
        help="measure only the URLs whose name contains this (and the ceiling)",
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
    port: int, path: str, extra: dict[str, str], clients: int, seconds: float, limit: int
) -> tuple[float, list[float], int]:
    """Requests per second, the sorted latencies (ms) and the count of failures."""
    latencies: list[float] = []
    failures = 0
    issued = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    headers = {"Host": "127.0.0.1", **extra}

    def client() -> None:
        nonlocal failures, issued
        mine: list[float] = []
        bad = 0
        while time.monotonic() < stop_at:
            with lock:
                if issued >= limit:
                    break
                issued += 1
            started = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except OSError:
                bad += 1
            finally:
                connection.close()
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)
            failures += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return len(latencies) / elapsed, sorted(latencies), failures


def drain(port: int, workers: int) -> None:
    """Wait (at most two minutes) until every worker is free again.

    Requests the clients gave up on still occupy the workers and would slow the
    next URL: a round of one ceiling request per worker without a failure says
    they are done.
    """
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        _, _, failures = measure(port, CEILING[1], {}, workers, 30.0, workers)
        if not failures:
            return


def percentile(sorted_values: list[float], share: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(share * len(sorted_values)))]


def worker_memory_mb(master: int) -> list[float]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def main() -> None:
    args = parse_args()
    seconds = min(args.seconds, MAX_SECONDS_PER_URL)
    limit = min(args.requests, MAX_REQUESTS_PER_URL)
    env = prepare(args)
    session = manage(env, "shell", "-c", MEMBER_SESSION).split("SESSION ")[-1].strip()
    server = start_server(env, args.port)
    try:
        chosen = [url for url in URLS if url == CEILING or args.only.lower() in url[0].lower()]
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
                measure(args.port, path, headers, 1, 60.0, 1)
                measure(args.port, path, headers, args.clients, 1.0, args.clients * 10)
                rate, latencies, failures = measure(
                    args.port, path, headers, args.clients, seconds, limit
                )
                measured.append((name, path, rate, latencies, failures))
                drain(args.port, args.workers)
            ceiling = max(rate for name, _, rate, _, _ in measured if name.startswith(CEILING[0]))
            for name, path, rate, latencies, failures in measured:
                rounds.setdefault((name, path), []).append(
                    (
                        rate,
                        statistics.median(latencies),
                        percentile(latencies, 0.95),
                        rate / ceiling,
                        failures,
                    )
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
