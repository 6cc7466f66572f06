"""Evaluation e-mail: the invitation and the one reminder, each with the personal link."""

from django.utils import timezone

from core.outbox.models import Message
from core.outbox.rules import language_of
from core.outbox.services import enqueue

from .links import VALID_DAYS, link_url
from .models import EvaluationInvitation

INVITATION = "evaluation"
REMINDER = "evaluation_reminder"


def queue(invitation: EvaluationInvitation, name: str) -> Message | None:
    """Store the invitation (``INVITATION``) or reminder (``REMINDER``) in the outbox.

    A secret message: the link answers the evaluation without signing in.
    """
    user = invitation.user
    if user is None:
        return None
    language = language_of(user)
    return enqueue(
        to=user.email,
        template=f"events/email/{name}",
        context={
            "event": invitation.event,
            "occurrence_start": timezone.localtime(invitation.occurrence_start),
            "url": link_url(invitation, language),
            "valid_days": VALID_DAYS,
        },
        kind=f"events.{name}",
        user=user,
        language=language,
        secret=True,
    )
