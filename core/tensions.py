"""Tensions: a member senses a gap between what is and what could be, and notes it; the
assembly processes it (an agenda item, a proposal, or noting it is resolved). No I/O.

A tension takes its number from the assembly's one sequence (`#N`), as proposals, time polls
and meetings do. Its author or a facilitator processes it; only its author drops it. Each
change appends an audit event to `events`, which the repository writes with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from core.errors import DomainError
from core.ids import MemberId

MAX_TEXT = 2000  # characters of a tension, as a note or any other free text
MAX_NOTE = 500  # characters of the note that closes it


class TensionStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    DROPPED = "dropped"


@dataclass(frozen=True, slots=True)
class TensionEvent:
    """One line of the audit log (subject `tension`)."""

    kind: str
    member: MemberId | None
    at: datetime
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Tension:
    number: int
    author: MemberId
    text: str
    created_at: datetime
    status: TensionStatus = TensionStatus.OPEN
    proposal_number: int | None = None  # the proposal opened to process it (the latest one)
    meeting_number: int | None = None  # the meeting on whose agenda it was put (the latest one)
    resolved_by: int | None = None  # the adopted proposal that resolved it
    note: str = ""  # what was said when it was closed
    closed_at: datetime | None = None
    closed_by: MemberId | None = None
    id: int | None = None
    events: list[TensionEvent] = field(default_factory=list)

    @classmethod
    def note_down(cls, number: int, author: MemberId, text: str, now: datetime) -> Tension:
        cleaned = text.strip()
        if not cleaned:
            raise DomainError("tension.text_missing")
        if len(cleaned) > MAX_TEXT:
            raise DomainError("tension.too_long", limit=MAX_TEXT, given=len(cleaned))
        tension = cls(number=number, author=author, text=cleaned, created_at=now)
        tension.events.append(TensionEvent("noted", author, now, {"text": cleaned}))
        return tension

    @property
    def is_open(self) -> bool:
        return self.status is TensionStatus.OPEN

    @property
    def first_line(self) -> str:
        return self.text.splitlines()[0].strip() if self.text else ""

    def _ensure_open(self) -> None:
        if not self.is_open:
            raise DomainError(f"tension.already_{self.status.value}", number=self.number)

    def _ensure_may_process(self, member: MemberId, facilitator: bool) -> None:
        if member != self.author and not facilitator:
            raise DomainError("tension.not_yours", number=self.number)

    def check_may_process(self, member: MemberId, facilitator: bool) -> None:
        """May `member` process this tension (put it on an agenda, open a proposal for it)?"""
        self._ensure_open()
        self._ensure_may_process(member, facilitator)

    def put_on_agenda(self, member: MemberId, facilitator: bool, meeting: int, now: datetime) -> None:
        self.check_may_process(member, facilitator)
        self.meeting_number = meeting
        self.events.append(TensionEvent("on_agenda", member, now, {"meeting": meeting}))

    def link(self, member: MemberId, facilitator: bool, proposal: int, now: datetime) -> None:
        self.check_may_process(member, facilitator)
        self.proposal_number = proposal
        self.events.append(TensionEvent("proposal_linked", member, now, {"proposal": proposal}))

    def resolve(self, member: MemberId, facilitator: bool, note: str, now: datetime) -> None:
        self._ensure_open()
        self._ensure_may_process(member, facilitator)
        self._close(TensionStatus.RESOLVED, member, _checked_note(note), now)

    def drop(self, member: MemberId, note: str, now: datetime) -> None:
        self._ensure_open()
        if member != self.author:
            raise DomainError("tension.drop_not_yours", number=self.number)
        self._close(TensionStatus.DROPPED, member, _checked_note(note), now)

    def resolved_by_proposal(self, proposal: int, now: datetime) -> bool:
        """The proposal opened to process it was adopted. False if it was closed meanwhile."""
        if not self.is_open or self.proposal_number != proposal:
            return False
        self.resolved_by = proposal
        self._close(TensionStatus.RESOLVED, None, "", now, {"proposal": proposal})
        return True

    def _close(self, status: TensionStatus, member: MemberId | None, note: str, now: datetime,
               data: dict[str, Any] | None = None) -> None:
        self.status = status
        self.note = note
        self.closed_at = now
        self.closed_by = member
        self.events.append(TensionEvent(status.value, member, now, {**(data or {}), "note": note}))

    def take_events(self) -> list[TensionEvent]:
        events, self.events = self.events, []
        return events


def _checked_note(note: str) -> str:
    cleaned = note.strip()
    if len(cleaned) > MAX_NOTE:
        raise DomainError("tension.note_too_long", limit=MAX_NOTE, given=len(cleaned))
    return cleaned


def tension_data(tension: Tension) -> dict[str, Any]:
    """A tension as plain data (`!mes-donnees`)."""
    return {
        "number": tension.number,
        "text": tension.text,
        "status": tension.status.value,
        "created_at": tension.created_at,
        "meeting": tension.meeting_number,
        "proposal": tension.proposal_number,
        "resolved_by": tension.resolved_by,
        "note": tension.note or None,
        "closed_at": tension.closed_at,
    }
