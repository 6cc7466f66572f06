"""Template tags of the knowledge library for pages of lower apps (Mina sidor)."""

from django import template

from wagtail.models import Locale

from ..models import LibraryIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def my_articles_url(context) -> str:
    """The URL of the member's own articles in the active language's library, or ''."""
    library = LibraryIndexPage.objects.live().filter(locale=Locale.get_active()).first()
    if library is None:
        return ""
    return library.get_url(context["request"]) + library.reverse_subpage("my-articles")
