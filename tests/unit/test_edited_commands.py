"""Fixing a refused command by editing it (a Matrix `m.replace`, `Inbound.edits`).

An edit runs as a new command only while the message it edits changed nothing: it was
refused, or was no command at all (the bot never had it), and no edit of it ran yet. An
edit of a command that did something is ignored, silently: nothing ever counts twice."""

from __future__ import annotations

import itertools

from helpers import Room, assembly, shown

from core.dispatch import handle
from core.messages import Inbound, Outbound, Platform, RoomId, UserId

_ids = itertools.count(1)


async def typed(room: Room, name: str, text: str, *, edits: str | None = None,
                thread: str | None = None, thread_key: str | None = None) -> tuple[str, list[Outbound]]:
    """(event id, what the room reads) of one message, or of an edit of message `edits`."""
    event_id = f"$m{next(_ids)}"
    inbound = Inbound(platform=Platform(room.platform), room=RoomId(room.room), sender=UserId(room.member_id(name)),
                      event_id=event_id, text=text, edits=edits, thread=thread, thread_key=thread_key)
    return event_id, shown(await handle(room.store.uow, inbound, room.clock.now()) or [])


async def round_room() -> Room:
    room = await assembly("alice", "bob")
    for text in ("!propose Jardin", "!suivant #1", "!suivant #1"):
        await room.say("alice", text)
    return room


def stances(room: Room) -> dict[str, str]:
    return {member: str(p.stance) for (member, _), p in room.proposal(1).positions.items()}


async def test_a_refused_command_fixed_by_an_edit_runs_once_and_later_edits_are_ignored() -> None:
    room = await round_room()
    original, refused = await typed(room, "bob", "!ok #9")
    assert len(refused) == 1 and "#9" in refused[0].text and stances(room) == {}

    edit, answer = await typed(room, "bob", "!ok #1", edits=original)
    assert stances(room) == {"console:bob": "consent"}
    assert len(answer) == 1 and "#1" in answer[0].text
    assert answer[0].reply_to == original  # under the message as the room shows it

    # another edit of the same message: one edit ran already, nothing more happens
    _, again = await typed(room, "bob", "!objection #1 trop cher", edits=original)
    assert again == [] and stances(room) == {"console:bob": "consent"}
    assert room.proposal(1).objections == {}
    # the same edit delivered twice is one event
    assert await handle(room.store.uow, Inbound(Platform("console"), RoomId("salon"), UserId("console:bob"), edit,
                                                text="!ok #1", edits=original), room.clock.now()) is None


async def test_an_edit_of_a_command_that_did_something_is_ignored() -> None:
    room = await round_room()
    original, _ = await typed(room, "bob", "!ok #1")
    _, answer = await typed(room, "bob", "!objection #1 en fait non", edits=original)
    assert answer == [] and stances(room) == {"console:bob": "consent"}
    opened, _ = await typed(room, "alice", "!propose Cantine")
    _, answer = await typed(room, "alice", "!propose Cantine bio", edits=opened)
    assert answer == [] and [p.title for p in room.store.state.proposals.values()] == ["Jardin", "Cantine"]


async def test_a_refused_edit_leaves_the_message_open_to_the_next_edit() -> None:
    room = await round_room()
    original, _ = await typed(room, "bob", "!okk #1")  # unknown command
    _, refused = await typed(room, "bob", "!ok #8", edits=original)
    assert len(refused) == 1 and "#8" in refused[0].text and stances(room) == {}
    _, answer = await typed(room, "bob", "!ok #1", edits=original)
    assert len(answer) == 1 and stances(room) == {"console:bob": "consent"}


async def test_an_edit_of_a_message_the_bot_never_had_runs_once() -> None:
    room = await round_room()
    never_seen = "$plain-chat"  # "ok pour moi", edited into a command: no command, nothing changed
    _, answer = await typed(room, "bob", "!ok #1", edits=never_seen)
    assert len(answer) == 1 and stances(room) == {"console:bob": "consent"}
    _, again = await typed(room, "bob", "!objection #1 non", edits=never_seen)
    assert again == [] and room.proposal(1).objections == {}


async def test_an_edit_keeps_the_thread_of_the_message_it_edits() -> None:
    room = await round_room()
    # typed in #1's thread, the number is not needed; a wrong verb is refused
    original, _ = await typed(room, "bob", "!okay", thread="$root", thread_key="proposal:1")
    _, answer = await typed(room, "bob", "!ok", edits=original, thread="$root", thread_key="proposal:1")
    assert len(answer) == 1 and stances(room) == {"console:bob": "consent"}
