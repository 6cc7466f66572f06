from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    """Regional coordination: county pages, service programmes and contact persons."""

    name = "regions"
    verbose_name = _("Regional samordning")

    def ready(self):
        from members import gdpr, links

        from . import home
        from .followups.gdpr import export_reporting
        from .followups.selectors import dashboard_links

        home.register()
        links.register_links(dashboard_links)
        gdpr.register_exporter(export_reporting)
        # The "Öppna data" page and the DCAT catalogue describe the datasets.
        from core.api.datasets import register_dataset

        from .open_data import CONTACTS, COUNTIES

        register_dataset(COUNTIES)
        register_dataset(CONTACTS)
