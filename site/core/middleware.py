"""Site-wide middleware."""

from django.conf import settings

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
