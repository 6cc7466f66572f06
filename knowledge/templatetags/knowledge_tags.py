"""Template tags of the knowledge library: its links on Mina sidor and the listing."""

from django import template
from django.utils.translation import get_language

from wagtail.models import Locale

from core.page_cache import remember
from core.personal import personal_tag

from ..models import LibraryIndexPage
from ..permissions import can_contribute

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


@personal_tag(register, "knowledge/includes/contribution_links.html")
def contribution_links(context, library: LibraryIndexPage) -> dict:
    """ "Dela en erfarenhet" and "Mina artiklar" on the listing, for members who may write."""
    if not can_contribute(context["request"].user):
        return {}
    return {
        "create_url": library.url + library.reverse_subpage("article-create"),
        "my_articles_url": library.url + library.reverse_subpage("my-articles"),
    }
