"""Site-wide middleware."""

from django.conf import settings
from django.core.cache import caches

from wagtail.models import Site
from wagtail.views import serve

from .page_cache import FRAGMENT_CACHE, current_generation
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


class CachedSiteMiddleware:
    """Find the Wagtail site of a page request without a query.

    Wagtail looks the site up by host and port with one query on every page it
    serves (caching it is an open proposal upstream) and keeps the answer on the
    request as ``_wagtail_site``, where this sets it first. The answer changes only
    when a site or a page is saved, which retires the content generation, so it is
    kept in the ``fragments`` cache under that generation. Only Wagtail's page view
    is served this way; other views rarely need the site.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not serve or hasattr(request, "_wagtail_site"):
            return None
        generation = current_generation(request)
        key = f"pagecache:site:{generation}:{request.get_host()}:{request.get_port()}"
        fragments = caches[FRAGMENT_CACHE]
        found = fragments.get(key)
        if found is None:
            found = (Site.find_for_request(request),)
            fragments.set(key, found, 3600)
        request._wagtail_site = found[0]
        return None
