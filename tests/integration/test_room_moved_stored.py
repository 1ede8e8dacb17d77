"""A Telegram group that becomes a supergroup gets a new chat id: its assembly follows it, with
what was still to be delivered there (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

from core.dispatch import handle
from core.messages import Action, Inbound, Platform, RoomId, UserId
from storage import onetrip
from storage.models import AssemblyRow, MembershipRow, OutboxRow, ThreadRootRow
from tests.integration.test_welcome_storage import Room

OLD, NEW = "-4001", "-1005550001"


async def move(room: Room, old: str = OLD, new: str = NEW) -> None:
    room.now += timedelta(seconds=1)
    inbound = Inbound(Platform("telegram"), RoomId(new), UserId("telegram:network"), f"moved:{old}:{new}",
                      action=Action.ROOM_MOVED, payload=old)
    await onetrip.run(lambda client: handle(lambda: room.uow(client), inbound, room.now))


async def test_the_assembly_follows_the_new_id_with_its_pending_messages(storage: str) -> None:
    group = Room(storage, "telegram", OLD)
    await group.say("ana", "!join")
    await group.say("bob", "!join")
    await group.say("ana", "!proposer Jardin\nTexte")
    await ThreadRootRow.create(platform="telegram", room=OLD, thread_key="proposal:1", message_id="77")
    pending = await OutboxRow.filter(room=OLD, status="pending").count()
    assert pending
    # someone spoke in the supergroup before its first message told of the move
    supergroup = Room(storage, "telegram", NEW)
    supergroup.count = 100
    await supergroup.say("lou", "!join")

    await move(group)
    await move(group)  # told twice (the old group's last message, the supergroup's first): once
    assert not await AssemblyRow.filter(room=OLD).exists()
    [row] = await AssemblyRow.filter(room=NEW)
    members = await MembershipRow.filter(assembly_id=row.id).order_by("member").values_list("member", flat=True)
    assert members == ["telegram:ana", "telegram:bob", "telegram:lou"]
    moved = await OutboxRow.filter(room=NEW, status="pending")
    assert len(moved) >= pending and all(r.payload["room"] == NEW for r in moved)
    assert not await OutboxRow.filter(room=OLD, status="pending").exists()
    assert not await ThreadRootRow.filter(room=OLD).exists()

    supergroup.now = group.now
    [status] = await supergroup.say("bob", "!etat")
    assert "#1" in status.text and "Jardin" in status.text


async def test_who_joined_under_the_new_id_meanwhile_brings_no_role_along(storage: str) -> None:
    group = Room(storage, "telegram", OLD)
    await group.say("ana", "!join")  # the assembly's facilitator
    supergroup = Room(storage, "telegram", NEW)
    supergroup.count = 100
    await supergroup.say("lou", "!join")  # the first member there: its facilitator, meanwhile
    assert (await MembershipRow.get(member="telegram:lou")).roles
    await move(group)
    [row] = await AssemblyRow.filter(room=NEW)
    roles = dict(await MembershipRow.filter(assembly_id=row.id).values_list("member", "roles"))
    assert roles["telegram:lou"] == [] and roles["telegram:ana"]
    assert (await MembershipRow.get(member="telegram:lou")).mandates == {}


async def test_a_new_id_with_items_of_its_own_is_not_merged(storage: str) -> None:
    group = Room(storage, "telegram", OLD)
    await group.say("ana", "!join")
    await group.say("ana", "!proposer Jardin\nTexte")
    supergroup = Room(storage, "telegram", NEW)
    supergroup.count = 100
    await supergroup.say("lou", "!join")
    await supergroup.say("lou", "!tension Il fait froid")
    await move(group)
    assert await AssemblyRow.filter(room=OLD).exists() and await AssemblyRow.filter(room=NEW).exists()
