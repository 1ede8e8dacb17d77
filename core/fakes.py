"""In-memory implementations of the storage ports, for unit tests of the core.

They keep committed state apart from the working copy of a transaction, so a test sees
exactly what a real database would: nothing of a rolled-back transaction survives.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Self, TypeVar

from core.assemblies import Assembly, Role
from core.federation import LinkCode
from core.ids import AssemblyId, MemberId
from core.messages import Outbound
from core.proposals import DecisionEvent, Electorate, Proposal, pseudonym
from core.schedule_app.records import PendingDue
from core.welcome import Welcome, WelcomeText

_State = TypeVar("_State")


def state_on(store: object, name: str, kind: type[_State]) -> _State:
    """The `kind` state of a repository kept outside this module, hung on the fake store's state
    under `name` on first use: copied, committed and thrown away with the rest of it."""
    found = store.__dict__.get(name)
    if found is None:
        found = store.__dict__[name] = kind()
    assert isinstance(found, kind)
    return found


@dataclass
class FakeDue:
    id: int
    kind: str
    ref: int
    due_at: datetime
    done: bool = False
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class FakeState:
    assemblies: dict[AssemblyId, Assembly] = field(default_factory=dict)
    rooms: dict[tuple[str, str], AssemblyId] = field(default_factory=dict)
    proposals: dict[tuple[AssemblyId, int], Proposal] = field(default_factory=dict)
    proposal_ids: dict[int, tuple[AssemblyId, int]] = field(default_factory=dict)
    outbox: list[Outbound] = field(default_factory=list)
    audit: list[tuple[AssemblyId, int, DecisionEvent]] = field(default_factory=list)
    due: list[FakeDue] = field(default_factory=list)
    handled: set[tuple[str, str]] = field(default_factory=set)
    refused: set[tuple[str, str]] = field(default_factory=set)  # handled, changed nothing, no edit ran
    names: dict[tuple[str, str], str] = field(default_factory=dict)  # (platform, member) → name
    usernames: dict[tuple[str, str], str] = field(default_factory=dict)  # (platform, member) → username
    welcomes: dict[AssemblyId, WelcomeText] = field(default_factory=dict)
    welcome_reads: int = 0  # how often the welcome was read (a join must stay cheap)
    welcomed: dict[tuple[AssemblyId, MemberId], datetime] = field(default_factory=dict)  # last welcomes saved
    # lines of the audit log about the assembly itself: (assembly, subject, kind, member, at, data)
    assembly_events: list[tuple[AssemblyId, str, str, str, datetime, dict[str, Any]]] = field(
        default_factory=list)
    next_id: int = 1
    codes: dict[str, LinkCode] = field(default_factory=dict)  # `!federate` and `!link` codes
    persons: dict[str, MemberId] = field(default_factory=dict)  # linked identity → member
    wrong_codes: list[tuple[str, datetime]] = field(default_factory=list)  # who typed a code that was none, when


class FakeStore:
    """Shared 'database' of the fake units of work."""

    def __init__(self, round_platforms: frozenset[str] = frozenset()) -> None:
        self.state = FakeState()
        # the networks whose round messages are redrawn after typed positions, as the
        # pipeline tells the database's units of work (none unless told)
        self.round_platforms = round_platforms

    def uow(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)


class _Assemblies:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    async def load_members(self, assembly: Assembly) -> None:
        assembly.members_complete = True

    async def count_active(self, assembly: AssemblyId) -> int:
        return sum(m.active for m in self.state.assemblies[assembly].members.values())

    async def get_or_create(self, platform: str, room: str, now: datetime, member: MemberId) -> Assembly:
        key = (platform, room)
        if key not in self.state.rooms:
            assembly_id = AssemblyId(self.state.next_id)
            self.state.next_id += 1
            self.state.rooms[key] = assembly_id
            self.state.assemblies[assembly_id] = Assembly(assembly_id, platform, room)
        assembly = self.state.assemblies[self.state.rooms[key]]
        assembly.acting_as = self.state.persons.get(member)
        return assembly

    async def find(self, platform: str, room: str) -> Assembly | None:
        assembly_id = self.state.rooms.get((platform, room))
        return self.state.assemblies[assembly_id] if assembly_id is not None else None

    async def save(self, assembly: Assembly) -> None:
        self.state.assemblies[assembly.id] = assembly
        for member in assembly.members.values():
            if member.welcomed_at is not None:
                self.state.welcomed[(assembly.id, member.member)] = member.welcomed_at

    async def move_room(self, platform: str, old: str, new: str, now: datetime) -> bool:
        moving = self.state.rooms.get((platform, old))
        if moving is None or old == new:
            return False
        there = self.state.rooms.get((platform, new))
        if there is not None and there != moving:
            if self.state.assemblies[there].next_number > 1:
                return False
            from core.federation_fakes import bring_members

            # as members, not with what they held there
            bring_members(self.state.assemblies.pop(there), self.state.assemblies[moving], now)
        del self.state.rooms[(platform, old)]
        self.state.rooms[(platform, new)] = moving
        home = self.state.assemblies[moving]
        if (home.platform, home.room) == (platform, old):
            home.room = new
        return True

    async def locate(self, assembly: AssemblyId) -> tuple[str, str] | None:
        found = self.state.assemblies.get(assembly)
        return (found.platform, found.room) if found else None

    async def welcome(self, assembly: AssemblyId, member: MemberId | None = None) -> Welcome:
        self.state.welcome_reads += 1
        members = self.state.assemblies[assembly].members
        # as the database has it: the working copy's own change is not saved yet
        saved = self.state.welcomed.get((assembly, member)) if member is not None else None
        return Welcome(self.state.welcomes.get(assembly), tuple(sorted(
            m.member for m in members.values() if m.active and Role.NEWCOMER_COORDINATOR in m.roles)), saved)

    async def set_welcome(self, assembly: AssemblyId, text: WelcomeText | None, member: MemberId,
                          at: datetime) -> None:
        if text is None:
            self.state.welcomes.pop(assembly, None)
        else:
            self.state.welcomes[assembly] = text
        self.state.assembly_events.append((assembly, "welcome", "removed" if text is None else "set", member, at,
                                           {} if text is None else {"text": text.text}))


class _Proposals:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    async def get(self, assembly: AssemblyId, number: int, *, member: MemberId | None = None,
                  full: bool = False) -> Proposal | None:
        return self.state.proposals.get((assembly, number))

    async def get_by_id(self, proposal_id: int) -> tuple[AssemblyId, Proposal] | None:
        key = self.state.proposal_ids.get(proposal_id)
        if key is None:
            return None
        return key[0], self.state.proposals[key]

    async def add(self, assembly: AssemblyId, proposal: Proposal) -> None:
        proposal.id = self.state.next_id
        self.state.next_id += 1
        self.state.proposals[(assembly, proposal.number)] = proposal
        self.state.proposal_ids[proposal.id] = (assembly, proposal.number)
        await self.save(assembly, proposal)

    async def save(self, assembly: AssemblyId, proposal: Proposal) -> None:
        events, *_ = proposal.take_changes()
        for event in events:
            self.state.audit.append((assembly, proposal.number, event))

    async def list(self, assembly: AssemblyId, *, open_only: bool = False) -> list[Proposal]:
        found = [p for (a, _), p in sorted(self.state.proposals.items()) if a == assembly]
        return [p for p in found if not p.is_closed] if open_only else found


class _Outbox:
    def __init__(self, state: FakeState, round_platforms: frozenset[str]) -> None:
        self.state = state
        self.round_platforms = round_platforms

    async def add(self, message: Outbound) -> None:
        self.state.outbox.append(message)

    def redraws_rounds(self, platform: str) -> bool:
        return platform in self.round_platforms


class _Due:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    async def schedule(self, kind: str, ref: int, due_at: datetime, data: dict[str, Any] | None = None) -> None:
        self.state.due.append(FakeDue(self.state.next_id, kind, ref, due_at, data=data or {}))
        self.state.next_id += 1

    async def cancel(self, kind: str, ref: int) -> None:
        for row in self.state.due:
            if row.kind == kind and row.ref == ref:
                row.done = True

    async def complete(self, due_id: int) -> None:
        for row in self.state.due:
            if row.id == due_id:
                row.done = True

    async def get(self, due_id: int) -> PendingDue | None:
        for row in self.state.due:
            if row.id == due_id:
                return PendingDue(row.due_at, dict(row.data))
        return None


class _Names:
    """Keeps every name it is given (the database keeps them only for some networks)."""

    def __init__(self, state: FakeState) -> None:
        self.state = state

    async def remember(self, platform: str, member: str, name: str, username: str | None = None, *,
                       federated: bool = False) -> None:
        self.state.names[(platform, member)] = name
        if username:
            self.state.usernames[(platform, member)] = username
        else:
            self.state.usernames.pop((platform, member), None)

    async def get(self, platform: str, member: str) -> str | None:
        return self.state.names.get((platform, member))

    async def names_of(self, members: list[str]) -> dict[str, str]:
        wanted = set(members)
        return {member: name for (_, member), name in self.state.names.items() if member in wanted}

    async def username(self, platform: str, member: str) -> str | None:
        return self.state.usernames.get((platform, member))

    async def erase(self, platform: str, member: str) -> None:
        self.state.names.pop((platform, member), None)
        self.state.usernames.pop((platform, member), None)


class FakeUnitOfWork:
    def __init__(self, store: FakeStore) -> None:
        self.store = store
        self.committed = False

    async def __aenter__(self) -> Self:
        # Work on a deep copy; commit swaps it in, anything else throws it away.
        self.working = copy.deepcopy(self.store.state)
        self.assemblies = _Assemblies(self.working)
        self.proposals = _Proposals(self.working)
        self.outbox = _Outbox(self.working, self.store.round_platforms)
        self.due = _Due(self.working)
        self.names = _Names(self.working)
        from core.schedule_app.fakes import scheduling_repositories

        self.polls, self.meetings = scheduling_repositories(self.working)
        from core.tension_fakes import FakeTensions

        self.tensions = FakeTensions(self.working)
        from core.federation_fakes import FakeFederation

        self.federation = FakeFederation(self.working)
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.working = FakeState()

    async def commit(self) -> None:
        self.store.state = self.working
        self.working = copy.deepcopy(self.working)
        self.committed = True

    async def mark_handled(self, platform: str, event_id: str, *, refused: bool = False) -> bool:
        key = (platform, event_id)
        if key in self.working.handled:
            return False
        self.working.handled.add(key)
        if refused:
            self.working.refused.add(key)
        return True

    async def claim_edit(self, platform: str, original: str) -> bool:
        key = (platform, original)
        if key in self.working.refused:
            self.working.refused.discard(key)
            return True
        if key in self.working.handled:
            return False
        self.working.handled.add(key)  # never reached the bot (not a command)
        return True

    async def forget(self, assembly: AssemblyId, member: MemberId) -> None:
        alias = pseudonym("forgotten", member)
        for (a, _), proposal in self.working.proposals.items():
            if a != assembly:
                continue
            if proposal.author == member:
                proposal.author = alias
            for key in [k for k in proposal.positions if k[0] == member]:
                position = proposal.positions.pop(key)
                position.member = alias
                proposal.positions[(alias, key[1])] = position
            for position in proposal.positions.values():
                if position.recorded_by == member:
                    position.recorded_by = alias
            if member in proposal.objections:
                objection = proposal.objections.pop(member)
                objection.member = alias
                proposal.objections[alias] = objection
            for entry in proposal.entries:
                if entry.member == member:
                    entry.member = alias
            proposal.electorate = Electorate(alias if m == member else m for m in proposal.electorate)
        self.working.audit = [
            (a, n, replace(event, member=alias) if a == assembly and event.member == member else event)
            for a, n, event in self.working.audit
        ]
        if assembly in self.working.assemblies:
            self.working.assemblies[assembly].members.pop(member, None)
        welcome = self.working.welcomes.get(assembly)
        if welcome is not None and welcome.set_by == member:
            self.working.welcomes[assembly] = replace(welcome, set_by=alias)
