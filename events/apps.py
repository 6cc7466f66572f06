from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Network meetings (mötesplatser), their listings, calendar feeds and registration."""

    name = "events"
    verbose_name = _("Mötesplatser")

    def ready(self):
        from core.search import SearchType, register_search_type

        from . import gdpr, member_feed, signals  # noqa: F401 - registrations
        from .models import EventPage

        signals.connect()
        register_search_type(SearchType(key="mote", label=_("Möten"), model=EventPage))
