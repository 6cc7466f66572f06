"""The form that answers a questionnaire, and the answers it stores."""

from collections.abc import Iterable

from django import forms

from .fields import question_field
from .questions import Priority, Question


def _empty(value) -> bool:
    return value is None or value == "" or value == []


class AnswerForm(forms.Form):
    """One field per question, or per question and priority for per-priority questions.

    ``answers()`` gives what is stored: ``{question id: value}``, and for a per-priority
    question ``{question id: {priority key: value}}``; unanswered questions are left out.
    ``initial_answers`` (the same shape) fills the form in again (a saved draft).
    With ``require=False`` (saving a draft) no answer is required, but every given one
    must still be valid.
    """

    def __init__(
        self,
        *args,
        questions: Iterable[Question],
        priorities: Iterable[Priority] = (),
        initial_answers: dict | None = None,
        require: bool = True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.priorities = list(priorities)
        initial_answers = initial_answers or {}
        # (field name, question, priority or None), in the order of the form.
        self.slots: list[tuple[str, Question, Priority | None]] = []
        for question in self.questions:
            if question.per_priority:
                given = initial_answers.get(question.id) or {}
                for priority in self.priorities:
                    name = f"q-{question.id}-{priority.key}"
                    field = question_field(question)
                    field.label = f"{question.label} – {priority.title}"
                    self._add(name, field, question, priority, given.get(priority.key), require)
            else:
                field = question_field(question)
                given = initial_answers.get(question.id)
                self._add(f"q-{question.id}", field, question, None, given, require)

    def _add(self, name, field, question, priority, initial, require: bool) -> None:
        if not require:
            field.required = False
        if not _empty(initial):
            field.initial = initial
        self.fields[name] = field
        self.slots.append((name, question, priority))

    def answers(self) -> dict:
        """The valid answers, shaped as stored."""
        result: dict = {}
        for name, question, priority in self.slots:
            value = self.cleaned_data.get(name)
            if _empty(value):
                continue
            if priority is None:
                result[question.id] = value
            else:
                result.setdefault(question.id, {})[priority.key] = value
        return result

    def missing_required(self) -> list[str]:
        """Labels of required fields left empty (for a form built with ``require=False``)."""
        return [
            str(self.fields[name].label)
            for name, question, _priority in self.slots
            if question.required and _empty(self.cleaned_data.get(name))
        ]
