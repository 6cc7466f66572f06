"""Building and expanding recurrence rules in Europe/Stockholm local time."""

from datetime import UTC, date, datetime, time, timedelta

from events.recurrence import STOCKHOLM, build_rrule, expand


def _rule(**kwargs):
    defaults = {
        "interval": 1,
        "monthly_by": "date",
        "count": None,
        "until": None,
        "all_day": False,
    }
    return build_rrule(**{**defaults, **kwargs})


def test_every_second_tuesday_eight_times_keeps_local_time_across_dst():
    start = datetime(2026, 3, 17, 10, 0, tzinfo=STOCKHOLM)
    rule = _rule(frequency="WEEKLY", interval=2, count=8, start=start)
    assert rule == "FREQ=WEEKLY;COUNT=8;INTERVAL=2"

    occurrences = expand(start=start, end=start + timedelta(minutes=90), all_day=False, rrule=rule)

    assert len(occurrences) == 8
    assert {item.start.astimezone(STOCKHOLM).time() for item in occurrences} == {time(10, 0)}
    assert {item.end.astimezone(STOCKHOLM).time() for item in occurrences} == {time(11, 30)}
    # 17 March is winter time (UTC+1), 31 March summer time (UTC+2).
    assert occurrences[0].start.astimezone(UTC).hour == 9
    assert occurrences[1].start.astimezone(UTC).hour == 8


def test_first_thursday_of_the_month_until_june():
    start = datetime(2026, 1, 1, 9, 0, tzinfo=STOCKHOLM)
    rule = _rule(frequency="MONTHLY", monthly_by="weekday", until=date(2026, 6, 30), start=start)

    assert rule == "FREQ=MONTHLY;UNTIL=20260630T215959Z;BYDAY=1TH"
    days = [
        item.start.date() for item in expand(start=start, end=start, all_day=False, rrule=rule)
    ]
    assert days == [
        date(2026, 1, 1),
        date(2026, 2, 5),
        date(2026, 3, 5),
        date(2026, 4, 2),
        date(2026, 5, 7),
        date(2026, 6, 4),
    ]


def test_last_weekday_of_the_month():
    start = datetime(2026, 1, 29, 13, 0, tzinfo=STOCKHOLM)
    rule = _rule(frequency="MONTHLY", monthly_by="last_weekday", count=3, start=start)

    assert rule == "FREQ=MONTHLY;COUNT=3;BYDAY=-1TH"
    days = [
        item.start.date() for item in expand(start=start, end=start, all_day=False, rrule=rule)
    ]
    assert days == [date(2026, 1, 29), date(2026, 2, 26), date(2026, 3, 26)]


def test_moving_one_occurrence_with_an_exception_and_an_extra_date():
    start = datetime(2026, 9, 1, 10, 0, tzinfo=STOCKHOLM)
    rule = _rule(frequency="WEEKLY", count=3, start=start)

    occurrences = expand(
        start=start,
        end=start + timedelta(hours=1),
        all_day=False,
        rrule=rule,
        exdates=[date(2026, 9, 8)],
        rdates=[(date(2026, 9, 10), time(14, 0))],
    )

    assert [item.start for item in occurrences] == [
        datetime(2026, 9, 1, 10, 0, tzinfo=STOCKHOLM),
        datetime(2026, 9, 10, 14, 0, tzinfo=STOCKHOLM),
        datetime(2026, 9, 15, 10, 0, tzinfo=STOCKHOLM),
    ]
    assert occurrences[1].end == datetime(2026, 9, 10, 15, 0, tzinfo=STOCKHOLM)


def test_all_day_series_uses_dates_and_an_exclusive_end():
    start = datetime(2026, 5, 4, 0, 0, tzinfo=STOCKHOLM)
    rule = _rule(frequency="WEEKLY", until=date(2026, 5, 18), start=start, all_day=True)

    assert rule == "FREQ=WEEKLY;UNTIL=20260518"
    occurrences = expand(
        start=start, end=datetime(2026, 5, 5, 0, 0, tzinfo=STOCKHOLM), all_day=True, rrule=rule
    )
    assert [(item.start.date(), item.end.date()) for item in occurrences] == [
        (date(2026, 5, 4), date(2026, 5, 6)),
        (date(2026, 5, 11), date(2026, 5, 13)),
        (date(2026, 5, 18), date(2026, 5, 20)),
    ]


def test_single_event_across_the_autumn_dst_change_keeps_wall_clock_times():
    start = datetime(2026, 10, 24, 10, 0, tzinfo=STOCKHOLM)
    end = datetime(2026, 10, 25, 15, 0, tzinfo=STOCKHOLM)

    (occurrence,) = expand(start=start, end=end, all_day=False)

    assert occurrence.start == start
    assert occurrence.end == end
    assert occurrence.end.utcoffset() == timedelta(hours=1)
    assert occurrence.start.utcoffset() == timedelta(hours=2)


def test_excluding_the_only_occurrence_leaves_nothing():
    start = datetime(2026, 5, 4, 10, 0, tzinfo=STOCKHOLM)

    assert expand(start=start, end=start, all_day=False, exdates=[date(2026, 5, 4)]) == []
