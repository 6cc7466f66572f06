"""Registration e-mails: body in the member's language, .ics invitation and check-in code."""

import io

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

import qrcode
from icalendar import Calendar, vCalAddress, vText

from core.ical import ical_text, new_calendar
from core.text import representable, single_line

from .ical import build_vevent, event_location
from .models import EventPage
from .recurrence import UTC
from .registration_models import Registration, RegistrationEmail

CHECKIN_SALT = "events.checkin"

# Kinds whose invitation is withdrawn (METHOD:CANCEL); the others carry a REQUEST
# when the participant holds a seat.
CANCELLING_KINDS = {
    RegistrationEmail.Kind.CANCELLED,
    RegistrationEmail.Kind.TRANSFERRED,
    RegistrationEmail.Kind.EVENT_CANCELLED,
}


def registration_ical_uid(registration: Registration) -> str:
    """The invitation's UID: stable for the registration across every message."""
    return f"{registration.uid}@motesplats"


def checkin_code(registration: Registration) -> str:
    """A signed, unguessable code naming the registration, for the QR code."""
    return signing.dumps({"r": registration.pk, "u": str(registration.uid)}, salt=CHECKIN_SALT)


def checkin_url(registration: Registration) -> str:
    """The admin address the QR code opens on the door staff's phone."""
    return f"{settings.SITE_URL}/admin/motesplatser/incheckning/{checkin_code(registration)}/"


def registration_for_checkin_code(code: str) -> Registration | None:
    """The registration a code names, or None for a forged or garbled code."""
    try:
        data = signing.loads(code, salt=CHECKIN_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return (
        Registration.objects.select_related("event", "user")
        .filter(pk=data.get("r"), uid=data.get("u"))
        .first()
    )


def shows_digital_details(registration: Registration, now=None) -> bool:
    """Only confirmed participants, and only from the configured time before the start."""
    event = registration.event
    return (
        registration.status == Registration.Status.CONFIRMED
        and event.status != EventPage.Status.CANCELLED
        and event.format != EventPage.Format.ON_SITE
        and event.digital_details_visible(now)
    )


def invitation_calendar(registration: Registration, *, cancel: bool) -> Calendar:
    """A one-event calendar: METHOD:REQUEST for a seat, METHOD:CANCEL when withdrawn."""
    event = registration.event
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    calendar = new_calendar(method="CANCEL" if cancel else "REQUEST")
    vevent = build_vevent(event, url=event.get_full_url() or settings.SITE_URL, stamp=stamp)
    for name in ("uid", "sequence", "status"):
        vevent.pop(name, None)
    vevent.add("uid", registration_ical_uid(registration))
    vevent.add("sequence", event.sequence + registration.sequence)
    vevent.add("status", "CANCELLED" if cancel else "CONFIRMED")
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
    if not cancel and shows_digital_details(registration):
        vevent.pop("description", None)
        vevent.add("description", ical_text(digital_details_text(event) + "\n\n" + event.summary))
        if event.online_link:
            vevent.pop("url", None)
            vevent.add("url", event.online_link)
    calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return calendar


def digital_details_text(event: EventPage) -> str:
    lines = []
    if event.online_link:
        lines.append(f"{translation.gettext('Länk till mötet')}: {event.online_link}")
    if event.online_phone:
        lines.append(f"{translation.gettext('Ring in')}: {event.online_phone}")
    if event.online_code:
        lines.append(f"{translation.gettext('Mötes-id eller kod')}: {event.online_code}")
    return "\n".join(lines)


def _from_address() -> str:
    address = settings.DEFAULT_FROM_EMAIL
    return address.rsplit("<", 1)[-1].rstrip(">") if "<" in address else address


def _qr_png(data: str) -> bytes:
    image = qrcode.make(data, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def build_message(email: RegistrationEmail) -> EmailMessage:
    """The finished message for a queued registration e-mail."""
    registration = email.registration
    event = registration.event
    user = registration.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        confirmed = registration.status == Registration.Status.CONFIRMED
        cancel = email.kind in CANCELLING_KINDS
        context = {
            "email": email,
            "registration": registration,
            "event": event,
            "recipient": user,
            "location": event_location(event),
            "url": event.get_full_url() or settings.SITE_URL,
            "my_registrations_url": settings.SITE_URL + "/mina-sidor/anmalningar/",
            "digital_details": digital_details_text(event)
            if shows_digital_details(registration)
            else "",
            "waiting_position": registration.waiting_position(),
            "confirmed": confirmed,
            "checkin": confirmed and not cancel,
            "occurrence": event.occurrences.filter(start=email.occurrence_start).first()
            if email.occurrence_start
            else None,
        }
        # A title may hold a line break (U+2028 pastes into a one-line field); a header cannot.
        subject = single_line(render_to_string("events/email/registration_subject.txt", context))
        body = render_to_string("events/email/registration_message.txt", context)
    message = EmailMessage(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email]
    )
    if cancel or confirmed:
        ics = invitation_calendar(registration, cancel=cancel).to_ical()
        message.attach(
            "inbjudan.ics",
            ics,
            f"text/calendar; charset=utf-8; method={'CANCEL' if cancel else 'REQUEST'}",
        )
    if context["checkin"]:
        message.attach("incheckning.png", _qr_png(checkin_url(registration)), "image/png")
    return message
