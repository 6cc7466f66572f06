"""A registration's identities outside the site: its check-in code and its iCalendar UID."""

from django.conf import settings
from django.core import signing

from .models import Registration

CHECKIN_SALT = "events.checkin"


def registration_ical_uid(registration: Registration) -> str:
    """The UID of the participant's calendar entry: the same in every e-mail and the feed."""
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
