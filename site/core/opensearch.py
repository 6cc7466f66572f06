"""Wagtail's OpenSearch 3 search backend, importable beside this project's ``events`` app.

opensearch-py imports the PyPI package ``Events`` by its module name, ``events``:
the name of this project's meetings app, which comes first on the import path.
So while opensearch-py is imported, and only then, the name is lent to the PyPI
package; afterwards ``events`` is this project's app again, and opensearch-py
keeps the class it took. ``CoreConfig.ready`` imports this module when OpenSearch
is configured, before any request is served, so no other import sees the swap.
"""

import importlib.machinery
import importlib.util
import sys
from pathlib import Path


def _is_events(name: str) -> bool:
    return name == "events" or name.startswith("events.")


def _import_opensearchpy() -> None:
    """Import opensearchpy with ``events`` naming the installed PyPI package."""
    if "opensearchpy" in sys.modules:
        return
    ours = {name: module for name, module in sys.modules.items() if _is_events(name)}
    root = Path(importlib.util.find_spec("events").origin).resolve().parents[1]
    elsewhere = [entry for entry in sys.path if Path(entry or ".").resolve() != root]
    spec = importlib.machinery.PathFinder.find_spec("events", elsewhere)
    if spec is None or spec.loader is None:
        raise ImportError("opensearch-py needs the package Events, which is not installed")
    for name in ours:
        del sys.modules[name]
    try:
        lent = importlib.util.module_from_spec(spec)
        sys.modules["events"] = lent
        spec.loader.exec_module(lent)
        import opensearchpy  # noqa: F401
    finally:
        for name in [name for name in sys.modules if _is_events(name)]:
            del sys.modules[name]
        sys.modules.update(ours)


_import_opensearchpy()

from modelsearch.backends.opensearch3 import OpenSearch3SearchBackend  # noqa: E402

SearchBackend = OpenSearch3SearchBackend
