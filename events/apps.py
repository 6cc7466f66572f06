from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Network meetings (mötesplatser), their listings, calendar feeds and registration."""

    name = "events"
    verbose_name = _("Mötesplatser")

    def ready(self):
        from . import gdpr, member_feed, signals  # noqa: F401 - registrations

        signals.connect()
