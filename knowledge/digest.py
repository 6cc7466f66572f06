"""Newly published articles for members' digests and follow feed (``members.follows``)."""

import datetime
from collections.abc import Iterator

from core.privacy import visible_to
from members.follows.digest import ARTICLE, Item

from .models import ArticlePage


def new_articles(since: datetime.datetime, until: datetime.datetime) -> Iterator[Item]:
    """Live public articles first published in the window (registered in ``KnowledgeConfig``)."""
    articles = ArticlePage.objects.live().filter(
        first_published_at__gt=since, first_published_at__lte=until
    )
    # No request: what an anonymous visitor may see, and nothing restricted.
    articles = (
        visible_to(articles, None)
        .select_related("locale")
        .prefetch_related("topics", "counties")
        .order_by("first_published_at", "pk")
    )
    for article in articles:
        url = article.get_full_url()
        if not url:
            continue
        yield Item(
            page_id=article.pk,
            type=ARTICLE,
            title=article.title,
            url=url,
            when=article.publication_date,
            published_at=article.first_published_at,
            topic_ids=frozenset(topic.pk for topic in article.topics.all()),
            county_ids=frozenset(county.pk for county in article.counties.all()),
            kind=article.kind,
            language=article.locale.language_code,
        )
