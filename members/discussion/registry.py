"""Which page types take comments, and who hears of a new one, as the higher apps register it.

``members`` cannot import ``knowledge`` or ``events``; in their ``AppConfig.ready`` they
register their page models with a function giving a page's *watchers*: the people told
of every new comment (an article's authors, a meeting's contact person).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Model


@dataclass(frozen=True)
class Watcher:
    """Someone told of new comments: an address, and the account when there is one."""

    email: str
    user: object = None


WatchersOf = Callable[[Model], Iterable[Watcher]]

_page_types: dict[type[Model], WatchersOf] = {}


def register_page_type(model: type[Model], watchers: WatchersOf) -> None:
    """Let members comment on pages of ``model``; ``watchers(page)`` are told of new comments."""
    _page_types[model] = watchers


def takes_comments(model: type[Model]) -> bool:
    """Whether pages of ``model`` (a specific page class) take comments."""
    return any(issubclass(model, registered) for registered in _page_types)


def watchers_of(page: Model) -> list[Watcher]:
    """The people told of new comments on ``page`` (its specific instance)."""
    for registered, watchers in _page_types.items():
        if isinstance(page, registered):
            return list(watchers(page))
    return []
