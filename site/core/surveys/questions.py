"""A questionnaire's questions as plain values, and how an answer reads as text."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Kinds whose answers are counted per option and drawn as a bar chart.
CHOICE_KINDS = ("rating", "single_choice", "multiple_choice", "yes_no")
# Kinds whose answers are whole numbers that add up.
NUMBER_KINDS = ("number", "amount")
TEXT_KINDS = ("short_text", "long_text")
RATINGS = (1, 2, 3, 4, 5)
YES, NO = "ja", "nej"


@dataclass(frozen=True)
class Question:
    """One question of a questionnaire (a block of ``blocks.SurveyQuestionsBlock``)."""

    id: str
    kind: str
    label: str
    help_text: str = ""
    required: bool = False
    named: bool = False
    per_priority: bool = False
    choices: tuple[str, ...] = ()
    unit: str = ""

    @property
    def options(self) -> list[tuple[object, str]]:
        """The stored value and the label of each option of a choice kind."""
        if self.kind == "rating":
            return [(value, str(value)) for value in RATINGS]
        if self.kind == "yes_no":
            return [(YES, _("Ja")), (NO, _("Nej"))]
        return [(choice, choice) for choice in self.choices]


@dataclass(frozen=True)
class Priority:
    """A priority of a county's programme that per-priority questions are asked for."""

    key: str
    title: str


def questions_of(stream) -> list[Question]:
    """The questions of a StreamField value, in order."""
    questions = []
    for block in stream:
        value = block.value
        questions.append(
            Question(
                id=str(block.id),
                kind=block.block_type,
                label=value["label"],
                help_text=value.get("help_text") or "",
                required=bool(value.get("required")),
                named=bool(value.get("named")),
                per_priority=bool(value.get("per_priority")),
                choices=tuple(value.get("choices") or ()),
                unit=value.get("unit") or "",
            )
        )
    return questions


def answer_text(question: Question, value) -> str:
    """An answer as a person reads it (exports, the admin, e-mail)."""
    if value is None or value == "" or value == []:
        return ""
    if question.kind == "yes_no":
        return {YES: _("Ja"), NO: _("Nej")}.get(value, str(value))
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


def cells(
    questions: Iterable[Question], answers: dict, priorities: Iterable[Priority] = ()
) -> list[tuple[str, object]]:
    """Heading and value of each answer: one column per question, or per question and
    priority; numbers stay numbers (for spreadsheets), the rest is text."""
    priorities = list(priorities)
    result = []
    for question in questions:
        if question.per_priority:
            given = answers.get(question.id) or {}
            for priority in priorities:
                heading = f"{question.label} – {priority.title}"
                result.append((heading, _cell(question, given.get(priority.key))))
        else:
            result.append((question.label, _cell(question, answers.get(question.id))))
    return result


def _cell(question: Question, value):
    if question.kind in NUMBER_KINDS or question.kind == "rating":
        return value if isinstance(value, int) else ""
    return answer_text(question, value)
