"""Admin registrations for the shared taxonomy and counties, and page and document hooks."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import County, Topic
from .page_cache import mark_page_cacheable, serve_shared
from .privacy import document_is_visible


class TopicViewSet(SnippetViewSet):
    """Service types and themes, edited by the agency."""

    model = Topic
    icon = "tag"
    menu_label = _("Ämnen")
    list_display = ["name", "name_en", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en"]
    add_to_admin_menu = True


class CountyViewSet(SnippetViewSet):
    """The 21 counties: reference data, listed for lookup."""

    model = County
    icon = "site"
    menu_label = _("Län")
    list_display = ["name", "code", "letter", "region_body"]
    search_fields = ["name", "region_body"]


register_snippet(TopicViewSet)
register_snippet(CountyViewSet)


@hooks.register("before_serve_page")
def allow_page_cache(page, request, serve_args, serve_kwargs):
    """Mark the request as a Wagtail page view, which the page cache may store."""
    mark_page_cacheable(page, request)


@hooks.register("before_serve_document")
def keep_documents_of_hidden_pages(document, request):
    """A 404 for a document that only pages hidden from the visitor show (core.privacy).

    Runs before Wagtail sends the file or redirects to object storage.
    """
    if not document_is_visible(document, request):
        raise Http404("Document of a restricted page")


@hooks.register("on_serve_page", order=1)
def serve_shared_part(serve):
    """Serve a member the page's shared part from the page cache (core.page_cache).

    Inside Wagtail's own privacy check (order 0), which runs first.
    """

    def inner(page, request, serve_args, serve_kwargs):
        return serve_shared(request, lambda: serve(page, request, serve_args, serve_kwargs), page)

    return inner
