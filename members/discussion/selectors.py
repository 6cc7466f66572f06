"""Reads of comments: a page's thread, counts for listings, the editors' queue."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from core.generations import Generation, kept
from core.page_cache import page_generation

from .models import Comment, CommentReport

# Bumped when any comment changes: retires the cached listings that show counts
# (a page's own thread follows its page generation, core.page_cache.page_generation).
COMMENTS = Generation("pagecache:comments")


@dataclass
class ThreadItem:
    """A top-level comment with its replies, as the page shows them."""

    comment: Comment
    replies: list[Comment] = field(default_factory=list)


def thread(page_id: int, user=None) -> list[ThreadItem]:
    """The page's comments, oldest first, replies under their comment; two queries at most.

    Everyone sees published and removed comments (the latter as removed); a member sees
    their own held ones too. A hidden comment hides its replies with it.
    """
    shown = Q(status__in=[Comment.Status.PUBLISHED, Comment.Status.REMOVED])
    if user is not None and user.is_authenticated:
        shown |= Q(status=Comment.Status.HELD, user=user)
    comments = list(
        Comment.objects.filter(shown, page_id=page_id)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    items: dict[int, ThreadItem] = {}
    for comment in comments:
        if comment.parent_id is None:
            items[comment.pk] = ThreadItem(comment)
    for comment in comments:
        if comment.parent_id is not None and comment.parent_id in items:
            items[comment.parent_id].replies.append(comment)
    return list(items.values())


def commenter_ids(page_id: int) -> frozenset[int]:
    """Who has written on the page, whatever became of it; kept per page generation."""
    generation = page_generation(page_id).current()
    return kept(
        f"discussion:commenters:{page_id}:{generation}",
        lambda: frozenset(
            Comment.objects.filter(page_id=page_id).values_list("user_id", flat=True)
        ),
        3600,
    )


def count_for(page_id: int) -> int:
    return Comment.objects.counted().filter(page_id=page_id).count()


def counts_for(page_ids: Iterable[int]) -> dict[int, int]:
    """Published comments per page, for a listing: one query."""
    rows = (
        Comment.objects.counted()
        .filter(page_id__in=list(page_ids))
        .values("page_id")
        .annotate(n=Count("pk"))
        .values_list("page_id", "n")
    )
    return dict(rows)


def queue() -> QuerySet[Comment]:
    """What editors decide on: held comments and published ones with an open report."""
    open_reports = CommentReport.objects.filter(comment=OuterRef("pk"), handled=False)
    return (
        Comment.objects.filter(
            Q(status=Comment.Status.HELD)
            | Q(status=Comment.Status.PUBLISHED) & Exists(open_reports)
        )
        .select_related("user", "page")
        .annotate(open_reports=Count("reports", filter=Q(reports__handled=False)))
        .order_by("created_at", "pk")
    )


def moderated() -> QuerySet[Comment]:
    """Comments editors hid or removed, newest decision first, for restoring."""
    return (
        Comment.objects.filter(status__in=[Comment.Status.HIDDEN, Comment.Status.REMOVED])
        .exclude(moderated_at=None)
        .select_related("user", "page")
        .order_by("-moderated_at", "-pk")
    )
