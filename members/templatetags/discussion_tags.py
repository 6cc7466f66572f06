"""``{% comments page %}``: a page's discussion, and comment counts for listings.

The thread is a personal tag (core.personal): a member sees their own held comments
and gets the forms, with their CSRF token, rendered per request; a visitor without an
account gets the thread and one sign-in link, kept with the page and retired with the
page's own generation (``core.page_cache.depend_on_page``) when a comment changes.
"""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from core.generations import remember
from core.page_cache import depend_on, depend_on_page, page_generation
from core.personal import personal_tag
from core.privacy import is_visible
from members.discussion import registry, selectors, services
from members.discussion.forms import CommentForm
from members.discussion.models import Comment
from members.discussion.text import comment_html
from members.selectors import shown_as_approved

register = template.Library()


def _comments_variant(context, page) -> tuple | None:
    """Alike for all visitors, and for all members who have not written on the page."""
    if not page.pk:
        return None
    request = context["request"]
    depend_on_page(request, page.pk)  # so that a hit has read the number below
    own = page_generation(page.pk).current()
    user = request.user
    if not user.is_authenticated:
        return ("visitor", own)
    if user.pk in selectors.commenter_ids(page.pk):
        return None  # their own comments, held ones or editable
    return ("member", shown_as_approved(user), own)


@personal_tag(register, "members/discussion/comments.html", variant=_comments_variant)
def comments(context, page):
    request = context["request"]
    if (
        not page.pk
        or not page.live
        or not registry.takes_comments(type(page))
        or not is_visible(page, request)
    ):
        return {"shown": False}
    depend_on_page(request, page.pk)
    user = request.user
    items = selectors.thread(page.pk, user)
    published = Comment.Status.PUBLISHED
    count = sum(
        (item.comment.status == published) + sum(r.status == published for r in item.replies)
        for item in items
    )
    data = {"shown": True, "page": page, "items": items, "count": count}
    if not user.is_authenticated:
        query = urlencode({"next": f"{request.path}#diskussion"})
        data["login_url"] = f"{reverse('account_login')}?{query}"
        return data
    since = timezone.now() - services.edit_window()
    data.update(
        may_post=shown_as_approved(user),
        member_id=user.pk,
        editable_since=since,
        form=CommentForm(auto_id=f"comment-%s-{page.pk}"),
        # Kept per content generation: saving the page's discussion settings retires it.
        held=remember("holds-for-approval", lambda: services.holds_for_approval(page), page.pk),
        edit_minutes=settings.DISCUSSION_EDIT_MINUTES,
    )
    return data


@register.filter
def comment_text(body: str):
    """A comment's text as HTML: escaped, links ``rel="nofollow ugc"``."""
    return comment_html(body)


@register.simple_tag(takes_context=True)
def comment_counts(context, items, via: str = "") -> dict:
    """Published comments per page id for a listing's pages, in one query.

    ``via`` names the attribute of each item that holds its page (``"event"``).
    """
    depend_on(context["request"], selectors.COMMENTS)
    return selectors.counts_for((getattr(item, via) if via else item).pk for item in items)


@register.filter
def count_of(counts: dict, page) -> int:
    return counts.get(page.pk, 0)
