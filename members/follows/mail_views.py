"""One-click unsubscribe (no sign-in: the signed link is the credential) and the feed address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .feed import feed_token_regenerate
from .unsubscribe import read_token, turn_off


# A mail client's RFC 8058 POST (``List-Unsubscribe=One-Click``) carries no CSRF token,
# and none is needed: the POST only turns mail off, for the member the signature names.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    """GET: ask to confirm with one button; POST: turn that kind of mail off."""
    found = read_token(token)
    if found is None:
        response = render(request, "members/follows/unsubscribe_invalid.html", status=400)
    else:
        user, choice = found
        done = request.method == "POST"
        if done:
            turn_off(user, choice)
        response = render(
            request,
            "members/follows/unsubscribe.html",
            {"choice": choice, "done": done, "email": user.email},
        )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_POST
def feed_rotate(request):
    """Make a new follow-feed address; the old one stops working."""
    had_one = bool(request.user.follow_feed_token)
    feed_token_regenerate(user=request.user)
    if had_one:
        messages.success(
            request, _("Du har fått en ny adress till flödet. Den gamla fungerar inte längre.")
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "members:dashboard"
    return redirect(target)
