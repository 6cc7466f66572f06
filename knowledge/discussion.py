"""Who is told of new comments on an article (members.discussion): its credited authors."""

from members.discussion.registry import Watcher


def article_watchers(article):
    """The article's credited authors, or its owner when no one is credited."""
    users = [author.user for author in article.authors.select_related("user")]
    if not users and article.owner_id:
        users = [article.owner]
    return [Watcher(user.email, user) for user in users if user.is_active and user.email]
