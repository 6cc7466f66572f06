"""Site-wide middleware."""

from functools import partial

from django.conf import settings
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import get_language

from wagtail.models import Page, Site
from wagtail.views import serve

from .generations import remember
from .views import healthz


class AdminContentSecurityPolicyMiddleware:
    """Give Wagtail's admin its own, looser Content-Security-Policy and framing rule.

    The admin's templates carry inline scripts and its previews are framed, while
    the public site allows neither. Must come after Django's CSP and X-Frame-Options
    middleware, which keep what is set here.
    """

    ADMIN_PREFIXES = ("/admin/", "/django-admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.ADMIN_PREFIXES):
            response._csp_config = settings.ADMIN_CSP
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response


class HealthCheckMiddleware:
    """Answer ``/healthz/`` before the host check and the HTTPS redirect.

    Load balancers probe each app server directly, by its address and over plain
    HTTP, so their requests carry a Host header outside ``ALLOWED_HOSTS`` and no
    ``X-Forwarded-Proto``. The health check builds no URL from the host, so it is
    safe to answer them. Must be first in ``MIDDLEWARE``.
    """

    PATH = "/healthz/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == self.PATH:
            return healthz(request)
        return self.get_response(request)


class CachedRouteMiddleware(MiddlewareMixin):
    """Find a page request's Wagtail site and page without queries.

    For every page it serves, Wagtail looks the site up by host and port (one
    query; caching it is an open proposal upstream) and routes the path to a page
    (three or four: the page, its specific row, the locale), keeping both on the
    request as ``_wagtail_site`` and ``_wagtail_route_for_request``, where this
    sets them first. Both change only when a site or a page is saved, which retires
    the content generation, so they are kept in the ``fragments`` cache under it;
    each request gets its own copy of the page. The page's view restrictions (two
    more queries in Wagtail's privacy check) are looked up with the route and kept
    on that copy: saving one retires the generation too. The check itself and every
    ``before_serve_page`` hook still run per request. Only Wagtail's page view is
    served this way, and the site and every site's root path of members' own pages,
    which link to pages.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        # A member's own pages link to pages too: {% pageurl %} asks for the site, and
        # for every site's root path from the shared cache.
        own_page = view_func is not serve and request.user.is_authenticated
        if hasattr(request, "_wagtail_route_for_request") or not (own_page or view_func is serve):
            return None
        host = (request.get_host(), request.get_port())
        (request._wagtail_site,) = remember(
            "site", lambda: (Site.find_for_request(request),), *host
        )
        if own_page:
            paths = remember("site-root-paths", Site.get_site_root_paths)
            request._wagtail_cached_site_root_paths = paths
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        (request._wagtail_route_for_request,) = remember(
            "route", lambda: (self._route(request, path),), *host, get_language(), path
        )
        return None

    @staticmethod
    def _route(request, path: str):
        route = Page.route_for_request(request, path)
        if route is not None:
            page = route.page
            page.locale  # noqa: B018 - loaded now, so the kept copy carries it
            # Wagtail's privacy check asks the page for its restrictions; this copy
            # answers from the list (a partial, so that it is kept with the page).
            page.get_view_restrictions = partial(list, page.get_view_restrictions())
        return route
