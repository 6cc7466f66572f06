"""Following and no longer following: writes, each in its own transaction.

Following twice keeps one row and is no error. What may not be followed (an unknown
kind, a page that is not published or not open to everyone, a page of a type no app
registered) raises ``FollowRefused`` with a message for the member.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.models import Page

from core.models import County, Topic
from core.privacy import is_visible

from . import kinds
from .models import Follow


class FollowRefused(Exception):
    """The thing cannot be followed; ``message`` tells the member why, in their language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def follow_topic(*, user, topic: Topic) -> None:
    """Follow a topic: it becomes one of the member's interests."""
    user.interests.add(topic)


@transaction.atomic
def unfollow_topic(*, user, topic: Topic) -> None:
    user.interests.remove(topic)


@transaction.atomic
def follow_county(*, user, county: County) -> Follow:
    follow, _created = Follow.objects.get_or_create(user=user, county=county)
    return follow


@transaction.atomic
def follow_kind(*, user, kind: str) -> Follow:
    if kinds.kind_label(kind) is None:
        raise FollowRefused(_("Det finns ingen sådan sort av artikel."))
    follow, _created = Follow.objects.get_or_create(user=user, kind=kind)
    return follow


def check_page_followable(page: Page) -> None:
    """Raise FollowRefused unless the page is live, open to everyone and of a followed type."""
    if kinds.group_of(page.specific_class or Page) is None:
        raise FollowRefused(_("Den här sidan kan inte bevakas."))
    if not page.live or not is_visible(page, None):
        raise FollowRefused(
            _("Sidan kan inte bevakas: den är inte publicerad eller inte öppen för alla.")
        )


@transaction.atomic
def follow_page(*, user, page: Page) -> Follow:
    """Follow a single meeting or article."""
    check_page_followable(page)
    follow, _created = Follow.objects.get_or_create(user=user, page_id=page.pk)
    return follow


@transaction.atomic
def unfollow(*, follow: Follow) -> None:
    follow.delete()


@transaction.atomic
def unfollow_target(*, user, county: County | None = None, kind: str = "", page=None) -> int:
    """Stop following a county, a kind or a page; returns how many rows went (0 or 1)."""
    follows = Follow.objects.filter(user=user)
    if county is not None:
        follows = follows.filter(county=county)
    elif kind:
        follows = follows.filter(kind=kind)
    elif page is not None:
        follows = follows.filter(page_id=page.pk)
    else:
        return 0
    deleted, _rows = follows.delete()
    return deleted


@transaction.atomic
def follow_own_county(*, user) -> Follow | None:
    """The member's county, set or changed, is followed unless they follow a county already."""
    if user.county_id is None or Follow.objects.filter(user=user, county__isnull=False).exists():
        return None
    follow, _created = Follow.objects.get_or_create(user=user, county_id=user.county_id)
    return follow
