"""The federation port in memory, for the unit tests of the pure core."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from core.assemblies import Assembly
from core.federation import LinkCode, LinkConflict, Room
from core.ids import AssemblyId, MemberId
from core.proposals import Electorate, Status

if TYPE_CHECKING:
    from core.fakes import FakeState


def bring_members(joining: Assembly, into: Assembly, now: datetime) -> int:
    """The active members of `joining` become members of `into`, without what they held in
    `joining` (as storage.repositories.bring_members); how many were not members of it."""
    return sum(into.join(member.member, now, others_active=True)
               for member in joining.members.values() if member.active)


class FakeFederation:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def _rooms_of(self, assembly: AssemblyId) -> list[tuple[str, str]]:
        return [key for key, found in self.state.rooms.items() if found == assembly]

    async def rooms(self, assembly: AssemblyId) -> list[Room]:
        home = self.state.assemblies[assembly]
        rooms = [Room(home.platform, home.room, home.title, home=True)]
        return rooms + [Room(p, r) for p, r in self._rooms_of(assembly) if (p, r) != (home.platform, home.room)]

    async def add_code(self, code: LinkCode) -> None:
        self.state.codes[code.code] = replace(code, id=len(self.state.codes) + 1)

    async def code(self, code: str) -> LinkCode | None:
        return self.state.codes.get(code)

    async def use_code(self, code: LinkCode, now: datetime) -> bool:
        found = self.state.codes.get(code.code)
        if found is None or found.used_at is not None:
            return False
        self.state.codes[code.code] = replace(found, used_at=now)
        return True

    async def wrong_code(self, identity: str, now: datetime) -> None:
        self.state.wrong_codes.append((identity, now))

    async def wrong_codes(self, identity: str, since: datetime) -> int:
        return sum(1 for who, at in self.state.wrong_codes if who == identity and at > since)

    async def attach(self, room: AssemblyId, home: AssemblyId, now: datetime) -> int:
        joining, into = self.state.assemblies[room], self.state.assemblies[home]
        joined = bring_members(joining, into, now)
        self.state.rooms[(joining.platform, joining.room)] = home
        del self.state.assemblies[room]
        into.federated = True
        return joined

    async def detach(self, home: AssemblyId, platform: str, room: str) -> bool:
        if self.state.rooms.get((platform, room)) != home or (platform, room) == (
                self.state.assemblies[home].platform, self.state.assemblies[home].room):
            return False
        del self.state.rooms[(platform, room)]  # the room starts afresh when it speaks again
        self.state.assemblies[home].federated = len(self._rooms_of(home)) > 1
        return True

    async def person_of(self, identity: str) -> MemberId | None:
        return self.state.persons.get(identity)

    async def identities(self, person: MemberId) -> list[str]:
        return sorted(identity for identity, found in self.state.persons.items() if found == person)

    async def link(self, identity: MemberId, person: MemberId, now: datetime) -> LinkConflict | None:
        for (_, number), proposal in sorted(self.state.proposals.items()):
            if proposal.status is Status.OPEN and all(
                    (m, proposal.version) in proposal.positions for m in (identity, person)):
                return LinkConflict(number)
        for proposal in self.state.proposals.values():
            if proposal.status is Status.OPEN:
                proposal.electorate = Electorate(sorted({person if m == identity else m
                                                         for m in proposal.electorate}))
        for assembly in self.state.assemblies.values():
            mine = assembly.members.pop(identity, None)
            if mine is not None and person not in assembly.members:
                assembly.members[person] = replace(mine, member=person)
        for other, found in list(self.state.persons.items()):
            if found == identity:
                self.state.persons[other] = person
        self.state.persons[identity] = person
        return None

    async def forget(self, member: MemberId, identity: str) -> None:
        for one in {member, identity}:
            for linked, person in list(self.state.persons.items()):
                if one in (linked, person):
                    del self.state.persons[linked]
            for text, code in list(self.state.codes.items()):
                if one in (code.member, code.other):
                    del self.state.codes[text]

    async def unlink(self, identity: str) -> bool:
        return self.state.persons.pop(identity, None) is not None
