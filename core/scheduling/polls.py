"""Time polls (sondages de dates): members say yes / maybe / no to each slot, then a
catalyser fixes one slot, which becomes a meeting.

Status machine: ``open → finalized | cancelled``; both ends are final. Members may change
their answers while the poll is open and its deadline (if any) has not passed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from core.errors import DomainError
from core.scheduling.availability import (
    Availability,
    answer_count_error,
    parse_availabilities,
)
from core.scheduling.records import upsert_by_member
from core.scheduling.slots import Slot, slot_text
from core.scheduling.texts import validated_title
from core.scheduling.timezones import timezone_name


class PollStatus(StrEnum):
    OPEN = "open"
    FINALIZED = "finalized"
    CANCELLED = "cancelled"


POLL_TRANSITIONS: dict[PollStatus, frozenset[PollStatus]] = {
    PollStatus.OPEN: frozenset({PollStatus.FINALIZED, PollStatus.CANCELLED}),
    PollStatus.FINALIZED: frozenset(),
    PollStatus.CANCELLED: frozenset(),
}
_CLOSED_ERRORS = {
    PollStatus.FINALIZED: "schedule.poll_finalized",
    PollStatus.CANCELLED: "schedule.poll_cancelled",
}


@dataclass(frozen=True, slots=True)
class PollAnswer:
    member: str
    choices: tuple[Availability, ...]  # one per slot, in the poll's slot order
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class SlotTally:
    index: int  # 1-based, as shown to members
    slot: Slot
    yes: int
    maybe: int
    no: int

    def rank_key(self) -> tuple[int, int, datetime, datetime, int]:
        """Best first: most yes, then most maybe, then earliest."""
        return (-self.yes, -self.maybe, self.slot.start, self.slot.end, self.index)


@dataclass(frozen=True, slots=True)
class PollGrid:
    """Who answered what, for display: one row per member, one column per slot."""

    slots: tuple[Slot, ...]
    rows: tuple[PollAnswer, ...]
    tallies: tuple[SlotTally, ...]


@dataclass(frozen=True, slots=True)
class TimePoll:
    number: int
    title: str
    slots: tuple[Slot, ...]
    creator: str
    timezone: str
    created_at: datetime
    deadline: datetime | None = None
    status: PollStatus = PollStatus.OPEN
    answers: tuple[PollAnswer, ...] = ()
    chosen: Slot | None = None
    closed_at: datetime | None = None

    @classmethod
    def open(
        cls,
        *,
        number: int,
        title: str,
        slots: Iterable[Slot],
        creator: str,
        timezone: str,
        now: datetime,
        deadline: datetime | None = None,
    ) -> TimePoll:
        """A new open poll. `slots` usually come from `parse_slots`."""
        ordered = tuple(sorted(set(slots)))
        if not ordered:
            raise DomainError("schedule.no_slots")
        if deadline is not None:
            if deadline <= now:
                raise DomainError("schedule.deadline_in_past")
            if deadline >= ordered[-1].start:
                raise DomainError("schedule.deadline_after_slots")
        return cls(
            number=number,
            title=validated_title(title),
            slots=ordered,
            creator=creator,
            timezone=timezone_name(timezone),
            created_at=now,
            deadline=deadline,
        )

    # -- answers ---------------------------------------------------------------------------

    def answer(self, member: str, choices: Iterable[Availability], now: datetime) -> TimePoll:
        """Record (or replace) `member`'s answers; one per slot."""
        self._ensure_answerable(now)
        given = tuple(choices)
        if len(given) != len(self.slots):
            raise answer_count_error(len(self.slots), len(given))
        answers = upsert_by_member(self.answers, PollAnswer(member, given, now))
        return replace(self, answers=answers)

    def answer_text(self, member: str, text: str, now: datetime) -> TimePoll:
        """Record answers typed by `member`, e.g. "oui non peut-être" or "✅ ❌ 🤷"."""
        self._ensure_answerable(now)
        return self.answer(member, parse_availabilities(text, len(self.slots)), now)

    def withdraw(self, member: str, now: datetime) -> TimePoll:
        """`member` takes their answers back (a vote retracted in a native poll): they count
        as not having answered. Nothing changes for a member who had not answered."""
        self._ensure_answerable(now)
        return replace(self, answers=tuple(a for a in self.answers if a.member != member))

    def answer_of(self, member: str) -> tuple[Availability, ...] | None:
        return next((a.choices for a in self.answers if a.member == member), None)

    def not_answered(self, members: Iterable[str]) -> tuple[str, ...]:
        """Of `members` (in the given order, without repeats), those who did not answer."""
        answered = {a.member for a in self.answers}
        return tuple(m for m in dict.fromkeys(members) if m not in answered)

    def deadline_passed(self, now: datetime) -> bool:
        return self.deadline is not None and now >= self.deadline

    # -- results ---------------------------------------------------------------------------

    def tallies(self) -> tuple[SlotTally, ...]:
        """Counts per slot, in slot order."""
        return tuple(
            SlotTally(
                index=i + 1,
                slot=slot,
                yes=sum(1 for a in self.answers if a.choices[i] is Availability.YES),
                maybe=sum(1 for a in self.answers if a.choices[i] is Availability.MAYBE),
                no=sum(1 for a in self.answers if a.choices[i] is Availability.NO),
            )
            for i, slot in enumerate(self.slots)
        )

    def ranking(self) -> tuple[SlotTally, ...]:
        """Every slot, best first (most yes, then most maybe, then earliest)."""
        return tuple(sorted(self.tallies(), key=SlotTally.rank_key))

    def best_slot(self) -> Slot:
        return self.ranking()[0].slot

    def grid(self) -> PollGrid:
        return PollGrid(self.slots, self.answers, self.tallies())

    # -- transitions -----------------------------------------------------------------------

    def finalize(self, now: datetime, choice: int | Slot | None = None) -> tuple[TimePoll, Slot]:
        """Fix the slot: a 1-based slot number, one of the poll's slots, or None for the best
        slot that has not started yet. Returns the finalized poll and the chosen slot."""
        self._ensure_can_become(PollStatus.FINALIZED)
        if choice is None:
            if not self.answers:
                raise DomainError("schedule.poll_no_answers", number=self.number)
            upcoming = [t.slot for t in self.ranking() if t.slot.start > now]
            if not upcoming:
                raise DomainError("schedule.poll_all_slots_past", number=self.number)
            chosen = upcoming[0]
        elif isinstance(choice, int):
            if not 1 <= choice <= len(self.slots):
                raise DomainError(
                    "schedule.slot_number_invalid", given=choice, count=len(self.slots)
                )
            chosen = self.slots[choice - 1]
        else:
            if choice not in self.slots:
                raise DomainError(
                    "schedule.slot_not_in_poll",
                    slot=slot_text(choice, self.timezone),
                    number=self.number,
                )
            chosen = choice
        if chosen.start <= now:
            raise DomainError("schedule.slot_in_past", slot=slot_text(chosen, self.timezone))
        finalized = replace(self, status=PollStatus.FINALIZED, chosen=chosen, closed_at=now)
        return finalized, chosen

    def cancel(self, now: datetime) -> TimePoll:
        self._ensure_can_become(PollStatus.CANCELLED)
        return replace(self, status=PollStatus.CANCELLED, closed_at=now)

    def _ensure_can_become(self, target: PollStatus) -> None:
        if target not in POLL_TRANSITIONS[self.status]:
            raise DomainError(_CLOSED_ERRORS[self.status], number=self.number)

    def _ensure_answerable(self, now: datetime) -> None:
        if self.status is not PollStatus.OPEN:
            raise DomainError(_CLOSED_ERRORS[self.status], number=self.number)
        if self.deadline_passed(now):
            raise DomainError("schedule.poll_deadline_passed", number=self.number)
