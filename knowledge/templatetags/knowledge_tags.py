"""Template tags of the knowledge library: its links on Mina sidor and the listing."""

from django import template
from django.utils.translation import get_language

from wagtail.models import Locale

from core.generations import remember
from core.personal import personal_tag
from members.selectors import shown_as_approved

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

    return remember("my-articles-url", find, get_language(), request.get_host())


@personal_tag(register, "knowledge/includes/contribution_links.html")
def contribution_links(context, library: LibraryIndexPage) -> dict:
    """The listing's "Dela en erfarenhet" and "Mina artiklar", for members who may write.

    Display only, from the cached membership: the form behind the link asks the database.
    """
    user = context["request"].user
    if not (user.is_authenticated and user.is_active and shown_as_approved(user)):
        return {}
    return {
        "create_url": library.url + library.reverse_subpage("article-create"),
        "my_articles_url": library.url + library.reverse_subpage("my-articles"),
    }
