"""Text made representable in every output channel."""

import pytest

from core.text import representable, single_line


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tab\tand\nline\r\nbreaks stay", "Tab\tand\nline\r\nbreaks stay"),
        ("bell\x07, vertical tab\x0b, DEL\x7f", "bell\ufffd, vertical tab\ufffd, DEL\ufffd"),
        ("\x00\x1f", "\ufffd\ufffd"),
        ("Ümeå 😀 שלום", "Ümeå 😀 שלום"),
    ],
)
def test_representable(value, expected):
    assert representable(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Rad ett\nrad två\r\n\r\nrad tre\u2028fyra\x0bfem", "Rad ett rad två rad tre fyra fem"),
        # No-break spaces and tabs are not line breaks.
        ("10\u00a0000 kr\tnetto\n", "10\u00a0000 kr\tnetto"),
    ],
)
def test_single_line(value, expected):
    assert single_line(value) == expected
