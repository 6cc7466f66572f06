"""Production switches read from the environment: storage, CDN, search, logs, health.

Settings are module-level, so each case imports them in a fresh process with the
variables set, as a server started with them would.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

import pytest

from tests.browser.conftest import free_port, wait_for
from tests.factories.core import StandardPageFactory

ROOT = Path(__file__).resolve().parents[2]
CLEARED = {"DJANGO_SETTINGS_MODULE", "PRODUCTION", "DEBUG", "DATABASE_URL", "REDIS_URL"}
PRODUCTION_ENV = {
    "PRODUCTION": "1",
    "SECRET_KEY": "a-long-random-production-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "motesplats.example.se",
    "SITE_URL": "https://motesplats.example.se",
    "EMAIL_URL": "smtp://mail.example.se:587",
}


def clean_env(**variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    return {**env, "DJANGO_SETTINGS_MODULE": "config.settings.base", **variables}


def run_python(code: str, **variables: str) -> subprocess.CompletedProcess:
    """Run code after django.setup() in a new process with these variables."""
    setup = "import sys; sys.path.insert(0, 'site'); import django; django.setup()\n"
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", setup + code],
        cwd=ROOT,
        env=clean_env(**variables),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_in(code: str, **variables: str) -> dict:
    """The JSON that code prints, with settings imported under these variables."""
    result = run_python(code, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_media_stays_on_local_files_by_default():
    found = settings_in(
        "import json; from django.core.files.storage import storages; "
        "s = storages['default']; print(json.dumps(type(s).__module__ + '.' + type(s).__name__))"
    )
    assert found == "django.core.files.storage.filesystem.FileSystemStorage"


def test_a_bucket_moves_media_to_s3_compatible_storage():
    found = settings_in(
        "import json; from django.core.files.storage import storages; s = storages['default']; "
        "print(json.dumps({'class': type(s).__name__, 'bucket': s.bucket_name, "
        "'endpoint': s.endpoint_url, 'region': s.region_name, "
        "'url': s.url('original_images/karta.png')}))",
        S3_BUCKET="motesplats-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.se",
        AWS_S3_REGION_NAME="eu-north-1",
        AWS_S3_CUSTOM_DOMAIN="media.motesplats.example.se",
        AWS_ACCESS_KEY_ID="nyckel",
        AWS_SECRET_ACCESS_KEY="hemlig",
    )
    assert found == {
        "class": "S3Storage",
        "bucket": "motesplats-media",
        "endpoint": "https://s3.example.se",
        "region": "eu-north-1",
        "url": "https://media.motesplats.example.se/original_images/karta.png",
    }


def test_frontend_cache_is_off_by_default_and_on_with_a_purge_url():
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps([settings.WAGTAILFRONTENDCACHE, "
        "'wagtail.contrib.frontend_cache' in settings.INSTALLED_APPS]))"
    )
    assert settings_in(code) == [{}, False]
    backends, installed = settings_in(code, FRONTEND_CACHE_URL="http://127.0.0.1:6081")
    assert installed
    assert backends == {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:6081",
        }
    }


def test_search_url_switches_to_elasticsearch():
    found = settings_in(
        "import json; from wagtail.search.backends import get_search_backend; "
        "from knowledge.models import ArticlePage; "
        "b = get_search_backend(); m = b.mapping_class(ArticlePage).get_mapping(); "
        "print(json.dumps([type(b).__module__, b.hosts, b.index_prefix, "
        "b.settings['settings']['analysis']['analyzer'], m]))",
        SEARCH_URL="https://sok.example.se:9200",
    )
    module, hosts, prefix, analyzers, mapping = found
    assert module == "modelsearch.backends.elasticsearch9"
    assert hosts == [
        {"host": "sok.example.se", "port": 9200, "path_prefix": "", "scheme": "https"}
    ]
    assert prefix == "motesplats_"
    # Swedish is the index's default analyzer, beside the backend's n-gram ones …
    assert analyzers["default"] == {"type": "swedish"}
    assert {"ngram_analyzer", "edgengram_analyzer"} <= analyzers.keys()
    # … and the article's full-text fields name no other, so they get it.
    fields = mapping["properties"]
    text = {
        name: field
        for name, field in fields.items()
        if field.get("type") == "text" and not name.endswith("_edgengrams")
    }
    assert "title" in text
    assert any(name.startswith("knowledge_articlepage__") for name in text)
    assert all("analyzer" not in field for field in text.values())


def test_search_engine_opensearch_switches_to_opensearch():
    found = settings_in(
        "import json, events; from wagtail.search.backends import get_search_backend; "
        "from knowledge.models import ArticlePage; from events.models import EventPage; "
        "from opensearchpy import MetricsEvents; "
        "b = get_search_backend(); m = b.mapping_class(ArticlePage).get_mapping(); "
        "MetricsEvents(); "
        "print(json.dumps([type(b).__module__, events.__file__, b.hosts, "
        "b.settings['settings']['analysis']['analyzer']['default'], "
        "'title' in m['properties']]))",
        SEARCH_URL="https://motesplats:hemligt@sok.example.se:9200",
        SEARCH_ENGINE="opensearch",
    )
    module, events_file, hosts, default_analyzer, has_title = found
    assert module == "modelsearch.backends.opensearch3"
    # The client borrowed the name `events` while it was imported; it is ours again.
    assert Path(events_file) == ROOT / "events" / "__init__.py"
    assert hosts == [
        {
            "host": "sok.example.se",
            "port": 9200,
            "url_prefix": "",
            "use_ssl": True,
            "verify_certs": True,
            "http_auth": ["motesplats", "hemligt"],
        }
    ]
    assert default_analyzer == {"type": "swedish"}
    assert has_title


def test_an_unknown_search_engine_is_refused():
    result = run_python("", SEARCH_URL="https://sok.example.se:9200", SEARCH_ENGINE="solr")
    assert result.returncode != 0
    assert "SEARCH_ENGINE must be one of elasticsearch, opensearch, not 'solr'." in result.stderr


def test_database_search_uses_the_swedish_configuration():
    code = (
        "import json; from django.conf import settings; "
        "from wagtail.search.backends import get_search_backend; b = get_search_backend(); "
        "print(json.dumps([settings.WAGTAILSEARCH_BACKENDS['default'], "
        "getattr(b, 'config', None)]))"
    )
    configured, _ = settings_in(code)
    assert configured == {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "swedish",
    }
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith(("postgres://", "postgresql://")):
        assert settings_in(code, DATABASE_URL=database_url)[1] == "swedish"


@pytest.mark.django_db
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="the Swedish dictionary is PostgreSQL's; SQLite has no stemming",
)
def test_postgres_search_finds_swedish_inflections(home):
    assert connection.vendor == "postgresql"
    StandardPageFactory(parent=home, title="Hemsändningar av dagligvaror", slug="hemsandning")
    from wagtail.models import Page

    titles = [page.title for page in Page.objects.live().search("hemsändning")]
    assert titles == ["Hemsändningar av dagligvaror"]


def test_json_logs_are_one_object_a_line():
    result = run_python(
        "import logging\n"
        "logging.getLogger('motesplats').warning('Anmälan %s', 'sparad', extra={'event_id': 7})\n"
        "try:\n    1 / 0\nexcept ZeroDivisionError:\n"
        "    logging.getLogger('motesplats').exception('Fel')\n",
        LOG_FORMAT="json",
    )
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(line) for line in result.stderr.strip().splitlines())
    assert first["level"] == "WARNING"
    assert first["logger"] == "motesplats"
    assert first["message"] == "Anmälan sparad"
    assert first["event_id"] == 7
    assert "time" in first
    assert "ZeroDivisionError" in second["exception"]


def test_plain_logs_by_default():
    result = run_python("import logging; logging.getLogger('motesplats').warning('Hej')")
    assert result.stderr.strip().endswith("WARNING motesplats Hej")


SECRET_PATHS = [
    "/mina-sidor/kalender/Hemlig-Nyckel_42.ics",
    "/konto/password/reset/key/1a-Hemlig-Nyckel/",
]


def test_health_check_answers_load_balancers_in_production(tmp_path):
    """Probed by address over plain HTTP: no host check, no redirect to HTTPS.

    The server runs with deploy/gunicorn.conf.py and LOG_FORMAT=json, whose access
    log is checked too.
    """
    port = free_port()
    env = clean_env(
        **PRODUCTION_ENV,
        DATABASE_URL=f"sqlite:///{tmp_path / 'health.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
        LOG_FORMAT="json",
    )
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz/", server)
        import http.client

        def get(path: str, host: str) -> http.client.HTTPResponse:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path, headers={"Host": host})
            response = conn.getresponse()
            response.body = response.read()
            conn.close()
            return response

        health = get("/healthz/", "10.0.0.5:8000")
        assert health.status == 200
        assert json.loads(health.body) == {"status": "ok", "database": "ok", "cache": "ok"}
        assert "no-cache" in health.getheader("Cache-Control")
        # Everything else keeps production's guards.
        assert get("/", "10.0.0.5:8000").status == 400
        redirect = get("/", "motesplats.example.se")
        assert redirect.status == 301
        assert redirect.getheader("Location") == "https://motesplats.example.se/"
        # Addresses that work without a password reach the log redacted.
        for secret_path in SECRET_PATHS:
            get(secret_path, "motesplats.example.se")
    finally:
        server.terminate()
        access_log, _ = server.communicate(timeout=15)

    # gunicorn's access log, as JSON lines with a field for each part of the request.
    entries = [json.loads(line) for line in access_log.splitlines()]
    probe = next(e for e in entries if e["path"] == "/healthz/" and e["remote_addr"])
    assert probe["logger"] == "gunicorn.access"
    assert probe["method"] == "GET"
    assert probe["status"] == "200"
    assert int(probe["duration_ms"]) >= 0
    assert "Hemlig" not in access_log
    assert {e["path"] for e in entries} >= {
        "/mina-sidor/kalender/[redacted].ics",
        "/konto/password/reset/key/1a-[redacted]/",
    }


@pytest.mark.parametrize(
    ("variables", "delivery"),
    [
        ({}, "ConsoleEmailBackend"),
        ({"EMAIL_URL": "smtp+tls://post:hemligt@mail.example.se:587"}, "SmtpEmailBackend"),
    ],
)
def test_mail_is_queued_and_delivered_by_the_configured_server(variables, delivery):
    found = settings_in(
        "import json; from django.core.mail import mailers; "
        "d = mailers['delivery']; "
        "print(json.dumps({'default': type(mailers.default).__qualname__, "
        "'delivery': type(d).__module__.rsplit('.', 1)[-1].title() + type(d).__name__, "
        "'host': getattr(d, 'host', None), 'tls': getattr(d, 'use_tls', None)}))",
        **variables,
    )
    assert found["default"] == "QueuedEmailBackend"
    assert found["delivery"] == delivery
    if variables:
        assert (found["host"], found["tls"]) == ("mail.example.se", True)
