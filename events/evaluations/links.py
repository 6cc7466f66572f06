"""The personal link to an evaluation: signed, no sign-in needed, usable once.

The token signs the invitation's id and its secret key with a salt of its own; the
link works for ``VALID_DAYS`` after the invitation was sent. Whether it was used is the
invitation's ``answered``.
"""

from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare

from .models import EvaluationInvitation

SALT = "events.evaluations.link"
VALID_DAYS = 60


class Refusal(StrEnum):
    """Why a link opens no form."""

    INVALID = "invalid"
    EXPIRED = "expired"
    ANSWERED = "answered"
    UNAVAILABLE = "unavailable"


def make_token(invitation: EvaluationInvitation) -> str:
    return signing.dumps([invitation.pk, invitation.key], salt=SALT)


def link_url(invitation: EvaluationInvitation, language: str) -> str:
    """The full personal link, under the language's prefix."""
    with translation.override(language):
        path = reverse("events:evaluation", args=[make_token(invitation)])
    return settings.SITE_URL + path


def invitation_for_token(token: str) -> tuple[EvaluationInvitation | None, Refusal | None]:
    """The invitation the token opens, or why it opens none."""
    try:
        invitation_id, key = signing.loads(token, salt=SALT, max_age=timedelta(days=VALID_DAYS))
    except signing.SignatureExpired:
        return None, Refusal.EXPIRED
    except (signing.BadSignature, ValueError, TypeError):
        return None, Refusal.INVALID
    invitation = (
        EvaluationInvitation.objects.select_related("event", "event__evaluation")
        .filter(pk=invitation_id)
        .first()
        if isinstance(invitation_id, int)
        else None
    )
    if invitation is None or not constant_time_compare(str(key), invitation.key):
        return None, Refusal.INVALID
    return invitation, refusal_of(invitation)


def refusal_of(invitation: EvaluationInvitation, now=None) -> Refusal | None:
    """Why this invitation's form cannot be answered now, None when it can."""
    now = now or timezone.now()
    event = invitation.event
    if invitation.answered:
        return Refusal.ANSWERED
    if invitation.sent_at < now - timedelta(days=VALID_DAYS):
        return Refusal.EXPIRED
    if not event.live or event.evaluation_id is None:
        return Refusal.UNAVAILABLE
    return None
