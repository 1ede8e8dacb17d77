"""In-memory polls and meetings repositories for the core's unit tests (see `core.fakes`).

Their state hangs on the fake store's state, so it is copied, committed and thrown away
with the rest of a fake transaction.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol

from core.fakes import state_on
from core.ids import AssemblyId, MemberId
from core.proposals import pseudonym
from core.schedule_app.records import (
    LiveRound,
    MeetingRecord,
    PendingDue,
    PollRecord,
    SchedulingSettings,
    occurrence_key,
)
from core.scheduling.meetings import Meeting
from core.scheduling.rotation import Service


class _DueRow(Protocol):
    kind: str
    ref: int
    due_at: datetime
    done: bool
    data: dict[str, Any]


class _Store(Protocol):
    due: list[Any]
    next_id: int


@dataclass
class Occurrence:
    meeting: Meeting  # only its rsvps, agenda_items, notes and roles are used
    discussed: tuple[int, ...] = ()
    minutes: str = ""
    minutes_at: datetime | None = None


@dataclass
class StoredMeeting:
    id: int
    meeting: Meeting  # without per-occurrence records
    draw: bool
    occurrences: dict[str, Occurrence] = field(default_factory=dict)


@dataclass
class SchedulingState:
    polls: dict[tuple[AssemblyId, int], PollRecord] = field(default_factory=dict)
    poll_ids: dict[int, tuple[AssemblyId, int]] = field(default_factory=dict)
    meetings: dict[tuple[AssemblyId, int], StoredMeeting] = field(default_factory=dict)
    meeting_ids: dict[int, tuple[AssemblyId, int]] = field(default_factory=dict)
    settings: dict[AssemblyId, SchedulingSettings] = field(default_factory=dict)
    rounds: dict[tuple[AssemblyId, int], LiveRound] = field(default_factory=dict)
    tokens: dict[AssemblyId, str] = field(default_factory=dict)
    events: list[tuple[AssemblyId, str, int | None, str, str | None, datetime, dict[str, Any]]] = field(
        default_factory=list)


def scheduling_state(store: object) -> SchedulingState:
    return state_on(store, "scheduling", SchedulingState)


def _bare(meeting: Meeting) -> Meeting:
    return replace(meeting, rsvps=(), agenda_items=(), notes=(), roles=())


class _Log:
    def __init__(self, store: _Store) -> None:
        self.store = store
        self.state = scheduling_state(store)

    def _new_id(self) -> int:
        self.store.next_id += 1
        return self.store.next_id - 1

    async def pending_due(self, kind: str, ref: int) -> PendingDue | None:
        rows: list[_DueRow] = sorted((r for r in self.store.due if r.kind == kind and r.ref == ref and not r.done),
                                     key=lambda r: r.due_at)
        return PendingDue(rows[0].due_at, dict(rows[0].data)) if rows else None

    async def record_event(self, assembly: AssemblyId, subject: str, number: int | None, kind: str,
                           member: str | None, at: datetime, data: dict[str, Any]) -> None:
        self.state.events.append((assembly, subject, number, kind, member, at, dict(data)))


class FakePolls(_Log):
    async def get(self, assembly: AssemblyId, number: int) -> PollRecord | None:
        found = self.state.polls.get((assembly, number))
        return copy.deepcopy(found) if found else None

    async def get_by_id(self, poll_id: int) -> tuple[AssemblyId, PollRecord] | None:
        key = self.state.poll_ids.get(poll_id)
        if key is None:
            return None
        return key[0], copy.deepcopy(self.state.polls[key])

    async def add(self, assembly: AssemblyId, record: PollRecord) -> None:
        record.id = self._new_id()
        self.state.poll_ids[record.id] = (assembly, record.poll.number)
        await self.save(assembly, record)

    async def save(self, assembly: AssemblyId, record: PollRecord) -> None:
        record.loaded = record.poll
        self.state.polls[(assembly, record.poll.number)] = copy.deepcopy(record)

    async def list(self, assembly: AssemblyId, *, open_only: bool = False) -> list[PollRecord]:
        found = [copy.deepcopy(r) for (a, _), r in sorted(self.state.polls.items()) if a == assembly]
        return [r for r in found if r.poll.status.value == "open"] if open_only else found


class FakeMeetings(_Log):
    def _record(self, stored: StoredMeeting, now: datetime, occurrence: str | None) -> MeetingRecord:
        base = stored.meeting
        key = occurrence if occurrence is not None and base.rrule else occurrence_key(base, now)
        occ = stored.occurrences.get(key) or Occurrence(base)
        meeting = replace(base, rsvps=occ.meeting.rsvps, agenda_items=occ.meeting.agenda_items,
                          notes=occ.meeting.notes, roles=occ.meeting.roles)
        return MeetingRecord(meeting, id=stored.id, occurrence=key, draw=stored.draw, discussed=occ.discussed,
                             minutes=occ.minutes, minutes_at=occ.minutes_at, loaded=meeting,
                             loaded_discussed=occ.discussed)

    async def get(self, assembly: AssemblyId, number: int, *, now: datetime,
                  occurrence: str | None = None) -> MeetingRecord | None:
        stored = self.state.meetings.get((assembly, number))
        return self._record(stored, now, occurrence) if stored else None

    async def get_by_id(self, meeting_id: int, *, now: datetime, occurrence: str | None = None,
                        with_minutes: bool = True) -> tuple[AssemblyId, MeetingRecord] | None:
        key = self.state.meeting_ids.get(meeting_id)
        if key is None:
            return None
        return key[0], self._record(self.state.meetings[key], now, occurrence)

    async def add(self, assembly: AssemblyId, record: MeetingRecord) -> None:
        record.id = self._new_id()
        self.state.meeting_ids[record.id] = (assembly, record.meeting.number)
        self.state.meetings[(assembly, record.meeting.number)] = StoredMeeting(record.id, _bare(record.meeting),
                                                                               record.draw)
        await self.save(assembly, record)

    async def save(self, assembly: AssemblyId, record: MeetingRecord) -> None:
        stored = self.state.meetings[(assembly, record.meeting.number)]
        stored.meeting = _bare(record.meeting)
        stored.draw = record.draw
        stored.occurrences[record.occurrence] = Occurrence(record.meeting, record.discussed, record.minutes,
                                                          record.minutes_at)
        record.loaded = record.meeting
        record.loaded_discussed = record.discussed

    async def move_occurrence(self, meeting_id: int, old: str, new: str) -> None:
        key = self.state.meeting_ids[meeting_id]
        stored = self.state.meetings[key]
        if old != new and old in stored.occurrences:
            stored.occurrences[new] = stored.occurrences.pop(old)

    async def role_history(self, assembly: AssemblyId) -> list[Service]:
        history: list[Service] = []
        for (a, _), stored in self.state.meetings.items():
            if a != assembly:
                continue
            for key, occ in stored.occurrences.items():
                served = datetime.fromisoformat(key) if key else stored.meeting.start
                history += [Service(r.member, r.role, served) for r in occ.meeting.roles]
        return history

    async def settings(self, assembly: AssemblyId) -> SchedulingSettings:
        return self.state.settings.get(assembly, SchedulingSettings())

    async def save_settings(self, assembly: AssemblyId, settings: SchedulingSettings) -> None:
        self.state.settings[assembly] = settings

    async def feed_token(self, assembly: AssemblyId) -> str:
        return self.state.tokens.setdefault(assembly, f"token-{assembly}")

    async def get_round(self, assembly: AssemblyId, proposal_number: int) -> LiveRound | None:
        found = self.state.rounds.get((assembly, proposal_number))
        return copy.deepcopy(found) if found else None

    async def save_round(self, assembly: AssemblyId, live: LiveRound) -> None:
        if live.id is None:
            live.id = self._new_id()
        self.state.rounds[(assembly, live.proposal_number)] = copy.deepcopy(live)

    async def member_data(self, assembly: AssemblyId, member: MemberId) -> dict[str, list[dict[str, Any]]]:
        data: dict[str, list[dict[str, Any]]] = {
            "time_poll_answers": [], "rsvps": [], "agenda_items": [], "notes": [], "meeting_roles": []}
        for (a, _), record in sorted(self.state.polls.items()):
            poll = record.poll
            for answer in poll.answers if a == assembly else ():
                if answer.member == member:
                    data["time_poll_answers"].append({
                        "poll": poll.number, "title": poll.title,
                        "answers": [{"start": s.start, "end": s.end, "answer": c.value}
                                    for s, c in zip(poll.slots, answer.choices, strict=False)],
                        "answered_at": answer.answered_at})
        for (a, _), stored in sorted(self.state.meetings.items()):
            if a != assembly:
                continue
            for key, occ in stored.occurrences.items():
                m = occ.meeting
                about = {"meeting": stored.meeting.number, "title": stored.meeting.title, "occurrence": key or None}
                served = datetime.fromisoformat(key) if key else stored.meeting.start
                data["rsvps"] += [{**about, "answer": r.answer.value, "answered_at": r.answered_at}
                                  for r in m.rsvps if r.member == member]
                data["agenda_items"] += [{**about, "item": i.title, "added_at": i.added_at}
                                         for i in m.agenda_items if i.added_by == member]
                data["notes"] += [{**about, "text": n.text, "written_at": n.written_at}
                                  for n in m.notes if n.author == member]
                data["meeting_roles"] += [{**about, "role": r.role.value, "served_at": served}
                                          for r in m.roles if r.member == member]
        return data

    async def forget(self, assembly: AssemblyId, member: MemberId) -> None:
        alias = pseudonym("forgotten", member)
        for (a, _), record in self.state.polls.items():
            if a == assembly:
                answers = tuple(replace(x, member=alias) if x.member == member else x for x in record.poll.answers)
                record.poll = replace(record.poll, answers=answers)
        for (a, _), stored in self.state.meetings.items():
            if a != assembly:
                continue
            for occ in stored.occurrences.values():
                m = occ.meeting
                occ.meeting = replace(
                    m,
                    rsvps=tuple(replace(r, member=alias) if r.member == member else r for r in m.rsvps),
                    notes=tuple(replace(n, author=alias) if n.author == member else n for n in m.notes),
                    agenda_items=tuple(replace(i, added_by=alias) if i.added_by == member else i
                                       for i in m.agenda_items),
                    roles=tuple(replace(r, member=alias) if r.member == member else r for r in m.roles),
                )

    async def list(self, assembly: AssemblyId, *, since: datetime | None = None) -> list[MeetingRecord]:
        found: list[MeetingRecord] = []
        for (a, _), stored in sorted(self.state.meetings.items()):
            m = stored.meeting
            if a != assembly:
                continue
            if since is not None and (m.status.value != "scheduled" or (m.rrule is None and m.end < since)):
                continue
            found.append(MeetingRecord(m, id=stored.id, draw=stored.draw))
        return found


def scheduling_repositories(store: _Store) -> tuple[FakePolls, FakeMeetings]:
    return FakePolls(store), FakeMeetings(store)
