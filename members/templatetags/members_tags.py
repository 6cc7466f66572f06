"""Template tags of Mina sidor."""

from django import template

from core.personal import personal_tag
from members.models import Membership
from members.selectors import membership_for, user_is_editor

register = template.Library()


@register.simple_tag(takes_context=True)
def directory_offered(context) -> bool:
    """Whether the navigation links to the directory (``user_may_see_directory``).

    From the cached membership, as the navigation is drawn on every page of Mina
    sidor; the directory itself asks the database.
    """
    user = context["request"].user
    if user_is_editor(user):
        return True
    membership = membership_for(user)
    return membership is not None and membership.status == Membership.Status.APPROVED


def _navigation_variant(context) -> tuple:
    """The navigation differs by page (in the key already) and by the directory link."""
    return (directory_offered(context),)


@personal_tag(register, "members/includes/account_nav.html", variant=_navigation_variant)
def account_nav(context) -> dict:
    """The navigation of Mina sidor, kept for each page and variant."""
    return {"request": context["request"], "show_directory": directory_offered(context)}
