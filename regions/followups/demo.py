"""Demo follow-up: a questionnaire, the closed 2025 round with approved answers, the open
2026 round, and a county contact (Jämtland) who answers it."""

import os
import secrets
from datetime import date

from django.conf import settings
from django.utils import timezone

from core.models import County
from core.surveys.models import Questionnaire
from members.demo import seed_demo_totp
from members.models import User

from .models import FollowUpAnswer, FollowUpRound, ProgrammeReporter
from .selectors import county_priorities

REPORTER_EMAIL = "anders.berg@example.se"
REPORTER_COUNTY = "23"  # Jämtland
TITLE = "Årlig uppföljning av regionalt serviceprogram"
# Fixed block ids, so the approved answers and a re-run keep matching the questions.
IDS = {
    "shops": "4c1f0b3e-2d6a-4f51-9a0e-6d1c2b7a0001",
    "support": "4c1f0b3e-2d6a-4f51-9a0e-6d1c2b7a0002",
    "programme": "4c1f0b3e-2d6a-4f51-9a0e-6d1c2b7a0003",
    "deliveries": "4c1f0b3e-2d6a-4f51-9a0e-6d1c2b7a0004",
    "comment": "4c1f0b3e-2d6a-4f51-9a0e-6d1c2b7a0005",
}
# County code: (shops, support in kronor, programme in force) of 2025.
APPROVED_2025 = {
    "25": (118, 4_250_000, "ja"),
    "24": (132, 3_100_000, "ja"),
    "22": (141, 2_750_000, "nej"),
    "17": (160, 1_980_000, "ja"),
    "08": (152, 2_400_000, "ja"),
}


def _questions() -> list[dict]:
    def block(kind, key, label, **value):
        return {
            "type": kind,
            "id": IDS[key],
            "value": {
                "label": label,
                "help_text": "",
                "required": True,
                "named": False,
                "per_priority": False,
                **value,
            },
        }

    return [
        block("number", "shops", "Antal dagligvarubutiker i länet", unit="butiker"),
        block("amount", "support", "Beviljat investeringsstöd"),
        block("yes_no", "programme", "Har länet ett aktuellt serviceprogram?"),
        block(
            "number",
            "deliveries",
            "Antal hemsändningar",
            unit="hemsändningar",
            per_priority=True,
            required=False,
        ),
        block("long_text", "comment", "Kommentar", required=False),
    ]


def _questionnaire() -> Questionnaire:
    questionnaire, _ = Questionnaire.objects.update_or_create(
        title=TITLE,
        defaults={
            "kind": Questionnaire.Kind.FOLLOW_UP,
            "intro": "Svara för hela länet. Siffrorna avser föregående kalenderår.",
            "questions": _questions(),
        },
    )
    return questionnaire


def _reporter(county: County) -> tuple[User, str]:
    # DEMO_PASSWORD fixes the password for test servers (browser tests); never in production.
    fixed = "" if settings.PRODUCTION else os.environ.get("DEMO_PASSWORD", "")
    password = fixed or secrets.token_urlsafe(12)
    user = User.objects.get(email=REPORTER_EMAIL)
    user.set_password(password)
    user.save()
    seed_demo_totp(user)
    ProgrammeReporter.objects.get_or_create(user=user, county=county)
    return user, password


def seed(stdout) -> None:
    """Create or update the demo follow-up and print the county contact's account."""
    questionnaire = _questionnaire()
    today = timezone.localdate()
    closed, _ = FollowUpRound.objects.update_or_create(
        year=2025,
        defaults={
            "questionnaire": questionnaire,
            "opens_on": date(2025, 1, 15),
            "closes_on": date(2025, 3, 31),
            "intro": "Uppföljningen av 2024.",
        },
    )
    FollowUpRound.objects.update_or_create(
        year=2026,
        defaults={
            "questionnaire": questionnaire,
            "opens_on": min(date(2026, 1, 15), today),
            "closes_on": max(date(2026, 12, 31), today.replace(month=12, day=31)),
            "intro": "Uppföljningen av 2025.",
        },
    )
    counties = {county.code: county for county in County.objects.all()}
    for code, (shops, support, programme) in APPROVED_2025.items():
        county = counties[code]
        priorities = county_priorities(county)
        answers = {IDS["shops"]: shops, IDS["support"]: support, IDS["programme"]: programme}
        if priorities:
            answers[IDS["deliveries"]] = {
                priority.key: 20 + 5 * number for number, priority in enumerate(priorities)
            }
        FollowUpAnswer.objects.update_or_create(
            round=closed,
            county=county,
            defaults={
                "status": FollowUpAnswer.Status.APPROVED,
                "answers": answers,
                "priorities": [{"key": p.key, "title": p.title} for p in priorities],
                "submitted_at": timezone.now(),
                "reviewed_at": timezone.now(),
            },
        )
    user, password = _reporter(counties[REPORTER_COUNTY])
    stdout.write(
        f"regions: follow-up rounds 2025 (closed, {len(APPROVED_2025)} approved) and 2026 (open)."
    )
    stdout.write(f"  {'county contact':<11} {user.email:<26} {password}")
