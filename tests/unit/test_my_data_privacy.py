"""`!mes-donnees` posts the member's file in the room: for an anonymous round it shows that
they took part, never what they chose, and says why; the answer says the room sees it."""

from __future__ import annotations

import json

from helpers import Room

from core.i18n import translate


async def test_my_data_in_an_anonymous_round_shows_only_that_i_took_part() -> None:
    room = Room()
    for name in ("alice", "bob", "carol"):
        await room.say(name, "!join")
    await room.say("alice", '!proposer --methode vote --anonyme --options "Pour | Contre" Exclusion d\'un membre')
    await room.say("alice", '!proposer --methode vote --options "Pour | Contre" Cantine')
    await room.say("bob", "!vote #1 Contre")
    await room.say("bob", "!vote #2 Pour")
    outs = await room.say("bob", "!mes-donnees")
    [out] = [o for o in outs if o.attachment]
    assert "Tout le salon voit ce fichier" in out.text
    assert "Contre" not in (out.attachment or "")
    anonymous, public = json.loads(out.attachment or "")["proposals"]
    assert anonymous["positions"] == [{"version": 1}]
    assert anonymous["anonymous"] == translate("member.export_anonymous", "fr")
    assert public["positions"] == [{"version": 1, "position": "vote", "reason": "", "option": "Pour"}]
    assert "anonymous" not in public


async def test_my_data_says_when_i_joined_and_when_the_room_welcomed_me() -> None:
    room = Room()
    await room.say("alice", "!join")
    await room.say("alice", "!bienvenue Ici on décide au consentement.")
    await room.say("bob", "!join")  # welcomed with the assembly's text
    [out] = [o for o in await room.say("bob", "!mes-donnees") if o.attachment]
    data = json.loads(out.attachment or "")
    assert data["joined_at"] and data["welcomed_at"]
    [mine] = [o for o in await room.say("alice", "!mes-donnees") if o.attachment]
    assert json.loads(mine.attachment or "")["welcomed_at"] is None  # the first member: no welcome text yet
