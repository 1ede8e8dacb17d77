"""Meeting reminders: when they fall due, and what to do with one when the bot wakes up.

By default members are reminded the day before (24 h) and one hour before. A reminder is
dropped once its meeting has started, been cancelled or moved; one sent long after its due
time (the bot was down) is flagged late so the message can say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from core.errors import DomainError
from core.scheduling.lengths import unit
from core.scheduling.texts import plain, quote

DEFAULT_REMINDER_OFFSETS = (timedelta(days=1), timedelta(hours=1))
MAX_REMINDERS = 5
MAX_REMINDER_OFFSET = timedelta(days=30)
LATE_AFTER = timedelta(minutes=5)

_OFFSET = re.compile(r"(\d{1,4})\s*([a-z]+)\.?")
_HOURS_MINUTES = re.compile(r"(\d{1,3})h(\d{2})")  # "1h30"


class ReminderDecision(StrEnum):
    WAIT = "wait"  # not due yet
    SEND = "send"  # due now
    SEND_LATE = "send_late"  # due a while ago (downtime): send, saying it is late
    DROP = "drop"  # meeting started, cancelled or moved: never send


@dataclass(frozen=True, slots=True)
class Reminder:
    meeting_number: int
    occurrence_start: datetime  # the start this reminder is about (one occurrence)
    offset: timedelta  # how long before the start
    sequence: int  # the meeting's sequence when the reminder was planned

    @property
    def due_at(self) -> datetime:
        return self.occurrence_start - self.offset

    @property
    def key(self) -> str:
        """Stable idempotency key, e.g. "meeting:3:2026-12-03T17:30:00+00:00:3600"."""
        start = self.occurrence_start.isoformat()
        return f"meeting:{self.meeting_number}:{start}:{int(self.offset.total_seconds())}"


def parse_reminder_offsets(text: str) -> tuple[timedelta, ...]:
    """ "1d 1h", "24h, 15min", "1j 1h30", "2 jours, 30 min" -> offsets, longest first."""
    pieces = [p for p in re.split(r"[\s,;|]+(?=\d)", text.strip()) if p.strip()]  # echoed as typed
    if not pieces:
        raise DomainError("schedule.reminder_malformed", value=quote(text))
    if len(pieces) > MAX_REMINDERS:
        raise DomainError("schedule.too_many_reminders", max=MAX_REMINDERS)
    offsets: set[timedelta] = set()
    for piece in pieces:
        offset = _offset(plain(piece).strip(" ,;|"))
        if offset is None:
            raise DomainError("schedule.reminder_malformed", value=quote(piece))
        if not timedelta(0) < offset <= MAX_REMINDER_OFFSET:
            raise DomainError(
                "schedule.reminder_out_of_range", value=quote(piece), days=MAX_REMINDER_OFFSET.days
            )
        offsets.add(offset)
    return tuple(sorted(offsets, reverse=True))


def _offset(text: str) -> timedelta | None:
    if hours_minutes := _HOURS_MINUTES.fullmatch(text):
        return timedelta(hours=int(hours_minutes[1]), minutes=int(hours_minutes[2]))
    match = _OFFSET.fullmatch(text)
    each = None if match is None else unit(match[2])
    if match is None or each is None:
        return None
    return int(match[1]) * each


def plan_reminders(
    meeting_number: int,
    occurrence_start: datetime,
    offsets: tuple[timedelta, ...],
    sequence: int,
    now: datetime,
) -> tuple[Reminder, ...]:
    """The reminders for one occurrence, earliest due first. Those already due when they
    are planned are left out: the announcement itself tells members."""
    planned = (Reminder(meeting_number, occurrence_start, o, sequence) for o in offsets)
    return tuple(sorted((r for r in planned if r.due_at > now), key=lambda r: r.due_at))


def decide(
    reminder: Reminder,
    now: datetime,
    *,
    current_sequence: int,
    cancelled: bool,
    late_after: timedelta = LATE_AFTER,
) -> ReminderDecision:
    """What to do with a stored reminder at `now`."""
    if cancelled or reminder.sequence != current_sequence or now >= reminder.occurrence_start:
        return ReminderDecision.DROP
    if now < reminder.due_at:
        return ReminderDecision.WAIT
    if now - reminder.due_at > late_after:
        return ReminderDecision.SEND_LATE
    return ReminderDecision.SEND
