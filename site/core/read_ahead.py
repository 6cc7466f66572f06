"""Shared-cache entries a request will need, read together in one round trip.

A signed-in member's page reads several small entries of the shared cache: the
content generation (fragments), the permission set (Wagtail's user bar) and the
open membership, each with its own generation number. Read one by one they cost a
round trip each. ``ReadAheadMiddleware`` announces them for the request, from the
user id in the session; the first read of any of them fetches them all.

Apps add the keys they read for a member with ``register``; values the request has
read already (the page cache's generation numbers) are handed over with ``know``.
Entries written or bumped during the request are read from the cache again
afterwards, so a request that changes data sees its own change.
"""

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.contrib.auth import SESSION_KEY
from django.core.cache import cache

_providers: list[Callable[[str], Iterable[str]]] = []


def register(provider: Callable[[str], Iterable[str]]) -> None:
    """Add a function from a user id to the cache keys every page of theirs reads."""
    _providers.append(provider)


@dataclass
class _Plan:
    keys: set[str]
    found: dict[str, object] | None = None
    known: dict[str, object] = field(default_factory=dict)


_plan: ContextVar[_Plan | None] = ContextVar("read_ahead_plan", default=None)


def get_many(keys: list[str]) -> dict[str, object]:
    """``cache.get_many(keys)``, from the request's read-ahead when it covers them."""
    plan = _plan.get()
    if plan is None or not plan.keys.union(plan.known).issuperset(keys):
        return cache.get_many(keys)
    if plan.found is None and not plan.known.keys() >= set(keys):
        plan.found = cache.get_many(sorted(plan.keys))
    found = {**(plan.found or {}), **plan.known}
    return {key: found[key] for key in keys if found.get(key) is not None}


def know(values: dict[str, object]) -> None:
    """Serve these values, just read from the cache (None: absent), for the rest of the request."""
    plan = _plan.get()
    if plan is not None:
        plan.known.update(values)


def forget(key: str) -> None:
    """Read ``key`` from the cache from now on: it was written or bumped."""
    plan = _plan.get()
    if plan is not None:
        plan.keys.discard(key)
        plan.known.pop(key, None)


class ReadAheadMiddleware:
    """Plan the read-ahead of a signed-in member's request.

    Must come after the session middleware; reading the user id loads the session,
    which authenticating the member does anyway.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user_id = request.session.get(SESSION_KEY)
        if user_id is None or not _providers:
            return self.get_response(request)
        keys = {key for provider in _providers for key in provider(str(user_id))}
        token = _plan.set(_Plan(keys=keys))
        try:
            return self.get_response(request)
        finally:
            _plan.reset(token)
