"""The API's rate limit: requests per client address, counted in the shared cache."""

from django.conf import settings

from rest_framework.throttling import SimpleRateThrottle


class OpenDataThrottle(SimpleRateThrottle):
    """``API_RATE_LIMIT`` requests per client address (e.g. ``"300/min"``).

    Responses served from the page cache never reach the view, so only the
    requests that cost a query count; the address is the one allauth's limits
    use (``ALLAUTH_TRUSTED_PROXY_COUNT`` proxies are trusted).
    """

    scope = "opendata"

    def get_rate(self) -> str | None:
        return settings.API_RATE_LIMIT or None

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
