"""Writes of the follow-up: the reporter's draft and submission, the editors' review."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import page_cache
from core.models import County
from core.surveys.questions import Priority

from . import emails
from .models import FollowUpAnswer, FollowUpRound
from .selectors import reporter_counties


class FollowUpRefused(Exception):
    """The change is not allowed; ``str()`` says why, in Swedish, and ``status`` which 4xx."""

    status = 409

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        if status is not None:
            self.status = status


def check_open(round_: FollowUpRound, today=None) -> None:
    """Refuse (403) before the round opens and after it closes."""
    today = today or timezone.localdate()
    if today < round_.opens_on:
        raise FollowUpRefused(
            _("Uppföljningen öppnar %(date)s.") % {"date": date_format(round_.opens_on, "j F Y")},
            403,
        )
    if today > round_.closes_on:
        raise FollowUpRefused(
            _("Uppföljningen stängde %(date)s.")
            % {"date": date_format(round_.closes_on, "j F Y")},
            403,
        )


def save_answers(
    *,
    round: FollowUpRound,
    county: County,
    user,
    answers: dict,
    priorities: list[Priority],
    submit: bool,
) -> FollowUpAnswer:
    """Store the county's answers as a draft, or submit them.

    Only the county's reporters, while the round is open, and only a draft or a
    returned answer; otherwise ``FollowUpRefused`` and nothing changes. The caller
    validated ``answers`` (``AnswerForm``), with every required answer when submitting.
    """
    if not reporter_counties(user).filter(pk=county.pk).exists():
        raise FollowUpRefused(
            _("Du lämnar inte uppgifter för %(county)s.") % {"county": county}, 403
        )
    check_open(round)
    with transaction.atomic():
        answer, _created = FollowUpAnswer.objects.select_for_update().get_or_create(
            round=round, county=county
        )
        if not answer.editable:
            raise FollowUpRefused(_("Svaren är redan inskickade och kan inte ändras."), 409)
        answer.answers = answers
        answer.priorities = [{"key": p.key, "title": p.title} for p in priorities]
        if submit:
            answer.status = FollowUpAnswer.Status.SUBMITTED
            answer.submitted_at = timezone.now()
            answer.submitted_by = user
        answer.save()
    return answer


def _review(answer: FollowUpAnswer, *, actor, status: str, comment: str) -> FollowUpAnswer:
    with transaction.atomic():
        locked = FollowUpAnswer.objects.select_for_update().get(pk=answer.pk)
        if locked.status != FollowUpAnswer.Status.SUBMITTED:
            raise FollowUpRefused(_("Bara inskickade svar kan granskas."), 409)
        locked.status = status
        locked.review_comment = comment
        locked.reviewed_at = timezone.now()
        locked.reviewed_by = actor
        locked.save()
        if status == FollowUpAnswer.Status.APPROVED:
            # The county page shows approved figures to anonymous visitors.
            page_cache.invalidate()
        emails.reviewed(locked)
    return locked


def approve(answer: FollowUpAnswer, *, actor) -> FollowUpAnswer:
    """Approve a submitted answer: its figures become public. Tells the reporters."""
    return _review(answer, actor=actor, status=FollowUpAnswer.Status.APPROVED, comment="")


def send_back(answer: FollowUpAnswer, *, actor, comment: str) -> FollowUpAnswer:
    """Return a submitted answer to the county with a comment; the reporters may edit again."""
    comment = comment.strip()
    if not comment:
        raise FollowUpRefused(_("Skriv vad länet behöver ändra."), 400)
    return _review(answer, actor=actor, status=FollowUpAnswer.Status.RETURNED, comment=comment)
