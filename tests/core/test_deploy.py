"""The deploy/ folder: every variable documented, the example environment deployable."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "site/config/settings/base.py", ROOT / "deploy/gunicorn.conf.py"]
ENV_EXAMPLE = ROOT / "deploy/motesplats.env.example"
# Read by the settings as a selector of another variable's default, not set by hand.
NOT_DEPLOYMENT_VARIABLES = {"DJANGO_SETTINGS_MODULE"}


def variables_read() -> set[str]:
    pattern = re.compile(r"""(?:env\.\w+|environ\.get|env)\(\s*["']([A-Z][A-Z0-9_]+)["']""")
    found = set()
    for source in SOURCES:
        found |= set(pattern.findall(source.read_text()))
    return found - NOT_DEPLOYMENT_VARIABLES


def example_values() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def test_the_settings_read_the_variables_this_test_looks_for():
    assert {"SECRET_KEY", "REDIS_URL", "AWS_STORAGE_BUCKET_NAME", "WEB_CONCURRENCY"} <= (
        variables_read()
    )


def test_every_variable_is_in_the_env_example():
    aliases = {"S3_BUCKET"}  # another name for AWS_STORAGE_BUCKET_NAME
    assert variables_read() - aliases - set(example_values()) == set()


def test_every_variable_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text()
    missing = {name for name in variables_read() if f"`{name}`" not in readme}
    assert missing == set()


def test_the_example_environment_passes_the_deployment_checks():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in example_values() and k != "DJANGO_SETTINGS_MODULE"
    }
    env.update(example_values())
    env.update(
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-0123456789",
        DATABASE_URL="sqlite:///:memory:",
        REDIS_URL="",
        STATIC_ROOT=str(ROOT / "var" / "static"),
        MEDIA_ROOT=str(ROOT / "var" / "media"),
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
