"""Template filters of registration shown on meeting listings: the free seats."""

from django import template

from events.registration.selectors import SEAT_COUNTS, SeatInfo, seat_info

register = template.Library()


@register.filter
def occurrence_seat_info(occurrence) -> SeatInfo | None:
    """Seat information for a listed occurrence, from its annotations (never a query)."""
    if not all(hasattr(occurrence, name) for name in SEAT_COUNTS):
        return None
    counts = {name: getattr(occurrence, name) for name in SEAT_COUNTS}
    return seat_info(event=occurrence.event, counts=counts)
