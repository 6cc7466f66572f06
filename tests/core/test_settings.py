"""Production mode: refuses weak configuration, passes Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

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
