from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.scheduling.recurrence import next_occurrence, occurrences, parse_every

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("typed", "rule"),
    [
        ("weekly", "FREQ=WEEKLY"),
        ("every week", "FREQ=WEEKLY"),
        ("every 2 weeks", "FREQ=WEEKLY;INTERVAL=2"),
        ("monthly", "FREQ=MONTHLY"),
        ("daily", "FREQ=DAILY"),
        ("2nd tue", "FREQ=MONTHLY;BYDAY=2TU"),
        ("every 2nd tuesday of the month", "FREQ=MONTHLY;BYDAY=2TU"),
        ("last fri", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("1st and 3rd mon", "FREQ=MONTHLY;BYDAY=1MO,3MO"),
        ("every tuesday", "FREQ=WEEKLY;BYDAY=TU"),
        ("every other tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("fortnightly", "FREQ=WEEKLY;INTERVAL=2"),
        ("hebdomadaire", "FREQ=WEEKLY"),
        ("Mensuel", "FREQ=MONTHLY"),
        ("toutes les semaines", "FREQ=WEEKLY"),
        ("toutes les deux semaines", "FREQ=WEEKLY;INTERVAL=2"),
        ("tous les 15 jours", "FREQ=WEEKLY;INTERVAL=2"),
        ("tous les mois", "FREQ=MONTHLY"),
        ("2e mardi", "FREQ=MONTHLY;BYDAY=2TU"),
        ("le 2ème mardi du mois", "FREQ=MONTHLY;BYDAY=2TU"),
        ("1er lundi", "FREQ=MONTHLY;BYDAY=1MO"),
        ("dernier vendredi", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("dernier vendredi du mois", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("tous les mardis", "FREQ=WEEKLY;BYDAY=TU"),
        ("tous les mardis et jeudis", "FREQ=WEEKLY;BYDAY=TU,TH"),
        ("chaque mercredi", "FREQ=WEEKLY;BYDAY=WE"),
        ("un mardi sur deux", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("FREQ=MONTHLY;BYDAY=2TU", "FREQ=MONTHLY;BYDAY=2TU"),
        ("RRULE:freq=weekly;byday=mo,we", "FREQ=WEEKLY;BYDAY=MO,WE"),
        ("FREQ=WEEKLY;COUNT=10", "FREQ=WEEKLY;COUNT=10"),
    ],
)
def test_every_values(typed: str, rule: str) -> None:
    assert parse_every(typed) == rule


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("sometimes", "schedule.every_unknown"),
        ("2nd", "schedule.every_unknown"),
        ("every 0 weeks", "schedule.every_interval"),
        ("every 500 weeks", "schedule.every_interval"),
        ("FREQ=HOURLY", "schedule.every_too_frequent"),
        ("FREQ=MINUTELY;INTERVAL=1", "schedule.every_too_frequent"),
        ("FREQ=WEEKLY;BYDAY=XX", "schedule.every_bad_rrule"),
        ("FREQ=WEEKLY;UNTIL=20270101", "schedule.every_bad_rrule"),  # UNTIL must be UTC
        ("FREQ=WEEKLY;DTSTART=20260101", "schedule.every_bad_rrule"),
    ],
)
def test_bad_every_values(typed: str, key: str, domain_error) -> None:
    with domain_error(key):
        parse_every(typed)


def test_weekly_meeting_stays_at_19h_across_the_march_change() -> None:
    # Clocks go forward on Sunday 2026-03-29 in Paris (CET +1 -> CEST +2).
    first = datetime(2026, 3, 17, 19, 0, tzinfo=PARIS)
    found = occurrences(parse_every("tous les mardis"), first, "Europe/Paris", limit=4)
    assert [o.date().isoformat() for o in found] == [
        "2026-03-17", "2026-03-24", "2026-03-31", "2026-04-07",
    ]  # fmt: skip
    assert {(o.hour, o.minute) for o in found} == {(19, 0)}
    assert [o.utcoffset() for o in found] == [timedelta(hours=h) for h in (1, 1, 2, 2)]
    assert [o.astimezone(UTC).hour for o in found] == [18, 18, 17, 17]


def test_weekly_meeting_stays_at_19h_across_the_october_change() -> None:
    # Clocks go back on Sunday 2026-10-25 in Paris (CEST +2 -> CET +1).
    first = datetime(2026, 10, 13, 19, 0, tzinfo=PARIS)
    found = occurrences("FREQ=WEEKLY", first, PARIS, limit=4)
    assert [o.day for o in found] == [13, 20, 27, 3]
    assert {(o.hour, o.minute) for o in found} == {(19, 0)}
    assert [o.astimezone(UTC).hour for o in found] == [17, 17, 18, 18]


def test_monthly_second_tuesday_keeps_local_time_through_both_changes() -> None:
    first = datetime(2026, 2, 10, 19, 0, tzinfo=PARIS)
    found = occurrences(parse_every("2e mardi"), first, PARIS, limit=10)
    assert [o.date().isoformat() for o in found][:4] == [
        "2026-02-10", "2026-03-10", "2026-04-14", "2026-05-12",
    ]  # fmt: skip
    assert all(o.weekday() == 1 and 8 <= o.day <= 14 for o in found)
    assert {(o.hour, o.minute) for o in found} == {(19, 0)}
    summer = {o.month for o in found if o.utcoffset() == timedelta(hours=2)}
    assert summer == {4, 5, 6, 7, 8, 9, 10}  # 2026-10-13 is before the October change
    assert found[-1].date().isoformat() == "2026-11-10"
    assert found[-1].utcoffset() == timedelta(hours=1)


def test_last_friday() -> None:
    first = datetime(2026, 10, 30, 18, 0, tzinfo=PARIS)
    found = occurrences(parse_every("last fri"), first, PARIS, limit=3)
    assert [o.date().isoformat() for o in found] == ["2026-10-30", "2026-11-27", "2026-12-25"]


def test_a_time_skipped_by_the_clock_change_moves_forward() -> None:
    # A weekly 02:30 on Sundays: 2026-03-29 02:30 does not exist in Paris.
    first = datetime(2026, 3, 22, 2, 30, tzinfo=PARIS)
    found = occurrences("FREQ=WEEKLY", first, PARIS, limit=3)
    assert [(o.day, o.hour, o.minute) for o in found] == [(22, 2, 30), (29, 3, 30), (5, 2, 30)]


def test_after_until_and_next() -> None:
    first = datetime(2026, 12, 1, 19, 0, tzinfo=PARIS)
    rule = "FREQ=WEEKLY"
    after = datetime(2026, 12, 8, 19, 0, tzinfo=PARIS)  # strictly after: the 8th is excluded
    assert next_occurrence(rule, first, PARIS, after) == datetime(2026, 12, 15, 19, tzinfo=PARIS)
    until = datetime(2026, 12, 22, 19, 0, tzinfo=PARIS)
    assert [o.day for o in occurrences(rule, first, PARIS, until=until, limit=50)] == [
        1, 8, 15, 22,
    ]  # fmt: skip
    counted = "FREQ=WEEKLY;COUNT=2"
    assert next_occurrence(counted, first, PARIS, datetime(2026, 12, 9, tzinfo=UTC)) is None
