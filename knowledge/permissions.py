"""Who may contribute articles to the library, and who may fetch members' uploads."""

from enum import Enum

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


class DocumentAccess(Enum):
    """Why a user may fetch a document through Wagtail's serve view, or that they may not."""

    PUBLIC = "public"
    UPLOADER = "uploader"
    REVIEWER = "reviewer"
    NONE = "none"


def document_access(user, document) -> DocumentAccess:
    """Whether, and as whom, the user may download the document.

    A member's upload (in the ``MEMBER_UPLOADS_COLLECTION``) is public only once an
    article carrying it is live: a published article's attachment rows are its live
    version, while an attachment added in a later draft lives in the revision only.
    Until then its uploader may fetch it, and so may whoever may change documents in
    its collection (editors and moderators), as reviewers of the article. Every
    other document is public.
    """
    if document.collection.name != MEMBER_UPLOADS_COLLECTION:
        return DocumentAccess.PUBLIC
    if ArticleAttachment.objects.filter(document=document, page__live=True).exists():
        return DocumentAccess.PUBLIC
    if not user.is_authenticated or not user.is_active:
        return DocumentAccess.NONE
    if user.pk == document.uploaded_by_user_id:
        return DocumentAccess.UPLOADER
    policy = policy_registry.get_by_type(type(document))
    if policy.user_has_permission_for_instance(user, "change", document):
        return DocumentAccess.REVIEWER
    return DocumentAccess.NONE
