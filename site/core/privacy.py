"""Who may see which page, in every channel that shows it.

Wagtail checks a page's view restrictions (signed-in visitors, groups, a shared
password) only when it serves the page itself. Listings, teasers, calendar files,
search, documents and the registration form show pages too; they ask here, so that
a page hidden from a visitor is hidden everywhere, and shown everywhere to a
visitor its restriction lets in. Channels read without a session (calendar
subscriptions, the sitemap, RSS) pass no request and get public pages only.
"""

import hashlib
from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse

from wagtail import hooks
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, ReferenceIndex

from .generations import remember

# Request attribute: the tree paths hidden from this request, worked out once.
HIDDEN_MARK = "_hidden_page_paths"


def _restrictions() -> list[PageViewRestriction]:
    """Every view restriction with its page and groups, kept per content generation.

    Saving a restriction retires the generation (``CoreConfig.ready``).
    """
    return remember(
        "view-restrictions",
        lambda: list(
            PageViewRestriction.objects.select_related("page")
            .prefetch_related("groups")
            .order_by("page__path", "pk")
        ),
    )


def hidden_paths(request: HttpRequest | None) -> tuple[str, ...]:
    """Tree paths of the restricted pages, with their subtrees, the request may not see.

    Without a request, every restricted page's.
    """
    if request is None:
        restricted = PageViewRestriction.objects.order_by("page__path")
        return tuple(restricted.values_list("page__path", flat=True))
    paths = getattr(request, HIDDEN_MARK, None)
    if paths is None:
        paths = tuple(
            restriction.page.path
            for restriction in _restrictions()
            if not restriction.accept_request(request)
        )
        setattr(request, HIDDEN_MARK, paths)
    return paths


def visible_to(pages: QuerySet, request: HttpRequest | None, *, via: str = "") -> QuerySet:
    """``pages`` without those hidden from the request.

    ``via`` leads from the queryset's model to the page, e.g. ``"event__"`` for
    occurrences of meetings.
    """
    hidden = Q()
    for path in hidden_paths(request):
        hidden |= Q(**{f"{via}path__startswith": path})
    return pages.exclude(hidden) if hidden else pages


def is_public(page: Page, request: HttpRequest) -> bool:
    """Whether everyone may see ``page``: ``is_visible(page, None)`` without a query."""
    return not page.path.startswith(tuple(r.page.path for r in _restrictions()))


def is_visible(page: Page, request: HttpRequest | None) -> bool:
    """Whether the request may see ``page``; the page need not come from a queryset."""
    return not page.path.startswith(hidden_paths(request))


def document_is_visible(document: Model, request: HttpRequest | None) -> bool:
    """False for a document that only pages hidden from the request use.

    A document attached to a restricted page shares its privacy. One that a page
    the request may see uses too, or that no page uses, is governed by its
    collection's privacy setting alone (Wagtail checks that itself).
    """
    references = ReferenceIndex.get_references_to(document).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    page_ids = {int(pk) for pk in references.values_list("object_id", flat=True)}
    if not page_ids:
        return True
    return visible_to(Page.objects.filter(pk__in=page_ids), request).exists()


def visible_documents(documents: Iterable[Model], request: HttpRequest | None) -> list:
    """Those of ``documents`` that ``document_is_visible`` accepts, in two queries.

    For listings of many documents (the open-data API), where asking per document
    would cost queries in proportion to their number.
    """
    documents = list(documents)
    if not documents:
        return []
    references = ReferenceIndex.get_references_to_in_bulk(documents).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    pages_of: dict[str, set[int]] = {}
    for document_id, page_id in references.values_list("to_object_id", "object_id"):
        pages_of.setdefault(document_id, set()).add(int(page_id))
    used = set().union(*pages_of.values()) if pages_of else set()
    seen = set(visible_to(Page.objects.filter(pk__in=used), request).values_list("pk", flat=True))
    return [
        document
        for document in documents
        if str(document.pk) not in pages_of or pages_of[str(document.pk)] & seen
    ]


def public_documents(documents: Iterable[Model]) -> list:
    """Those of ``documents`` a caller without a session may download.

    The pages' privacy as ``document_is_visible`` reads it, and no view restriction
    on the document's collection or one above it (Wagtail asks for a sign-in or a
    password there). Each document's ``collection`` should be loaded with it.
    """
    restricted = tuple(
        CollectionViewRestriction.objects.values_list("collection__path", flat=True)
    )
    return [
        document
        for document in visible_documents(documents, None)
        if not document.collection.path.startswith(restricted)
    ]


def access_key(request: HttpRequest) -> str:
    """Tells apart visitors who see different pages, for keys of shared fragments."""
    return hashlib.sha256("|".join(hidden_paths(request)).encode()).hexdigest()[:16]


def serve_as_page(
    page: Page, request: HttpRequest, respond: Callable[[], HttpResponse]
) -> HttpResponse:
    """``respond()`` behind the page's own privacy check, for views that show a page.

    Wagtail's ``on_serve_page`` hooks wrap it as they wrap the page: a visitor the
    restrictions keep out gets the same sign-in redirect or password form.
    """

    def chain(page, request, args, kwargs):
        return respond()

    for hook in reversed(hooks.get_hooks("on_serve_page")):
        chain = hook(chain)
    return chain(page, request, (), {})
