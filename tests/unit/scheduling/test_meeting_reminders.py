from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.scheduling.meetings import Meeting
from core.scheduling.reminders import (
    DEFAULT_REMINDER_OFFSETS,
    ReminderDecision,
    parse_reminder_offsets,
)
from core.scheduling.slots import Slot

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
START = datetime(2026, 12, 8, 19, 0, tzinfo=PARIS)
SLOT = Slot(START, START + timedelta(hours=2))


def meeting(**overrides) -> Meeting:
    fields: dict[str, object] = {
        "number": 4, "assembly": "quartier-nord", "title": "AG", "slot": SLOT, "timezone": "Europe/Paris",
        "organizer": "cat", "now": NOW,
    }  # fmt: skip
    fields.update(overrides)
    return Meeting.schedule(**fields)


def test_default_reminders_the_day_before_and_one_hour_before() -> None:
    reminders = meeting().reminders(NOW)
    assert [r.due_at for r in reminders] == [START - timedelta(days=1), START - timedelta(hours=1)]
    assert {r.occurrence_start for r in reminders} == {START}
    assert len({r.key for r in reminders}) == 2
    assert DEFAULT_REMINDER_OFFSETS == (timedelta(days=1), timedelta(hours=1))


def test_configured_offsets() -> None:
    offsets = parse_reminder_offsets("2 jours, 30 min")
    reminders = meeting(reminder_offsets=offsets).reminders(NOW)
    assert [START - r.due_at for r in reminders] == [timedelta(days=2), timedelta(minutes=30)]


def test_reminders_already_due_when_planned_are_left_out() -> None:
    soon = START - timedelta(hours=3)
    assert [r.offset for r in meeting().reminders(soon)] == [timedelta(hours=1)]
    assert meeting().reminders(START) == ()


def test_decisions_over_time() -> None:
    m = meeting()
    day_before, hour_before = m.reminders(NOW)
    assert m.reminder_decision(day_before, NOW) is ReminderDecision.WAIT
    assert m.reminder_decision(day_before, day_before.due_at) is ReminderDecision.SEND
    on_time = day_before.due_at + timedelta(minutes=5)
    assert m.reminder_decision(day_before, on_time) is ReminderDecision.SEND
    # The bot was down for a few hours: the reminder still goes, flagged late.
    late = day_before.due_at + timedelta(hours=5)
    assert m.reminder_decision(day_before, late) is ReminderDecision.SEND_LATE
    # Once the meeting has started, a reminder is useless.
    assert m.reminder_decision(hour_before, START) is ReminderDecision.DROP
    assert m.reminder_decision(day_before, START + timedelta(minutes=1)) is ReminderDecision.DROP


def test_reminders_of_a_moved_or_cancelled_meeting_are_dropped() -> None:
    m = meeting()
    day_before, _ = m.reminders(NOW)
    moved = m.reschedule(Slot(START + timedelta(days=2), SLOT.end + timedelta(days=2)), NOW)
    assert moved.reminder_decision(day_before, day_before.due_at) is ReminderDecision.DROP
    assert moved.reminders(NOW)[0].due_at == START + timedelta(days=1)
    cancelled = m.cancel(NOW)
    assert cancelled.reminder_decision(day_before, day_before.due_at) is ReminderDecision.DROP
    assert cancelled.reminders(NOW) == ()


def test_recurring_meeting_reminds_for_the_next_occurrence() -> None:
    m = meeting(rrule="FREQ=MONTHLY;BYDAY=2TU")
    after_first = START + timedelta(hours=3)
    reminders = m.reminders(after_first)
    next_start = datetime(2027, 1, 12, 19, 0, tzinfo=PARIS)
    assert [r.due_at for r in reminders] == [
        next_start - timedelta(days=1), next_start - timedelta(hours=1),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "offsets"),
    [
        ("1d 1h", (timedelta(days=1), timedelta(hours=1))),
        ("24h, 15min", (timedelta(days=1), timedelta(minutes=15))),
        ("1j 1h30", (timedelta(days=1), timedelta(minutes=90))),
        ("1 semaine", (timedelta(weeks=1),)),
        ("1h 60 min", (timedelta(hours=1),)),
        ("1 journée, 2 sem.", (timedelta(weeks=2), timedelta(days=1))),  # the units of meeting lengths
    ],
)
def test_offset_parsing(typed: str, offsets: tuple[timedelta, ...]) -> None:
    assert parse_reminder_offsets(typed) == offsets


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("demain", "schedule.reminder_malformed"),
        ("", "schedule.reminder_malformed"),
        ("3 lunes", "schedule.reminder_malformed"),
        ("0 min", "schedule.reminder_out_of_range"),
        ("45 jours", "schedule.reminder_out_of_range"),
        ("1h 2h 3h 4h 5h 6h", "schedule.too_many_reminders"),
    ],
)
def test_bad_offsets(typed: str, key: str, domain_error) -> None:
    with domain_error(key):
        parse_reminder_offsets(typed)
