"""What the scheduling commands keep besides the pure domain objects: storage ids, the
occurrence of a recurring meeting whose attendance, agenda, notes and roles are loaded,
per-assembly settings (reminders, calendar feed), and live consent rounds. Plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from core.errors import DomainError
from core.scheduling.meetings import Meeting
from core.scheduling.polls import TimePoll
from core.scheduling.recurrence import next_occurrence
from core.scheduling.reminders import DEFAULT_REMINDER_OFFSETS
from core.scheduling.slots import Slot, later

# A recurring meeting's occurrence stays "the current one" this long after it ends, so that
# notes and minutes still go to it; then the next occurrence takes over.
GRACE = timedelta(hours=12)
# A meeting is "in session" (live rounds, recorded positions) from a little before it starts
# to a little after it ends.
SESSION_BEFORE = timedelta(minutes=30)
SESSION_AFTER = timedelta(hours=1)
DEFAULT_POLL_REMINDER = timedelta(days=1)
DEFAULT_PROPOSAL_REMINDER = timedelta(days=1)


@dataclass(slots=True)
class PollRecord:
    poll: TimePoll
    id: int | None = None
    remind_before: timedelta | None = None
    meeting_number: int | None = None
    loaded: TimePoll | None = None  # as read from storage: the repository saves the difference


@dataclass(slots=True)
class MeetingRecord:
    meeting: Meeting
    id: int | None = None
    # Key of the occurrence whose RSVPs, agenda, notes and roles are loaded: "" for a one-off
    # meeting, the occurrence's UTC start (ISO) for a recurring one.
    occurrence: str = ""
    draw: bool = False  # roles by plain lottery (tirage au sort) instead of rotation
    discussed: tuple[int, ...] = ()  # proposals dealt with during this occurrence
    minutes: str = ""  # the published minutes of this occurrence
    minutes_at: datetime | None = None
    loaded: Meeting | None = None
    loaded_discussed: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class PendingDue:
    """The pending row of the due table being handled (its time and its data)."""

    due_at: datetime
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SchedulingSettings:
    meeting_reminders: tuple[timedelta, ...] = DEFAULT_REMINDER_OFFSETS
    poll_reminder: timedelta = DEFAULT_POLL_REMINDER
    # How long before a proposal's deadline those who have not positioned are reminded (None: never).
    proposal_reminder: timedelta | None = DEFAULT_PROPOSAL_REMINDER
    # The calendar feed opens without its token (`!calendar public`); a private feed needs it.
    public_feed: bool = False


class RoundStatus(StrEnum):
    RUNNING = "running"
    FINISHED = "finished"
    STOPPED = "stopped"


@dataclass(slots=True)
class LiveRound:
    """A live consent round: the bot calls present members one by one."""

    proposal_number: int
    started_by: str
    started_at: datetime
    queue: list[str]  # still to be called; queue[0] is the member called now
    meeting_number: int | None = None
    done: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    status: RoundStatus = RoundStatus.RUNNING
    id: int | None = None

    @property
    def running(self) -> bool:
        return self.status is RoundStatus.RUNNING

    @property
    def current(self) -> str | None:
        return self.queue[0] if self.running and self.queue else None

    def positioned(self, member: str) -> bool:
        """`member` took a position. True when they were the one called (call the next)."""
        if not self.running or member not in self.queue:
            return False
        was_current = self.queue[0] == member
        self.queue.remove(member)
        self.done.append(member)
        self._finish_if_empty()
        return was_current

    def skip(self) -> str:
        if not self.running or not self.queue:
            raise DomainError("round.not_running", number=self.proposal_number)
        member = self.queue.pop(0)
        self.skipped.append(member)
        self._finish_if_empty()
        return member

    def stop(self) -> None:
        if not self.running:
            raise DomainError("round.not_running", number=self.proposal_number)
        self.status = RoundStatus.STOPPED

    def drop_positioned(self, positioned: set[str]) -> None:
        """Members who positioned outside the round are not called any more."""
        for member in [m for m in self.queue if m in positioned]:
            self.queue.remove(member)
            self.done.append(member)
        self._finish_if_empty()

    def _finish_if_empty(self) -> None:
        if not self.queue and self.running:
            self.status = RoundStatus.FINISHED


# ---- occurrences of a meeting --------------------------------------------------------------


def active_start(meeting: Meeting, now: datetime) -> datetime:
    """Start of the occurrence members are preparing, holding or have just held."""
    if meeting.rrule is None:
        return meeting.start
    found = next_occurrence(meeting.rrule, meeting.start, meeting.timezone,
                            after=now - meeting.duration - GRACE)
    return found if found is not None else meeting.start


def occurrence_key(meeting: Meeting, now: datetime) -> str:
    if meeting.rrule is None:
        return ""
    return key_of(active_start(meeting, now))


def key_of(start: datetime) -> str:
    return start.astimezone(UTC).isoformat()


def active_slot(meeting: Meeting, now: datetime) -> Slot:
    start = active_start(meeting, now)
    return Slot(start, later(start, meeting.duration))


def in_session(meeting: Meeting, now: datetime) -> bool:
    slot = active_slot(meeting, now)
    return slot.start - SESSION_BEFORE <= now <= slot.end + SESSION_AFTER
