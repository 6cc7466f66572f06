"""Registration on meeting pages: the free seats of listings and the registration box."""

from django import template

from core.personal import personal_tag
from events.registration.selectors import SEAT_COUNTS, SeatInfo, seat_info
from events.registration.views import registration_context

register = template.Library()


@register.filter
def occurrence_seat_info(occurrence) -> SeatInfo | None:
    """Seat information for a listed occurrence, from its annotations (never a query)."""
    if not all(hasattr(occurrence, name) for name in SEAT_COUNTS):
        return None
    counts = {name: getattr(occurrence, name) for name in SEAT_COUNTS}
    return seat_info(event=occurrence.event, counts=counts)


@personal_tag(register, "events/includes/registration.html")
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
