"""Writes: inviting participants, reminding them once, and storing an answer."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import emails
from .models import EvaluationInvitation, EvaluationResponse
from .selectors import audience, ended_occurrences, reminders_due


class AlreadyAnswered(Exception):
    """The invitation was used (perhaps by a concurrent request) before this answer."""


def evaluations_send(*, now: datetime | None = None) -> tuple[int, int]:
    """Invite everyone due and remind those due; (invitations, reminders) queued.

    Idempotent and safe to run concurrently: an invitation is unique per registration
    and occurrence, and a reminder is claimed by a conditional update.
    """
    now = now or timezone.now()
    invited = 0
    for occurrence in ended_occurrences(now):
        for registration in audience(occurrence):
            try:
                with transaction.atomic():
                    invitation = EvaluationInvitation.objects.create(
                        event=occurrence.event,
                        occurrence_start=occurrence.start,
                        registration=registration,
                        user=registration.user,
                        sent_at=now,
                    )
                    emails.queue(invitation, emails.INVITATION)
            except IntegrityError:
                continue  # another run invited them first
            invited += 1
    reminded = 0
    for invitation in reminders_due(now):
        with transaction.atomic():
            claimed = EvaluationInvitation.objects.filter(
                pk=invitation.pk, reminded_at__isnull=True, answered=False
            ).update(reminded_at=now)
            if claimed:
                emails.queue(invitation, emails.REMINDER)
                reminded += 1
    return invited, reminded


def evaluation_answer(*, invitation_id: int, questions, answers: dict) -> EvaluationResponse:
    """Store one answer to the invitation's evaluation, once however often it is posted.

    Named questions' answers go on the invitation; the others on a response with no
    link to the person or the time of day. Raises ``AlreadyAnswered``.
    """
    named_ids = {question.id for question in questions if question.named}
    with transaction.atomic():
        invitation = (
            EvaluationInvitation.objects.select_for_update(of=("self",))
            .select_related("event")
            .get(pk=invitation_id)
        )
        if invitation.answered:
            raise AlreadyAnswered
        response = EvaluationResponse.objects.create(
            event=invitation.event,
            occurrence_start=invitation.occurrence_start,
            questionnaire_id=invitation.event.evaluation_id,
            answers={key: value for key, value in answers.items() if key not in named_ids},
            submitted_on=timezone.localdate(),
        )
        invitation.answered = True
        invitation.named_answers = {
            key: value for key, value in answers.items() if key in named_ids
        }
        invitation.save(update_fields=["answered", "named_answers"])
    return response
