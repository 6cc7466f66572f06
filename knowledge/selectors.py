"""Reads of the knowledge library: the faceted listing, members' own articles and the
organisations they may name."""

from dataclasses import dataclass, replace

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.http import HttpRequest

from core.models import County, Topic
from core.privacy import visible_to
from members.models import Organisation
from members.selectors import approved_organisation

from .models import ArticleKind, ArticlePage, LibraryIndexPage

SORT_ORDERS = {
    "newest": ("-publication_date", "-pk"),
    "title": ("title", "pk"),
}
FACET_NAMES = ("kind", "topic", "county", "year")


@dataclass(frozen=True)
class LibraryFilters:
    """A validated facet selection: at most one value per facet, combined with AND."""

    kind: str = ""
    topic: Topic | None = None
    county: County | None = None
    year: int | None = None
    sort: str = "newest"

    def without(self, facet: str) -> "LibraryFilters":
        """The same selection with one facet cleared."""
        return replace(self, **{facet: "" if facet == "kind" else None})

    def as_params(self) -> dict[str, str]:
        """The selection as GET parameters (defaults left out)."""
        params = {
            "kind": self.kind,
            "topic": self.topic.slug if self.topic else "",
            "county": self.county.slug if self.county else "",
            "year": str(self.year) if self.year else "",
            "sort": "" if self.sort == "newest" else self.sort,
        }
        return {key: value for key, value in params.items() if value}

    @property
    def is_empty(self) -> bool:
        """Whether no facet is selected."""
        return not (self.kind or self.topic or self.county or self.year)


@dataclass(frozen=True)
class FacetOption:
    """One value of a facet with the number of articles it would show."""

    value: str
    label: str
    count: int
    selected: bool


def _published_articles(
    index_page: LibraryIndexPage, request: HttpRequest | None
) -> QuerySet[ArticlePage]:
    return visible_to(ArticlePage.objects.live().child_of(index_page), request)


def _apply(queryset: QuerySet[ArticlePage], filters: LibraryFilters) -> QuerySet[ArticlePage]:
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.topic:
        queryset = queryset.filter(topics=filters.topic)
    if filters.county:
        queryset = queryset.filter(counties=filters.county)
    if filters.year:
        queryset = queryset.filter(publication_date__year=filters.year)
    return queryset


def article_list(
    *, index_page: LibraryIndexPage, filters: LibraryFilters, request: HttpRequest | None
) -> QuerySet[ArticlePage]:
    """The published articles of the library matching the selection, in the chosen order.

    Those the request may see (core.privacy); without a request, public ones.
    """
    return (
        _apply(_published_articles(index_page, request), filters)
        .select_related("organisation")
        .order_by(*SORT_ORDERS[filters.sort])
    )


def article_facets(
    *, index_page: LibraryIndexPage, filters: LibraryFilters, request: HttpRequest | None
) -> dict[str, list[FacetOption]]:
    """Each facet's values with counts; a facet's counts ignore its own selection.

    One aggregate query per facet, however many articles there are.
    """
    base = _published_articles(index_page, request)

    kind_counts = dict(
        _apply(base, filters.without("kind"))
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    year_counts = dict(
        _apply(base, filters.without("year"))
        .order_by()
        .annotate(year=ExtractYear("publication_date"))
        .values_list("year")
        .annotate(n=Count("pk"))
    )
    topics = Topic.objects.filter(
        articles__in=_apply(base, filters.without("topic")).values("pk")
    ).annotate(n=Count("articles", distinct=True))
    counties = County.objects.filter(
        articles__in=_apply(base, filters.without("county")).values("pk")
    ).annotate(n=Count("articles", distinct=True))

    return {
        "kind": [
            FacetOption(value, str(label), kind_counts.get(value, 0), value == filters.kind)
            for value, label in ArticleKind.choices
            if kind_counts.get(value) or value == filters.kind
        ],
        "topic": [
            FacetOption(topic.slug, topic.label, topic.n, topic == filters.topic)
            for topic in topics
        ],
        "county": [
            FacetOption(county.slug, county.name, county.n, county == filters.county)
            for county in counties
        ],
        "year": [
            FacetOption(str(year), str(year), count, year == filters.year)
            for year, count in sorted(year_counts.items(), reverse=True)
        ],
    }


def article_list_for_owner(*, user) -> QuerySet[ArticlePage]:
    """Every article the member owns, drafts included, newest first."""
    return (
        ArticlePage.objects.filter(owner=user)
        .select_related("latest_revision")
        .order_by("-latest_revision_created_at", "-pk")
    )


def organisation_choices(user, article: ArticlePage | None = None) -> QuerySet[Organisation]:
    """The organisations a member may attribute an article to.

    Their approved membership's organisation, and the one the draft already names
    (set by an editor while reviewing, or the member's former organisation), which
    the member may keep but not choose anew.
    """
    ids = set()
    if own := approved_organisation(user):
        ids.add(own.pk)
    if article is not None and article.organisation_id:
        ids.add(article.organisation_id)
    return Organisation.objects.filter(pk__in=ids)
