"""The site search's registry of result types and its excerpts.

core cannot import the apps above it, so each app registers the page types it
wants filterable in the search (``register_search_type`` in its
``AppConfig.ready``); the search view stays generic over ``Page``.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from wagtail.models import Page
from wagtail.search import index

EXCERPT_LENGTH = 240


def cluster_errors() -> tuple[type[Exception], ...]:
    """What the configured search cluster's client raises when the cluster cannot answer.

    None with the database backend: its errors are the database's, which fail the
    whole site alike.
    """
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    if backend == "core.opensearch":
        from opensearchpy import TransportError

        return (TransportError,)
    if "elasticsearch" in backend:
        from elasticsearch import ApiError, TransportError

        return (ApiError, TransportError)
    return ()


@dataclass(frozen=True)
class SearchType:
    """A kind of result a visitor can restrict the search to."""

    key: str
    label: str
    model: type[Page]
    kind_field: str = ""
    kind_choices: list[tuple[str, str]] = field(default_factory=list)

    def has_kind(self, kind: str) -> bool:
        """Whether ``kind`` is one of this type's kinds."""
        return any(value == kind for value, _label in self.kind_choices)


_registry: dict[str, SearchType] = {}


def register_search_type(search_type: SearchType) -> None:
    """Make a page type selectable as a filter on the search page."""
    _registry[search_type.key] = search_type


def search_types() -> list[SearchType]:
    """The registered types in registration order."""
    return list(_registry.values())


def get_search_type(key: str) -> SearchType | None:
    """The registered type with this key, if any."""
    return _registry.get(key)


def _strings(value) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def page_text(page: Page) -> str:
    """The readable text of a page: its description, summary or intro, then its body."""
    parts = [
        str(getattr(page, name, "") or "") for name in ("search_description", "summary", "intro")
    ]
    body = getattr(page, "body", None)
    if body is not None and hasattr(body, "raw_data"):
        parts.extend(text for block in body.raw_data for text in _strings(block.get("value", "")))
    text = " ".join(strip_tags(part) for part in parts if part)
    return re.sub(r"\s+", " ", text).strip()


def _stems(query: str) -> list[str]:
    # A crude stem (drop up to two letters of a long word) so that the excerpt
    # also finds the inflected forms the full-text backend matched.
    words = [word for word in re.findall(r"\w+", query.lower()) if len(word) > 1]
    return [word[: max(4, len(word) - 2)] for word in words]


def excerpt(text: str, query: str, length: int = EXCERPT_LENGTH) -> SafeString:
    """A passage of ``text`` around the first match of ``query``, matches in <mark>."""
    stems = _stems(query)
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    pattern = (
        re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)
        if stems
        else None
    )
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - length // 3) if match else 0
    if start:
        start = text.rfind(" ", 0, start) + 1
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    passage = text[start:end]
    html = []
    position = 0
    for hit in pattern.finditer(passage) if pattern else []:
        html.append(escape(passage[position : hit.start()]))
        html.append(f"<mark>{escape(hit.group())}</mark>")
        position = hit.end()
    html.append(escape(passage[position:]))
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(html) + suffix)  # noqa: S308 - every piece escaped


def type_label(page: Page) -> str:
    """What a result is, for its label in the list: its kind, type or page type."""
    for search_type in _registry.values():
        if isinstance(page, search_type.model):
            if search_type.kind_field:
                return str(getattr(page, f"get_{search_type.kind_field}_display")())
            return str(search_type.label)
    return str(page._meta.verbose_name).capitalize()


def reindex_when_published(sender, instance: Page, **kwargs) -> None:
    """Index a published page again once the publish has committed.

    Publishing saves the page before the topics, counties and attachments that
    arrive with its revision, and the in-process task backend indexes on that
    first save, so without this they would stay unsearchable until the next save.
    """
    transaction.on_commit(lambda: index.insert_or_update_object(instance))
