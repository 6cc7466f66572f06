"""The meetings as a dataset of the open data (``core.api.datasets``)."""

from django.utils.translation import gettext_lazy as _

from core.api.datasets import Dataset, Distribution, Frequency, Theme, page_in_language

from .forms import EventFilters
from .links import feed_url
from .models import EventIndexPage, EventPage


def calendar_feed(request) -> str | None:
    """The iCalendar feed of every meeting, below the events index."""
    index = page_in_language(EventIndexPage, request)
    return feed_url(index, request, EventFilters()) if index else None


MEETINGS = Dataset(
    key="moten",
    title=_("Möten och nätverksträffar"),
    description=_(
        "Publicerade nätverksträffar, konferenser och webbinarier om kommersiell service i "
        "serviceglesa områden: tid, plats eller format, arrangör, län och ämnen. En "
        "återkommande träff har sina tillfällen utskrivna."
    ),
    keywords=(_("möten"), _("kommersiell service"), _("landsbygd"), _("regional samordning")),
    themes=(Theme.REGIONS, Theme.ECONOMY),
    frequency=Frequency.CONTINUOUS,
    endpoint="moten",
    distributions=(
        Distribution(
            key="kalender",
            title=_("Kalenderflöde (iCalendar)"),
            media_type="text/calendar",
            url=calendar_feed,
        ),
    ),
    page_model=EventPage,
)
