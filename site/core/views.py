"""Site-wide views: search, robots.txt and the health check."""

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wagtail.models import Locale, Page

SEARCH_PAGE_SIZE = 10


@require_GET
def search(request: HttpRequest) -> TemplateResponse:
    """Full-text search across the public pages of the active language."""
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.none()
    if query:
        results = (
            Page.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .specific()
            .search(query)
        )
    paginator = Paginator(results, SEARCH_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger as exc:
        raise Http404 from exc
    except EmptyPage as exc:
        raise Http404 from exc
    return TemplateResponse(
        request,
        "core/search.html",
        {"query": query, "results": page, "paginator": paginator},
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
