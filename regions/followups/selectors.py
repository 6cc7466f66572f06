"""Reads of the follow-up: who reports for which county, the rounds and the approved figures."""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wagtail.models import Locale

from core.models import County
from core.surveys.questions import NO, NUMBER_KINDS, YES, Priority, Question, answer_text
from members.selectors import MEMBERSHIPS, member_is_approved

from .models import FollowUpAnswer, FollowUpRound, ProgrammeReporter

# Kinds compared across counties and years in the national report.
COMPARED_KINDS = (*NUMBER_KINDS, "rating", "yes_no")


def reporter_counties(user) -> QuerySet[County]:
    """The counties the user answers the follow-up for; none unless an approved member."""
    if not user.is_authenticated or not member_is_approved(user):
        return County.objects.none()
    return County.objects.filter(programme_reporters__user=user).order_by("code")


def is_reporter(user) -> bool:
    """True when the user is assigned to a county (the power that needs a second factor)."""
    return ProgrammeReporter.objects.filter(user=user).exists()


def county_priorities(county: County) -> list[Priority]:
    """The priorities of the county's programme, from its Swedish county page."""
    from regions.models import CountyPage  # regions.models imports this package's models

    page = (
        CountyPage.objects.filter(county=county, locale__language_code="sv").order_by("pk").first()
    )
    if page is None:
        page = CountyPage.objects.filter(county=county, locale=Locale.get_default()).first()
    if page is None:
        return []
    return [
        Priority(key=str(block.id), title=block.value["title"])
        for block in page.priorities
        if block.block_type == "priority"
    ]


def opened_rounds(today=None) -> QuerySet[FollowUpRound]:
    """Rounds that have opened (open now or closed), newest first."""
    today = today or timezone.localdate()
    return FollowUpRound.objects.filter(opens_on__lte=today).select_related("questionnaire")


@dataclass
class ReporterRow:
    """A round and a county the user reports for, with the county's answer if any."""

    round: FollowUpRound
    county: County
    answer: FollowUpAnswer | None
    is_open: bool

    @property
    def status_label(self) -> str:
        return self.answer.get_status_display() if self.answer else _("Ej påbörjad")


def reporter_rows(user) -> list[ReporterRow]:
    """Per opened round and reported county, newest round first: three queries."""
    counties = list(reporter_counties(user))
    if not counties:
        return []
    today = timezone.localdate()
    rounds = list(opened_rounds(today))
    answers = {
        (answer.round_id, answer.county_id): answer
        for answer in FollowUpAnswer.objects.filter(round__in=rounds, county__in=counties)
    }
    return [
        ReporterRow(
            round=round_,
            county=county,
            answer=answers.get((round_.pk, county.pk)),
            is_open=round_.is_open(today),
        )
        for round_ in rounds
        for county in counties
    ]


def latest_round() -> FollowUpRound | None:
    return FollowUpRound.objects.order_by("-year").first()


def statuses(round_: FollowUpRound | None) -> dict[int, str]:
    """County id → answer status in the round."""
    if round_ is None:
        return {}
    return dict(FollowUpAnswer.objects.filter(round=round_).values_list("county_id", "status"))


def figure_text(question: Question, value) -> str:
    """An answer as the public reads it: numbers grouped the Swedish way, kronor named."""
    if isinstance(value, int) and not isinstance(value, bool) and question.kind in NUMBER_KINDS:
        number = formats.number_format(value, force_grouping=True)
        if question.kind == "amount":
            return _("%(amount)s kr") % {"amount": number}
        return f"{number} {question.unit}".strip()
    return answer_text(question, value)


@dataclass
class Figure:
    label: str
    text: str


@dataclass
class PriorityFigures:
    title: str
    figures: list[Figure] = field(default_factory=list)


@dataclass
class KeyFigures:
    """A county's approved answers to one round, as shown on its page."""

    year: int
    county: County
    figures: list[Figure] = field(default_factory=list)
    priorities: list[PriorityFigures] = field(default_factory=list)


def key_figures(answer: FollowUpAnswer) -> KeyFigures:
    """The answer's figures: questions asked once, then per priority of the programme."""
    questions = answer.round.questionnaire.question_list
    result = KeyFigures(year=answer.round.year, county=answer.county)
    per_priority = {
        priority.key: PriorityFigures(priority.title) for priority in answer.priority_list
    }
    for question in questions:
        value = answer.answers.get(question.id)
        if question.per_priority:
            for key, item in (value or {}).items():
                if key in per_priority and (text := figure_text(question, item)):
                    per_priority[key].figures.append(Figure(question.label, text))
        elif text := figure_text(question, value):
            result.figures.append(Figure(question.label, text))
    result.priorities = [group for group in per_priority.values() if group.figures]
    return result


def approved_answers(*, county: County | None = None, round: FollowUpRound | None = None):
    """Approved answers (the public ones), newest round first, with round and questionnaire."""
    answers = FollowUpAnswer.objects.filter(status=FollowUpAnswer.Status.APPROVED).select_related(
        "round__questionnaire", "county"
    )
    if county is not None:
        answers = answers.filter(county=county)
    if round is not None:
        answers = answers.filter(round=round)
    return answers.order_by("-round__year", "county__code")


def approved_figures(
    *, county: County | None = None, round: FollowUpRound | None = None
) -> list[KeyFigures]:
    """The public key figures, per approved answer (of a county, of a round, or all)."""
    return [key_figures(answer) for answer in approved_answers(county=county, round=round)]


def answer_rows(questions, answers: dict, priorities) -> list[Figure]:
    """Every question (per priority too) with the answer as text, empty when unanswered."""
    rows = []
    for question in questions:
        if question.per_priority:
            given = answers.get(question.id) or {}
            for priority in priorities:
                rows.append(
                    Figure(
                        f"{question.label} – {priority.title}",
                        figure_text(question, given.get(priority.key)),
                    )
                )
        else:
            rows.append(Figure(question.label, figure_text(question, answers.get(question.id))))
    return rows


def reporter_key(user_id: object) -> str:
    return f"regions:reporter:{user_id}"


def reporters_changed(**kwargs) -> None:
    """An assignment made or taken away: retire the cached reporter flags."""
    MEMBERSHIPS.bump_now_and_on_commit()


def dashboard_links(user) -> list[tuple[str, str]]:
    """The follow-up link on Mina sidor, for a county's reporter.

    Kept per membership generation, which an assignment bumps (``regions.apps``).
    """
    if not MEMBERSHIPS.cached(reporter_key(user.pk), lambda: is_reporter(user), 300):
        return []
    return [(_("Uppföljning av serviceprogram"), reverse("regions:follow-ups"))]


def latest_figures(county: County) -> KeyFigures | None:
    """The county's newest approved figures (its page's key figures): one query."""
    answer = approved_answers(county=county).first()
    return key_figures(answer) if answer else None


def _open_value(question: Question, value):
    """An answer as data: numbers stay numbers, yes/no becomes a boolean."""
    if question.kind == "yes_no":
        return {YES: True, NO: False}.get(value)
    if question.kind in (*NUMBER_KINDS, "rating"):
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if question.kind == "multiple_choice":
        return [str(item) for item in value] if isinstance(value, list) else None
    return value if isinstance(value, str) else None


def _unit(question: Question) -> str:
    return "SEK" if question.kind == "amount" else question.unit


def open_figures(answer: FollowUpAnswer) -> dict:
    """An approved answer's figures as plain data, for the open-data API.

    The questions of the county page's key figures, with the stored values
    instead of their text: answered questions only, per priority of the
    programme where the question is asked per priority. No reporter, comment
    or date of the review; questions that name who answered are left out.
    """
    if answer.status != FollowUpAnswer.Status.APPROVED:
        raise ValueError("Only approved answers are public.")
    priorities = answer.priority_list
    figures = []
    for question in answer.round.questionnaire.question_list:
        if question.named:
            continue
        figure = {"question": question.label, "kind": question.kind, "unit": _unit(question)}
        given = answer.answers.get(question.id)
        if question.per_priority:
            given = given if isinstance(given, dict) else {}
            values = [
                {"priority_id": priority.key, "priority": priority.title, "value": value}
                for priority in priorities
                if (value := _open_value(question, given.get(priority.key))) not in (None, "", [])
            ]
            if values:
                figures.append({**figure, "value": None, "per_priority": values})
        elif (value := _open_value(question, given)) not in (None, "", []):
            figures.append({**figure, "value": value, "per_priority": []})
    return {"year": answer.round.year, "figures": figures}
