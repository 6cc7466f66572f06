"""One-click unsubscribe (RFC 8058) from one kind of mail, without signing in.

The link carries a signed token of the member and the kind of mail: whoever holds the
mail may turn that kind off, and nothing else. The token does not expire, and neither a
new password nor a new feed address changes it: it only ever turns mail off.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.outbox.services import UnsubscribeLink

SALT = "members.follows.unsubscribe"

DIGEST = "digest"
NEW_EVENT = "new-event"
CHANGES = "changes"


@dataclass(frozen=True)
class MailChoice:
    """A kind of mail a member may turn off: its outbox kind and what turns it off."""

    key: str
    kind: str
    field: str
    off: object
    # "Du får inte längre …"
    label: str


CHOICES = {
    choice.key: choice
    for choice in (
        MailChoice(
            DIGEST,
            "members.digest",
            "digest_frequency",
            "off",
            _("sammanfattningar av nya mötesplatser och artiklar om det du bevakar"),
        ),
        MailChoice(
            NEW_EVENT,
            "members.new_event",
            "new_events_at_once",
            False,
            _("e-post genast om nya mötesplatser du bevakar"),
        ),
        MailChoice(
            CHANGES,
            "events.registration.changed",
            "notify_event_updates",
            False,
            _("e-post om ändringar i mina anmälningar"),
        ),
    )
}
BY_KIND = {choice.kind: choice for choice in CHOICES.values()}


def make_token(user, key: str) -> str:
    return signing.Signer(salt=SALT).sign_object({"u": user.pk, "k": key})


def read_token(token: str):
    """``(user, choice)`` for a genuine token of an existing member, else None."""
    try:
        data = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("k") not in CHOICES:
        return None
    user = get_user_model().objects.filter(pk=data.get("u")).first()
    if user is None:
        return None
    return user, CHOICES[data["k"]]


def unsubscribe_url(user, key: str) -> str:
    """The absolute one-click address that turns ``key`` mail off for ``user``."""
    return settings.SITE_URL + reverse("members:digest:unsubscribe", args=[make_token(user, key)])


def turn_off(user, choice: MailChoice) -> None:
    """Stop that kind of mail (one UPDATE: a click from the mail client does no more)."""
    get_user_model().objects.filter(pk=user.pk).update(**{choice.field: choice.off})
    setattr(user, choice.field, choice.off)


def one_click_link(user, kind: str) -> UnsubscribeLink | None:
    """The outbox's unsubscribe provider for following's and registration changes' mail."""
    choice = BY_KIND.get(kind)
    if user is None or choice is None:
        return None
    return UnsubscribeLink(unsubscribe_url(user, choice.key), one_click=True)
