"""Reads: who is asked about which occurrence, and what the answers add up to."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q

from core.surveys.models import Questionnaire
from core.surveys.questions import Question
from core.surveys.results import QuestionResult, summarise
from events.models import EventOccurrence, EventPage, Registration

from .models import MIN_RESPONSES_SHOWN, EvaluationInvitation, EvaluationResponse

# Occurrences that ended longer ago than this are not evaluated any more.
INVITE_WITHIN_DAYS = 14


def ended_occurrences(now: datetime) -> list[EventOccurrence]:
    """Occurrences of live, held meetings with an evaluation that ended in the last 14 days."""
    return list(
        EventOccurrence.objects.filter(
            event__live=True,
            event__evaluation__isnull=False,
            event__status=EventPage.Status.SCHEDULED,
            end__lte=now,
            end__gt=now - timedelta(days=INVITE_WITHIN_DAYS),
        )
        .select_related("event")
        .order_by("end", "pk")
    )


def audience(occurrence: EventOccurrence) -> list[Registration]:
    """The registrations asked to evaluate the occurrence, not yet invited to it.

    Confirmed participants, or those checked in. A series is registered for as a whole
    and checked in per visit (the latest check-in is kept), so a check-in counts for the
    occurrence whose start is nearest to it, also across midnight.
    """
    event = occurrence.event
    registrations = (
        Registration.objects.confirmed()
        .filter(event=event, user__isnull=False)
        .exclude(evaluation_invitations__occurrence_start=occurrence.start)
        .select_related("user")
        .order_by("pk")
    )
    if event.evaluation_audience != EventPage.Audience.ATTENDED:
        return list(registrations)
    registrations = registrations.filter(attended_at__isnull=False)
    if not event.is_series:
        return list(registrations)
    starts = list(event.occurrences.values_list("start", flat=True))
    return [
        registration
        for registration in registrations
        if min(starts, key=lambda start: abs(start - registration.attended_at)) == occurrence.start
    ]


def reminders_due(now: datetime) -> list[EvaluationInvitation]:
    """Unanswered invitations whose meeting's reminder delay has passed, not yet reminded."""
    from .links import VALID_DAYS

    candidates = EvaluationInvitation.objects.filter(
        answered=False,
        reminded_at__isnull=True,
        user__isnull=False,
        event__live=True,
        event__evaluation__isnull=False,
        event__evaluation_reminder_days__gt=0,
        sent_at__gt=now - timedelta(days=VALID_DAYS),
    ).select_related("event", "user")
    return [
        invitation
        for invitation in candidates
        if invitation.sent_at <= now - timedelta(days=invitation.event.evaluation_reminder_days)
    ]


def evaluated_occurrences(event: EventPage) -> list[datetime]:
    """Starts of the event's occurrences that have invitations, newest first."""
    return list(
        EvaluationInvitation.objects.filter(event=event)
        .order_by("-occurrence_start")
        .values_list("occurrence_start", flat=True)
        .distinct()
    )


@dataclass
class OccurrenceResults:
    """What one occurrence's evaluation shows to editors."""

    invited: int
    answered: int
    responses: int
    questions: list[Question]
    results: list[QuestionResult]
    named: list[tuple[str, list[tuple[str, str]]]]

    @property
    def rate(self) -> int | None:
        """Response rate in whole per cent."""
        return round(100 * self.answered / self.invited) if self.invited else None

    @property
    def shown(self) -> bool:
        """Enough responses that charts and texts cannot point at a person."""
        return self.responses >= MIN_RESPONSES_SHOWN


def questionnaire_for(event: EventPage, responses) -> Questionnaire | None:
    """The questionnaire the responses answered (the latest used), else the event's."""
    ids = {response.questionnaire_id for response in responses}
    if ids:
        return Questionnaire.objects.filter(pk__in=ids).order_by("-pk").first()
    return event.evaluation


def occurrence_results(event: EventPage, start: datetime) -> OccurrenceResults:
    """Counts, per-question results and named answers of one occurrence."""
    from core.surveys.questions import answer_text

    invitations = EvaluationInvitation.objects.filter(event=event, occurrence_start=start)
    counts = invitations.aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(answered=True))
    )
    responses = list(EvaluationResponse.objects.filter(event=event, occurrence_start=start))
    questionnaire = questionnaire_for(event, responses)
    questions = questionnaire.question_list if questionnaire else []
    results = summarise(questions, [response.answers for response in responses])
    named_questions = [question for question in questions if question.named]
    named = []
    if named_questions:
        for invitation in (
            invitations.filter(answered=True)
            .select_related("user")
            .order_by("user__last_name", "user__first_name", "pk")
        ):
            given = invitation.named_answers or {}
            rows = [
                (question.label, answer_text(question, given.get(question.id)))
                for question in named_questions
            ]
            named.append((participant_name(invitation), rows))
    return OccurrenceResults(
        invited=counts["invited"],
        answered=counts["answered"],
        responses=len(responses),
        questions=questions,
        results=results,
        named=named,
    )


def participant_name(invitation: EvaluationInvitation) -> str:
    from django.utils.translation import gettext as _

    user = invitation.user
    if user is None:
        return _("(borttagen deltagare)")
    return user.get_full_name() or user.email


@dataclass
class ComparisonRow:
    """One occurrence in the comparison report."""

    event_id: int
    title: str
    occurrence_start: datetime
    invited: int
    answered: int
    means: dict[str, float | None]
    overall: float | None

    @property
    def rate(self) -> int | None:
        return round(100 * self.answered / self.invited) if self.invited else None


def comparison(
    *, start: datetime, end: datetime, event_ids
) -> tuple[list[str], list[ComparisonRow]]:
    """Every evaluated occurrence starting in [start, end) of the given events.

    Returns the rating questions' labels (columns; questions of one label across
    questionnaires share a column) and one row per occurrence. ``overall`` is the mean
    of each questionnaire's first rating question. A fixed number of queries.
    """
    invitations = (
        EvaluationInvitation.objects.filter(
            occurrence_start__gte=start, occurrence_start__lt=end, event_id__in=event_ids
        )
        .values("event_id", "event__title", "occurrence_start")
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(answered=True)))
        .order_by("occurrence_start", "event_id")
    )
    ratings: dict[tuple[int, datetime], dict[str, list[int]]] = defaultdict(
        lambda: defaultdict(list)
    )
    firsts: dict[tuple[int, datetime], list[int]] = defaultdict(list)
    responses = list(
        EvaluationResponse.objects.filter(
            occurrence_start__gte=start, occurrence_start__lt=end, event_id__in=event_ids
        ).values_list("event_id", "occurrence_start", "questionnaire_id", "answers")
    )
    questionnaires = {
        q.pk: [question for question in q.question_list if question.kind == "rating"]
        for q in Questionnaire.objects.filter(pk__in={row[2] for row in responses})
    }
    labels: list[str] = []
    for questionnaire_questions in questionnaires.values():
        for question in questionnaire_questions:
            if question.label not in labels:
                labels.append(question.label)
    counted: dict[tuple[int, datetime], int] = defaultdict(int)
    for event_id, occurrence_start, questionnaire_id, answers in responses:
        key = (event_id, occurrence_start)
        counted[key] += 1
        for position, question in enumerate(questionnaires.get(questionnaire_id, [])):
            value = (answers or {}).get(question.id)
            if isinstance(value, int) and not isinstance(value, bool):
                ratings[key][question.label].append(value)
                if position == 0:
                    firsts[key].append(value)
    rows = []
    for row in invitations:
        key = (row["event_id"], row["occurrence_start"])
        # Like the results view: no means until enough have answered.
        shown = counted[key] >= MIN_RESPONSES_SHOWN
        means = {label: _mean(ratings[key].get(label, [])) if shown else None for label in labels}
        rows.append(
            ComparisonRow(
                event_id=row["event_id"],
                title=row["event__title"],
                occurrence_start=row["occurrence_start"],
                invited=row["invited"],
                answered=row["answered"],
                means=means,
                overall=_mean(firsts.get(key, [])) if shown else None,
            )
        )
    return labels, rows


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None
