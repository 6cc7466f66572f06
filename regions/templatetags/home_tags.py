"""Template tags of the home page: the next meetings and the newest knowledge.

They live in regions, the top layer, which may read both events and knowledge;
core's home page template loads them without core importing either app.
"""

from django import template

from wagtail.models import Locale

from core.page_cache import remember

from ..selectors import newest_articles, next_meetings, site_feed

register = template.Library()

HOME_LIMIT = 4


def _locale(context) -> Locale:
    page = context.get("page")
    return page.locale if page is not None else Locale.get_active()


@register.inclusion_tag("regions/includes/home_meetings.html", takes_context=True)
def home_meetings(context, heading_level: int = 2) -> dict:
    """The next meetings with links to all meetings and to the calendar subscription."""
    return {
        "calendar": next_meetings(
            locale=_locale(context), request=context["request"], limit=HOME_LIMIT
        ),
        "heading_level": heading_level,
    }


@register.inclusion_tag("regions/includes/home_articles.html", takes_context=True)
def home_articles(context, heading_level: int = 2) -> dict:
    """The newest published library articles with a link to the library."""
    articles, library = newest_articles(locale=_locale(context), limit=HOME_LIMIT)
    return {"articles": articles, "library": library, "heading_level": heading_level}


@register.inclusion_tag("events/includes/feed_link.html", takes_context=True)
def home_feed_link(context) -> dict:
    """The <link rel="alternate"> to the calendar feed of all meetings, for the page head."""
    request, locale = context["request"], _locale(context)

    def link() -> dict:
        feed = site_feed(locale=locale, request=request)
        return {"feed_https_url": feed.url, "feed_title": feed.title} if feed else {}

    return remember(request, "home-feed-link", link, locale.pk, request.get_host(), request.scheme)
