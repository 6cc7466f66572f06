"""Production mode: refuses weak configuration, passes Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "PRODUCTION": "1",
    "SECRET_KEY": "a-long-random-production-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "motesplats.example.se",
    "DATABASE_URL": "sqlite:///:memory:",
    "SITE_URL": "https://motesplats.example.se",
    "EMAIL_URL": "smtp://mail.example.se:587",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "DEBUG"}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_in_production_mode():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secrets():
    result = manage("check", PRODUCTION="1")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr
    assert "DATABASE_URL" in result.stderr
    assert "EMAIL_URL" in result.stderr


def test_production_refuses_debug():
    result = manage("check", DEBUG="1", **PRODUCTION_ENV)
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def example_secret_key() -> str:
    for line in (ROOT / "deploy/motesplats.env.example").read_text().splitlines():
        if line.startswith("SECRET_KEY="):
            return line.removeprefix("SECRET_KEY=")
    raise AssertionError("deploy/motesplats.env.example sets no SECRET_KEY")


@pytest.mark.parametrize(
    ("secret_key", "reason"),
    [
        (example_secret_key(), "placeholder"),
        # As long as Django demands, but the placeholder all the same.
        ("change-me-" + "0123456789abcdef" * 4, "placeholder"),
        ("insecure-development-key-not-for-production", "placeholder"),
        ("django-insecure-" + "0123456789abcdef" * 4, "placeholder"),
        ("k7Qp2vX9" * 6, "48 characters"),
        # 60 characters, but only 8 different ones: Django's check lets 5 pass.
        ("abcdefgh" * 8, "8 different characters"),
    ],
)
def test_production_refuses_a_weak_secret_key(secret_key, reason):
    result = manage("check", **{**PRODUCTION_ENV, "SECRET_KEY": secret_key})
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is too weak for PRODUCTION=1" in result.stderr
    assert reason in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr


def test_production_accepts_the_key_ci_generates():
    key = "ci-" + secrets.token_hex(32)
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION_ENV, "SECRET_KEY": key}
    )
    assert result.returncode == 0, result.stdout + result.stderr
