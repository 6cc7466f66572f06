"""Registration e-mails: outbox messages composed when sent, with invitation and QR code.

What a registration e-mail says depends on the registration when it leaves (seat or
waiting-list place, the digital details shown only near the start, the invitation's
sequence), so ``queue`` stores what to write about and ``build``, the outbox's renderer
for the ``events.registration`` kinds, writes it at each attempt in the member's
language, with the .ics invitation and the check-in QR code.
"""

import io
from types import SimpleNamespace

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

import qrcode

from core.outbox.models import Message
from core.outbox.services import TEXT_TEMPLATES, enqueue_lazy
from events.ical import event_location

from .calendar import digital_details_text, invitation_calendar
from .codes import checkin_url
from .models import Registration
from .selectors import shows_digital_details

# The outbox kinds of registration mail are this prefix, a dot and a ``MailKind``.
KIND_PREFIX = "events.registration"


class MailKind(models.TextChoices):
    CONFIRMED = "confirmed", _("Bekräftelse")
    WAITING = "waiting", _("Reservlista")
    PROMOTED = "promoted", _("Fått plats")
    CANCELLED = "cancelled", _("Avanmälan")
    EVENT_CHANGED = "changed", _("Ändring")
    EVENT_CANCELLED = "event_cancelled", _("Mötet inställt")
    TRANSFERRED = "transferred", _("Platsen överlämnad")
    REMINDER = "reminder", _("Påminnelse")
    MESSAGE = "message", _("Meddelande")


# Kinds whose invitation is withdrawn (METHOD:CANCEL); the others carry a REQUEST
# when the participant holds a seat.
CANCELLING_KINDS = {MailKind.CANCELLED, MailKind.TRANSFERRED, MailKind.EVENT_CANCELLED}


def queue(
    registration: Registration,
    kind: str,
    *,
    subject: str = "",
    body: str = "",
    occurrence_start=None,
) -> Message | None:
    """Store the e-mail in the outbox with the change it reports (the caller's transaction).

    ``occurrence_start``: the occurrence of a series a reminder is about; ``subject`` and
    ``body``: an editor's message (kind ``message``).
    """
    user = registration.user
    if user is None:
        return None
    # "E-post om ändringar i mina anmälningar": a change is mail the member may turn off
    # (one click, List-Unsubscribe); a cancelled meeting and their own doings are always told.
    notification = kind == MailKind.EVENT_CHANGED
    if notification and not user.notify_event_updates:
        return None
    params = {"registration": registration.pk, "kind": str(kind)}
    if occurrence_start is not None:
        params["occurrence_start"] = occurrence_start.isoformat()
    if kind == MailKind.MESSAGE:
        params |= {"subject": subject, "body": body}
    return enqueue_lazy(
        to=user.email,
        kind=f"{KIND_PREFIX}.{kind}",
        params=params,
        user=user,
        notification=notification,
    )


def _qr_png(data: str) -> bytes:
    image = qrcode.make(data, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def build(message: Message) -> EmailMessage | None:
    """The registration e-mail ``message`` stands for, as it is now; None if it is gone."""
    params = message.params
    registration = (
        Registration.objects.select_related("event", "user")
        .filter(pk=params["registration"])
        .first()
    )
    if registration is None or registration.user is None:
        return None
    event, user = registration.event, registration.user
    kind = params["kind"]
    occurrence_start = parse_datetime(params.get("occurrence_start") or "")
    with translation.override(user.language or settings.LANGUAGE_CODE):
        confirmed = registration.status == Registration.Status.CONFIRMED
        cancel = kind in CANCELLING_KINDS
        context = {
            "email": SimpleNamespace(
                kind=kind, subject=params.get("subject", ""), body=params.get("body", "")
            ),
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
            "occurrence": event.occurrences.filter(start=occurrence_start).first()
            if occurrence_start
            else None,
        }
        template = "events/email/registration"
        subject = render_to_string(f"{template}_subject.txt", context, using=TEXT_TEMPLATES)
        body = render_to_string(f"{template}_body.txt", context, using=TEXT_TEMPLATES)
    email = EmailMessage(subject, body, None, [user.email])
    if cancel or confirmed:
        ics = invitation_calendar(registration, cancel=cancel).to_ical()
        email.attach(
            "inbjudan.ics",
            ics,
            f"text/calendar; charset=utf-8; method={'CANCEL' if cancel else 'REQUEST'}",
        )
    if context["checkin"]:
        email.attach("incheckning.png", _qr_png(checkin_url(registration)), "image/png")
    return email
