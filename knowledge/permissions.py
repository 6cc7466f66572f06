"""Who may contribute articles to the library."""

from members.selectors import member_is_approved


def can_contribute(user) -> bool:
    """Whether the user may write experience articles on the site.

    Approved members of an organisation only: their organisation answers for
    what they share, and editors review every article before it is published.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    return member_is_approved(user)
