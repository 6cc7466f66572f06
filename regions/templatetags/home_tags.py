"""Template tags of the home page: the next meetings and the newest knowledge.

They live in regions, the top layer, which may read both events and knowledge;
core's home page template loads them without core importing either app.

A language without meetings or a library of its own (the English site) shows the
default language's, marked with their language for screen readers and browsers.
"""

from collections.abc import Callable

from django import template

from wagtail.models import Locale

from core.page_cache import remember
from knowledge.models import ArticlePage, LibraryIndexPage

from ..selectors import newest_articles, next_meetings, site_feed

register = template.Library()

HOME_LIMIT = 4


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


@register.inclusion_tag("regions/includes/home_meetings.html", takes_context=True)
def home_meetings(context, heading_level: int = 2) -> dict:
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
        "heading_level": heading_level,
    }


@register.inclusion_tag("regions/includes/home_articles.html", takes_context=True)
def home_articles(context, heading_level: int = 2) -> dict:
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
        "heading_level": heading_level,
    }


@register.inclusion_tag("events/includes/feed_link.html", takes_context=True)
def home_feed_link(context) -> dict:
    """The <link rel="alternate"> to the calendar feed of all meetings, for the page head."""
    request, locale = context["request"], _locale(context)

    def link() -> dict:
        feed, _ = _in_own_or_default_language(
            context, lambda language: site_feed(locale=language, request=request)
        )
        return {"feed_https_url": feed.url, "feed_title": feed.title} if feed else {}

    return remember(request, "home-feed-link", link, locale.pk, request.get_host(), request.scheme)
