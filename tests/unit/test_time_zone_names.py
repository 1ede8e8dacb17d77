"""`!tz` reads a zone name whatever its case (`europe/paris` is Europe/Paris) and answers
with the name as the time zone database spells it."""

from __future__ import annotations

from helpers import Room

from core.i18n import translate


async def test_time_zone_names_whatever_their_case() -> None:
    room = Room()
    await room.say("alice", "!join")
    outs = await room.say("alice", "!tz europe/paris")
    assert outs[0].text == translate("tz.set", "fr", tz="Europe/Paris")
    outs = await room.say("alice", "!fuseau AMERICA/NEW_YORK")
    assert outs[0].text == translate("tz.set", "fr", tz="America/New_York")
    (assembly_id,) = room.store.state.assemblies
    assert room.store.state.assemblies[assembly_id].members["console:alice"].timezone == "America/New_York"
    outs = await room.say("alice", "!tz Mars/Olympus")
    assert outs[0].text == translate("tz.unknown", "fr", tz="Mars/Olympus")
