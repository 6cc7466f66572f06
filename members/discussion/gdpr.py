"""Comments in a member's data export, and what the account's deletion does to them.

``DISCUSSION_ON_ACCOUNT_DELETE``: ``anonymise`` keeps the comments, shown as by
"tidigare medlem"; ``delete`` deletes them, except that one with replies stays as
removed, without its text, so that the replies still read.
"""

from django.conf import settings

from .models import Comment


def export_comments(user) -> tuple[str, list[dict]]:
    comments = Comment.objects.filter(user=user).select_related("page").order_by("created_at")
    return "comments", [
        {
            "page": comment.page.title,
            "page_id": comment.page_id,
            "reply_to": comment.parent_id,
            "id": comment.pk,
            "text": comment.body,
            "status": comment.status,
            "written_at": comment.created_at,
            "edited_at": comment.edited_at,
            "removal_reason": comment.removal_reason,
        }
        for comment in comments
    ]


def erase_comments(user) -> None:
    comments = Comment.objects.filter(user=user)
    if settings.DISCUSSION_ON_ACCOUNT_DELETE == "delete":
        with_replies = comments.filter(replies__isnull=False).distinct()
        Comment.objects.filter(pk__in=with_replies.values("pk")).update(
            status=Comment.Status.REMOVED, body="", user=None, edited_at=None
        )
        Comment.objects.filter(user=user).delete()
    else:
        comments.update(user=None)
