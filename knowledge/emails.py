"""E-mail of the library, written to the outbox: how the review of an article went."""

from core.outbox.models import Message
from core.outbox.services import enqueue

from .models import ArticlePage


def review_outcome(*, article: ArticlePage, outcome: str, comment: str) -> Message:
    """Tell the article's owner, in their language, that it was published or needs changes."""
    index_page = article.get_parent().specific
    return enqueue(
        to=article.owner.email,
        user=article.owner,
        template="knowledge/email/review_outcome",
        context={
            "article": article,
            "owner": article.owner,
            "outcome": outcome,
            "comment": comment,
            "my_articles_url": index_page.get_full_url()
            + index_page.reverse_subpage("my-articles"),
            "article_url": article.get_full_url(),
        },
        kind="knowledge.review_outcome",
    )
