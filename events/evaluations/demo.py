"""Demo evaluation: the standard questionnaire on a past meeting, with a few answers.

The meeting ended weeks ago, outside the window ``send_evaluations`` invites for, so
seeding sends nothing; the invitations are written directly, sent now so their links
work. Three participants have answered (enough for the results to show) and one has
not. Re-running leaves existing invitations and answers alone; no link is printed.
"""

from datetime import timedelta

from django.utils import timezone

from core.surveys.models import Questionnaire
from events.models import EventPage, Registration
from members.models import Membership

from .models import EvaluationInvitation, EvaluationResponse

MEETING = "natverkstraff-vasterbotten"
TITLE = "Utvärdering av nätverksträff"
QUESTIONS = [
    (
        "rating",
        {
            "label": "Vad tycker du om mötet som helhet?",
            "help_text": "1 är mycket dåligt och 5 mycket bra.",
            "required": True,
        },
    ),
    (
        "multiple_choice",
        {
            "label": "Vad var mest värdefullt?",
            "required": False,
            "choices": ["Föredragen", "Samtalen med andra län", "Studiebesöket", "Materialet"],
        },
    ),
    (
        "yes_no",
        {
            "label": "Vill du bli kontaktad om en uppföljning?",
            "help_text": "Svaret visas med ditt namn för arrangören.",
            "required": False,
            "named": True,
        },
    ),
    (
        "long_text",
        {"label": "Vad vill du ge för råd till nästa träff?", "required": False},
    ),
]
# (rating, most valuable, contact?, advice) of the participants who answered.
ANSWERS = [
    (5, ["Samtalen med andra län", "Studiebesöket"], "ja", "Mer tid för studiebesöket."),
    (4, ["Föredragen"], "nej", ""),
    (4, ["Samtalen med andra län"], None, "Gärna en digital uppföljning efter ett halvår."),
]


def standard_questionnaire() -> Questionnaire:
    questionnaire = Questionnaire.objects.filter(
        title=TITLE, kind=Questionnaire.Kind.EVALUATION
    ).first()
    if questionnaire is None:
        questionnaire = Questionnaire.objects.create(
            title=TITLE,
            kind=Questionnaire.Kind.EVALUATION,
            intro="Tack för att du deltog! Svaren hjälper oss att planera nästa träff.",
            questions=QUESTIONS,
        )
        questionnaire = Questionnaire.objects.get(pk=questionnaire.pk)
    return questionnaire


def seed_evaluation(events: list[EventPage]) -> int:
    """Attach the evaluation to the past demo meeting; invitations and answers once."""
    event = next((event for event in events if event.slug == MEETING), None)
    if event is None:
        return 0
    questionnaire = standard_questionnaire()
    if event.evaluation_id != questionnaire.pk:
        event.evaluation = questionnaire
        event.save_revision().publish()
    if event.evaluation_invitations.exists():
        return 0
    members = list(
        Membership.objects.approved()
        .select_related("user", "organisation")
        .order_by("user__email")
    )
    occurrence_start = event.start
    now = timezone.now()
    questions = {question.kind: question for question in questionnaire.question_list}
    for position, membership in enumerate(members):
        organisation = membership.organisation
        registration = Registration.objects.filter(event=event, user=membership.user).first()
        if registration is None:
            registration = Registration.objects.create(
                event=event,
                user=membership.user,
                organisation=organisation,
                organisation_name=organisation.name,
                organisation_type=organisation.type,
                county_id=organisation.county_id,
                status=Registration.Status.CONFIRMED,
                seat_kind=Registration.SeatKind.ONSITE,
                attended_at=event.start + timedelta(minutes=5),
                notified_event_sequence=event.sequence,
            )
        answered = position < len(ANSWERS)
        named = {}
        if answered:
            rating, chosen, contact, advice = ANSWERS[position]
            answers = {questions["rating"].id: rating, questions["multiple_choice"].id: chosen}
            if advice:
                answers[questions["long_text"].id] = advice
            if contact:
                named[questions["yes_no"].id] = contact
            EvaluationResponse.objects.create(
                event=event,
                occurrence_start=occurrence_start,
                questionnaire=questionnaire,
                answers=answers,
                submitted_on=timezone.localdate(event.end) + timedelta(days=1),
            )
        EvaluationInvitation.objects.create(
            event=event,
            occurrence_start=occurrence_start,
            registration=registration,
            user=membership.user,
            sent_at=now,
            answered=answered,
            named_answers=named,
        )
    return len(members)
