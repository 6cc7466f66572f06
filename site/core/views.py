"""Site-wide views: search, robots.txt, the health check and the open-data catalogue."""

import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from wagtail.models import Locale, Page

from core.api.dcat import catalogue_graph, graph_etag, serialise
from core.page_cache import shared_page
from core.privacy import visible_to

from .search import (
    SearchType,
    cluster_errors,
    excerpt,
    get_search_type,
    page_text,
    search_types,
    type_label,
)

logger = logging.getLogger(__name__)

SEARCH_PAGE_SIZE = 10


def _search_filters(request: HttpRequest) -> tuple[SearchType | None, str]:
    """The validated type and kind filters; unknown values are a 404, not a guess."""
    type_key = request.GET.get("type", "")
    kind = request.GET.get("kind", "")
    search_type = get_search_type(type_key) if type_key else None
    if type_key and search_type is None:
        raise Http404("Unknown search type")
    if kind and search_type is None:
        search_type = next((t for t in search_types() if t.has_kind(kind)), None)
    if kind and (search_type is None or not search_type.has_kind(kind)):
        raise Http404("Unknown kind")
    return search_type, kind


# Control characters and double quotes break SQLite's full-text query syntax (an
# "unterminated string" error); they carry no meaning in a search box, so they go.
_UNSEARCHABLE = re.compile(r'[\x00-\x1f\x7f"]+')


def clean_query(raw: str) -> str:
    """The visitor's search words, safe for every search backend, at most 200 characters."""
    return " ".join(_UNSEARCHABLE.sub(" ", raw).split())[:200]


@require_GET
@shared_page("q", "type", "kind", "page")
def search(request: HttpRequest) -> TemplateResponse:
    """Full-text search across the public pages of the active language.

    Only live pages the visitor may see are searched (core.privacy), so drafts,
    members' unpublished articles and pages restricted from them never show up;
    a member sees the pages restricted to members. Anonymous results go
    through the page cache: frequent searches are answered without a query, and
    a publish retires them like any page.
    """
    query = clean_query(request.GET.get("q", ""))
    search_type, kind = _search_filters(request)
    results = Page.objects.none()
    if query:
        model = search_type.model if search_type else Page
        pages = visible_to(model.objects.live(), request).filter(locale=Locale.get_active())
        if kind:
            pages = pages.filter(**{search_type.kind_field: kind})
        if model is Page:
            pages = pages.specific()
        results = pages.search(query)
    paginator = Paginator(results, SEARCH_PAGE_SIZE)
    context = {
        "query": query,
        "search_types": search_types(),
        "selected_type": search_type,
        "selected_kind": kind,
        "kind_choices": [
            (t.key, value, label) for t in search_types() for value, label in t.kind_choices
        ],
    }
    try:
        page = paginator.page(request.GET.get("page", 1))
        hits = [
            {
                "page": result,
                "excerpt": excerpt(page_text(result), query),
                "type": type_label(result),
            }
            for result in page
        ]
    except (PageNotAnInteger, EmptyPage) as exc:
        raise Http404 from exc
    except cluster_errors():
        # The search cluster is down or refuses: say so, and keep the form.
        logger.exception("The search cluster did not answer")
        response = TemplateResponse(
            request, "core/search.html", {**context, "unavailable": True}, status=503
        )
        response["Retry-After"] = "60"
        return response
    return TemplateResponse(
        request,
        "core/search.html",
        {**context, "results": page, "hits": hits, "paginator": paginator},
    )


@require_GET
def robots_txt(request: HttpRequest) -> TemplateResponse:
    """robots.txt pointing crawlers at the sitemap and away from private areas."""
    return TemplateResponse(
        request,
        "core/robots.txt",
        {"sitemap_url": f"{settings.SITE_URL}/sitemap.xml"},
        content_type="text/plain; charset=utf-8",
    )


# The catalogue's serialisations: rdflib's format and the media type.
DCAT_FORMATS = {
    "rdf": ("xml", "application/rdf+xml"),
    "jsonld": ("json-ld", "application/ld+json"),
}


@require_safe
@shared_page()
def dcat_catalogue(request: HttpRequest, extension: str) -> HttpResponse:
    """The open data's DCAT-AP-SE catalogue (``core.api.dcat``) as RDF/XML or JSON-LD.

    Anonymous and the same for everyone: kept in the page cache and by clients
    for ``API_CACHE_SECONDS``; a publish retires it with the pages.
    """
    fmt, media_type = DCAT_FORMATS[extension]
    graph = catalogue_graph(request)
    response = HttpResponse(serialise(graph, fmt), content_type=media_type)
    response["ETag"] = graph_etag(graph, fmt)
    response["Cache-Control"] = f"public, max-age={settings.API_CACHE_SECONDS}"
    return response


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Report whether the database and the cache answer, for load balancers."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = "error"
    try:
        cache.set("healthz", "ok", 5)
        checks["cache"] = "ok" if cache.get("healthz") == "ok" else "error"
    except Exception:  # noqa: BLE001
        checks["cache"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


@require_GET
def bench_ping(request: HttpRequest) -> HttpResponse:
    """The smallest Django view: the ceiling the load benchmark compares pages with.

    Routed only when ``BENCH_VIEWS=1``.
    """
    return HttpResponse(b"pong", content_type="text/plain")
