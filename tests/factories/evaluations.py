"""Helpers for evaluation tests: a questionnaire, an ended meeting and its participants."""

from datetime import timedelta

from django.utils import timezone

from core.surveys.models import Questionnaire
from events.models import EventPage, Registration
from tests.factories.registration import approved_member, open_event

QUESTIONS = [
    ("rating", {"label": "Vad tycker du om mötet som helhet?", "required": True}),
    (
        "multiple_choice",
        {
            "label": "Vad var mest värdefullt?",
            "choices": ["Föredragen", "Samtalen", "Studiebesöket"],
        },
    ),
    ("yes_no", {"label": "Vill du bli kontaktad om en uppföljning?", "named": True}),
    ("long_text", {"label": "Något mer du vill säga?"}),
]


def questionnaire(**kwargs) -> Questionnaire:
    """The standard evaluation: rating (required), multiple choice, named yes/no, text."""
    defaults = {
        "title": "Utvärdering av nätverksträff",
        "kind": Questionnaire.Kind.EVALUATION,
        "intro": "Tack för att du kom!",
        "questions": QUESTIONS,
    }
    created = Questionnaire.objects.create(**{**defaults, **kwargs})
    return Questionnaire.objects.get(pk=created.pk)  # block ids as stored


def ended_event(home, *, hours_ago: int = 2, **kwargs) -> EventPage:
    """A published meeting that ended ``hours_ago`` with the standard evaluation."""
    start = timezone.now().replace(microsecond=0) - timedelta(hours=hours_ago + 2)
    kwargs.setdefault("evaluation", questionnaire())
    return open_event(home, start=start, end=start + timedelta(hours=2), **kwargs)


def participant(event: EventPage, *, attended_at=None, **user_kwargs) -> Registration:
    """A confirmed registration of a new approved member."""
    user = approved_member(**user_kwargs)
    return Registration.objects.create(
        event=event,
        user=user,
        status=Registration.Status.CONFIRMED,
        seat_kind=Registration.SeatKind.ONSITE,
        attended_at=attended_at,
    )


def ids(questionnaire: Questionnaire) -> dict[str, str]:
    """Question kind → block id (one question per kind in the standard questionnaire)."""
    return {question.kind: question.id for question in questionnaire.question_list}
