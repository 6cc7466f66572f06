"""The participant's calendar entry, one VEVENT for the e-mailed invitation and the feed.

Both carry the registration's UID, so a calendar that holds the invitation and
subscribes to the member's private feed shows one entry; it reads the same from
either. An invitation adds only what iTIP asks of it: its METHOD, the organiser and
the attendee.
"""

from datetime import datetime

from django.conf import settings
from django.utils import timezone, translation

from icalendar import Calendar, Event, vCalAddress, vText

from core.ical import ical_text, new_calendar
from core.text import representable, single_line
from events.ical import build_vevent
from events.models import EventPage
from events.recurrence import UTC

from .codes import registration_ical_uid
from .models import Registration
from .selectors import shows_digital_details

# The entry's STATUS for each registration status (RFC 5545 3.8.1.11).
STATUS = {
    Registration.Status.CONFIRMED: "CONFIRMED",
    Registration.Status.WAITING: "TENTATIVE",
    Registration.Status.CANCELLED: "CANCELLED",
}


def digital_details_text(event: EventPage) -> str:
    """How to join the meeting online, a line per detail, in the active language."""
    lines = []
    if event.online_link:
        lines.append(f"{translation.gettext('Länk till mötet')}: {event.online_link}")
    if event.online_phone:
        lines.append(f"{translation.gettext('Ring in')}: {event.online_phone}")
    if event.online_code:
        lines.append(f"{translation.gettext('Mötes-id eller kod')}: {event.online_code}")
    return "\n".join(lines)


def registration_vevent(
    registration: Registration, *, stamp: datetime, cancel: bool = False
) -> Event:
    """The meeting as the participant sees it: their status and, once due, how to join.

    ``cancel`` marks the entry withdrawn whatever the registration's status (an
    invitation's METHOD:CANCEL).
    """
    event = registration.event
    vevent = build_vevent(event, url=event.get_full_url() or settings.SITE_URL, stamp=stamp)
    for name in ("uid", "sequence", "status"):
        vevent.pop(name, None)
    vevent.add("uid", registration_ical_uid(registration))
    # Either change, of the meeting or of the seat, must replace the client's copy.
    vevent.add("sequence", event.sequence + registration.sequence)
    cancelled = cancel or event.status == EventPage.Status.CANCELLED
    vevent.add("status", "CANCELLED" if cancelled else STATUS[registration.status])
    if not cancel and shows_digital_details(registration):
        description = str(vevent.pop("description", ""))
        vevent.add("description", ical_text(digital_details_text(event) + "\n\n" + description))
    return vevent


def invitation_calendar(registration: Registration, *, cancel: bool) -> Calendar:
    """A one-entry calendar for an e-mail: METHOD:REQUEST for a seat, CANCEL when withdrawn."""
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    calendar = new_calendar(method="CANCEL" if cancel else "REQUEST")
    vevent = registration_vevent(registration, stamp=stamp, cancel=cancel)
    organizer = vCalAddress(f"mailto:{_from_address()}")
    organizer.params["cn"] = vText("Mötesplats")
    vevent.add("organizer", organizer)
    if registration.user:
        attendee = vCalAddress(f"mailto:{registration.user.email}")
        # A parameter cannot hold a line break but as RFC 6868's ^n, which few clients read.
        name = representable(single_line(registration.participant_name))
        attendee.params["cn"] = vText(name)
        attendee.params["partstat"] = vText("DECLINED" if cancel else "ACCEPTED")
        vevent.add("attendee", attendee)
    calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return calendar


def _from_address() -> str:
    address = settings.DEFAULT_FROM_EMAIL
    return address.rsplit("<", 1)[-1].rstrip(">") if "<" in address else address
