"""Spreadsheet cells hold formulas back as text and carry no control characters."""

import pytest

from core.exports import neutralise_formula, spreadsheet_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+46 70", "'+46 70"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Region Gotland", "Region Gotland"),
        (42, 42),
        (None, None),
    ],
)
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


def test_spreadsheet_cell_replaces_control_characters_and_holds_formulas_back():
    assert spreadsheet_cell("=1+1\x00") == "'=1+1\ufffd"
    assert spreadsheet_cell(7) == 7
