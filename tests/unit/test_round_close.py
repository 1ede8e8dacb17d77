"""A round's call loses its buttons however the round ends, and when a newer version replaces
it: the core marks it with a ROUND_CLOSE that networks which drew buttons act on."""

from __future__ import annotations

from datetime import timedelta

from helpers import Room
from test_proposal_consent import assembly, consent_round

from core.messages import (
    ROUND_CLOSED_EXTRA,
    ROUND_VERSION_EXTRA,
    TALLY_EXTRA,
    Outbound,
    OutboundKind,
)


def closes(room: Room) -> list[Outbound]:
    return [o for o in room.everything if o.kind is OutboundKind.ROUND_CLOSE]


async def test_a_typed_consent_that_adopts_closes_the_call() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room)
    await room.say("alice", "!consent #1")
    assert closes(room) == []
    await room.say("bob", "!consent #1")
    (close,) = closes(room)
    assert close.thread_key == "proposal:1" and close.reply_to is None
    assert close.text.startswith("🗳️ Tour de consentement sur #1 « Jardin partagé » (version 1")
    assert close.extra[ROUND_VERSION_EXTRA] == "1" and close.extra[ROUND_CLOSED_EXTRA] == "1"
    assert close.extra[TALLY_EXTRA] == "Tour clos : proposition adoptée. Positions : 2/2 — consentement 2"
    assert room.everything.index(close) == len(room.everything) - 1  # after the announcement


async def test_the_deadline_and_a_withdrawal_close_the_call_too() -> None:
    room = await assembly("alice", "bob", "carol")
    await consent_round(room, flags="--deadline 2d")
    await room.say("bob", "!consent #1")
    await room.advance(timedelta(days=3))
    (close,) = closes(room)
    assert close.extra[TALLY_EXTRA].startswith("Tour clos : proposition ")
    assert "Positions : 1/3" in close.extra[TALLY_EXTRA]
    await consent_round(room, title="Compost")
    await room.say("alice", "!withdraw #2")
    (close,) = closes(room)
    assert close.thread_key == "proposal:2" and "retirée" in close.extra[TALLY_EXTRA]


async def test_a_proposal_withdrawn_before_its_round_has_no_call_to_close() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!propose Jardin")
    await room.say("alice", "!withdraw #1")
    assert closes(room) == []


async def test_an_amendment_closes_the_call_of_the_replaced_version_before_the_new_call() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room)
    await room.say("bob", "!object #1 Pas d'eau")
    await room.say("alice", "!amend #1 Avec un récupérateur d'eau.")
    (close,) = closes(room)
    assert "(version 1" in close.text and close.extra[ROUND_VERSION_EXTRA] == "1"
    assert close.extra[TALLY_EXTRA] == (
        "Version remplacée : #1 en est à la version 2, les positions se donnent sous son nouveau message.")
    kinds = [o.kind for o in room.everything]
    assert kinds.index(OutboundKind.ROUND_CLOSE) < kinds.index(OutboundKind.CONSENT_PROMPT)
    call = room.everything[kinds.index(OutboundKind.CONSENT_PROMPT)]
    assert call.extra[ROUND_VERSION_EXTRA] == "2"


async def test_a_refusal_is_marked_so_that_a_network_can_show_it_to_one_person() -> None:
    from core.messages import REFUSAL_EXTRA

    room = await assembly("alice", "bob")
    await consent_round(room)
    [refused] = await room.say("zed", "!consent #1")
    assert refused.extra.get(REFUSAL_EXTRA) == "1" and "!rejoindre" in refused.text
    [noted] = await room.say("bob", "!consent #1")
    assert REFUSAL_EXTRA not in noted.extra
