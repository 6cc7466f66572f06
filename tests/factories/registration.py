"""Helpers for registration tests: an open meeting and approved members."""

from datetime import timedelta

from django.utils import timezone

from core.outbox.models import Message
from events.models import EventIndexPage, EventPage
from members.models import Membership
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.members import MembershipFactory, OrganisationFactory


def open_event(home, **kwargs) -> EventPage:
    """A published meeting two weeks ahead with registration open."""
    index = EventIndexPage.objects.child_of(home).first() or EventIndexPageFactory(parent=home)
    start = kwargs.pop("start", timezone.now().replace(microsecond=0) + timedelta(days=14))
    defaults = {
        "start": start,
        "end": start + timedelta(hours=2),
        "registration_enabled": True,
        "capacity": 20,
    }
    return EventPageFactory(parent=index, **{**defaults, **kwargs})


def approved_member(organisation=None, *, coordinator=False, **user_kwargs):
    """An approved member (the user) of the organisation, or of a new one."""
    membership = MembershipFactory(
        organisation=organisation or OrganisationFactory(),
        role=Membership.Role.COORDINATOR if coordinator else Membership.Role.MEMBER,
        **{f"user__{key}": value for key, value in user_kwargs.items()},
    )
    return membership.user


def registration_mail(**params):
    """Registration e-mail in the outbox, oldest first, whose params match (``registration=…``)."""
    messages = Message.objects.filter(kind__startswith="events.registration.").order_by("pk")
    return messages.filter(**{f"params__{name}": value for name, value in params.items()})


def mail_kinds(**params) -> list[str]:
    """The kinds (``confirmed``, ``waiting``, …) of ``registration_mail(**params)``."""
    return [message.params["kind"] for message in registration_mail(**params)]
