from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Network meetings (mötesplatser), their listings and calendar feeds."""

    name = "events"
    verbose_name = _("Mötesplatser")

    def ready(self):
        from core.search import SearchType, register_search_type

        from .models import EventPage

        register_search_type(SearchType(key="mote", label=_("Möten"), model=EventPage))
