"""Horizontal bar charts drawn on the server as SVG, always shown with their data table.

One chart is a `BarChart`: a title, the heading of the label column, the names of one or
more series (``("Bekräftade", "Närvarande")``) and rows of a label and one number per
series. Templates show it with the inclusion tag of ``core.templatetags.charts``::

    {% load charts %}
    {% bar_chart chart %}

which renders ``components/bar_chart.html``: a ``<figure>`` holding the SVG and, below
it, a table of the same numbers. The table is the accessible equivalent (screen readers,
copying, zoom), so there is no way to show the picture without it.

The SVG is built with ElementTree, not by joining strings, so labels are escaped as XML
whatever they contain; control characters are replaced (``core.text.representable``),
line breaks become spaces and long labels are shortened in the picture (the table has
them whole). It carries ``role="img"``, an ``aria-label`` and ``<title>``/``<desc>``, and
no ``style`` attribute or script: colours come from presentation attributes that
``static/css/charts.css`` overrides by class, so any Content-Security-Policy allows it.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .text import representable, single_line

SVG_NAMESPACE = "http://www.w3.org/2000/svg"

# Geometry in SVG user units; the picture scales down to its box (charts.css).
WIDTH = 640
LABEL_WIDTH = 200  # the label column, left of the bars
VALUE_ROOM = 48  # right of the longest bar, for its number
BAR = 14
BAR_GAP = 2  # between the bars of one row
ROW_GAP = 12  # between rows
LEGEND = 24  # height of the legend line above the bars
FONT_SIZE = 12
# A label longer than this is cut with an ellipsis in the picture.
LABEL_CHARACTERS = 28
# Fallback colours when charts.css is not loaded (dark blue, green, orange, purple);
# each has a contrast of at least 3:1 against white.
COLOURS = ("#1f5c99", "#3b7a1f", "#b35900", "#6a3d9a")


def chart_text(text: object) -> str:
    """A label as the picture can show it: printable, on one line."""
    return single_line(representable(str(text)))


def short_label(text: str, limit: int = LABEL_CHARACTERS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart of one or more series; see the module's docstring."""

    title: str
    label_heading: str
    series: Sequence[str]
    rows: Sequence[tuple[str, Sequence[int]]]
    description: str = ""
    # Rows of the table and bars of the picture when there are none.
    empty_text: str = field(default="")

    def __post_init__(self):
        for label, values in self.rows:
            if len(values) != len(self.series):
                raise ValueError(
                    f"{label!r} has {len(values)} values for {len(self.series)} series"
                )
            if any(value < 0 for value in values):
                raise ValueError(f"{label!r} has a negative value")

    @property
    def peak(self) -> int:
        return max((value for _label, values in self.rows for value in values), default=0)

    @cached_property
    def svg(self) -> SafeString:
        return mark_safe(render_svg(self))  # noqa: S308 - ElementTree escaped every text


def render_svg(chart: BarChart) -> str:
    """The chart as an SVG element (a string of XML, every text escaped)."""
    series_count = len(chart.series)
    row_height = series_count * BAR + (series_count - 1) * BAR_GAP + ROW_GAP
    height = LEGEND + max(len(chart.rows), 1) * row_height
    plot = WIDTH - LABEL_WIDTH - VALUE_ROOM
    peak = chart.peak or 1
    description = chart.description or _(
        "Stapeldiagram. Samma siffror står i tabellen under diagrammet."
    )

    svg = ElementTree.Element(
        "svg",
        {
            "xmlns": SVG_NAMESPACE,
            "class": "bar-chart__svg",
            "role": "img",
            "aria-label": chart_text(chart.title),
            "width": str(WIDTH),
            "height": str(height),
            "viewBox": f"0 0 {WIDTH} {height}",
            "font-size": str(FONT_SIZE),
        },
    )
    ElementTree.SubElement(svg, "title").text = chart_text(chart.title)
    ElementTree.SubElement(svg, "desc").text = chart_text(description)

    # The legend: a swatch and the name of each series, in the order of the bars.
    legend = ElementTree.SubElement(svg, "g", {"class": "bar-chart__legend"})
    x = LABEL_WIDTH
    for index, name in enumerate(chart.series):
        ElementTree.SubElement(
            legend,
            "rect",
            {
                "class": f"bar-chart__bar bar-chart__bar--{index}",
                "x": str(x),
                "y": "2",
                "width": "12",
                "height": "12",
                "fill": COLOURS[index % len(COLOURS)],
            },
        )
        text = short_label(chart_text(name), 24)
        _text(legend, text, x=x + 16, y=13)
        x += 16 + 8 * len(text) + 16

    if not chart.rows:
        _text(svg, chart_text(chart.empty_text or _("Inga uppgifter.")), x=0, y=LEGEND + 12)
        return ElementTree.tostring(svg, encoding="unicode")

    for position, (label, values) in enumerate(chart.rows):
        top = LEGEND + position * row_height
        row = ElementTree.SubElement(svg, "g", {"class": "bar-chart__row"})
        full = chart_text(label)
        name = _text(row, short_label(full), x=0, y=top + BAR - 2, cls="bar-chart__label")
        if name.text != full:
            ElementTree.SubElement(name, "title").text = full
        for index, value in enumerate(values):
            y = top + index * (BAR + BAR_GAP)
            width = round(value / peak * plot)
            if value and not width:
                width = 1  # a small number still shows
            ElementTree.SubElement(
                row,
                "rect",
                {
                    "class": f"bar-chart__bar bar-chart__bar--{index}",
                    "x": str(LABEL_WIDTH),
                    "y": str(y),
                    "width": str(width),
                    "height": str(BAR),
                    "fill": COLOURS[index % len(COLOURS)],
                },
            )
            _text(
                row, str(value), x=LABEL_WIDTH + width + 4, y=y + BAR - 2, cls="bar-chart__value"
            )
    return ElementTree.tostring(svg, encoding="unicode")


def _text(parent, text: str, *, x: int, y: int, cls: str = "") -> ElementTree.Element:
    attributes = {"x": str(x), "y": str(y), "fill": "currentColor"}
    if cls:
        attributes["class"] = cls
    element = ElementTree.SubElement(parent, "text", attributes)
    element.text = text
    return element
