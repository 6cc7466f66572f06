"""The home page's sections, contributed by the apps above core.

The home page shows the next meetings, the newest knowledge and a county finder,
which core cannot import. Each app that has something to show registers a section
(``register_home_section`` in its ``AppConfig.ready``); the home page template renders
the sections of each of its areas in order with ``{% home_sections "<area>" %}``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Where a section goes: the page's <head>, the highlights box, or below it.
AREAS = ("head", "highlights", "main")


@dataclass(frozen=True)
class HomeSection:
    """A template and the function that fills it from the page's template context.

    ``context`` returns the template's variables, as an inclusion tag's function does.
    """

    key: str
    area: str
    order: int
    template: str
    context: Callable[[Any], dict]

    def __post_init__(self):
        if self.area not in AREAS:
            raise ValueError(f"Unknown home page area {self.area!r}; one of {AREAS}.")


_registry: dict[str, HomeSection] = {}


def register_home_section(section: HomeSection) -> None:
    """Show a section on the home page (a second registration under a key replaces it)."""
    _registry[section.key] = section


def home_sections(area: str) -> list[HomeSection]:
    """The registered sections of an area, in their order."""
    return sorted(
        (section for section in _registry.values() if section.area == area),
        key=lambda section: (section.order, section.key),
    )
