from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    """Regional coordination: county pages, service programmes and contact persons."""

    name = "regions"
    verbose_name = _("Regional samordning")

    def ready(self):
        from core import page_cache
        from core.api import router as api
        from core.api.datasets import register_dataset
        from members import gdpr, links

        from . import home
        from .api import ContactPersonsEndpoint, CountiesEndpoint
        from .followups.gdpr import export_reporting
        from .followups.selectors import dashboard_links
        from .models import ContactPerson, FollowUpRound, Responsibility
        from .open_data import CONTACTS, COUNTIES

        home.register()
        links.register_links(dashboard_links)
        gdpr.register_exporter(export_reporting)
        # The contact directory, the county pages and the API show these.
        for model in (ContactPerson, Responsibility, FollowUpRound):
            page_cache.invalidate_on_change(model)
        api.register(CountiesEndpoint.name, CountiesEndpoint)
        api.register(ContactPersonsEndpoint.name, ContactPersonsEndpoint)
        # The "Öppna data" page and the DCAT catalogue describe the datasets.
        register_dataset(COUNTIES)
        register_dataset(CONTACTS)
