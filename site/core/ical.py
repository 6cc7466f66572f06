"""iCalendar calendars and TEXT values that every calendar client reads as they were typed.

icalendar 7.3 has no value type for RFC 7986's ``NAME`` or for ``X-WR-CALNAME`` and
``X-WR-CALDESC``: ``Calendar.calendar_name`` and ``Calendar.description`` store a plain
string in them as UNKNOWN, which is written verbatim, so a comma or semicolon stays
unescaped and a line break makes ``to_ical()`` fail. Given a ``vText`` the library keeps
it and escapes it. ``new_calendar`` is the one place that works around this; every
calendar the site serves or sends starts there.
"""

from icalendar import Calendar, vText

from .text import representable

PRODID = "-//Tillväxtverket//Mötesplats//SV"


def ical_text(value: str) -> vText:
    """A TEXT value: escaped by icalendar, control characters it cannot carry replaced."""
    return vText(representable(value))


def new_calendar(
    *, name: str | None = None, description: str | None = None, method: str | None = None
) -> Calendar:
    """A VCALENDAR with the site's PRODID and, when given, its name, description and METHOD."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    if name is not None:
        calendar.calendar_name = ical_text(name)
    if description is not None:
        calendar.description = ical_text(description)
    return calendar
