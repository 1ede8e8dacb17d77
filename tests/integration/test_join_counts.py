"""Joining a room counts its members instead of reading them all (SQLite and PostgreSQL).

The whole member list is read only when nobody else is active, where the first-member
rule (the first member facilitates) needs it."""

from __future__ import annotations

from typing import Any

import pytest

from core.assemblies import Assembly
from core.messages import Action, Inbound, Platform, RoomId, UserId
from storage.models import MembershipRow
from storage.repositories import Assemblies
from tests.integration.test_one_trip import Room


@pytest.fixture
def full_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The assemblies whose whole member list was read, one entry per read."""
    reads: list[int] = []
    original = Assemblies.load_members

    async def counted(self: Assemblies, assembly: Assembly) -> None:
        reads.append(assembly.id)
        await original(self, assembly)

    monkeypatch.setattr(Assemblies, "load_members", counted)
    return reads


async def test_a_join_counts_the_members_without_reading_them(storage: str, full_reads: list[int]) -> None:
    room = Room(storage)
    [first] = await room.say("ana", "!join") or []
    assert "première personne membre" in first.text
    assert len(full_reads) == 1  # nobody else active: the first-member rule reads the list

    full_reads.clear()
    [second] = await room.say("bob", "!join") or []
    [third] = await room.say("cleo", "!join") or []
    assert "(2 membres)" in second.text and "(3 membres)" in third.text
    [again] = await room.say("cleo", "!rejoindre") or []
    assert "déjà" in again.text
    assert full_reads == []

    await room.say("cleo", "!quitter")
    [back] = await room.say("cleo", "!join") or []
    assert "(3 membres)" in back.text and "première" not in back.text
    assert full_reads == []
    rows = {r.member: r for r in await MembershipRow.all()}
    assert all(r.active for r in rows.values()) and len(rows) == 3
    assert rows["console:ana"].roles == ["facilitator"] and rows["console:cleo"].roles == []


async def test_after_everyone_left_the_list_is_read_and_the_facilitator_role_stays(
    storage: str, full_reads: list[int]
) -> None:
    room = Room(storage)
    for who in ("ana", "bob"):
        await room.say(who, "!join")
    for who in ("ana", "bob"):
        await room.say(who, "!leave")
    full_reads.clear()
    [joined] = await room.say("dan", "!join") or []
    assert len(full_reads) == 1
    # ana left but still holds the facilitator role: dan is not made facilitator
    assert "(1 membre)" in joined.text and "première" not in joined.text
    dan = await MembershipRow.get(member="console:dan")
    assert dan.active and dan.roles == []


async def test_a_network_join_event_counts_too(storage: str, full_reads: list[int]) -> None:
    room = Room(storage)
    await room.say("ana", "!join")
    full_reads.clear()
    room.count += 1
    event = Inbound(Platform("console"), RoomId("salle"), UserId("console:eve"), f"e{room.count}",
                    action=Action.MEMBER_JOINED)
    from core.dispatch import handle
    from storage import onetrip

    sent: Any = await onetrip.run(lambda client: handle(lambda: room.uow(client), event, room.now))
    assert sent == []  # a network join is silent
    assert full_reads == []
    eve = await MembershipRow.get(member="console:eve")
    assert eve.active and eve.roles == []
