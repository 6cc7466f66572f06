"""Demo registrations: open registration on three meetings, one of them full with a queue.

Rows are written directly (no e-mail goes out while seeding); re-running leaves
existing registrations alone.
"""

from datetime import timedelta

from events.models import EventPage
from members.models import Membership

from .models import Registration

SETTINGS = {
    "nationell-konferens-kommersiell-service": {
        "capacity": 120,
        "onsite_seats": 80,
        "digital_seats": 40,
        "registration_questions": [
            (
                "single_choice",
                {
                    "label": "Vilket pass väljer du på eftermiddagen dag 1?",
                    "help_text": "",
                    "required": True,
                    "choices": ["Dagligvaror i glesbygd", "Betaltjänster och kontanter"],
                },
            ),
            (
                "yes_no",
                {"label": "Deltar du i middagen?", "help_text": "", "required": False},
            ),
        ],
    },
    "natverkstraff-norrbotten-dagligvaror": {"capacity": 2, "quota_kind": "", "quota": None},
    "handlaggartraff-gotland": {"capacity": 25, "quota_kind": "county", "quota": 5},
}
FULL_MEETING = "natverkstraff-norrbotten-dagligvaror"


def seed_registrations(events: list[EventPage]) -> int:
    """Open registration on the demo meetings and register the approved demo members."""
    by_slug = {event.slug: event for event in events}
    members = list(
        Membership.objects.approved()
        .select_related("user", "organisation")
        .order_by("user__email")
    )
    created = 0
    for slug, fields in SETTINGS.items():
        event = by_slug.get(slug)
        if event is None:
            continue
        for name, value in fields.items():
            setattr(event, name, value)
        event.registration_enabled = True
        event.registration_closes_at = event.start - timedelta(days=2)
        event.save_revision().publish()
        if slug != FULL_MEETING or event.registrations.exists():
            continue
        for position, membership in enumerate(members):
            organisation = membership.organisation
            Registration.objects.create(
                event=event,
                user=membership.user,
                organisation=organisation,
                organisation_name=organisation.name,
                organisation_type=organisation.type,
                county_id=organisation.county_id,
                status=Registration.Status.CONFIRMED
                if position < event.capacity
                else Registration.Status.WAITING,
                seat_kind=Registration.SeatKind.ONSITE,
                answers={"Specialkost eller allergier": "Vegetarisk"} if position == 0 else {},
                notified_event_sequence=event.sequence,
            )
            created += 1
    return created
