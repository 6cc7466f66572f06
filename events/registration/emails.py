"""Registration e-mails: body in the member's language, .ics invitation and check-in QR code."""

import io

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

import qrcode

from core.mail import DELIVERY_MAILER
from core.text import single_line
from events.ical import event_location

from .calendar import digital_details_text, invitation_calendar
from .codes import checkin_url
from .models import Registration, RegistrationEmail
from .selectors import shows_digital_details

# Kinds whose invitation is withdrawn (METHOD:CANCEL); the others carry a REQUEST
# when the participant holds a seat.
CANCELLING_KINDS = {
    RegistrationEmail.Kind.CANCELLED,
    RegistrationEmail.Kind.TRANSFERRED,
    RegistrationEmail.Kind.EVENT_CANCELLED,
}


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


def send_registration_email(email_id: int) -> bool:
    """Send one queued e-mail; raise (and record the error) when the server refuses.

    The body of the ``events.tasks.deliver_registration_email`` task.
    """
    email = (
        RegistrationEmail.objects.select_related("registration__event", "registration__user")
        .filter(pk=email_id, sent_at__isnull=True)
        .first()
    )
    if email is None or email.registration.user is None:
        return False
    try:
        build_message(email).send(using=DELIVERY_MAILER)
    except Exception as error:
        RegistrationEmail.objects.filter(pk=email.pk).update(
            attempts=email.attempts + 1, last_error=str(error)[:1000]
        )
        raise
    with transaction.atomic():
        RegistrationEmail.objects.filter(pk=email.pk).update(
            sent_at=timezone.now(), attempts=email.attempts + 1, last_error=""
        )
    return True
