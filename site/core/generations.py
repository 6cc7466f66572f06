"""Generation numbers in the shared cache: bumping one retires what was keyed with it."""

import time

from django.core.cache import cache


class Generation:
    """A number under ``key`` in the shared cache that only grows.

    Entries stored with the number current when they were computed are good while it
    stays current; a bump retires all of them at once, on every app server. A lost
    number (first use, evicted) starts again from the clock, above any used before.
    """

    def __init__(self, key: str):
        self.key = key

    def current(self) -> int:
        return cache.get(self.key) or self.start()

    def start(self) -> int:
        cache.add(self.key, time.time_ns(), timeout=None)
        return cache.get(self.key)

    def bump(self) -> None:
        try:
            cache.incr(self.key)
        except ValueError:
            self.start()
