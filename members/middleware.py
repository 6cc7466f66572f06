"""Guard the admin: members get a 403, editors need two-factor authentication first."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from allauth.mfa.models import Authenticator

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def has_admin_access(user) -> bool:
    """True for users who may enter the Wagtail or Django admin."""
    return user.is_active and (user.is_staff or user.has_perm("wagtailadmin.access_admin"))


class AdminAccessMiddleware:
    """Checks every admin request of a signed-in user.

    - Without admin access: 403. (The admin would otherwise send them to the
      login page, which sends signed-in users straight back: a redirect loop.)
    - With admin access but no TOTP authenticator: to allauth's activation page.
      Once they have one, allauth asks for the code at every login.
    Anonymous requests pass through; the admin sends them to allauth's login.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if request.path.startswith(ADMIN_PREFIXES) and user.is_authenticated:
            if not has_admin_access(user):
                raise PermissionDenied
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                messages.warning(
                    request,
                    _(
                        "Du behöver aktivera tvåfaktorsautentisering innan du kan använda "
                        "administrationen."
                    ),
                )
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
