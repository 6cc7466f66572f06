"""The page cache: every page kept once per address, language and audience.

Described with a diagram in docs/caching.md. Every app server reads and writes the same
cache (Redis in production), so a page rendered by one server is served by all.
Visitors without a session get the stored page whole (``PageCacheMiddleware``); members
get its shared part with their personal tags filled in (``serve_shared``,
``core.personal``).

Every entry carries the *generation* number current when its render began. Any change
that can alter a page (a page published, moved or deleted, a snippet, image, document,
site or footer saved) bumps it once the transaction commits, retiring every page at
once, neighbours' menus and listings included. A lookup reads the generation and the
entry in one round trip. Data that changes often on few pages (free seats) has a
generation of its own, which the pages showing it declare while rendering
(``depend_on``); one page's own data (its comments) has one per page
(``depend_on_page``), read only for entries that name it. Values derived from
published content are kept per generation in each process's memory
(``core.generations.remember``).

A page type names the query parameters it reads (``cache_query_parameters``, or
``shared_page``'s arguments); a request with any other, or one twice, is served but not
stored, and entries with a query string are kept to
``PAGE_CACHE_QUERY_ENTRIES_PER_MINUTE`` new ones a minute across the site.
"""

import hashlib
import logging
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.template.response import SimpleTemplateResponse
from django.utils.translation import get_language_from_path

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import personal, read_ahead
from .generations import CONTENT, GENERATION_KEY, Generation
from .privacy import access_key

logger = logging.getLogger(__name__)

STATUS_HEADER = "X-Page-Cache"
# Request attribute set by the before_serve_page hook or shared_page: the names of
# the query parameters the response may depend on.
PAGE_MARK = "_page_cache_parameters"
QUERY_BUDGET_KEY = "pagecache:query-entries"
# Request attribute: the other generations the response depends on, by key, with the
# number read before their data was.
DEPENDS_MARK = "_page_cache_depends"

# Cache-Control words that keep a response out of the cache.
UNCACHEABLE = ("private", "no-store", "no-cache", "max-age=0")

_invalidating_models: dict[type[Model], Generation] = {}
# The keys of the generations other than CONTENT that are read with every page's entry.
_other_generations: set[str] = set()


def invalidate_on_change(model: type[Model], generation: Generation = CONTENT) -> None:
    """Retire cached pages whenever an instance of ``model`` is saved or deleted.

    All of them, or with another ``generation`` only the pages that depend on it.
    """
    _invalidating_models[model] = generation
    if generation is not CONTENT:
        _other_generations.add(generation.key)


def invalidate(generation: Generation = CONTENT) -> None:
    """Retire the cached pages of ``generation`` once the current transaction commits.

    Waiting for the commit matters: bumped earlier, another server could render
    the old content in between and store it under the new generation.
    """
    transaction.on_commit(generation.bump, robust=True)


def depend_on(request: HttpRequest, generation: Generation) -> None:
    """Note that this response shows data retired by ``generation``; call it before reading it."""
    depends = request.__dict__.setdefault(DEPENDS_MARK, {})
    if generation.key not in depends:
        depends[generation.key] = generation.current()


def page_generation(page_id: int) -> Generation:
    """The generation of one page's own data (its comments): bumping it retires that page."""
    return Generation(f"pagecache:own:{page_id}")


def depend_on_page(request: HttpRequest, page_id: int) -> None:
    """Note that this response shows ``page_generation(page_id)``'s data; call it first."""
    depend_on(request, page_generation(page_id))


def cache_key(request: HttpRequest, audience: str = "") -> str:
    """Key for this request: scheme, host, path and query string, language and audience.

    The audience is empty for visitors without a session; for members, it tells apart
    those who may see different pages (``core.privacy.access_key``).
    """
    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    url = request.build_absolute_uri()
    digest = hashlib.sha256(f"{language}|{audience}|{url}".encode()).hexdigest()
    return f"pagecache:page:{digest}"


def _on_model_change(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        invalidate()
    elif (generation := _invalidating_models.get(type(instance))) is not None:
        invalidate(generation)


def _on_page_signal(sender, **kwargs) -> None:
    invalidate()


def connect_signals() -> None:
    """Connect the invalidation receivers; called once from ``CoreConfig.ready``."""
    for signal in (post_save, post_delete):
        signal.connect(_on_model_change, dispatch_uid="page_cache")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_on_page_signal, dispatch_uid="page_cache")


def mark_page_cacheable(page: Page, request: HttpRequest) -> None:
    """Let the page cache keep this page's response, unless the page type opts out.

    The page type's ``cache_query_parameters`` name the query parameters it reads.
    """
    if getattr(page, "anonymous_page_cache", True):
        parameters = getattr(page, "cache_query_parameters", ())
        setattr(request, PAGE_MARK, frozenset(parameters))


def shared_page(*query_parameters: str):
    """Let the page cache keep a view's responses too, like a Wagtail page's.

    For public views whose output changes only with published content (the
    sitemap, search, feeds): the same rules apply, and the same invalidation.
    ``query_parameters`` are those the view reads.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            setattr(request, PAGE_MARK, frozenset(query_parameters))
            return serve_shared(request, lambda: view(request, *args, **kwargs))

        return wrapped

    return decorator


def _lookup(key: str) -> tuple[tuple | None, int] | None:
    """The entry under ``key`` if it is current (else None), and the content generation.

    One round trip, and a second only for an entry that names per-page generations.
    None when the cache cannot be reached: pages are then served without it.
    """
    try:
        found = read_ahead.get_many([GENERATION_KEY, *_other_generations, key])
        generation = found.get(GENERATION_KEY) or CONTENT.start()
        stored = found.get(key)
        if stored is None or stored[0] != generation:
            return None, generation
        if own := [name for name in stored[1] if name not in _other_generations]:
            found |= read_ahead.get_many(own)
    except Exception:  # noqa: BLE001 - an unreachable cache must not take pages down
        logger.warning("Page cache unavailable", exc_info=True)
        return None
    current = all(found.get(name) == number for name, number in stored[1].items())
    return (stored if current else None), generation


def _hit(content: str | bytes, headers: list[tuple[str, str]]) -> HttpResponse:
    return HttpResponse(content, headers={**dict(headers), STATUS_HEADER: "hit"})


def _keep(request, response, key, generation, *payload) -> None:
    """Store ``payload`` and the response's headers under ``key``, if it is shareable.

    With the generations the render read (``depend_on``) before their data.
    """
    if not _shareable(request, response):
        return
    entry = (generation, getattr(request, DEPENDS_MARK, {}), *payload, list(response.items()))
    try:
        if not request.GET or _query_entry_allowed():
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            response[STATUS_HEADER] = "miss"
    except Exception:  # noqa: BLE001
        logger.warning("Page cache unavailable", exc_info=True)


def _query_entry_allowed() -> bool:
    """Whether this minute's budget of new entries with a query string has room."""
    key = f"{QUERY_BUDGET_KEY}:{int(time.time() // 60)}"
    cache.add(key, 0, 120)
    return cache.incr(key) <= settings.PAGE_CACHE_QUERY_ENTRIES_PER_MINUTE


def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether a response is the same for everyone in its audience, and may be kept."""
    parameters = getattr(request, PAGE_MARK, None)
    cache_control = response.get("Cache-Control", "").lower()
    return (
        parameters is not None
        # Any other parameter, or one given twice, would make a new entry of the page.
        and all(name in parameters and len(values) == 1 for name, values in request.GET.lists())
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in UNCACHEABLE)
        # A CSP nonce is per response; replaying it to others would void it.
        and not get_nonce(request)
        and "'nonce-" not in response.get("Content-Security-Policy", "")
    )


def serve_shared(request: HttpRequest, respond: Callable[[], HttpResponse], page=None):
    """``respond()`` for a member, or its shared part from the cache with theirs filled in.

    Visitors without a session are served by ``PageCacheMiddleware`` instead, before
    this runs. ``page`` is the Wagtail page being served, if any: its personal tags'
    argument.
    """
    user = getattr(request, "user", None)
    if (
        not settings.PAGE_CACHE_SECONDS
        or request.method != "GET"
        or getattr(request, PAGE_MARK, None) is None
        or not getattr(user, "is_authenticated", False)
    ):
        return respond()
    key = cache_key(request, access_key(request))
    if (found := _lookup(key)) is None:
        return respond()
    stored, generation = found
    if stored is not None:
        _, _, shared, holes, headers = stored
        return _hit(personal.fill(request, page, shared, holes), headers)
    setattr(request, personal.RECORDING_MARK, personal.Recording(page=page))

    def keep(response: HttpResponse) -> None:
        if (recorded := personal.finish(request, response)) is not None:
            _keep(request, response, key, generation, *recorded)

    try:
        response = respond()
    except BaseException:  # the error page that follows is rendered unrecorded
        personal.finish(request, None)
        raise
    if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
        response.add_post_render_callback(keep)
    else:
        keep(response)
    return response


class PageCacheMiddleware:
    """Serve pages to visitors without a session from the shared cache.

    Sits near the top of the middleware list so that a hit skips sessions,
    authentication, CSRF and the page tree altogether. Only ``GET`` and ``HEAD``
    requests without a session or messages cookie are looked up. A response is
    stored whole when it is shareable (``_shareable``: a 200 from a Wagtail page or
    a ``shared_page`` view, setting no cookie, e.g. a form's CSRF token), for an
    anonymous user. ``PAGE_CACHE_SECONDS = 0`` switches it off.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            not settings.PAGE_CACHE_SECONDS
            or request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or any(name in request.COOKIES for name in settings.PAGE_CACHE_BYPASS_COOKIES)
        ):
            return self.get_response(request)
        key = cache_key(request)
        if (found := _lookup(key)) is None:
            return self.get_response(request)
        stored, generation = found
        if stored is not None:
            _, _, content, headers = stored
            return _hit(content, headers)
        response = self.get_response(request)
        anonymous = not getattr(getattr(request, "user", None), "is_authenticated", False)
        if request.method == "GET" and anonymous and not response.streaming:
            _keep(request, response, key, generation, response.content)
        return response
