"""The home page's sections: the apps above core fill it through core.home's registry."""

from django.template import Context, Template

import pytest

from core import home
from core.home import HomeSection, home_sections, register_home_section


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test; the apps' sections come back afterwards."""
    monkeypatch.setattr(home, "_registry", {})


def _heading(text: str):
    return lambda context: {"value": {"level": "h2", "text": text}}


def test_sections_render_in_their_area_in_order_and_escaped(registry):
    register_home_section(HomeSection("b", "main", 20, "blocks/heading_block.html", _heading("B")))
    register_home_section(
        HomeSection("a", "main", 10, "blocks/heading_block.html", _heading("<A>"))
    )
    register_home_section(HomeSection("c", "head", 10, "blocks/heading_block.html", _heading("C")))
    html = Template('{% load site_tags %}{% home_sections "main" %}').render(Context({}))
    assert html == "<h2>&lt;A&gt;</h2>\n<h2>B</h2>\n"


def test_a_section_registered_again_replaces_the_first(registry):
    register_home_section(HomeSection("a", "main", 10, "blocks/heading_block.html", _heading("1")))
    register_home_section(HomeSection("a", "main", 10, "blocks/heading_block.html", _heading("2")))
    assert [section.context({})["value"]["text"] for section in home_sections("main")] == ["2"]


def test_an_unknown_area_is_refused():
    with pytest.raises(ValueError, match="sidebar"):
        HomeSection("x", "sidebar", 10, "blocks/heading_block.html", _heading("x"))


def test_the_apps_register_the_home_page_sections():
    assert [section.key for section in home_sections("head")] == ["feed-link"]
    assert [section.key for section in home_sections("highlights")] == ["meetings", "articles"]
    assert [section.key for section in home_sections("main")] == ["county-finder"]
