"""The member's private calendar feed, filled by the apps that know about meetings.

``events`` registers a function taking the user and returning icalendar
``Event`` components; this module only authenticates the token and wraps them.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from icalendar import Calendar

from core.ical import new_calendar

from .selectors import member_for_feed_token

FeedItems = Callable[[Any], Iterable[Any]]

_providers: list[FeedItems] = []


def register_feed_items(fn: FeedItems) -> FeedItems:
    """Add a provider of calendar components for a member's private feed."""
    if fn not in _providers:
        _providers.append(fn)
    return fn


def member_calendar(user) -> Calendar:
    """The member's calendar with every registered provider's components.

    Each time zone the components name gets its VTIMEZONE, as RFC 5545 requires.
    """
    calendar = new_calendar(name=_("Mötesplats – mina anmälningar"))
    for provider in _providers:
        for component in provider(user):
            calendar.add_component(component)
    calendar.add_missing_timezones()
    return calendar


def member_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Serve the private feed; an unknown or replaced token is a 404."""
    user = member_for_feed_token(token)
    if user is None:
        raise Http404
    response = HttpResponse(
        member_calendar(user).to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    return response
