"""Factories for the events index and event pages."""

from datetime import datetime

import factory
import wagtail_factories

from events.models import EventIndexPage, EventPage
from events.recurrence import STOCKHOLM


class EventIndexPageFactory(wagtail_factories.PageFactory):
    """A published events index; pass parent=home."""

    title = "Mötesplatser"
    slug = "motesplatser"

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    """A published one-hour meeting on site; pass parent=index."""

    title = factory.Sequence(lambda n: f"Nätverksträff {n}")
    summary = "En träff för dem som planerar kommersiell service."
    start = datetime(2026, 3, 3, 10, 0, tzinfo=STOCKHOLM)
    end = factory.LazyAttribute(lambda o: o.start.replace(hour=11, minute=30))
    format = EventPage.Format.ON_SITE
    venue_name = "Kulturens hus"
    venue_address = "Skeppsbrogatan 17"
    municipality = "Luleå"

    class Meta:
        model = EventPage
