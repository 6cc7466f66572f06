"""Guard the admin: members get a 403, editors need the second factor first."""

from django.core.exceptions import PermissionDenied

from .mfa import second_factor_redirect

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def has_admin_access(user) -> bool:
    """True for users who may enter the Wagtail or Django admin."""
    return user.is_active and (user.is_staff or user.has_perm("wagtailadmin.access_admin"))


class AdminAccessMiddleware:
    """Checks every admin request of a signed-in user.

    - Without admin access: 403. (The admin would otherwise send them to the
      login page, which sends signed-in users straight back: a redirect loop.)
    - With admin access, the rule of every editor's power (members/mfa.py): an
      authenticator, used in this session, else to allauth's pages for it.
    Anonymous requests pass through; the admin sends them to allauth's login.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if request.path.startswith(ADMIN_PREFIXES) and user.is_authenticated:
            if not has_admin_access(user):
                raise PermissionDenied
            if response := second_factor_redirect(request):
                return response
        return self.get_response(request)
