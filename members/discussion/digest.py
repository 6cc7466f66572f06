"""New comments for the digests of members who follow their page (``members.follows``)."""

import datetime
from collections.abc import Iterator

from core.privacy import visible_to
from members.follows.digest import Remark

from .models import Comment


def new_comments(since: datetime.datetime, until: datetime.datetime) -> Iterator[Remark]:
    """Published comments on live pages open to everyone, published in the window."""
    comments = Comment.objects.counted().filter(
        published_at__gt=since, published_at__lte=until, page__live=True
    )
    # No request: only pages an anonymous visitor may see are mailed.
    comments = visible_to(comments, None, via="page__").select_related("page")
    urls: dict[int, str] = {}
    for comment in comments.order_by("published_at", "pk"):
        page = comment.page
        if page.pk not in urls:
            urls[page.pk] = page.get_full_url() or ""
        if urls[page.pk]:
            yield Remark(
                page_id=page.pk,
                title=page.title,
                url=urls[page.pk],
                at=comment.published_at,
                author_id=comment.user_id,
            )
