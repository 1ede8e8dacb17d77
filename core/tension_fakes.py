"""In-memory tensions repository for the core's unit tests (see `core.fakes`).

Its state hangs on the fake store's state, so it is copied, committed and thrown away with
the rest of a fake transaction."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import Protocol

from core.fakes import state_on
from core.ids import AssemblyId, MemberId
from core.proposals import pseudonym
from core.tensions import Tension, TensionEvent


class _Store(Protocol):
    next_id: int


@dataclass
class TensionState:
    tensions: dict[tuple[AssemblyId, int], Tension] = field(default_factory=dict)
    events: list[tuple[AssemblyId, int, TensionEvent]] = field(default_factory=list)


def tension_state(store: object) -> TensionState:
    return state_on(store, "tensions", TensionState)


class FakeTensions:
    def __init__(self, store: _Store) -> None:
        self.store = store
        self.state = tension_state(store)

    async def get(self, assembly: AssemblyId, number: int) -> Tension | None:
        found = self.state.tensions.get((assembly, number))
        return copy.deepcopy(found) if found else None

    async def add(self, assembly: AssemblyId, tension: Tension) -> None:
        tension.id = self.store.next_id
        self.store.next_id += 1
        await self.save(assembly, tension)

    async def save(self, assembly: AssemblyId, tension: Tension) -> None:
        for event in tension.take_events():
            self.state.events.append((assembly, tension.number, event))
        self.state.tensions[(assembly, tension.number)] = copy.deepcopy(tension)

    async def linked_to(self, assembly: AssemblyId, proposal: int) -> list[Tension]:
        return [t for t in await self.list(assembly, open_only=True) if t.proposal_number == proposal]

    async def list(self, assembly: AssemblyId, *, open_only: bool = False) -> list[Tension]:
        return [copy.deepcopy(t) for (a, _), t in sorted(self.state.tensions.items(), key=lambda kv: kv[0])
                if a == assembly and (t.is_open or not open_only)]

    async def forget(self, assembly: AssemblyId, member: MemberId) -> None:
        alias = pseudonym("forgotten", member)
        for (a, _), tension in self.state.tensions.items():
            if a != assembly:
                continue
            if tension.author == member:
                tension.author = alias
            if tension.closed_by == member:
                tension.closed_by = alias
        self.state.events = [
            (a, n, replace(event, member=alias) if a == assembly and event.member == member else event)
            for a, n, event in self.state.events
        ]
