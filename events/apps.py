from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Network meetings (mötesplatser), their listings and calendar feeds."""

    name = "events"
    verbose_name = _("Mötesplatser")

    def ready(self):
        from . import signals

        signals.connect()
