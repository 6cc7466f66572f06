"""Logs never carry what opens something without a password (core.logging)."""

import logging

import pytest

from core.logging import RedactSecretPaths, redact_path


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/mina-sidor/kalender/Hemlig-Nyckel_42.ics", "/mina-sidor/kalender/[redacted].ics"),
        ("/en/mina-sidor/kalender/Hemlig-Nyckel_42.ics", "/en/mina-sidor/kalender/[redacted].ics"),
        (
            "/admin/motesplatser/incheckning/K7Q2ZP/",
            "/admin/motesplatser/incheckning/[redacted]/",
        ),
        (
            "/konto/password/reset/key/1a-5x2-abcdef0123/",
            "/konto/password/reset/key/1a-[redacted]/",
        ),
        ("/konto/confirm-email/MQ:1v2:abc/", "/konto/confirm-email/[redacted]/"),
        ("/mina-sidor/bevakningar/Hemlig_42.atom", "/mina-sidor/bevakningar/[redacted].atom"),
        (
            "/mina-sidor/bevakningar/avsluta/eyJ1IjoxfQ:1vX2/",
            "/mina-sidor/bevakningar/avsluta/[redacted]/",
        ),
        ("/motesplatser/", "/motesplatser/"),
        ("/finns-inte/alls/", "/finns-inte/alls/"),
    ],
)
def test_secret_parts_of_paths_are_redacted(path, logged):
    assert redact_path(path) == logged


def test_djangos_request_log_is_redacted():
    record = logging.makeLogRecord(
        {
            "name": "django.request",
            "msg": "Not Found: %s",
            "args": ("/mina-sidor/kalender/Hemlig-Nyckel_42.ics",),
        }
    )
    assert RedactSecretPaths().filter(record)
    assert record.getMessage() == "Not Found: /mina-sidor/kalender/[redacted].ics"
