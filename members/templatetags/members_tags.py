"""Template tags of Mina sidor."""

from django import template

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
