from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    """Accounts, organisations and membership."""

    name = "members"
    verbose_name = _("Medlemmar")

    def ready(self):
        from . import signals  # noqa: F401
        from .auth_backends import connect_signals

        connect_signals(self.get_model("User"))
