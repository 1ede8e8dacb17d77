"""`!mes-donnees` with the in-memory fakes: the member's own time zone and the meeting roles
they served are in the file, as on real storage; nobody else's."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from tests.unit.helpers import Room


async def my_data(room: Room, name: str) -> dict[str, Any]:
    [out] = [o for o in await room.say(name, "!mes-donnees") if o.attachment]
    assert out.attachment_name == "mes-donnees.json"
    data: dict[str, Any] = json.loads(out.attachment or "")
    return data


async def test_time_zone_and_meeting_roles_in_my_data() -> None:
    room = Room(start=datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
    for name in ("alice", "bob"):
        await room.say(name, "!join")
    await room.say("bob", "!fuseau America/Montreal")
    await room.say("alice", "!reunion AG de quartier 2026-11-30 18:00-20:00")
    await room.say("bob", "!echanger #1 secretaire")
    await room.say("alice", "!echanger #1 gardien du temps")

    bob = await my_data(room, "bob")
    assert bob["timezone"] == "America/Montreal"
    [served] = bob["scheduling"]["meeting_roles"]
    assert (served["meeting"], served["title"], served["role"]) == (1, "AG de quartier", "note_taker")
    assert datetime.fromisoformat(served["served_at"]) == datetime(2026, 11, 30, 17, 0, tzinfo=UTC)

    alice = await my_data(room, "alice")
    assert alice["timezone"] is None
    assert "time_keeper" in [r["role"] for r in alice["scheduling"]["meeting_roles"]]
    assert "note_taker" not in [r["role"] for r in alice["scheduling"]["meeting_roles"]]
