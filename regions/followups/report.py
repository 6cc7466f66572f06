"""The national follow-up report: every county's approved figures beside the previous year's."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.charts import BarChart
from core.models import County
from core.surveys.questions import NUMBER_KINDS, Question, answer_text

from .models import FollowUpAnswer, FollowUpRound
from .selectors import COMPARED_KINDS

STATUS_LABELS = dict(FollowUpAnswer.Status.choices)


@dataclass
class Compared:
    """A question compared across counties, and the previous year's question it matches."""

    key: str
    question: Question
    previous: Question | None


@dataclass
class NationalReport:
    round: FollowUpRound
    previous_round: FollowUpRound | None
    questions: list[Compared]
    rows: list[dict]
    charts: list[BarChart] = field(default_factory=list)

    @property
    def headings(self) -> dict[str, str]:
        """Column key → heading, in order (the table and the export)."""
        result = {"county": _("Län"), "status": _("Status %(year)s") % {"year": self.round.year}}
        for item in self.questions:
            result[f"{item.key}_year"] = f"{item.question.label} {self.round.year}"
            if self.previous_round:
                result[f"{item.key}_previous"] = (
                    f"{item.question.label} {self.previous_round.year}"
                )
        return result


def _match(question: Question, previous: list[Question]) -> Question | None:
    """The previous year's question: the same block, else the same kind and label."""
    for candidate in previous:
        if candidate.id == question.id:
            return candidate
    for candidate in previous:
        if candidate.kind == question.kind and candidate.label.strip() == question.label.strip():
            return candidate
    return None


def _value(question: Question | None, answer: FollowUpAnswer | None):
    """A county's answer as a number (summed over priorities) or text; None if missing."""
    if question is None or answer is None:
        return None
    value = answer.answers.get(question.id)
    if question.per_priority:
        items = [item for item in (value or {}).values() if isinstance(item, int)]
        if question.kind not in NUMBER_KINDS or not items:
            return None
        return sum(items)
    if question.kind == "yes_no":
        return answer_text(question, value) or None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _compared(question: Question) -> bool:
    if question.per_priority:
        return question.kind in NUMBER_KINDS
    return question.kind in COMPARED_KINDS


def national_report(round_: FollowUpRound) -> NationalReport:
    """One row per county: status, and each compared question this year and the previous."""
    previous_round = (
        FollowUpRound.objects.filter(year__lt=round_.year)
        .select_related("questionnaire")
        .order_by("-year")
        .first()
    )
    previous_questions = previous_round.questionnaire.question_list if previous_round else []
    questions = [
        Compared(
            key=f"q{number}", question=question, previous=_match(question, previous_questions)
        )
        for number, question in enumerate(round_.questionnaire.question_list, start=1)
        if _compared(question)
    ]
    answers = {a.county_id: a for a in FollowUpAnswer.objects.filter(round=round_)}
    previous_answers = (
        {
            a.county_id: a
            for a in FollowUpAnswer.objects.filter(
                round=previous_round, status=FollowUpAnswer.Status.APPROVED
            )
        }
        if previous_round
        else {}
    )
    rows = []
    for county in County.objects.all():
        answer = answers.get(county.pk)
        approved = answer if answer and answer.status == FollowUpAnswer.Status.APPROVED else None
        row = {
            "county": county.name,
            "status": STATUS_LABELS[answer.status] if answer else _("Saknas"),
        }
        for item in questions:
            row[f"{item.key}_year"] = _value(item.question, approved)
            if previous_round:
                row[f"{item.key}_previous"] = _value(
                    item.previous, previous_answers.get(county.pk)
                )
        rows.append(row)
    report = NationalReport(round_, previous_round, questions, rows)
    series = [str(round_.year)] + ([str(previous_round.year)] if previous_round else [])
    for item in questions:
        if item.question.kind == "yes_no":
            continue
        chart_rows = []
        for row in rows:
            year_value = row[f"{item.key}_year"]
            previous_value = row.get(f"{item.key}_previous")
            if year_value is None and previous_value is None:
                continue
            values = [year_value or 0]
            if previous_round:
                values.append(previous_value or 0)
            chart_rows.append((row["county"], tuple(values)))
        report.charts.append(
            BarChart(
                title=item.question.label,
                label_heading=_("Län"),
                series=series,
                rows=chart_rows,
                empty_text=_("Inga godkända svar."),
            )
        )
    return report
