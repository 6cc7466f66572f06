"""Reads for the regional coordination pages, the contact directory and the admin report."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest

from wagtail.models import Locale

from core.models import County
from core.privacy import visible_to
from events.feeds import feed_title
from events.forms import EventFilters
from events.links import feed_url
from events.models import EventIndexPage, EventOccurrence
from events.selectors import occurrence_list
from knowledge.models import ArticlePage, LibraryIndexPage

from .models import ContactPerson, CountyPage, RegionalCoordinationPage


@dataclass(frozen=True)
class CountyRow:
    """A county and its live county page below a landing page, if any."""

    county: County
    page: CountyPage | None


def county_rows(*, landing: RegionalCoordinationPage, request: HttpRequest) -> list[CountyRow]:
    """All 21 counties in code order, each with its county page under `landing` if visible."""
    pages = visible_to(CountyPage.objects.child_of(landing).live(), request)
    pages = {page.county_id: page for page in pages}
    return [CountyRow(county=county, page=pages.get(county.pk)) for county in County.objects.all()]


def county_page_for(*, county: County, request: HttpRequest) -> CountyPage | None:
    """The county's live page in the active language, else in the default language."""
    pages = visible_to(CountyPage.objects.live().filter(county=county), request)
    return (
        pages.filter(locale=Locale.get_active()).first()
        or pages.filter(locale=Locale.get_default()).first()
    )


def contact_list(
    *, county: County | None = None, responsibility: str | None = None
) -> QuerySet[ContactPerson]:
    """Public contact persons (those with a county), optionally narrowed down.

    `responsibility` is a `Responsibility.Code` value.
    """
    contacts = ContactPerson.objects.listed().for_listing()
    if county is not None:
        contacts = contacts.filter(county=county)
    if responsibility:
        contacts = contacts.filter(responsibilities__code=responsibility)
    return contacts


def county_programme_report(*, locale: Locale | None = None) -> QuerySet[County]:
    """Every county annotated with its county page in `locale` (default: the default locale).

    Annotations: `page_id`, `programme_status`, `programme_start_year`,
    `programme_end_year`, `last_reviewed`, `last_published_at` and `live`; all None
    for a county without a page.
    """
    locale = locale or Locale.get_default()
    pages = CountyPage.objects.filter(county=OuterRef("pk"), locale=locale).order_by("pk")
    fields = [
        "pk",
        "programme_status",
        "programme_start_year",
        "programme_end_year",
        "last_reviewed",
        "last_published_at",
        "live",
    ]
    return County.objects.annotate(
        **{
            ("page_id" if field == "pk" else field): Subquery(pages.values(field)[:1])
            for field in fields
        }
    )


@dataclass(frozen=True)
class CountyCalendar:
    """A county's upcoming meetings and the calendar feed filtered to the county."""

    occurrences: list[EventOccurrence]
    feed_url: str
    feed_title: str
    events_url: str


def county_calendar(
    *, county: County, locale: Locale, request: HttpRequest, limit: int = 5
) -> CountyCalendar | None:
    """The next `limit` occurrences of live meetings in the county and its feed.

    None when the language has no events index. Two queries (occurrences, topics).
    """
    index = EventIndexPage.objects.live().filter(locale=locale).first()
    if index is None:
        return None
    filters = EventFilters(county=county)
    occurrences = list(
        occurrence_list(index=index, filters=filters, past=False, request=request)[:limit]
    )
    return CountyCalendar(
        occurrences=occurrences,
        feed_url=request.build_absolute_uri(feed_url(index, request, filters)),
        feed_title=feed_title(filters),
        events_url=f"{index.get_url(request)}?{urlencode(filters.query())}",
    )


def published_articles(
    *,
    kind: str,
    locale: Locale,
    request: HttpRequest,
    county: County | None = None,
    limit: int | None = None,
) -> QuerySet[ArticlePage]:
    """Published articles of one kind the request may see (about the county), newest first."""
    articles = (
        visible_to(ArticlePage.objects.live(), request)
        .filter(locale=locale, kind=kind)
        .select_related("organisation")
        .order_by("-publication_date", "-pk")
    )
    if county is not None:
        articles = articles.filter(counties=county)
    return articles[:limit] if limit else articles


@dataclass(frozen=True)
class HomeCalendar:
    """The next meetings of the site and where to see and subscribe to all of them."""

    occurrences: list[EventOccurrence]
    events_url: str
    subscribe_url: str


def next_meetings(*, locale: Locale, request: HttpRequest, limit: int) -> HomeCalendar | None:
    """The next `limit` occurrences of live meetings; None without an events index."""
    index = EventIndexPage.objects.live().filter(locale=locale).first()
    if index is None:
        return None
    filters = EventFilters()
    index_url = index.get_url(request)
    return HomeCalendar(
        occurrences=list(
            occurrence_list(index=index, filters=filters, past=False, request=request)[:limit]
        ),
        events_url=index_url,
        subscribe_url=index_url + index.reverse_subpage("subscribe"),
    )


def newest_articles(
    *, locale: Locale, request: HttpRequest, limit: int
) -> tuple[list[ArticlePage], LibraryIndexPage | None]:
    """The newest published library articles the request may see, and their library."""
    library = LibraryIndexPage.objects.live().filter(locale=locale).first()
    if library is None:
        return [], None
    articles = (
        visible_to(ArticlePage.objects.live(), request)
        .child_of(library)
        .select_related("organisation")
        .order_by("-publication_date", "-pk")[:limit]
    )
    return list(articles), library


@dataclass(frozen=True)
class Feed:
    """An absolute calendar feed URL and the calendar's name."""

    url: str
    title: str


def site_feed(*, locale: Locale, request: HttpRequest) -> Feed | None:
    """The calendar feed of all meetings in the language; None without an events index."""
    index = EventIndexPage.objects.live().filter(locale=locale).first()
    if index is None:
        return None
    filters = EventFilters()
    return Feed(
        url=request.build_absolute_uri(feed_url(index, request, filters)),
        title=feed_title(filters),
    )
