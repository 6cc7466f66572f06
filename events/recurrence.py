"""Recurrence of meeting series: build the RFC 5545 RRULE and expand it in local time.

Expansion works on Europe/Stockholm wall-clock times, so a series at 10:00 stays at
10:00 on both sides of a daylight-saving change. dateutil does the expanding.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rruleset, rrulestr
from icalendar import vRecur

STOCKHOLM = ZoneInfo("Europe/Stockholm")
UTC = ZoneInfo("UTC")

# An upper bound on one series, so that an editor's typo cannot create thousands of rows.
MAX_OCCURRENCES = 200
MAX_SERIES_YEARS = 3

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of an event: aware start and end (end exclusive for all-day events)."""

    start: datetime
    end: datetime


def build_rrule(
    *,
    frequency: str,
    interval: int,
    monthly_by: str,
    count: int | None,
    until: date | None,
    start: datetime,
    all_day: bool,
) -> str:
    """The RRULE value (without the ``RRULE:`` name) for the editor's structured choices.

    ``monthly_by`` is ``date`` (same day of the month as the start), ``weekday`` (the
    same ordinal weekday, e.g. the first Thursday) or ``last_weekday`` (e.g. the last
    Thursday). ``until`` is inclusive: the whole local day counts.
    """
    if not frequency:
        return ""
    start_local = start.astimezone(STOCKHOLM)
    rule: dict = {"FREQ": frequency}
    if interval and interval > 1:
        rule["INTERVAL"] = interval
    if frequency == "MONTHLY" and monthly_by in ("weekday", "last_weekday"):
        weekday = WEEKDAY_CODES[start_local.weekday()]
        ordinal = -1 if monthly_by == "last_weekday" else (start_local.day - 1) // 7 + 1
        rule["BYDAY"] = f"{ordinal}{weekday}"
    if count:
        rule["COUNT"] = count
    if until:
        # RFC 5545 3.3.10: UNTIL is a DATE when DTSTART is one, else a UTC DATE-TIME.
        if all_day:
            rule["UNTIL"] = until
        else:
            end_of_day = datetime.combine(until, time(23, 59, 59), tzinfo=STOCKHOLM)
            rule["UNTIL"] = end_of_day.astimezone(UTC)
    return vRecur(rule).to_ical().decode()


def expand(
    *,
    start: datetime,
    end: datetime,
    all_day: bool,
    rrule: str = "",
    exdates: list[date] | tuple[date, ...] = (),
    rdates: list[tuple[date, time | None]] | tuple = (),
) -> list[Occurrence]:
    """Every occurrence of an event or series, sorted by start.

    ``exdates`` are local dates whose occurrence is removed; ``rdates`` are extra
    (local date, local time or None for the series' time) starts, which together with
    an exdate move a single occurrence. All-day occurrences start at local midnight
    and end at the local midnight after their last day.
    """
    start_local, end_local = start.astimezone(STOCKHOLM), end.astimezone(STOCKHOLM)
    if all_day:
        first = datetime.combine(start_local.date(), time.min)
        duration = datetime.combine(end_local.date(), time.min) + timedelta(days=1) - first
    else:
        first = start_local
        duration = end_local.replace(tzinfo=None) - start_local.replace(tzinfo=None)

    def at(day: date, clock: time | None) -> datetime:
        moment = datetime.combine(day, clock or first.time())
        return moment if all_day else moment.replace(tzinfo=STOCKHOLM)

    rules = rruleset()
    if rrule:
        # Timed series expand from an aware start (UNTIL is UTC); all-day series from a
        # naive local midnight (UNTIL is a DATE). dateutil keeps the wall-clock time.
        rules.rrule(rrulestr(rrule, dtstart=first))
    else:
        rules.rdate(first)
    for day, clock in rdates:
        rules.rdate(at(day, clock))
    for day in exdates:
        rules.exdate(at(day, None))

    occurrences = []
    for occurrence_start in rules.xafter(
        first - timedelta(days=1), count=MAX_OCCURRENCES + 1, inc=True
    ):
        naive_start = occurrence_start.replace(tzinfo=None)
        occurrence_end = naive_start + duration
        occurrences.append(
            Occurrence(
                start=naive_start.replace(tzinfo=STOCKHOLM),
                end=occurrence_end.replace(tzinfo=STOCKHOLM),
            )
        )
    return occurrences
