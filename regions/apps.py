from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    """Regional coordination: county pages, service programmes and contact persons."""

    name = "regions"
    verbose_name = _("Regional samordning")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core import page_cache, read_ahead
        from core.api import router as api
        from core.api.datasets import register_dataset
        from members import gdpr, links

        from . import home
        from .api import ContactPersonsEndpoint, CountiesEndpoint
        from .followups.gdpr import export_reporting
        from .followups.selectors import dashboard_links, reporter_key, reporters_changed
        from .models import ContactPerson, FollowUpRound, ProgrammeReporter, Responsibility
        from .open_data import CONTACTS, COUNTIES

        home.register()
        links.register_links(dashboard_links)
        # Mina sidor links a county's reporter to the follow-up, kept per membership
        # generation: an assignment made or taken away bumps it.
        read_ahead.register(lambda user_id: [reporter_key(user_id)])
        post_save.connect(reporters_changed, sender=ProgrammeReporter, dispatch_uid="reporter+")
        post_delete.connect(reporters_changed, sender=ProgrammeReporter, dispatch_uid="reporter-")
        gdpr.register_exporter(export_reporting)
        # The contact directory, the county pages and the API show these.
        for model in (ContactPerson, Responsibility, FollowUpRound):
            page_cache.invalidate_on_change(model)
        api.register(CountiesEndpoint.name, CountiesEndpoint)
        api.register(ContactPersonsEndpoint.name, ContactPersonsEndpoint)
        # The "Öppna data" page and the DCAT catalogue describe the datasets.
        register_dataset(COUNTIES)
        register_dataset(CONTACTS)
