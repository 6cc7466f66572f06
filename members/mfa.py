"""The second factor that every power of editors and coordinators requires.

Whoever uses such a power (reviewing memberships, registration lists, check-in,
reviewing articles, anything in the admin) needs an authenticator, and a session
in which they used it: at sign-in, or later on allauth's page that asks for a code.
allauth records every step of a session's authentication; an "mfa" record is the
proof. A session signed in without one (by password or e-mail code before the
authenticator existed) is asked for a code before going on.

``AdminAccessMiddleware`` applies this to everything under /admin/; views elsewhere
use ``second_factor_required``, or ``second_factor_redirect`` where the power
depends on what is posted.
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled

# The authenticators allauth asks for at sign-in; recovery codes only stand in for them.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def session_passed_second_factor(request: HttpRequest) -> bool:
    """True when the signed-in user entered a second factor in this session."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def _return_address(request: HttpRequest) -> str | None:
    """Where to go on after the code: this page, or for a form the page it was sent from.

    A redirect cannot repeat a POST, so the member sends the form again from there.
    """
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return None


def second_factor_redirect(request: HttpRequest) -> HttpResponseRedirect | None:
    """None when the signed-in user may go on; else where to set up or enter the factor.

    Without an authenticator: to allauth's TOTP activation (which has no ``next``;
    its message says to come back). With one but not used in this session: to
    allauth's reauthentication by code, which returns to ``next``.
    """
    if not is_mfa_enabled(request.user, SECOND_FACTORS):
        messages.warning(
            request,
            _(
                "Som redaktör eller samordnare behöver du tvåfaktorsautentisering. Aktivera "
                "en autentiseringsapp och gå sedan tillbaka till det du tänkte göra."
            ),
        )
        return HttpResponseRedirect(reverse("mfa_activate_totp"))
    if session_passed_second_factor(request):
        return None
    messages.warning(
        request,
        _(
            "Du loggade in utan tvåfaktorsautentisering. Ange en kod från din "
            "autentiseringsapp för att fortsätta som redaktör eller samordnare."
        ),
    )
    url = reverse("mfa_reauthenticate")
    if next_url := _return_address(request):
        url += "?" + urlencode({REDIRECT_FIELD_NAME: next_url})
    return HttpResponseRedirect(url)


def second_factor_required(holds_power: Callable[..., bool]):
    """Decorate a view of a power: those who hold it must have passed a second factor.

    ``holds_power(user)`` says who holds it. Everyone else goes through to the view,
    which refuses them itself: ordinary members are never asked for a second factor.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            holds = request.user.is_authenticated and holds_power(request.user)
            if holds and (response := second_factor_redirect(request)):
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
