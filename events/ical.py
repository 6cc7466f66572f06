"""iCalendar output of meetings, built with the icalendar library only."""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from icalendar import Calendar, Event, vDuration, vRecur

from core.ical import ical_text, new_calendar
from core.text import representable

from .models import EventPage
from .recurrence import STOCKHOLM, UTC

REFRESH = timedelta(hours=1)
# Covers a feed's six months of history, its future and a series' UNTIL.
TIMEZONE_MARGIN = timedelta(days=366)

STATUS = {
    EventPage.Status.SCHEDULED: "CONFIRMED",
    EventPage.Status.CANCELLED: "CANCELLED",
    # iCalendar has no "postponed"; the time given is no longer certain.
    EventPage.Status.POSTPONED: "TENTATIVE",
}


def event_location(event: EventPage) -> str:
    """Venue, address and municipality on one line; 'Digitalt' for digital meetings."""
    if event.format == EventPage.Format.DIGITAL:
        return _("Digitalt")
    parts = [event.venue_name, event.venue_address, event.municipality]
    line = ", ".join(part for part in parts if part)
    if event.format == EventPage.Format.HYBRID:
        line = _("%(place)s och digitalt") % {"place": line} if line else _("Digitalt")
    return line


def event_summary(event: EventPage) -> str:
    """The title, marked when the meeting is cancelled or postponed."""
    if event.status == EventPage.Status.CANCELLED:
        return _("Inställt: %(title)s") % {"title": event.title}
    if event.status == EventPage.Status.POSTPONED:
        return _("Uppskjutet: %(title)s") % {"title": event.title}
    return event.title


def event_description(event: EventPage, url: str) -> str:
    """Plain text: status reason, summary, organiser, audience and the page's address."""
    paragraphs = []
    if event.status != EventPage.Status.SCHEDULED and event.status_reason:
        paragraphs.append(f"{event.get_status_display()}: {event.status_reason}")
    paragraphs.append(event.summary)
    details = []
    if event.organiser:
        details.append(_("Arrangör: %(name)s") % {"name": event.organiser.name})
    if event.target_audience:
        details.append(_("Målgrupp: %(audience)s") % {"audience": event.target_audience})
    details.append(_("Mötesform: %(format)s") % {"format": event.get_format_display()})
    paragraphs.append("\n".join(details))
    paragraphs.append(_("Mer information och anmälan: %(url)s") % {"url": url})
    return "\n\n".join(paragraphs)


def _moment(day: date, clock: time | None, event: EventPage) -> date | datetime:
    """An EXDATE or RDATE value of the same type as the event's DTSTART."""
    if event.all_day:
        return day
    return datetime.combine(day, clock or localtime(event.start).time(), tzinfo=STOCKHOLM)


def build_vevent(event: EventPage, *, url: str, stamp: datetime) -> Event:
    """One VEVENT: a single or multi-day event, or a whole series with its exceptions."""
    vevent = Event()
    vevent.add("uid", str(event.ical_uid))
    vevent.add("dtstamp", stamp)
    if event.all_day:
        first_day = localtime(event.start).date()
        vevent.add("dtstart", first_day)
        vevent.add("dtend", localtime(event.end).date() + timedelta(days=1))
    else:
        vevent.add("dtstart", localtime(event.start))
        vevent.add("dtend", localtime(event.end))
    if event.rrule:
        vevent.add("rrule", vRecur.from_ical(event.rrule))
        exdates = event.exception_dates()
        if exdates:
            vevent.add("exdate", [_moment(day, None, event) for day in exdates])
        rdates = event.additional_dates()
        if rdates:
            vevent.add("rdate", [_moment(day, clock, event) for day, clock in rdates])
    vevent.add("summary", ical_text(event_summary(event)))
    vevent.add("description", ical_text(event_description(event, url)))
    location = event_location(event)
    if location:
        vevent.add("location", ical_text(location))
    if event.latitude is not None and event.longitude is not None:
        vevent.add("geo", (float(event.latitude), float(event.longitude)))
    topics = [representable(topic.label) for topic in event.topics.all()]
    if topics:
        vevent.add("categories", topics)
    vevent.add("url", url)
    vevent.add("status", STATUS[event.status])
    vevent.add("sequence", event.sequence)
    vevent.add("last-modified", (event.modified_at or stamp).astimezone(UTC))
    return vevent


def build_calendar(
    events: Iterable[EventPage],
    *,
    name: str,
    description: str,
    url_for,
    stamp: datetime | None = None,
) -> Calendar:
    """A VCALENDAR for publishing, with a Europe/Stockholm VTIMEZONE covering its dates.

    ``url_for`` maps an event to its absolute URL.
    """
    stamp = (stamp or timezone.now()).astimezone(UTC).replace(microsecond=0)
    calendar = new_calendar(name=name, description=description, method="PUBLISH")
    calendar.add("calscale", "GREGORIAN")
    calendar.refresh_interval = REFRESH
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    calendar.add("x-published-ttl", vDuration(REFRESH))
    calendar.add("x-wr-timezone", "Europe/Stockholm")
    first = last = None
    for event in events:
        calendar.add_component(build_vevent(event, url=url_for(event), stamp=stamp))
        event_first, event_last = localtime(event.start).date(), event_last_date(event)
        first = event_first if first is None else min(first, event_first)
        last = event_last if last is None else max(last, event_last)
    today = timezone.localdate()
    calendar.add_missing_timezones(
        first_date=(first or today) - TIMEZONE_MARGIN, last_date=(last or today) + TIMEZONE_MARGIN
    )
    return calendar


def event_last_date(event: EventPage) -> date:
    """The last local date any occurrence of the event can touch."""
    last = localtime(event.end).date()
    if event.repeat_until:
        last = max(
            last,
            event.repeat_until + (localtime(event.end).date() - localtime(event.start).date()),
        )
    rdates = event.additional_dates()
    if rdates:
        last = max(
            last,
            rdates[-1][0] + (localtime(event.end).date() - localtime(event.start).date()),
        )
    if event.repeat_count:
        # COUNT series end within count x interval periods; a month is at most 31 days.
        step = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 31}[event.repeat_frequency]
        last = max(last, last + timedelta(days=step * event.repeat_interval * event.repeat_count))
    return last
