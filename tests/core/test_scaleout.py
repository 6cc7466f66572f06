"""Several app servers and a task worker on one PostgreSQL database and one Redis.

Each test here starts real processes (gunicorn with deploy/gunicorn.conf.py,
`manage.py db_worker`, `manage.py shell`) against a database of its own, created
and migrated for the module, so what they prove is what production does: state
shared through PostgreSQL and Redis only. They run when the suite runs on
PostgreSQL and Redis (as `.ci/run` does the second time round).
"""

import http.client
import http.server
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg
import pytest
from aiosmtpd.controller import Controller

from tests.browser.conftest import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = pytest.mark.skipif(
    not (DATABASE_URL.startswith(("postgres://", "postgresql://")) and REDIS_URL),
    reason="needs DATABASE_URL on PostgreSQL and REDIS_URL (as in .ci/run's second round)",
)

MEMBER_EMAIL = "flera-servrar@example.se"
MEMBER_PASSWORD = "ett-langt-losenord-2026"


def _server_url(database: str) -> str:
    parts = urlsplit(DATABASE_URL)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", "", ""))


def _admin_connection() -> psycopg.Connection:
    return psycopg.connect(_server_url("postgres"), autocommit=True)


@pytest.fixture(scope="module")
def site_env(tmp_path_factory) -> Iterator[dict[str, str]]:
    """Environment of a fresh, migrated and seeded PostgreSQL site sharing one Redis."""
    name = f"scaleout_{uuid.uuid4().hex[:12]}"
    with _admin_connection() as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    folder = tmp_path_factory.mktemp("scaleout")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "PRODUCTION", "EMAIL_URL", "TASKS_BACKEND"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL=_server_url(name),
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=name,
        MEDIA_ROOT=str(folder / "media"),
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="http://127.0.0.1",
        PAGE_CACHE_SECONDS="600",
        GUNICORN_ACCESS_LOG="",
        GUNICORN_LOG_LEVEL="warning",
    )
    try:
        for command in (["migrate", "--noinput"], ["seed_demo"]):
            manage(env, *command)
        yield env
    finally:
        with _admin_connection() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env: dict[str, str], *args: str) -> str:
    """Run a management command in its own process; return its standard output."""
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def two_servers(site_env) -> Iterator[tuple[str, str]]:
    """Two gunicorn instances, as on two machines behind the load balancer."""
    servers, urls = [], []
    try:
        for _ in range(2):
            port = free_port()
            servers.append(
                subprocess.Popen(  # noqa: S603 - fixed arguments
                    [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
                    cwd=ROOT,
                    env={**site_env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"},
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url, server in zip(urls, servers, strict=True):
            wait_for(f"{url}/healthz/", server)
        yield urls[0], urls[1]
    finally:
        for server in servers:
            _stop(server)


class Browser:
    """A minimal HTTP client with one cookie jar for every server it talks to."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(
        self, base: str, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        parts = urlsplit(base)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"{base}{path}"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return response.status, dict(response.headers), text
        finally:
            connection.close()

    def get(self, base: str, path: str) -> tuple[int, dict[str, str], str]:
        return self.request(base, "GET", path)

    def post(self, base: str, path: str, form: dict[str, str]) -> tuple[int, dict[str, str], str]:
        return self.request(base, "POST", path, form)


def _csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _logged_in_member(site_env: dict[str, str], server: str, email: str) -> "Browser":
    """A new member, logged in through the login form on ``server``."""
    manage(
        site_env,
        "shell",
        "-c",
        "from tests.factories.members import UserFactory; "
        f"user = UserFactory(email={email!r}); "
        f"user.set_password({MEMBER_PASSWORD!r}); user.save()",
    )
    browser = Browser()
    status, _, html = browser.get(server, "/konto/login/")
    assert status == 200
    status, headers, _ = browser.post(
        server,
        "/konto/login/",
        {"csrfmiddlewaretoken": _csrf_token(html), "login": email, "password": MEMBER_PASSWORD},
    )
    assert status == 302, "the login was refused"
    assert "sessionid" in browser.cookies
    return browser


def test_a_login_on_one_server_holds_on_the_other(site_env, two_servers):
    server_a, server_b = two_servers
    browser = _logged_in_member(site_env, server_a, MEMBER_EMAIL)

    # Server B knows the session that server A created, and renders for the member.
    status, _, html = browser.get(server_b, "/konto/email/")
    assert status == 200
    assert MEMBER_EMAIL in html
    assert "Logga ut" in browser.get(server_b, "/")[2]

    # Logging out on B ends the session on A as well.
    status, _, html = browser.get(server_b, "/konto/logout/")
    browser.post(server_b, "/konto/logout/", {"csrfmiddlewaretoken": _csrf_token(html)})
    assert "sessionid" not in browser.cookies
    status, headers, _ = Browser().get(server_a, "/konto/email/")
    assert status == 302
    assert headers["Location"].startswith("/konto/login/")


def test_a_membership_chosen_on_one_server_shows_on_the_other(site_env, two_servers):
    """Both servers cache the member's open membership; a change on one retires it on both."""
    server_a, server_b = two_servers
    browser = _logged_in_member(site_env, server_a, "ny-medlem@example.se")
    for server in two_servers:
        status, _, html = browser.get(server, "/mina-sidor/")
        assert status == 200
        assert "Du har inte valt någon organisation än." in html

    _, _, html = browser.get(server_b, "/mina-sidor/organisation/")
    status, _, _ = browser.post(
        server_b,
        "/mina-sidor/organisation/",
        {
            "csrfmiddlewaretoken": _csrf_token(html),
            "action": "choose",
            "organisation": "Hela Sverige ska leva",
        },
    )
    assert status == 302, "the choice was refused"

    for server in (server_a, server_b):
        html = browser.get(server, "/mina-sidor/")[2]
        assert "Organisation: Hela Sverige ska leva (väntar på godkännande)." in html


class PurgeRecorder(http.server.BaseHTTPRequestHandler):
    """Stands in for the CDN: records the PURGE requests Wagtail sends it."""

    purged: list[str] = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.purged.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


def test_a_publish_from_another_process_reaches_both_servers_and_the_cdn(site_env, two_servers):
    server_a, server_b = two_servers
    visitor = Browser()
    for server in two_servers:
        visitor.get(server, "/om-motesplats/")
        status, headers, html = visitor.get(server, "/om-motesplats/")
        assert status == 200
        assert headers["X-Page-Cache"] == "hit"
        assert "Om Mötesplats" in html
    assert not visitor.cookies, "an anonymous page view must not set cookies"

    cdn = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    threading.Thread(target=cdn.serve_forever, daemon=True).start()
    try:
        # An editor's publish, in a process that is neither server.
        manage(
            {**site_env, "FRONTEND_CACHE_URL": f"http://127.0.0.1:{cdn.server_port}"},
            "shell",
            "-c",
            "from core.models import StandardPage; "
            "page = StandardPage.objects.get(slug='om-motesplats', locale__language_code='sv'); "
            "page.title = 'Om Mötesplats, nyskriven'; page.save_revision().publish()",
        )
    finally:
        cdn.shutdown()
        cdn.server_close()
    assert "/om-motesplats/" in PurgeRecorder.purged

    # B renders the new version afresh; A is then served what B stored.
    for server, expected in ((server_b, "miss"), (server_a, "hit")):
        status, headers, html = visitor.get(server, "/om-motesplats/")
        assert status == 200
        assert headers["X-Page-Cache"] == expected
        assert "Om Mötesplats, nyskriven" in html


class MailRecorder:
    """aiosmtpd handler keeping every message it is handed."""

    def __init__(self):
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, MailRecorder]]:
    recorder = MailRecorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port, recorder
    finally:
        controller.stop()


def resident_mb(pid: int) -> float:
    """A process's resident memory, from /proc."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE).group(1)) / 1024


def test_mail_queued_by_one_process_is_sent_once_by_the_workers(site_env, smtp_server):
    port, recorder = smtp_server
    env = {**site_env, "TASKS_BACKEND": "database", "EMAIL_URL": f"smtp://127.0.0.1:{port}"}
    subjects = [f"Anmälan {n}" for n in range(6)]
    manage(
        env,
        "shell",
        "-c",
        "from django.core.mail import send_mail\n"
        f"for subject in {subjects!r}:\n"
        "    send_mail(subject, 'Du är anmäld.', None, ['medlem@example.se'])",
    )
    assert recorder.messages == [], "nothing is sent before a worker runs"

    # Two workers at once, as on two machines: each task is claimed by one only.
    workers = [
        subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--interval",
                "0.2",
                "--no-startup-delay",
                "--worker-id",
                f"worker-{n}",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for n in range(2)
    ]
    try:
        deadline = time.monotonic() + 60
        while len(recorder.messages) < len(subjects) and time.monotonic() < deadline:
            assert all(worker.poll() is None for worker in workers), "a worker died"
            time.sleep(0.2)
        time.sleep(1)  # time for a duplicate delivery to show up, if any
        memory_mb = [resident_mb(worker.pid) for worker in workers]
    finally:
        for worker in workers:
            _stop(worker)

    assert max(memory_mb) < 200, f"worker memory {memory_mb} MB"
    assert sorted(message["Subject"] for message in recorder.messages) == [
        f"[Mötesplats] {subject}" for subject in subjects
    ]
    assert {message["To"] for message in recorder.messages} == {"medlem@example.se"}
    assert recorder.messages[0].get_content().strip() == "Du är anmäld."
    status = manage(
        env,
        "shell",
        "-c",
        "from django_tasks_db.models import DBTaskResult; "
        "print(sorted(set(DBTaskResult.objects.values_list('status', flat=True))))",
    )
    assert status.strip().splitlines()[-1] == "['SUCCESSFUL']"
    outbox = manage(
        env,
        "shell",
        "-c",
        "from core.outbox.models import Message; "
        "print(sorted(set(Message.objects.values_list('status', 'attempts'))))",
    )
    assert outbox.strip().splitlines()[-1] == "[('sent', 1)]"


def _log_in(browser: Browser, server: str, email: str, password: str) -> None:
    status, _, html = browser.get(server, "/konto/login/")
    assert status == 200
    status, _, _ = browser.post(
        server,
        "/konto/login/",
        {"csrfmiddlewaretoken": _csrf_token(html), "login": email, "password": password},
    )
    assert status == 302, f"the login of {email} was refused"


def test_a_registration_on_one_server_shows_on_the_other(site_env, two_servers):
    server_a, server_b = two_servers
    first, second = "forst-anmald@example.se", "reserv@example.se"
    created = manage(
        site_env,
        "shell",
        "-c",
        "from wagtail.models import Site\n"
        "from tests.factories.registration import approved_member, open_event\n"
        "home = Site.objects.get(is_default_site=True).root_page.specific\n"
        "event = open_event(home, title='Mötet på två servrar', capacity=1)\n"
        f"for email in ({first!r}, {second!r}):\n"
        "    user = approved_member(email=email)\n"
        f"    user.set_password({MEMBER_PASSWORD!r}); user.save()\n"
        "print(event.pk, event.url)",
    )
    event_id, event_url = created.strip().splitlines()[-1].split()
    assert event_url.startswith("/"), event_url

    # Anonymous on A before: the meeting is open, with a login link and no form.
    status, _, html = Browser().get(server_a, event_url)
    assert status == 200
    assert "Logga in för att anmäla dig" in html

    # The member logs in on A and registers on B, with B's form and token.
    member = Browser()
    _log_in(member, server_a, first, MEMBER_PASSWORD)
    status, _, html = member.get(server_b, event_url)
    assert status == 200
    assert f'action="/anmalan/{event_id}/"' in html
    status, headers, _ = member.post(
        server_b,
        f"/anmalan/{event_id}/",
        {"csrfmiddlewaretoken": _csrf_token(html), "dietary": ""},
    )
    assert status == 302, "the registration was refused"
    assert headers["Location"].startswith(event_url)

    # A shows the confirmed seat on the meeting page and in Mina anmälningar.
    status, _, html = member.get(server_a, event_url)
    assert status == 200
    assert "Du är anmäld och har en plats." in html
    assert "registration__form" not in html
    status, _, html = member.get(server_a, "/mina-sidor/anmalningar/")
    assert status == 200
    assert "Mötet på två servrar" in html
    # A repeated post on A is refused: A sees the seat B gave away.
    status, _, html = member.post(
        server_a, f"/anmalan/{event_id}/", {"csrfmiddlewaretoken": member.cookies["csrftoken"]}
    )
    assert status == 409
    assert "redan anmäld" in html

    # The single seat is taken for everyone: a second member registering on A waits.
    other = Browser()
    _log_in(other, server_a, second, MEMBER_PASSWORD)
    status, _, html = other.get(server_a, event_url)
    status, _, _ = other.post(
        server_a, f"/anmalan/{event_id}/", {"csrfmiddlewaretoken": _csrf_token(html)}
    )
    assert status == 302
    status, _, html = other.get(server_b, event_url)
    assert "Du står på reservlistan som nummer 1." in html

    # Anonymous on A after: the page still renders for visitors, with nothing personal.
    status, _, html = Browser().get(server_a, event_url)
    assert status == 200
    assert "Logga in för att anmäla dig" in html
    assert "Du är anmäld" not in html
