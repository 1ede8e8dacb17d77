"""Ports the application services need from storage. `storage/` implements them with
tortoise-orm; `core.fakes` implements them in memory for unit tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol, Self

from core.assemblies import Assembly
from core.federation import LinkCode, LinkConflict, Room
from core.ids import AssemblyId, MemberId
from core.messages import Outbound
from core.proposals import Proposal
from core.schedule_app.records import (
    LiveRound,
    MeetingRecord,
    PendingDue,
    PollRecord,
    SchedulingSettings,
)
from core.scheduling.rotation import Service
from core.tensions import Tension
from core.welcome import Welcome, WelcomeText


class AssemblyRepository(Protocol):
    async def get_or_create(self, platform: str, room: str, now: datetime, member: MemberId) -> Assembly:
        """The room's assembly, locked for this transaction, with `member`'s own row only."""
        ...

    async def find(self, platform: str, room: str) -> Assembly | None:
        """The room's assembly as it is, without any member row, not locked; None when the
        room has none (nothing is created: for reads that change nothing)."""
        ...

    async def load_members(self, assembly: Assembly) -> None:
        """Complete `assembly.members` with every member row."""
        ...

    async def count_active(self, assembly: AssemblyId) -> int:
        """How many active members the assembly has (without reading them)."""
        ...

    async def save(self, assembly: Assembly) -> None: ...

    async def welcome(self, assembly: AssemblyId, member: MemberId | None = None) -> Welcome:
        """The assembly's welcome text, its active newcomer coordinators and when `member` was
        last welcomed (see `Member.welcomed_at`), in one read."""
        ...

    async def set_welcome(self, assembly: AssemblyId, text: WelcomeText | None, member: MemberId,
                          at: datetime) -> None:
        """Set the welcome text (None: clear it), with its line in the audit log."""
        ...

    async def locate(self, assembly: AssemblyId) -> tuple[str, str] | None:
        """(platform, room) of an assembly."""
        ...

    async def move_room(self, platform: str, old: str, new: str, now: datetime) -> bool:
        """The room `old` has the id `new` from now on: its assembly row, and the messages still
        to deliver there, follow (the members who spoke under the new id meanwhile too). False
        when there is nothing to move, or when the new id already has an assembly with items of
        its own (both are then kept as they are)."""
        ...


class ProposalRepository(Protocol):
    async def get(
        self, assembly: AssemblyId, number: int, *, member: MemberId | None = None, full: bool = False
    ) -> Proposal | None:
        """Load for change, locked. `member`: load that member's own positions only;
        `full`: load every position (for status and export)."""
        ...

    async def get_by_id(self, proposal_id: int) -> tuple[AssemblyId, Proposal] | None: ...

    async def add(self, assembly: AssemblyId, proposal: Proposal) -> None: ...

    async def save(self, assembly: AssemblyId, proposal: Proposal) -> None:
        """Write what changed, and append its decision events to the audit log."""
        ...

    async def list(self, assembly: AssemblyId, *, open_only: bool = False) -> list[Proposal]: ...


class Outbox(Protocol):
    async def add(self, message: Outbound) -> None: ...

    def redraws_rounds(self, platform: str) -> bool:
        """Whether a round's message on `platform` may carry buttons that a ROUND_TALLY would
        redraw; False: that redraw would be written for nothing (a network without them)."""
        ...


class DueRepository(Protocol):
    async def schedule(self, kind: str, ref: int, due_at: datetime, data: dict[str, Any] | None = None) -> None: ...

    async def cancel(self, kind: str, ref: int) -> None: ...

    async def complete(self, due_id: int) -> None:
        """The row was handled in this transaction."""
        ...

    async def get(self, due_id: int) -> PendingDue | None:
        """The time and data of one row (None if there is no such row)."""
        ...


class SchedulingLog(Protocol):
    async def pending_due(self, kind: str, ref: int) -> PendingDue | None:
        """The one pending due row of (`kind`, `ref`): scheduling keeps at most one."""
        ...

    async def record_event(self, assembly: AssemblyId, subject: str, number: int | None, kind: str,
                           member: str | None, at: datetime, data: dict[str, Any]) -> None:
        """Append a line to the audit log (`number`: None for a subject without numbers)."""
        ...


class PollRepository(SchedulingLog, Protocol):
    async def get(self, assembly: AssemblyId, number: int) -> PollRecord | None:
        """A time poll with its answers, locked for this transaction."""
        ...

    async def get_by_id(self, poll_id: int) -> tuple[AssemblyId, PollRecord] | None: ...

    async def add(self, assembly: AssemblyId, record: PollRecord) -> None:
        """Store a new poll; sets `record.id`."""
        ...

    async def save(self, assembly: AssemblyId, record: PollRecord) -> None:
        """Write what changed since `record.loaded`."""
        ...

    async def list(self, assembly: AssemblyId, *, open_only: bool = False) -> list[PollRecord]: ...


class MeetingRepository(SchedulingLog, Protocol):
    async def get(self, assembly: AssemblyId, number: int, *, now: datetime,
                  occurrence: str | None = None) -> MeetingRecord | None:
        """A meeting, locked, with the attendance, agenda, notes and roles of the occurrence
        that is current at `now` (or of the `occurrence` key given)."""
        ...

    async def get_by_id(self, meeting_id: int, *, now: datetime, occurrence: str | None = None,
                        with_minutes: bool = True) -> tuple[AssemblyId, MeetingRecord] | None:
        """`with_minutes=False`: without the notes and minutes (a reminder needs neither,
        and must then not change them)."""
        ...

    async def add(self, assembly: AssemblyId, record: MeetingRecord) -> None: ...

    async def save(self, assembly: AssemblyId, record: MeetingRecord) -> None:
        """Write what changed since `record.loaded` (same occurrence)."""
        ...

    async def move_occurrence(self, meeting_id: int, old: str, new: str) -> None:
        """A recurring meeting moved: its current occurrence's records follow."""
        ...

    async def role_history(self, assembly: AssemblyId) -> list[Service]: ...

    async def member_data(self, assembly: AssemblyId, member: MemberId) -> dict[str, list[dict[str, Any]]]:
        """Everything of `member` in the assembly's scheduling, for `!mes-donnees`: time-poll
        answers, RSVPs, agenda items added, minute notes and meeting roles (every occurrence)."""
        ...

    async def settings(self, assembly: AssemblyId) -> SchedulingSettings: ...

    async def save_settings(self, assembly: AssemblyId, settings: SchedulingSettings) -> None: ...

    async def feed_token(self, assembly: AssemblyId) -> str: ...

    async def get_round(self, assembly: AssemblyId, proposal_number: int) -> LiveRound | None: ...

    async def save_round(self, assembly: AssemblyId, live: LiveRound) -> None: ...

    async def forget(self, assembly: AssemblyId, member: MemberId) -> None:
        """Pseudonymise `member` in answers, attendance, agenda items, notes and roles."""
        ...

    async def list(self, assembly: AssemblyId, *, since: datetime | None = None) -> list[MeetingRecord]:
        """Meetings without their per-occurrence records, by number. `since`: only scheduled
        ones that are recurring or end after `since`."""
        ...


class TensionRepository(Protocol):
    async def get(self, assembly: AssemblyId, number: int) -> Tension | None:
        """A tension, locked for this transaction."""
        ...

    async def add(self, assembly: AssemblyId, tension: Tension) -> None:
        """Store a new tension (sets `tension.id`) and its audit events."""
        ...

    async def save(self, assembly: AssemblyId, tension: Tension) -> None:
        """Write the tension and append its new events to the audit log."""
        ...

    async def linked_to(self, assembly: AssemblyId, proposal: int) -> list[Tension]:
        """The open tensions that proposal #`proposal` was opened to process, locked."""
        ...

    async def list(self, assembly: AssemblyId, *, open_only: bool = False) -> list[Tension]:
        """By number."""
        ...

    async def forget(self, assembly: AssemblyId, member: MemberId) -> None:
        """Pseudonymise `member` as the author (or closer) of tensions, and in their audit events."""
        ...


class NameBook(Protocol):
    """The name each member last went by, kept for the networks whose adapters show people
    by name themselves (the storage knows which; elsewhere `remember` keeps nothing)."""

    async def remember(self, platform: str, member: str, name: str, username: str | None = None, *,
                       federated: bool = False) -> None:
        """`member` goes by `name` now, and others mention them as `@username` where the
        network has such handles (written only when either is new or changed). `federated`:
        the member's assembly spans rooms of other networks, which show them by this name (kept
        whatever the network)."""
        ...

    async def names_of(self, members: list[str]) -> dict[str, str]:
        """The latest name kept for each of `members` that has one, whatever the network."""
        ...

    async def get(self, platform: str, member: str) -> str | None: ...

    async def username(self, platform: str, member: str) -> str | None:
        """The handle kept for `member` (a Telegram @username, without the @), if any."""
        ...

    async def erase(self, platform: str, member: str) -> None: ...


class FederationRepository(Protocol):
    async def rooms(self, assembly: AssemblyId) -> list[Room]:
        """The assembly's rooms: the one it began in first, then the others as they joined."""
        ...

    async def add_code(self, code: LinkCode) -> None: ...

    async def code(self, code: str) -> LinkCode | None:
        """A code as it was issued (used or not, expired or not); None if there is none."""
        ...

    async def use_code(self, code: LinkCode, now: datetime) -> bool:
        """Mark the code used, if nothing used it before (one conditional update)."""
        ...

    async def wrong_code(self, identity: str, now: datetime) -> None:
        """`identity` typed a code that does not exist (counted by `wrong_codes`)."""
        ...

    async def wrong_codes(self, identity: str, since: datetime) -> int:
        """How many codes that do not exist `identity` typed since `since`."""
        ...

    async def attach(self, room: AssemblyId, home: AssemblyId, now: datetime) -> int:
        """The room (its own assembly `room`, without items) joins the assembly `home`: its
        members become members of `home` (roles given in the room do not carry over). The
        number of members who joined `home` by it."""
        ...

    async def detach(self, home: AssemblyId, platform: str, room: str) -> bool:
        """The room leaves the assembly `home` (its members stay members of `home`; the
        threads of `home` in the room are forgotten there, its numbers starting again)."""
        ...

    async def person_of(self, identity: str) -> MemberId | None:
        """The member an identity was linked to, if any."""
        ...

    async def identities(self, person: MemberId) -> list[str]:
        """The identities linked to a member (without the member's own)."""
        ...

    async def link(self, identity: MemberId, person: MemberId, now: datetime) -> LinkConflict | None:
        """`identity` acts as `person` from now on, and so do the identities linked to it:
        their memberships become the person's, and so do their positions and objections in
        the open rounds, their answers to open time polls and to meetings (where the person
        has none of their own); nothing is done when both took a position in the same open
        round."""
        ...

    async def unlink(self, identity: str) -> bool: ...

    async def forget(self, member: MemberId, identity: str) -> None:
        """No link and no code names the member, nor the identity they spoke from, any more
        (but the codes they typed that did not exist, kept for the hour they count), and the
        federation's audit events name none of their accounts."""
        ...


class UnitOfWork(Protocol):
    assemblies: AssemblyRepository
    proposals: ProposalRepository
    outbox: Outbox
    due: DueRepository
    polls: PollRepository
    meetings: MeetingRepository
    names: NameBook
    tensions: TensionRepository
    federation: FederationRepository

    async def __aenter__(self) -> Self: ...

    async def __aexit__(self, *exc: object) -> None: ...

    async def commit(self) -> None: ...

    async def mark_handled(self, platform: str, event_id: str, *, refused: bool = False) -> bool:
        """Claim an inbound event for this transaction: False if it was handled already.
        `refused`: the event changed nothing (a rule said no), so an edit of it may still run
        as a new command (see `claim_edit`)."""
        ...

    async def claim_edit(self, platform: str, original: str) -> bool:
        """May an edit of the event `original` run as a new command? True when `original`
        changed nothing (it was refused, or never reached the bot: not a command) and no edit
        of it ran before; it is then closed to further edits, with this transaction."""
        ...

    async def forget(self, assembly: AssemblyId, member: MemberId) -> None:
        """Erase a member's personal data: positions and entries stay, pseudonymised."""
        ...
