from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Network meetings (mötesplatser), their listings, calendar feeds and registration."""

    name = "events"
    verbose_name = _("Mötesplatser")

    def ready(self):
        from core import page_cache
        from core.search import SearchType, register_search_type

        from . import gdpr, member_feed, signals  # noqa: F401 - registrations
        from .models import EventPage
        from .registration_models import Registration
        from .registration_selectors import SEATS

        signals.connect()
        # Meeting pages and listings show the free seats to anonymous visitors too;
        # other pages stay cached when a seat is taken.
        page_cache.invalidate_on_change(Registration, SEATS)
        register_search_type(SearchType(key="mote", label=_("Möten"), model=EventPage))
