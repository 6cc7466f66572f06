"""core's templates use nothing of the apps above it (import-linter cannot see templates).

The site frame, core's pages and the shared components may load only core's own tag
library and third-party ones, and include only templates of core's own folders; the
apps above fill core's pages through registries (core.home, core.search).
"""

import re
from pathlib import Path

from django.conf import settings

import pytest

TEMPLATES = Path(settings.BASE_DIR) / "templates"
CORE_TEMPLATES = sorted(
    [
        TEMPLATES / "base.html",
        *TEMPLATES.glob("[0-9]*.html"),
        *(TEMPLATES / "core").glob("*"),
        *(TEMPLATES / "components").glob("*"),
        *(TEMPLATES / "blocks").glob("*"),
    ]
)
HIGHER_APPS = ("members", "events", "knowledge", "regions")
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
INCLUDE = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")


def _higher_tag_libraries() -> set[str]:
    root = Path(settings.BASE_DIR)
    return {
        module.stem
        for app in HIGHER_APPS
        for module in (root / app / "templatetags").glob("*.py")
        if module.stem != "__init__"
    }


@pytest.mark.parametrize("path", CORE_TEMPLATES, ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_core_template_loads_and_includes_nothing_of_a_higher_app(path):
    text = path.read_text()
    loaded = {name for names in LOAD.findall(text) for name in names.split()}
    assert not loaded & _higher_tag_libraries()
    for included in INCLUDE.findall(text):
        assert included.split("/", 1)[0] not in HIGHER_APPS, included
