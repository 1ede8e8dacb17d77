"""A round's positions changed otherwise than by a press on its message (typed, recorded for
someone, an objection withdrawn, a reaction removed): the core marks it with a ROUND_TALLY
that networks which drew buttons under the round's call act on, as after a press. It is
written only for the networks the storage names (the pipeline names those whose adapters
redraw round messages: Telegram, Discord); here the console room stands for one of them."""

from __future__ import annotations

from helpers import Room
from helpers import assembly as plain_assembly
from test_proposal_consent import consent_round

from core.messages import (
    ROUND_CLOSED_EXTRA,
    ROUND_VERSION_EXTRA,
    TALLY_EXTRA,
    Action,
    Outbound,
    OutboundKind,
)


async def assembly(*names: str) -> Room:
    """A room whose round messages are redrawn, where each of `names` has joined."""
    room = await plain_assembly(*names)
    room.store.round_platforms = frozenset({"console"})
    return room


def redraws(room: Room) -> list[Outbound]:
    return [o for o in room.everything if o.kind is OutboundKind.ROUND_TALLY]


def call_of(room: Room) -> Outbound:
    """The round's call as the last `say` wrote it (the message with the buttons)."""
    [call] = [o for o in room.everything if o.kind is OutboundKind.CONSENT_PROMPT]
    return call


async def test_a_typed_position_redraws_the_call_with_the_tally_and_its_buttons() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("alice", "!propose Jardin partagé\nOn cultive le terrain ensemble.")
    await room.say("alice", "!next #1")
    await room.say("alice", "!next #1")
    call = call_of(room)
    [noted] = await room.say("bob", "!consent #1")
    assert "bob" in noted.text and noted.reply_to  # the confirmation, as before
    (redraw,) = redraws(room)
    assert room.everything.index(redraw) > room.everything.index(noted)
    assert (redraw.text, redraw.buttons, redraw.thread_key) == (call.text, call.buttons, "proposal:1")
    assert redraw.reply_to is None and ROUND_CLOSED_EXTRA not in redraw.extra
    assert redraw.extra[ROUND_VERSION_EXTRA] == "1"
    assert redraw.extra[TALLY_EXTRA] == "Positions : 1/3 — consentement 1"
    await room.say("bob", "!abstention #1")  # a changed position
    assert redraws(room)[0].extra[TALLY_EXTRA] == "Positions : 1/3 — abstention 1"


async def test_a_press_carries_its_tally_in_its_confirmation_and_needs_no_redraw() -> None:
    room = await assembly("alice", "bob", "carol")
    await consent_round(room)
    [noted] = await room.say("bob", "", action=Action.BUTTON, payload="consent #1 --version 1")
    assert noted.extra[TALLY_EXTRA] == "Positions : 1/3 — consentement 1"
    assert redraws(room) == []


async def test_the_position_that_closes_the_round_leaves_the_redraw_to_its_close() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room)
    await room.say("alice", "!consent #1")
    assert len(redraws(room)) == 1
    await room.say("bob", "!consent #1")
    assert redraws(room) == []
    assert [o.kind for o in room.everything].count(OutboundKind.ROUND_CLOSE) == 1


async def test_no_redraw_before_the_round_opens_nor_for_a_refused_position() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!propose Jardin partagé")
    await room.say("bob", "!consent #1")
    assert redraws(room) == []
    await room.say("alice", "!next #1")
    await room.say("alice", "!next #1")
    await room.say("zed", "!consent #1")  # not a member: refused, nothing changed
    assert redraws(room) == []


async def test_withdrawn_objection_removed_reaction_and_recorded_position_redraw_too() -> None:
    room = await assembly("alice", "bob", "carol")
    await consent_round(room)
    await room.say("bob", "!objection #1 Pas d'eau")
    await room.say("bob", "!lever #1")
    (redraw,) = redraws(room)
    assert redraw.extra[TALLY_EXTRA] == "Aucune position (sur 3 membres appelés)."
    await room.say("carol", "", action=Action.BUTTON, payload="consent #1 --version 1")
    await room.say("carol", "", action=Action.UNDO, payload="consent #1 --version 1")  # a reaction removed
    (redraw,) = redraws(room)
    assert redraw.extra[TALLY_EXTRA] == "Aucune position (sur 3 membres appelés)."
    await room.say("alice", "!noter #1 @bob abstention")
    (redraw,) = redraws(room)
    assert redraw.extra[TALLY_EXTRA] == "Positions : 1/3 — abstention 1"


async def test_anonymous_and_hidden_rounds_are_redrawn_with_only_how_many_took_part() -> None:
    room = await assembly("alice", "bob", "carol")
    await consent_round(room, flags="--anonymous")
    await room.say("bob", "!objection #1 Pas d'eau")
    (redraw,) = redraws(room)
    assert redraw.extra[TALLY_EXTRA] == "Positions : 1/3 (anonyme : le détail à la clôture)"
    await room.say("alice", '!propose --method vote --options "Salle | Parc" --hide-results Local')
    await room.say("bob", "!vote #2 Parc")
    (redraw,) = redraws(room)
    assert redraw.extra[TALLY_EXTRA] == "Positions : 1/3 (résultats masqués jusqu'à la clôture)"
    assert "Parc" not in redraw.extra[TALLY_EXTRA]


async def test_no_redraw_is_written_for_a_network_whose_rounds_have_no_buttons() -> None:
    room = await plain_assembly("alice", "bob", "carol")  # as the console, Matrix, the webhooks
    await consent_round(room)
    [noted] = await room.say("bob", "!consent #1")
    assert "bob" in noted.text
    assert redraws(room) == [] and len(room.everything) == 1
