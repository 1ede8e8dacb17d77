"""Welcoming newcomers through the core with the in-memory fakes: the assembly's welcome
text (`!welcome` / `!bienvenue`), what a new member is told (the text, the newcomer
coordinators mentioned, the first steps), and the welcome on a room join (Matrix), which
is said only where the assembly asked for it, and once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from helpers import Room, assembly

from core.i18n import translate
from core.messages import Action
from core.welcome import REWELCOME_AFTER, WELCOME_MAX

TEXT = "Nous nous réunissons le mardi à 19h.\nLisez d'abord la charte épinglée."


def welcome_events(room: Room) -> list[tuple[str, str, str]]:
    return [(subject, kind, member) for _, subject, kind, member, _, _ in room.store.state.assembly_events]


# ---- !welcome: show, set, remove ------------------------------------------------------------


async def test_a_facilitator_sets_shows_and_removes_the_text() -> None:
    room = await assembly("alice", "bob")
    assert await room.text("bob", "!bienvenue") == translate("welcome.none", "fr")
    assert await room.text("alice", f"!bienvenue {TEXT}") == translate("welcome.set", "fr")
    shown = await room.text("bob", "!bienvenue")
    assert shown.endswith(TEXT)  # multi-line, kept as typed
    assert "alice" in shown and "23 nov. 2026" in shown  # who set it, when
    assert welcome_events(room) == [("welcome", "set", "console:alice")]
    assert await room.text("alice", "!bienvenue retirer") == translate("welcome.removed", "fr")
    assert await room.text("bob", "!bienvenue") == translate("welcome.none", "fr")
    assert welcome_events(room)[-1] == ("welcome", "removed", "console:alice")


async def test_a_newcomer_coordinator_sets_the_text_in_english() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!lang en")
    await room.say("alice", "!role @bob newcomer-coordinator")
    assert await room.text("bob", "!welcome Hello there -- we meet on Tuesdays.") == translate("welcome.set", "en")
    assert (await room.text("alice", "!welcome")).endswith("Hello there -- we meet on Tuesdays.")
    assert await room.text("bob", "!welcome remove") == translate("welcome.removed", "en")


@pytest.mark.parametrize("typed", ["!bienvenue Coucou", "!bienvenue retirer", "!welcome remove"])
async def test_other_members_may_not_change_the_text(typed: str) -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", f"!bienvenue {TEXT}")
    before = dict(room.store.state.welcomes)
    assert await room.text("bob", typed) == translate("welcome.not_allowed", "fr")
    assert room.store.state.welcomes == before
    assert len(welcome_events(room)) == 1


async def test_bad_inputs_change_nothing() -> None:
    room = await assembly("alice")
    assert await room.text("alice", "!bienvenue retirer") == translate("welcome.nothing_to_remove", "fr")
    long = "x" * (WELCOME_MAX + 1)
    assert await room.text("alice", f"!bienvenue {long}") == translate(
        "welcome.too_long", "fr", given=WELCOME_MAX + 1, max=WELCOME_MAX)
    assert room.store.state.welcomes == {}
    assert welcome_events(room) == []


async def test_forgetting_the_author_keeps_the_text_without_their_name() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!role @bob accueil")
    await room.say("bob", f"!bienvenue {TEXT}")
    await room.say("bob", "!oublier confirmer")
    shown = await room.text("alice", "!bienvenue")
    assert shown.endswith(TEXT) and "bob" not in shown


async def test_the_welcome_text_is_not_in_the_members_own_data() -> None:
    room = await assembly("alice")
    await room.say("alice", f"!bienvenue {TEXT}")
    (export,) = await room.say("alice", "!mes-donnees")
    assert export.attachment is not None and "réunissons" not in export.attachment


# ---- !join: what a new member is told ---------------------------------------------------------


async def test_join_without_text_or_coordinator_is_as_before() -> None:
    room = await assembly("alice")
    assert await room.text("bob", "!rejoindre") == translate("member.joined", "fr", member="bob", count=2,
                                                                under_way="")


async def test_join_with_text_and_coordinators_in_french() -> None:
    room = await assembly("alice", "lou", "sam")
    await room.say("alice", "!role @lou accueil")
    await room.say("alice", "!role @sam accueil")
    await room.say("alice", f"!bienvenue {TEXT}")
    await room.say("alice", "!proposer Jardin partagé")
    (told,) = await room.say("bob", "!rejoindre")
    assert told.text.startswith(translate("welcome.joined", "fr", member="bob", count=4))
    assert TEXT in told.text
    assert "lou et sam s'occupent de l'accueil : écrivez-leur." in told.text
    assert "!aide" in told.text and "!etat" in told.text
    assert translate("member.under_way", "fr", count=1) in told.text  # what is under way, as before
    assert told.mentions == ("console:lou", "console:sam")
    assert told.reply_to is not None  # the answer to the command


async def test_join_with_one_coordinator_and_no_text_in_english() -> None:
    room = await assembly("alice", "lou")
    await room.say("alice", "!lang en")
    await room.say("alice", "!role @lou newcomer-coordinator")
    (told,) = await room.say("bob", "!join")
    assert told.text == "\n\n".join((
        translate("welcome.joined", "en", member="bob", count=3),
        "lou looks after newcomers: write to them.",
        translate("welcome.first_steps", "en", under_way=""),
    ))
    assert told.mentions == ("console:lou",)


async def test_a_coordinator_who_left_is_not_named() -> None:
    room = await assembly("alice", "lou")
    await room.say("alice", "!role @lou accueil")
    await room.say("lou", "!quitter")
    (told,) = await room.say("bob", "!rejoindre")
    assert "lou" not in told.text and told.mentions == ()


# ---- joining the room (Matrix): opt-in, once -------------------------------------------------

MATRIX_ROOM = "!salle:example.org"


async def matrix_room(*names: str) -> Room:
    room = Room(platform="matrix", room=MATRIX_ROOM)
    for name in names:
        assert await room.say(name, "", action=Action.MEMBER_JOINED) == []
    return room


async def test_a_room_that_configured_nothing_stays_quiet() -> None:
    room = await matrix_room("@alice:example.org", "@bob:example.org", "@carol:example.org")
    assert await room.say("@dan:example.org", "", action=Action.MEMBER_JOINED) == []
    # one read of the welcome per newcomer, none more
    assert room.store.state.welcome_reads == 4
    assert await room.say("@dan:example.org", "", action=Action.MEMBER_JOINED) == []  # a member already
    assert room.store.state.welcome_reads == 4


async def test_a_room_join_is_welcomed_where_a_coordinator_looks_after_newcomers() -> None:
    room = await matrix_room("@alice:example.org", "@lou:example.org")
    await room.say("@alice:example.org", "!role @lou:example.org accueil")
    (told,) = await room.say("@dan:example.org", "", action=Action.MEMBER_JOINED)
    assert told.text.startswith(translate("welcome.joined", "fr", member="@dan:example.org", count=3))
    assert "@lou:example.org s'occupe de l'accueil : écrivez-lui." in told.text
    assert told.mentions == ("@dan:example.org", "@lou:example.org")  # the newcomer is told too
    assert told.reply_to is None  # nobody typed anything: no answer to a membership event


async def test_a_room_join_is_welcomed_where_there_is_a_text() -> None:
    room = await matrix_room("@alice:example.org")
    await room.say("@alice:example.org", "!lang en")
    await room.say("@alice:example.org", f"!welcome {TEXT}")
    (told,) = await room.say("@dan:example.org", "", action=Action.MEMBER_JOINED)
    assert TEXT in told.text and "First steps" in told.text
    assert told.mentions == ("@dan:example.org",)


async def test_no_welcome_twice_within_a_day_again_after() -> None:
    room = await matrix_room("@alice:example.org")
    await room.say("@alice:example.org", f"!bienvenue {TEXT}")
    assert len(await room.say("@dan:example.org", "", action=Action.MEMBER_JOINED)) == 1
    reads = room.store.state.welcome_reads
    # a join event for someone who is a member already (a new display name, a snapshot) says
    # nothing, and reads nothing
    assert await room.say("@dan:example.org", "", action=Action.MEMBER_JOINED) == []
    assert room.store.state.welcome_reads == reads
    await room.say("@dan:example.org", "", action=Action.MEMBER_LEFT)
    room.clock.advance(REWELCOME_AFTER - timedelta(minutes=1))
    assert await room.say("@dan:example.org", "", action=Action.MEMBER_JOINED) == []
    assert room.store.state.welcome_reads == reads + 1  # one read, the welcome with their last one
    await room.say("@dan:example.org", "", action=Action.MEMBER_LEFT)
    room.clock.advance(timedelta(minutes=2))
    assert len(await room.say("@dan:example.org", "", action=Action.MEMBER_JOINED)) == 1


async def test_explicit_join_on_matrix_always_answers() -> None:
    room = await matrix_room("@alice:example.org")
    await room.say("@alice:example.org", f"!bienvenue {TEXT}")
    await room.say("@dan:example.org", "", action=Action.MEMBER_JOINED)
    await room.say("@dan:example.org", "", action=Action.MEMBER_LEFT)
    (told,) = await room.say("@dan:example.org", "!rejoindre")
    assert TEXT in told.text


async def test_someone_added_to_a_telegram_group_is_welcomed_too() -> None:
    room = Room(platform="telegram", room="-100123")
    await room.say("1", "!rejoindre")
    await room.say("2", "!rejoindre")
    await room.say("1", "!role @telegram:2 accueil")
    (told,) = await room.say("3", "", action=Action.MEMBER_JOINED)
    assert "2 s'occupe de l'accueil" in told.text
    assert told.mentions == ("telegram:3", "telegram:2")
