"""Test settings: the environment's database and cache, fast hashing, tasks in-process."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests render every page afresh; tests of the page cache switch it on themselves.
PAGE_CACHE_SECONDS = 0
# Tests call the API far more often than a client may; the rate-limit test sets it.
API_RATE_LIMIT = ""

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory: concurrent tests (threads with their own
    # connections) then queue on SQLite's write lock as production does. One file per
    # test process, removed when the session ends (tests/conftest.py), so parallel runs
    # never share or flush each other's database.
    import os

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")  # noqa: F405
    }
