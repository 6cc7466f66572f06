"""Template tags of the knowledge library for pages of lower apps (Mina sidor)."""

from django import template
from django.utils.translation import get_language

from wagtail.models import Locale

from core.page_cache import remember

from ..models import LibraryIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def my_articles_url(context) -> str:
    """The URL of the member's own articles in the active language's library, or ''."""
    request = context["request"]

    def find() -> str:
        library = LibraryIndexPage.objects.live().filter(locale=Locale.get_active()).first()
        if library is None:
            return ""
        return library.get_url(request) + library.reverse_subpage("my-articles")

    return remember(request, "my-articles-url", find, get_language(), request.get_host())
