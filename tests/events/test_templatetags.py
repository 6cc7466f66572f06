"""Swedish date and time formatting of occurrences."""

from datetime import UTC, datetime

from django.utils import translation

import pytest

from events.recurrence import STOCKHOLM, Occurrence
from events.templatetags.event_tags import event_when


def _occurrence(start: tuple, end: tuple) -> Occurrence:
    return Occurrence(
        start=datetime(*start, tzinfo=STOCKHOLM), end=datetime(*end, tzinfo=STOCKHOLM)
    )


@pytest.mark.parametrize(
    ("start", "end", "all_day", "expected"),
    [
        ((2026, 3, 3, 10, 0), (2026, 3, 3, 11, 30), False, "tisdag 3 mars 2026, 10.00–11.30"),
        (
            (2026, 10, 24, 10, 0),
            (2026, 10, 25, 15, 0),
            False,
            "lördag 24 oktober 2026 10.00 – söndag 25 oktober 2026 15.00",
        ),
        ((2026, 6, 5, 0, 0), (2026, 6, 6, 0, 0), True, "fredag 5 juni 2026"),
        (
            (2026, 6, 4, 0, 0),
            (2026, 6, 6, 0, 0),
            True,
            "torsdag 4 juni 2026 – fredag 5 juni 2026",
        ),
    ],
)
def test_event_when_in_swedish(start, end, all_day, expected):
    with translation.override("sv"):
        assert event_when(_occurrence(start, end), all_day) == expected


def test_event_when_uses_stockholm_time_for_utc_values():
    occurrence = Occurrence(
        start=datetime(2026, 7, 1, 6, 0, tzinfo=UTC), end=datetime(2026, 7, 1, 7, 0, tzinfo=UTC)
    )
    with translation.override("sv"):
        assert event_when(occurrence) == "onsdag 1 juli 2026, 08.00–09.00"


def test_event_when_in_english():
    with translation.override("en"):
        assert (
            event_when(_occurrence((2026, 3, 3, 10, 0), (2026, 3, 3, 11, 30)))
            == "Tuesday 3 March 2026, 10:00–11:30"
        )
