"""A request's reads of the shared cache: each entry read once, a member's usual ones at once.

A signed-in member's page reads several small entries of the shared cache: the
content generation, the permission set (Wagtail's user bar), the open membership,
each with its own generation number, and the page cache's entry. Read one by one
they cost a round trip each. Within ``ReadAheadMiddleware``, ``get_many`` remembers
what it read for the rest of the request, and its first read also fetches the keys
every page of the member reads (apps name them with ``register``). An entry written
or bumped during the request is ``forget``-ed, so the request sees its own change.
"""

from collections.abc import Callable, Iterable
from contextvars import ContextVar

from django.contrib.auth import SESSION_KEY
from django.core.cache import cache

_providers: list[Callable[[str], Iterable[str]]] = []
# The keys to read with the first read, and what was read (None: absent).
_reads: ContextVar[tuple[set[str], dict[str, object]] | None] = ContextVar("reads", default=None)


def register(provider: Callable[[str], Iterable[str]]) -> None:
    """Add a function from a user id to the cache keys every page of theirs reads."""
    _providers.append(provider)


def get_many(keys: list[str]) -> dict[str, object]:
    """``cache.get_many(keys)``, each key read from the cache once in a request."""
    if (reads := _reads.get()) is None:
        return cache.get_many(keys)
    ahead, found = reads
    if missing := {key for key in keys if key not in found}:
        missing |= ahead - found.keys()
        values = cache.get_many(sorted(missing))
        found.update((key, values.get(key)) for key in missing)
    return {key: found[key] for key in keys if found[key] is not None}


def forget(key: str) -> None:
    """Read ``key`` from the cache again: it was written or bumped."""
    if (reads := _reads.get()) is not None:
        reads[1].pop(key, None)


class ReadAheadMiddleware:
    """Remember the request's cache reads, and plan a signed-in member's.

    Must come after the session middleware; reading the user id loads the session,
    which authenticating the member does anyway.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user_id = request.session.get(SESSION_KEY)
        ahead = {key for read in _providers for key in read(str(user_id))} if user_id else set()
        token = _reads.set((ahead, {}))
        try:
            return self.get_response(request)
        finally:
            _reads.reset(token)
