"""Links on the Mina sidor overview that higher layers offer to some members.

An app registers a function taking the user and returning ``(label, url)`` pairs
(``regions`` links a county's programme reporter to the follow-up).
"""

from collections.abc import Callable, Iterable

Links = Callable[[object], Iterable[tuple[str, str]]]

_providers: list[Links] = []


def register_links(fn: Links) -> Links:
    """Add a provider of links for the overview."""
    if fn not in _providers:
        _providers.append(fn)
    return fn


def links_for(user) -> list[tuple[str, str]]:
    """Every registered provider's links for the user, in registration order."""
    return [link for provider in _providers for link in provider(user)]
