"""A member who leaves the assembly (by a command, by leaving a Matrix room, or by asking to be
forgotten) no longer holds roles in meetings to come: the room hears which role of which
meeting is free, with the command that hands it on. Meetings already held keep who served."""

from __future__ import annotations

from datetime import timedelta

from core.messages import Action
from core.schedule_app.fakes import scheduling_state
from core.scheduling.roles import MeetingRole
from tests.unit.helpers import Room


def roles(room: Room, number: int) -> dict[MeetingRole, str]:
    """Who holds which role in meeting `number` (its one-off occurrence), as stored."""
    (stored,) = [s for (_, n), s in scheduling_state(room.store.state).meetings.items() if n == number]
    return {a.role: a.member for a in stored.occurrences[""].meeting.roles}


async def two_meetings(room: Room, lang: str, matrix: bool = False) -> None:
    """Meeting #1, later this morning (then over), and meeting #2, tomorrow; bob facilitates
    #1, and takes the notes and keeps the time of #2. The clock then moves past #1."""
    alice, bob, carol = (f"@{n}:example.org" if matrix else n for n in ("alice", "bob", "carol"))
    for name in (alice, bob, carol):
        await room.say(name, "!join")
    await room.say(alice, f"!lang {lang}")
    await room.say(alice, "!meeting Morning 2026-11-23 11:00-12:00")  # now: Mon 23 Nov, 10:00 Paris
    await room.say(alice, "!meeting Assembly 2026-11-24 19:00-21:00")
    bob_, carol_ = (name if matrix else "@" + name for name in (bob, carol))
    await room.say(alice, f"!swap #1 facilitator {bob_}")
    await room.say(alice, f"!swap #2 note-taker {bob_}")
    await room.say(alice, f"!swap #2 time-keeper {bob_}")
    await room.say(alice, f"!swap #2 facilitator {carol_}")
    room.clock.advance(timedelta(hours=3))  # meeting #1 is over


async def test_leaving_frees_the_roles_of_meetings_to_come_in_english() -> None:
    room = Room()
    await two_meetings(room, "en")
    (left,) = await room.say("bob", "!leave")
    assert left.text.startswith("bob left the assembly.")
    assert ("The note-taking role of meeting #2 is free: !swap #2 note-taker @member to hand it on. "
            "The time-keeping role of meeting #2 is free: !swap #2 time-keeper @member to hand it on.") in left.text
    assert "#1" not in left.text
    assert roles(room, 2) == {MeetingRole.FACILITATOR: "console:carol"}
    assert roles(room, 1) == {MeetingRole.FACILITATOR: "console:bob"}  # held already: history
    # The command given works as it is.
    taken = await room.text("carol", "!swap #2 note-taker @carol")
    assert "carol takes note-taking, which was free" in taken


async def test_leaving_frees_the_roles_of_meetings_to_come_in_french() -> None:
    room = Room()
    await two_meetings(room, "fr")
    (left,) = await room.say("bob", "!quitter")
    assert ("Le rôle prise de notes de la réunion #2 est libre : !echanger #2 prise-de-notes @membre pour le "
            "confier.") in left.text
    assert "Le rôle gardien·ne du temps de la réunion #2 est libre : !echanger #2 gardien-du-temps @membre" in left.text
    taken = await room.text("carol", "!echanger #2 gardien-du-temps @carol")
    assert "carol prend le rôle gardien·ne du temps, qui était libre" in taken
    assert roles(room, 1) == {MeetingRole.FACILITATOR: "console:bob"}


async def test_leaving_a_matrix_room_frees_the_roles_and_the_room_is_told() -> None:
    room = Room(platform="matrix", room="!abc:example.org")
    await two_meetings(room, "en", matrix=True)
    (told,) = await room.say("@bob:example.org", "", action=Action.MEMBER_LEFT)
    assert told.text.startswith("@bob:example.org left the assembly.")
    assert "The note-taking role of meeting #2 is free: !swap #2 note-taker @member" in told.text
    assert roles(room, 2) == {MeetingRole.FACILITATOR: "@carol:example.org"}


async def test_being_forgotten_frees_the_roles_to_come_and_pseudonymises_the_ones_served() -> None:
    room = Room()
    await two_meetings(room, "en")
    (forgotten,) = await room.say("bob", "!forget-me confirm")
    assert "The time-keeping role of meeting #2 is free: !swap #2 time-keeper @member" in forgotten.text
    assert roles(room, 2) == {MeetingRole.FACILITATOR: "console:carol"}
    (served,) = roles(room, 1).values()
    assert served != "console:bob" and "bob" not in served


async def test_leaving_without_roles_to_come_says_nothing_of_meetings() -> None:
    room = Room()
    await two_meetings(room, "en")
    (left,) = await room.say("alice", "!leave")  # alice holds no meeting role
    assert "meeting" not in left.text
    assert roles(room, 2)[MeetingRole.NOTE_TAKER] == "console:bob"
