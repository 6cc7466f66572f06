"""Builders of the programme follow-up: a questionnaire, rounds and answers."""

import datetime
import uuid

from core.surveys.models import Questionnaire
from regions.models import FollowUpAnswer, FollowUpRound

SHOPS, SUPPORT, PROGRAMME, DELIVERIES, COMMENT, RATING = (str(uuid.uuid4()) for _ in range(6))
PRIORITY_A, PRIORITY_B = str(uuid.uuid4()), str(uuid.uuid4())


def block(kind, id_, label, required=True, **value):
    return {"type": kind, "id": id_, "value": {"label": label, "required": required, **value}}


def questions() -> list[dict]:
    return [
        block("number", SHOPS, "Antal dagligvarubutiker i länet", unit="butiker"),
        block("amount", SUPPORT, "Beviljat investeringsstöd"),
        block("yes_no", PROGRAMME, "Har länet ett aktuellt serviceprogram?"),
        block("number", DELIVERIES, "Antal hemsändningar", required=False, per_priority=True),
        block("long_text", COMMENT, "Kommentar", required=False),
    ]


def questionnaire(blocks=None) -> Questionnaire:
    return Questionnaire.objects.create(
        title="Uppföljning", kind=Questionnaire.Kind.FOLLOW_UP, questions=blocks or questions()
    )


def follow_up_round(year: int, form: Questionnaire, *, open_today=False) -> FollowUpRound:
    if open_today:
        today = datetime.date.today()
        opens, closes = today - datetime.timedelta(days=10), today + datetime.timedelta(days=10)
    else:
        opens, closes = datetime.date(year, 1, 15), datetime.date(year, 3, 31)
    return FollowUpRound.objects.create(
        year=year, questionnaire=form, opens_on=opens, closes_on=closes
    )


def priority(id_, title) -> dict:
    return {"type": "priority", "id": id_, "value": {"title": title, "measures": []}}


def answer(round_, county, answers, status=FollowUpAnswer.Status.APPROVED, priorities=()):
    return FollowUpAnswer.objects.create(
        round=round_,
        county=county,
        status=status,
        answers=answers,
        priorities=[{"key": key, "title": title} for key, title in priorities],
    )
