"""Writing comments and moderating them, each in its own transaction.

What a member may not do (comment without an approved membership, on a page that
takes no comments or that they may not see, reply to a reply or to a removed
comment, change someone else's comment or their own after the time allowed) raises
``CommentRefused`` with a message for them and a status for the answer; nothing is
stored then. A comment published (at once, or approved by an editor) is told to the
page's watchers through the outbox; an editor's removal is told to its author with
the reason.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Page

from core.outbox.services import enqueue
from core.privacy import is_visible
from core.text import representable
from members.selectors import member_is_approved

from . import registry
from .models import Comment, CommentReport, DiscussionSettings

MAX_LENGTH = 4000
NEW_COMMENT_KIND = "members.comment_new"
REMOVED_KIND = "members.comment_removed"


class CommentRefused(Exception):
    """The write is not allowed; ``message`` tells the member why, ``status`` is the answer's."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def edit_window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.DISCUSSION_EDIT_MINUTES)


def holds_for_approval(page: Page) -> bool:
    return DiscussionSettings.objects.filter(page_id=page.pk, hold_for_approval=True).exists()


def check_page(page: Page, request) -> Page:
    """The page's specific instance, if it takes comments and the request may see it."""
    page = page.specific_deferred
    if not registry.takes_comments(type(page)):
        raise CommentRefused(_("Den här sidan tar inte emot kommentarer."), 404)
    if not page.live or not is_visible(page, request):
        raise CommentRefused(_("Sidan finns inte eller är inte öppen för dig."), 404)
    return page


def check_member(user) -> None:
    if not member_is_approved(user):
        raise CommentRefused(
            _("Bara godkända medlemmar av en organisation kan kommentera och anmäla."), 403
        )


def clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise CommentRefused(_("Skriv en text."))
    if len(body) > MAX_LENGTH:
        raise CommentRefused(
            _("Texten får vara högst %(max)s tecken lång, den är %(length)s.")
            % {"max": MAX_LENGTH, "length": len(body)}
        )
    # Control characters no page, mail or export can carry become U+FFFD.
    return representable(body)


@transaction.atomic
def post_comment(*, user, page: Page, body: str, request=None, parent: Comment | None = None):
    """A member's new comment on ``page``, or reply to ``parent`` (a top-level comment)."""
    check_member(user)
    page = check_page(page, request)
    body = clean_body(body)
    if parent is not None:
        if parent.page_id != page.pk:
            raise CommentRefused(_("Kommentaren du svarar på hör till en annan sida."))
        if parent.parent_id is not None:
            raise CommentRefused(_("Det går bara att svara på en kommentar, inte på ett svar."))
        if parent.status != Comment.Status.PUBLISHED:
            raise CommentRefused(_("Det går inte att svara på en borttagen kommentar."))
    held = holds_for_approval(page)
    comment = Comment.objects.create(
        page_id=page.pk,
        parent=parent,
        user=user,
        body=body,
        status=Comment.Status.HELD if held else Comment.Status.PUBLISHED,
        published_at=None if held else timezone.now(),
    )
    if not held:
        _tell_watchers(comment, page)
    return comment


def check_editable(user, comment: Comment) -> None:
    if comment.user_id is None or comment.user_id != user.pk:
        raise CommentRefused(_("Du kan bara ändra dina egna kommentarer."), 403)
    if comment.status in (Comment.Status.REMOVED, Comment.Status.HIDDEN):
        raise CommentRefused(_("Kommentaren är borttagen och kan inte ändras."), 403)
    if timezone.now() - comment.created_at > edit_window():
        raise CommentRefused(
            _("En kommentar kan bara ändras eller tas bort inom %(minutes)s minuter.")
            % {"minutes": settings.DISCUSSION_EDIT_MINUTES},
            403,
        )


@transaction.atomic
def edit_comment(*, user, comment: Comment, body: str) -> Comment:
    """The author changes their comment's text, within the time allowed."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    check_editable(user, comment)
    comment.body = clean_body(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    return comment


@transaction.atomic
def delete_comment(*, user, comment: Comment) -> None:
    """The author takes their comment back, within the time allowed.

    A comment with replies stays as removed, so that the thread still reads.
    """
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    check_editable(user, comment)
    if comment.replies.exists():
        comment.status = Comment.Status.REMOVED
        comment.body = ""
        comment.save(update_fields=["status", "body"])
    else:
        comment.delete()


@transaction.atomic
def report_comment(*, user, comment: Comment, request=None) -> bool:
    """A member reports a comment to the editors; True if it is a new report."""
    check_member(user)
    check_page(comment.page, request)
    if comment.status != Comment.Status.PUBLISHED:
        raise CommentRefused(_("Kommentaren finns inte längre."), 404)
    if comment.user_id == user.pk:
        raise CommentRefused(_("Du kan inte anmäla din egen kommentar."))
    _report, created = CommentReport.objects.get_or_create(comment=comment, user=user)
    return created


def _moderate(comment: Comment, status: str, **fields) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    comment.status = status
    comment.moderated_at = timezone.now()
    for name, value in fields.items():
        setattr(comment, name, value)
    comment.save(update_fields=["status", "moderated_at", *fields])
    comment.reports.update(handled=True)
    return comment


@transaction.atomic
def hide_comment(*, comment: Comment) -> Comment:
    """An editor hides a comment (and its replies) from the page; it can be restored."""
    return _moderate(comment, Comment.Status.HIDDEN)


@transaction.atomic
def restore_comment(*, comment: Comment) -> Comment:
    """An editor publishes a held comment, or puts back a hidden or removed one."""
    if comment.status == Comment.Status.REMOVED and not comment.body:
        raise CommentRefused(
            _("Författaren tog själv bort kommentaren; den kan inte återställas.")
        )
    first = comment.published_at is None
    fields = {"published_at": timezone.now()} if first else {}
    comment = _moderate(comment, Comment.Status.PUBLISHED, removal_reason="", **fields)
    if first:
        _tell_watchers(comment, comment.page.specific)
    return comment


@transaction.atomic
def remove_comment(*, comment: Comment, reason: str) -> Comment:
    """An editor removes a comment; the page shows it as removed, its author is told why."""
    reason = (reason or "").strip()
    if not reason:
        raise CommentRefused(_("Skriv skälet till att kommentaren tas bort."))
    comment = _moderate(comment, Comment.Status.REMOVED, removal_reason=reason)
    author = comment.user
    if author is not None and author.is_active:
        page = comment.page.specific
        enqueue(
            to=author.email,
            user=author,
            template="members/email/comment_removed",
            context={"comment": comment, "page": page, "page_url": page.full_url or ""},
            kind=REMOVED_KIND,
        )
    return comment


def _tell_watchers(comment: Comment, page: Page) -> None:
    """Write the new-comment mail to each of the page's watchers but the comment's author."""
    author = comment.user
    seen = {author.email.casefold()} if author is not None else set()
    for watcher in registry.watchers_of(page):
        address = watcher.email.casefold()
        if not address or address in seen:
            continue
        seen.add(address)
        enqueue(
            to=watcher.email,
            user=watcher.user,
            template="members/email/comment_new",
            context={
                "comment": comment,
                "page": page,
                "author_name": author_name(comment),
                "page_url": page.full_url or "",
            },
            kind=NEW_COMMENT_KIND,
        )


def author_name(comment: Comment) -> str:
    """How a comment's author is shown: their name, or "tidigare medlem" once they are gone."""
    if comment.user is None:
        return _("tidigare medlem")
    return comment.user.get_full_name() or _("medlem")
