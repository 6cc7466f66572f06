"""Registration on meeting pages: the free seats of listings and the registration box."""

from django import template

from core import page_cache
from core.personal import personal_tag
from events.registration.selectors import (
    SEAT_COUNTS,
    SEATS,
    SeatInfo,
    registered_event_ids,
    seat_info,
)
from events.registration.views import registration_context
from members.selectors import shown_as_approved, shown_as_coordinating

register = template.Library()


@register.filter
def occurrence_seat_info(occurrence) -> SeatInfo | None:
    """Seat information for a listed occurrence, from its annotations (never a query)."""
    if not all(hasattr(occurrence, name) for name in SEAT_COUNTS):
        return None
    counts = {name: getattr(occurrence, name) for name in SEAT_COUNTS}
    return seat_info(event=occurrence.event, counts=counts)


def _registration_variant(context, page) -> tuple | None:
    """Alike for all visitors, and for all members not registered who register no one else."""
    if not page.pk or context.get("registration_form") is not None:
        return None  # a preview, or a form sent back with errors
    request = context["request"]
    page_cache.depend_on(request, SEATS)  # a visitor's page shows the free seats
    user = request.user
    state = (page.registration_state(), SEATS.current())
    if not user.is_authenticated:
        return ("visitor", *state)
    if page.pk in registered_event_ids(user) or shown_as_coordinating(user):
        return None
    return ("member", shown_as_approved(user), *state)


@personal_tag(register, "events/includes/registration.html", variant=_registration_variant)
def registration_box(context, page) -> dict:
    """The meeting page's registration: the member's own, the form, or how to sign in.

    A form sent back with errors (the register view) replaces the empty one.
    """
    request = context["request"]
    values = {"request": request, "user": request.user, "page": page}
    values.update(registration_context(request, page))
    if "registration_form" in values and context.get("registration_form") is not None:
        values["registration_form"] = context["registration_form"]
    return values
