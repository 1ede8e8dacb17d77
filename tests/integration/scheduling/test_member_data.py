"""`!mes-donnees` gives a member everything of theirs, scheduling included, on SQLite and
PostgreSQL: time-poll answers, RSVPs, agenda items, minute notes; nobody else's."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from .conftest import Bot, members

BEFORE = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


async def my_data(bot: Bot, name: str) -> dict:  # type: ignore[type-arg]
    [answer] = [o for o in await bot.say(name, "!mes-donnees") if o.attachment]
    assert answer.attachment_name == "mes-donnees.json"
    return json.loads(answer.attachment or "")  # type: ignore[no-any-return]


async def test_my_data_holds_my_scheduling(bot: Bot) -> None:
    bot.clock.set(BEFORE)
    await members(bot, "alice", "bob")
    await bot.say("alice", '!schedule Fête --slots "2026-12-05 10:00-12:00 | 2026-12-06 10:00-12:00"')
    await bot.say("bob", "!avail #1 1=oui 2=non")
    await bot.say("alice", "!avail #1 1=oui 2=oui")
    await bot.say("alice", "!reunion AG de quartier 2026-11-23 10:00-12:00")
    await bot.say("bob", "!present #2 oui")
    await bot.say("bob", "!odj #2 ajouter Budget du jardin")
    await bot.say("alice", "!note #2 Début à 10 h 05")
    await bot.say("bob", "!note #2 Bob prend la parole")

    data = await my_data(bot, "bob")
    scheduling = data["scheduling"]
    [answers] = scheduling["time_poll_answers"]
    assert answers["poll"] == 1 and answers["title"] == "Fête"
    assert [(a["start"], a["answer"]) for a in answers["answers"]] == [
        ("2026-12-05T09:00:00+00:00", "yes"), ("2026-12-06T09:00:00+00:00", "no")]
    assert [(r["meeting"], r["answer"]) for r in scheduling["rsvps"]] == [(2, "yes")]
    assert [(i["meeting"], i["item"]) for i in scheduling["agenda_items"]] == [(2, "Budget du jardin")]
    assert [n["text"] for n in scheduling["notes"]] == ["Bob prend la parole"]  # alice's note is hers
    assert datetime.fromisoformat(scheduling["rsvps"][0]["answered_at"]).tzinfo is not None

    alice = (await my_data(bot, "alice"))["scheduling"]
    assert [n["text"] for n in alice["notes"]] == ["Début à 10 h 05"]
    assert alice["rsvps"] == [] and alice["agenda_items"] == []
    assert [a["answer"] for a in alice["time_poll_answers"][0]["answers"]] == ["yes", "yes"]


async def test_my_data_holds_my_time_zone_and_the_meeting_roles_i_served(bot: Bot) -> None:
    bot.clock.set(BEFORE)
    await members(bot, "alice", "bob")
    await bot.say("bob", "!fuseau America/Montreal")
    await bot.say("alice", "!reunion AG de quartier 2026-11-30 18:00-20:00")
    await bot.say("bob", "!echanger #1 secretaire")
    await bot.say("alice", "!echanger #1 gardien du temps")

    bob = await my_data(bot, "bob")
    assert bob["timezone"] == "America/Montreal"
    roles = [(r["meeting"], r["title"], r["role"]) for r in bob["scheduling"]["meeting_roles"]]
    assert roles == [(1, "AG de quartier", "note_taker")]
    served = datetime.fromisoformat(bob["scheduling"]["meeting_roles"][0]["served_at"])
    assert served == datetime(2026, 11, 30, 17, 0, tzinfo=UTC)  # the meeting's start, 18:00 in Paris

    alice = await my_data(bot, "alice")
    assert alice["timezone"] is None  # the room's zone, never set by alice
    assert "note_taker" not in [r["role"] for r in alice["scheduling"]["meeting_roles"]]
    assert "time_keeper" in [r["role"] for r in alice["scheduling"]["meeting_roles"]]
