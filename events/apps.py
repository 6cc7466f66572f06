from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Network meetings (mötesplatser), their listings, calendar feeds and registration."""

    name = "events"
    verbose_name = _("Mötesplatser")

    def ready(self):
        from core import page_cache, read_ahead
        from core.api import router as api
        from core.api.datasets import register_dataset
        from core.outbox import renderers
        from core.search import SearchType, register_search_type
        from members.discussion import registry as discussion
        from members.follows import kinds as follows
        from members.follows.digest import register_source

        from . import digest, signals
        from .api import MeetingsEndpoint
        from .discussion import meeting_watchers
        from .evaluations import gdpr as evaluation_gdpr  # noqa: F401 - registrations
        from .models import EventPage
        from .open_data import MEETINGS
        from .registration import emails, feed, gdpr  # noqa: F401 - registrations
        from .registration import signals as registration_signals
        from .registration.models import Registration
        from .registration.selectors import SEATS, registered_key

        signals.connect()
        register_source(digest.new_meetings)
        renderers.register(emails.KIND_PREFIX, emails.build)
        registration_signals.connect()
        # Meeting pages and listings show the free seats to anonymous visitors too;
        # other pages stay cached when a seat is taken.
        page_cache.invalidate_on_change(Registration, SEATS)
        # The registration box tells apart members registered for the meeting.
        read_ahead.register(lambda user_id: [registered_key(user_id)])
        register_search_type(SearchType(key="mote", label=_("Möten"), model=EventPage))
        follows.register_page_type("meetings", EventPage, _("Mötesplatser"))
        discussion.register_page_type(EventPage, meeting_watchers)
        api.register(MeetingsEndpoint.name, MeetingsEndpoint)
        # The "Öppna data" page and the DCAT catalogue describe the dataset.
        register_dataset(MEETINGS)
