from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Home page, standard pages, shared taxonomy and site-wide pieces."""

    name = "core"
    verbose_name = _("Webbplats")

    def ready(self):
        from .models import StandardPage
        from .search import SearchType, register_search_type

        register_search_type(SearchType(key="sida", label=_("Sidor"), model=StandardPage))
