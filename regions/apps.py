from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    """Regional coordination: county pages, service programmes and contact persons."""

    name = "regions"
    verbose_name = _("Regional samordning")

    def ready(self):
        from members import links

        from . import home
        from .followups.selectors import dashboard_links

        home.register()
        links.register_links(dashboard_links)
