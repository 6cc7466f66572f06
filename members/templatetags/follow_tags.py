"""The "Bevaka" buttons that higher layers put on their pages.

``{% follow_button thing … %}`` takes topics, counties, article kinds (their key) and
pages (a meeting, an article); empty values are skipped, so a listing passes its
filters as they are. A signed-in member gets a button per thing, "Bevaka …" or
"Bevakar … ✓ (sluta bevaka)"; a visitor without an account, one sign-in link. A
personal tag (core.personal): the page cache keeps the page around it.
"""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from wagtail.models import Page

from core.models import County, Topic
from core.personal import personal_tag
from core.privacy import is_public
from members.follows import kinds
from members.follows.selectors import followed_targets

register = template.Library()


def _target(thing, request) -> tuple[str, str, str] | None:
    """(target, value, label) of a thing that may be followed, or None."""
    if isinstance(thing, Topic):
        return "topic", str(thing.pk), thing.label
    if isinstance(thing, County):
        return "county", str(thing.pk), thing.name
    if isinstance(thing, str) and thing:
        label = kinds.kind_label(thing)
        return ("kind", thing, label) if label is not None else None
    if isinstance(thing, Page) and thing.pk and thing.live:
        if kinds.group_of(type(thing)) is None or not is_public(thing, request):
            return None
        return "page", str(thing.pk), thing.title
    return None


def _follow_variant(context, *things) -> tuple:
    """Alike for all visitors, and for all members who follow the same of the things."""
    request = context["request"]
    if not request.user.is_authenticated:
        return ("visitor",)
    followed = followed_targets(request)
    targets = [target for thing in things if (target := _target(thing, request)) is not None]
    return tuple((target, value) in followed for target, value, _ in targets)


@personal_tag(register, "members/includes/follow_button.html", variant=_follow_variant)
def follow_button(context, *things):
    request = context["request"]
    targets = [target for thing in things if (target := _target(thing, request)) is not None]
    if not targets:
        return {"buttons": []}
    if not request.user.is_authenticated:
        query = urlencode({"next": request.get_full_path()})
        return {"buttons": [], "login_url": f"{reverse('account_login')}?{query}"}
    followed = followed_targets(request)
    return {
        "buttons": [
            {
                "target": target,
                "value": value,
                "label": label,
                "following": (target, value) in followed,
            }
            for target, value, label in targets
        ],
        "next": request.get_full_path(),
    }
