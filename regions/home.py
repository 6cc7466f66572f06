"""The home page's sections: the next meetings, the newest knowledge and the county finder.

They live in regions, the top layer, which may read both events and knowledge, and
are registered with core's home page (``core.home``) when the app is ready; core
imports none of them.

A language without meetings or a library of its own (the English site) shows the
default language's, marked with their language for screen readers and browsers.
"""

from collections.abc import Callable

from wagtail.models import Locale

from core.generations import remember
from core.home import HomeSection, register_home_section
from knowledge.models import ArticlePage, LibraryIndexPage

from .forms import CountyFinderForm
from .selectors import newest_articles, next_meetings, site_feed

HOME_LIMIT = 4
HEADING_LEVEL = 2


def _locale(context) -> Locale:
    page = context.get("page")
    return page.locale if page is not None else Locale.get_active()


def _in_own_or_default_language[T](
    context, find: Callable[[Locale], T | None]
) -> tuple[T | None, str]:
    """What ``find`` finds in the page's language, else in the default language.

    Returns it (or None) and the language code of its content when that is not the
    page's, for a ``lang`` attribute; otherwise an empty string.
    """
    locale = _locale(context)
    found = find(locale)
    if found is None:
        default = Locale.get_default()
        if default.pk != locale.pk and (found := find(default)) is not None:
            return found, default.language_code
    return found, ""


def home_meetings(context) -> dict:
    """The next meetings with links to all meetings and to the calendar subscription."""
    calendar, content_language = _in_own_or_default_language(
        context,
        lambda language: next_meetings(
            locale=language, request=context["request"], limit=HOME_LIMIT
        ),
    )
    return {
        "calendar": calendar,
        "content_language": content_language,
        "heading_level": HEADING_LEVEL,
    }


def home_articles(context) -> dict:
    """The newest published library articles with a link to the library."""

    def newest(locale: Locale) -> tuple[list[ArticlePage], LibraryIndexPage] | None:
        articles, library = newest_articles(
            locale=locale, request=context["request"], limit=HOME_LIMIT
        )
        return (articles, library) if library is not None else None

    found, content_language = _in_own_or_default_language(context, newest)
    articles, library = found or ([], None)
    return {
        "articles": articles,
        "library": library,
        "content_language": content_language,
        "heading_level": HEADING_LEVEL,
    }


def home_feed_link(context) -> dict:
    """The <link rel="alternate"> to the calendar feed of all meetings, for the page head."""
    request, locale = context["request"], _locale(context)

    def link() -> dict:
        feed, _ = _in_own_or_default_language(
            context, lambda language: site_feed(locale=language, request=request)
        )
        return {"feed_https_url": feed.url, "feed_title": feed.title} if feed else {}

    return remember("home-feed-link", link, locale.pk, request.get_host(), request.scheme)


def county_finder(context) -> dict:
    """A form that takes the visitor to their county's page; works without JavaScript."""
    return {"form": CountyFinderForm(auto_id="county-finder-%s"), "heading_level": HEADING_LEVEL}


def register() -> None:
    """Put the sections on the home page; called from the app config."""
    for section in (
        HomeSection("feed-link", "head", 10, "events/includes/feed_link.html", home_feed_link),
        HomeSection(
            "meetings", "highlights", 10, "regions/includes/home_meetings.html", home_meetings
        ),
        HomeSection(
            "articles", "highlights", 20, "regions/includes/home_articles.html", home_articles
        ),
        HomeSection(
            "county-finder", "main", 10, "regions/includes/county_finder.html", county_finder
        ),
    ):
        register_home_section(section)
