"""Who may contribute articles to the library, and who may fetch members' uploads."""

from wagtail.permissions import policy_registry

from members.selectors import member_is_approved

from .models import ArticleAttachment
from .services import MEMBER_UPLOADS_COLLECTION


def can_contribute(user) -> bool:
    """Whether the user may write experience articles on the site.

    Approved members of an organisation only: their organisation answers for
    what they share, and editors review every article before it is published.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    return member_is_approved(user)


def can_fetch_document(user, document) -> bool:
    """Whether the user may download the document through Wagtail's serve view.

    A member's upload (in the ``MEMBER_UPLOADS_COLLECTION``) is public only once an
    article carrying it is live: a published article's attachment rows are its live
    version, while an attachment added in a later draft lives in the revision only.
    Until then its uploader and whoever may change documents in its collection
    (editors and moderators) may fetch it. Every other document is public.
    """
    if document.collection.name != MEMBER_UPLOADS_COLLECTION:
        return True
    if ArticleAttachment.objects.filter(document=document, page__live=True).exists():
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    policy = policy_registry.get_by_type(type(document))
    return user.pk == document.uploaded_by_user_id or (
        policy.user_has_permission_for_instance(user, "change", document)
    )
