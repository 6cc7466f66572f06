from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Home page, standard pages, shared taxonomy and site-wide pieces."""

    name = "core"
    verbose_name = _("Webbplats")
