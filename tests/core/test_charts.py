"""core.charts: the SVG parses as XML whatever the labels, and the table is always there."""

from django.template import Context, Template

import pytest
from defusedxml.ElementTree import fromstring

from core.charts import LABEL_CHARACTERS, LABEL_WIDTH, VALUE_ROOM, WIDTH, BarChart

SVG = "{http://www.w3.org/2000/svg}"

HOSTILE = [
    "<script>alert(1)</script>",
    "\"&'<>",
    "]]><!--",
    "Län " * 40,
    "مرحبا بالعالم",
    "first line\nsecond\r\nthird",
    "bell\x07 and nul\x00",
]


def chart(rows, series=("Bekräftade", "Närvarande"), **kwargs):
    return BarChart(
        title=kwargs.pop("title", "Per län"),
        label_heading="Län",
        series=series,
        rows=rows,
        **kwargs,
    )


def parse(chart_: BarChart):
    root = fromstring(str(chart_.svg))
    assert root.tag == f"{SVG}svg"
    return root


def texts(root) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def test_hostile_labels_are_escaped_and_parse():
    root = parse(chart([(label, (3, 1)) for label in HOSTILE], title="<b>&\"'"))
    assert root.get("role") == "img"
    assert root.get("aria-label") == "<b>&\"'"
    assert root.find(f"{SVG}title").text == "<b>&\"'"
    assert root.find(f"{SVG}desc").text
    shown = texts(root)
    assert "<script>alert(1)</script>" in shown[len(("Bekräftade", "Närvarande")) :][0]
    assert "\"&'<>" in " ".join(shown)
    assert "مرحبا بالعالم" in shown
    assert "first line second third" in shown
    assert "bell\ufffd and nul\ufffd" in shown
    # A long label is cut in the picture and whole in its tooltip.
    long = next(text for text in root.iter(f"{SVG}text") if (text.text or "").startswith("Län"))
    assert len(long.text) == LABEL_CHARACTERS and long.text.endswith("…")
    assert long.find(f"{SVG}title").text == ("Län " * 40).strip()
    raw = str(chart([("<script>", (1, 1))]).svg)
    assert "<script>" not in raw and "&lt;script&gt;" in raw


def test_no_inline_style_or_script():
    raw = str(chart([("A", (2, 1)), ("B", (0, 0))]).svg)
    root = fromstring(raw)
    for element in root.iter():
        assert "style" not in element.attrib
        assert not any(name.startswith("on") for name in element.attrib)
        assert element.tag not in (f"{SVG}script", f"{SVG}style", f"{SVG}foreignObject")


def bars(root) -> list[tuple[str, int]]:
    return [
        (rect.get("class"), int(rect.get("width")))
        for row in root.iter(f"{SVG}g")
        if row.get("class") == "bar-chart__row"
        for rect in row.iter(f"{SVG}rect")
    ]


def test_bars_scale_to_the_largest_value_and_zero_is_empty():
    root = parse(chart([("A", (10, 5)), ("B", (0, 0))]))
    widths = [width for _cls, width in bars(root)]
    assert widths[0] > widths[1] > 0
    assert widths[0] == 2 * widths[1]
    assert widths[2:] == [0, 0]
    assert texts(root)[2:] == ["A", "10", "5", "B", "0", "0"]


def test_all_zero_values():
    root = parse(chart([("A", (0, 0))]))
    assert [width for _cls, width in bars(root)] == [0, 0]


def test_a_single_row_and_a_single_series():
    root = parse(chart([("Ensam", (1,))], series=("Antal",)))
    assert bars(root) == [("bar-chart__bar bar-chart__bar--0", WIDTH - LABEL_WIDTH - VALUE_ROOM)]
    assert texts(root) == ["Antal", "Ensam", "1"]


def test_empty_data_still_parses():
    root = parse(chart([], empty_text="Inga deltagare."))
    assert bars(root) == []
    assert "Inga deltagare." in texts(root)


def test_values_must_match_the_series():
    with pytest.raises(ValueError):
        chart([("A", (1,))])
    with pytest.raises(ValueError):
        chart([("A", (1, -1))])


def render(chart_: BarChart) -> str:
    return Template("{% load charts %}{% bar_chart chart %}").render(Context({"chart": chart_}))


def test_template_tag_renders_the_picture_with_its_table():
    html = render(chart([("<script>x</script>", (2, 1))]))
    assert html.count("<svg") == 1
    assert "<script>" not in html
    assert '<th scope="row">&lt;script&gt;x&lt;/script&gt;</th><td>2</td><td>1</td>' in html
    assert '<th scope="col">Bekräftade</th>' in html


def test_template_tag_without_rows_shows_only_the_table():
    html = render(chart([], empty_text="Inga deltagare under perioden."))
    assert "<svg" not in html
    assert "Inga deltagare under perioden." in html
