"""RSS and Atom feeds of the library, for the whole library or any facet selection.

Django's feed generator escapes text but refuses the control characters XML 1.0
cannot carry; every text taken from the database passes through ``representable``.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from core.text import representable

from .forms import LibraryFilterForm
from .models import ArticleKind, ArticlePage, LibraryIndexPage
from .selectors import LibraryFilters, article_list

FEED_LENGTH = 30


@dataclass(frozen=True)
class FeedSubject:
    """The library and selection a feed is about, with the request for absolute URLs."""

    index_page: LibraryIndexPage
    filters: LibraryFilters
    request: HttpRequest


def selection_label(filters: LibraryFilters) -> str:
    """A human description of a facet selection, e.g. "Metodstöd, Hemsändning, 2024"."""
    parts = [
        str(ArticleKind(filters.kind).label) if filters.kind else "",
        filters.topic.label if filters.topic else "",
        filters.county.name if filters.county else "",
        str(filters.year) if filters.year else "",
    ]
    return ", ".join(part for part in parts if part)


class LibraryRssFeed(Feed):
    """The newest published articles matching a selection, as RSS 2.0."""

    def get_object(self, request: HttpRequest, index_page: LibraryIndexPage) -> FeedSubject:
        form = LibraryFilterForm(request.GET)
        if not form.is_valid():
            raise Http404("Unknown filter value")
        return FeedSubject(index_page, form.filters(), request)

    def title(self, obj: FeedSubject) -> str:
        label = selection_label(obj.filters)
        title = f"{obj.index_page.title}: {label}" if label else obj.index_page.title
        return representable(title)

    def link(self, obj: FeedSubject) -> str:
        params = obj.filters.as_params()
        query = f"?{urlencode(params)}" if params else ""
        return obj.index_page.get_full_url(obj.request) + query

    def description(self, obj: FeedSubject) -> str:
        return _("Nya artiklar i Mötesplats kunskapsbank.")

    def items(self, obj: FeedSubject):
        filters = LibraryFilters(
            kind=obj.filters.kind,
            topic=obj.filters.topic,
            county=obj.filters.county,
            year=obj.filters.year,
            sort="newest",
        )
        # Public articles only: feed readers have no session.
        articles = article_list(index_page=obj.index_page, filters=filters, request=None)
        return articles.prefetch_related("topics")[:FEED_LENGTH]

    def item_title(self, item: ArticlePage) -> str:
        return representable(item.title)

    def item_description(self, item: ArticlePage) -> str:
        return representable(item.summary)

    def item_link(self, item: ArticlePage) -> str:
        return item.full_url

    def item_guid(self, item: ArticlePage) -> str:
        return item.full_url

    def item_pubdate(self, item: ArticlePage) -> datetime.datetime:
        return timezone.make_aware(
            datetime.datetime.combine(item.publication_date, datetime.time(8, 0))
        )

    def item_updateddate(self, item: ArticlePage) -> datetime.datetime | None:
        return item.last_published_at

    def item_author_name(self, item: ArticlePage) -> str | None:
        return representable(item.organisation.name) if item.organisation else None

    def item_categories(self, item: ArticlePage) -> list[str]:
        topics = [representable(topic.name) for topic in item.topics.all()]
        return [item.get_kind_display(), *topics]


class LibraryAtomFeed(LibraryRssFeed):
    """The same feed as Atom 1.0."""

    feed_type = Atom1Feed

    def subtitle(self, obj: FeedSubject) -> str:
        return self.description(obj)
