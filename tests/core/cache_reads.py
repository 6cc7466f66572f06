"""Counting the shared cache's reads in a test."""

from django.core.cache import cache


class CacheReads:
    """Counts the default cache's read calls (round trips with Redis), and passes them on."""

    def __init__(self, monkeypatch):
        self.calls: list[list[str]] = []
        self._depth = 0  # the local-memory backend's get_many calls its get
        for name in ("get", "get_many"):
            original = getattr(cache, name)
            monkeypatch.setattr(cache, name, self._counting(original))

    def _counting(self, original):
        def read(keys, *args, **kwargs):
            if not self._depth:
                self.calls.append([keys] if isinstance(keys, str) else list(keys))
            self._depth += 1
            try:
                return original(keys, *args, **kwargs)
            finally:
                self._depth -= 1

        return read
