"""`!status` without a number is one message: the proposals under way, then the meetings to
come, the open tensions and the mandates under way, each part only when it has something."""

from __future__ import annotations

from tests.unit.helpers import assembly


async def test_the_overview_is_one_message_with_every_part() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!proposer Jardin partagé")
    await room.say("alice", "!reunion AG 2030-12-01 18:30")
    await room.say("bob", "!tension Le local est trop froid")
    await room.say("alice", "!role @bob accueil --mandat 6m")
    [overview] = await room.say("bob", "!etat")
    parts = overview.text.split("\n\n")
    assert "#1" in parts[0] and "Jardin partagé" in parts[0]
    assert any("AG" in part for part in parts[1:])
    assert any("1 tension ouverte" in part for part in parts[1:])
    assert any("Mandats en cours" in part and "bob" in part for part in parts[1:])


async def test_an_overview_with_nothing_more_is_the_proposals_alone() -> None:
    room = await assembly("alice")
    [overview] = await room.say("alice", "!etat")
    assert "Aucune proposition en cours" in overview.text and "\n\n" not in overview.text
