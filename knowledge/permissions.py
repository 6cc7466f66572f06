"""Who may contribute articles to the library."""

from allauth.account.models import EmailAddress


def can_contribute(user) -> bool:
    """Whether the user may write experience articles on the site.

    For now any signed-in person with a verified e-mail address; this is the one
    place to tighten to "approved member of an organisation".
    """
    if not user.is_authenticated or not user.is_active:
        return False
    return EmailAddress.objects.filter(user=user, verified=True).exists()
