"""What every answer of the open-data API shares: the 429 body and the caching headers."""

from django.conf import settings
from django.utils.translation import gettext as _

from rest_framework import status
from rest_framework.exceptions import Throttled
from rest_framework.response import Response


def too_many_requests(exc: Throttled) -> Response:
    """A 429 with a JSON message and ``Retry-After``."""
    wait = int(exc.wait or 1)
    response = Response(
        {
            "message": _("För många anrop. Försök igen om %(seconds)s sekunder.")
            % {"seconds": wait}
        },
        status=status.HTTP_429_TOO_MANY_REQUESTS,
    )
    response["Retry-After"] = str(wait)
    return response


def with_cache_headers(response):
    """Callers may keep a 200 for ``API_CACHE_SECONDS``; an error not at all."""
    if response.status_code == 200:
        response["Cache-Control"] = f"public, max-age={settings.API_CACHE_SECONDS}"
    else:
        response["Cache-Control"] = "no-store"
    return response
