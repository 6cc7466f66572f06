"""Every page the browser tests check, gathered from each app's pages_<app>.py.

Add a page with one line in the app's list: ("Name", "/path/") or, for a page that
answers with another status, ("Name", "/path/", status).
"""

from importlib import import_module
from pathlib import Path

CORE_PAGES = [
    ("Startsida", "/"),
    ("Startsida på engelska", "/en/"),
    ("Standardsida", "/om-motesplats/"),
    ("Tillgänglighetsredogörelse", "/tillganglighetsredogorelse/"),
    ("Personuppgiftspolicy", "/personuppgiftspolicy/"),
    ("Öppna data", "/oppna-data/"),
    ("Öppna data på engelska", "/en/oppna-data/"),
    ("Sökresultat", "/sok/?q=service"),
    ("Sökning utan träffar", "/sok/?q=xyzzy"),
    ("Sidan finns inte", "/finns-inte/", 404),
]


def all_pages() -> list[tuple[str, str, int]]:
    """Core pages first, then each app's, with the expected status filled in."""
    pages = list(CORE_PAGES)
    for module in sorted(Path(__file__).parent.glob("pages_*.py")):
        pages += import_module(f"tests.browser.{module.stem}").PAGES
    return [(entry[0], entry[1], entry[2] if len(entry) > 2 else 200) for entry in pages]
