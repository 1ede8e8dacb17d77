"""The welcome text and the welcome on a room join, stored (SQLite and PostgreSQL): the
text on the assembly with who set it and when, its audit lines, the newcomer coordinators
read with it in one statement, the time of each member's last welcome, the export."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from core.dispatch import handle
from core.messages import Action, Inbound, Outbound, Platform, RoomId, UserId
from storage import db, onetrip
from storage.export import export_state
from storage.models import AssemblyRow, AuditRow, MembershipRow
from storage.onetrip import DirectClient
from storage.repositories import Assemblies
from storage.uow import TortoiseUnitOfWork
from tests.integration.test_one_trip import NOW

TEXT = "Bienvenue parmi nous !\nNous nous réunissons le mardi à 19h."


class Room:
    def __init__(self, url: str, platform: str = "console", room: str = "salle") -> None:
        self.lock_rows = db.is_postgres(url)
        self.platform = platform
        self.room = room
        self.count = 0
        self.now = NOW

    def uow(self, client: DirectClient | None) -> TortoiseUnitOfWork:
        return TortoiseUnitOfWork(self.now, lock_rows=self.lock_rows, client=client)

    def who(self, name: str) -> str:
        return name if self.platform == "matrix" else f"{self.platform}:{name}"

    async def say(self, name: str, text: str = "", action: Action = Action.TEXT) -> list[Outbound]:
        self.count += 1
        self.now += timedelta(seconds=1)
        inbound = Inbound(Platform(self.platform), RoomId(self.room), UserId(self.who(name)), f"e{self.count}",
                          text, action=action)
        sent: Any = await onetrip.run(lambda client: handle(lambda: self.uow(client), inbound, self.now))
        return list(sent or [])


@pytest.fixture
def welcome_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    reads: list[int] = []
    original = Assemblies.welcome

    async def counted(self: Assemblies, assembly: Any, member: Any = None) -> Any:
        reads.append(assembly)
        return await original(self, assembly, member)

    monkeypatch.setattr(Assemblies, "welcome", counted)
    return reads


async def test_the_text_is_kept_with_its_author_audited_and_exported(storage: str) -> None:
    room = Room(storage)
    for name in ("ana", "bob"):
        await room.say(name, "!join")
    await room.say("ana", f"!bienvenue {TEXT}")
    row = await AssemblyRow.get(room="salle")
    assert (row.welcome_text, row.welcome_by) == (TEXT, "console:ana") and row.welcome_at is not None
    [shown] = await room.say("bob", "!bienvenue")
    assert shown.text.endswith(TEXT) and "ana" in shown.text
    state = await export_state()
    assert state["assemblies"][0]["welcome"]["text"] == TEXT
    assert state["assemblies"][0]["welcome"]["set_by"] == "console:ana"

    await room.say("ana", "!bienvenue retirer")
    row = await AssemblyRow.get(room="salle")
    assert (row.welcome_text, row.welcome_by, row.welcome_at) == (None, None, None)
    audit = await AuditRow.filter(subject="welcome").order_by("id")
    assert [(a.kind, a.member, a.number) for a in audit] == [("set", "console:ana", None),
                                                             ("removed", "console:ana", None)]
    assert audit[0].data == {"text": TEXT}
    assert (await export_state())["assemblies"][0]["welcome"] is None


async def test_forgetting_the_author_keeps_the_text_without_their_id(storage: str) -> None:
    room = Room(storage)
    for name in ("ana", "bob"):
        await room.say(name, "!join")
    await room.say("ana", "!role @bob accueil")
    await room.say("bob", f"!bienvenue {TEXT}")
    await room.say("bob", "!oublier confirmer")
    row = await AssemblyRow.get(room="salle")
    assert row.welcome_text == TEXT and row.welcome_by is not None and "bob" not in row.welcome_by


async def test_the_coordinators_are_read_with_the_text_in_one_statement(
    storage: str, welcome_reads: list[int]
) -> None:
    room = Room(storage)
    for name in ("ana", "lou", "sam", "noa"):
        await room.say(name, "!join")
    await room.say("ana", "!role @lou accueil")
    await room.say("ana", "!role @sam coordinatrice")
    await room.say("ana", "!role @sam catalyseur")  # another role beside it
    await room.say("ana", "!role @noa catalyseur")  # another role only
    await room.say("ana", "!role @ana gardien-du-temps")
    await room.say("lou", "!quitter")  # a coordinator who left is not named
    welcome_reads.clear()
    [told] = await room.say("eve", "!rejoindre")
    assert len(welcome_reads) == 1
    assert "sam s'occupe de l'accueil : écrivez-lui." in told.text and "lou" not in told.text
    assert told.mentions == ("console:sam",)


async def test_a_room_join_is_welcomed_once_a_day_at_most(storage: str, welcome_reads: list[int]) -> None:
    room = Room(storage, platform="matrix", room="!salle:example.org")
    for name in ("@ana:example.org", "@bob:example.org"):
        assert await room.say(name, action=Action.MEMBER_JOINED) == []  # nothing configured: quiet
    await room.say("@ana:example.org", "!role @bob:example.org accueil")
    welcome_reads.clear()
    [told] = await room.say("@dan:example.org", action=Action.MEMBER_JOINED)
    assert told.mentions == ("@dan:example.org", "@bob:example.org")
    assert len(welcome_reads) == 1
    dan = await MembershipRow.get(member="@dan:example.org")
    assert dan.active and dan.welcomed_at is not None

    await room.say("@dan:example.org", action=Action.MEMBER_LEFT)
    assert await room.say("@dan:example.org", action=Action.MEMBER_JOINED) == []  # back within a day
    assert len(welcome_reads) == 2  # one read for each join
    assert (await MembershipRow.get(member="@dan:example.org")).welcomed_at == dan.welcomed_at
    await room.say("@dan:example.org", action=Action.MEMBER_LEFT)
    room.now += timedelta(days=1)
    [again] = await room.say("@dan:example.org", action=Action.MEMBER_JOINED)
    assert again.mentions == ("@dan:example.org", "@bob:example.org")
