"""Two-factor authentication is required before anyone reaches the admin."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from allauth.mfa.models import Authenticator

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class RequireAdminMFAMiddleware:
    """Send users with admin access but no TOTP authenticator to allauth's activation page.

    Editors and administrators sign in through allauth; once they have an
    authenticator, allauth asks for the code at every login.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN_PREFIXES) and self._lacks_mfa(request.user):
            messages.warning(
                request,
                _(
                    "Du behöver aktivera tvåfaktorsautentisering innan du kan använda "
                    "administrationen."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _lacks_mfa(user) -> bool:
        if not user.is_authenticated:
            return False
        if not (user.is_staff or user.has_perm("wagtailadmin.access_admin")):
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
