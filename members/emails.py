"""E-mail about memberships and organisation requests, written to the outbox with the change."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core.outbox.rules import language_of
from core.outbox.services import UnsubscribeLink, enqueue

from .models import Membership, OrganisationRequest, User
from .selectors import editors, reviewers_for


def membership_pending(membership: Membership) -> int:
    """Tell the organisation's coordinators (or the editors) that someone awaits approval."""
    reviewers = list(reviewers_for(membership))
    for reviewer in reviewers:
        enqueue(
            to=reviewer.email,
            user=reviewer,
            template="members/email/membership_pending",
            context={"membership": membership},
            kind="members.membership_pending",
        )
    return len(reviewers)


def membership_decided(membership: Membership) -> None:
    """Tell the member that their membership was approved or declined."""
    enqueue(
        to=membership.user.email,
        user=membership.user,
        template="members/email/membership_decided",
        context={"membership": membership},
        kind="members.membership_decided",
    )


def organisation_request(organisation_request: OrganisationRequest) -> int:
    """Tell the editors that a member asked for a new organisation."""
    recipients = list(editors())
    for editor in recipients:
        enqueue(
            to=editor.email,
            user=editor,
            template="members/email/organisation_request",
            context={"organisation_request": organisation_request},
            kind="members.organisation_request",
        )
    return len(recipients)


def profile_unsubscribe_link(user: User | None, kind: str) -> UnsubscribeLink | None:
    """A notification's unsubscribe link: the profile, where members choose what mail they get.

    Registered with the outbox (``apps.py``); one-click links per kind come later.
    """
    if user is None:
        return None
    with translation.override(language_of(user)):
        return UnsubscribeLink(settings.SITE_URL + reverse("members:profile"))
