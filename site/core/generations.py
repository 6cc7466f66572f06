"""Generation numbers in the shared cache: bumping one retires what was keyed with it."""

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache, caches
from django.db import transaction

from . import read_ahead

GENERATION_KEY = "pagecache:generation"
# Each process's own cache (in memory) for what is read on every request.
FRAGMENT_CACHE = "fragments"


@dataclass(frozen=True)
class Generation:
    """A number under ``key`` in the shared cache that only grows.

    Entries stored with the number current when they were computed are good while it
    stays current; a bump retires all of them at once, on every app server. A lost
    number (first use, evicted) starts again from the clock, above any used before.
    """

    key: str

    def current(self) -> int:
        return read_ahead.get_many([self.key]).get(self.key) or self.start()

    def start(self) -> int:
        read_ahead.forget(self.key)
        cache.add(self.key, time.time_ns(), timeout=None)
        return cache.get(self.key)

    def bump(self) -> None:
        read_ahead.forget(self.key)
        try:
            cache.incr(self.key)
        except ValueError:
            self.start()

    def bump_now_and_on_commit(self) -> None:
        """Bump now, and again when the current transaction commits.

        Now, so that the writer's own later reads see the change; at the commit, to
        retire what another request read and cached in between (the old data).
        """
        self.bump()
        transaction.on_commit(self.bump, robust=True)

    def cached[T](self, key: str, compute: Callable[[], T], timeout: int) -> T:
        """``compute()``, or the value cached under ``key`` while this number stays current.

        One round trip reads both the number and the value (none when the request's
        read-ahead holds them); a value stored under an older number is computed again.
        """
        found = read_ahead.get_many([self.key, key])
        generation = found.get(self.key) or self.start()
        stored = found.get(key)
        if stored is not None and stored[0] == generation:
            return stored[1]
        value = compute()
        read_ahead.forget(key)
        cache.set(key, (generation, value), timeout)
        return value


CONTENT = Generation(GENERATION_KEY)
"""The content generation: bumped when published content changes, retiring every page."""


def remember[T](name: str, compute: Callable[[], T], *parts: object, seconds: int = 3600) -> T:
    """A value derived from published content, kept in this process until a change retires it.

    ``parts`` (language, host, …) tell the variants apart; ``compute`` must not
    return None.
    """
    variant = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]
    return kept(f"pagecache:{name}:{CONTENT.current()}:{variant}", compute, seconds)


def kept[T](key: str, compute: Callable[[], T], seconds: int) -> T:
    """``compute()``, kept under ``key`` in this process's memory; it must not return None."""
    fragments = caches[FRAGMENT_CACHE]
    value = fragments.get(key)
    if value is None:
        value = compute()
        fragments.set(key, value, seconds)
    return value
