"""What the answers to a questionnaire add up to: counts, charts and texts per question."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.charts import BarChart

from .questions import CHOICE_KINDS, NUMBER_KINDS, TEXT_KINDS, Question


@dataclass
class QuestionResult:
    """The answers to one question.

    ``answered`` counts respondents who answered it; ``chart`` counts each option (choice
    kinds); ``total`` and ``mean`` summarise numbers and ratings; ``texts`` are the free
    texts in the order given.
    """

    question: Question
    answered: int = 0
    chart: BarChart | None = None
    total: int | None = None
    mean: float | None = None
    texts: list[str] = field(default_factory=list)


def _values(question: Question, answers: dict) -> list:
    """The answer's values, across priorities for a per-priority question."""
    value = answers.get(question.id)
    if value is None:
        return []
    if question.per_priority and isinstance(value, dict):
        return [item for item in value.values() if item not in (None, "", [])]
    return [value]


def summarise(questions: Iterable[Question], responses: Iterable[dict]) -> list[QuestionResult]:
    """One result per question for the given answer dicts (one per respondent)."""
    responses = list(responses)
    results = []
    for question in questions:
        result = QuestionResult(question=question)
        counts: Counter = Counter()
        numbers: list[int] = []
        for answers in responses:
            values = _values(question, answers)
            if not values:
                continue
            result.answered += 1
            for value in values:
                if question.kind == "multiple_choice" and isinstance(value, list):
                    counts.update(value)
                elif question.kind in CHOICE_KINDS:
                    counts[value] += 1
                counted = question.kind in NUMBER_KINDS or question.kind == "rating"
                if counted and isinstance(value, int) and not isinstance(value, bool):
                    numbers.append(value)
                if question.kind in TEXT_KINDS:
                    result.texts.append(str(value))
        if question.kind in CHOICE_KINDS:
            rows = [(label, (counts.pop(value, 0),)) for value, label in question.options]
            # Answers to an option an editor has since removed still count, last.
            rows += [(str(value), (count,)) for value, count in sorted(counts.items(), key=str)]
            result.chart = BarChart(
                title=question.label,
                label_heading=_("Svar"),
                series=[_("Antal svar")],
                rows=rows,
                empty_text=_("Inga svar."),
            )
        if numbers:
            result.total = sum(numbers)
            result.mean = round(sum(numbers) / len(numbers), 1)
        results.append(result)
    return results
