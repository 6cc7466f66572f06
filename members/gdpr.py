"""A registry through which higher apps add to a member's data export and erasure.

``members`` sits below ``events`` and ``knowledge`` and cannot import them, so they
register functions here (in their ``AppConfig.ready``):

- an exporter takes the user and returns ``(key, data)``; ``data`` must be JSON
  serialisable and lands under ``key`` in the download;
- an eraser takes the user and anonymises or deletes what the app stores about
  them. Erasers run inside the deletion's transaction, before the user row goes.
"""

from collections.abc import Callable
from typing import Any

Exporter = Callable[[Any], tuple[str, Any]]
Eraser = Callable[[Any], None]

_exporters: list[Exporter] = []
_erasers: list[Eraser] = []


def register_exporter(fn: Exporter) -> Exporter:
    """Add a data exporter; usable as a decorator."""
    if fn not in _exporters:
        _exporters.append(fn)
    return fn


def register_eraser(fn: Eraser) -> Eraser:
    """Add a data eraser; usable as a decorator."""
    if fn not in _erasers:
        _erasers.append(fn)
    return fn


def exporters() -> list[Exporter]:
    """The registered exporters, in registration order."""
    return list(_exporters)


def erasers() -> list[Eraser]:
    """The registered erasers, in registration order."""
    return list(_erasers)
