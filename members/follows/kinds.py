"""What may be followed besides counties and topics, as the higher apps register it.

``members`` cannot import ``knowledge`` or ``events``; in their ``AppConfig.ready`` they
tell this registry which article kinds exist (key → label) and which page models are
followed one by one (a meeting, an article), under a group key the Bevakningar page
lists them by.
"""

from collections.abc import Iterable

from django.db.models import Model
from django.utils.functional import Promise

_kinds: dict[str, str | Promise] = {}
_page_types: dict[str, tuple[type[Model], str | Promise]] = {}


def register_kinds(choices: Iterable[tuple[str, str | Promise]]) -> None:
    """Add article kinds, as ``(key, label)`` pairs (a TextChoices' ``choices``)."""
    for key, label in choices:
        _kinds[key] = label


def kinds() -> dict[str, str | Promise]:
    """The registered article kinds, key → label, in registration order."""
    return dict(_kinds)


def kind_label(key: str) -> str | None:
    """The label of a registered kind in the current language, or None if unknown."""
    label = _kinds.get(key)
    return None if label is None else str(label)


def register_page_type(group: str, model: type[Model], label: str | Promise) -> None:
    """Let members follow single pages of ``model``, listed under ``group`` (e.g. meetings)."""
    _page_types[group] = (model, label)


def page_types() -> dict[str, tuple[type[Model], str | Promise]]:
    """The followable page models by group: group → (model, the group's label)."""
    return dict(_page_types)


def group_of(model: type[Model]) -> str | None:
    """The group of a page model (its specific class), or None when it is not followable."""
    for group, (registered, _label) in _page_types.items():
        if issubclass(model, registered):
            return group
    return None
