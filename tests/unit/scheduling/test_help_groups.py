"""`!help` lists every command once: each verb the parser knows sits in exactly one help group,
and the listing shows its usage in the room's language."""

from __future__ import annotations

from collections import Counter

import pytest

from core.commands import ALIASES
from core.i18n import translate
from core.member_handlers import HELP_GROUPS
from tests.unit.helpers import Room


def test_every_verb_is_in_exactly_one_help_group() -> None:
    listed = Counter(verb for _, verbs in HELP_GROUPS for verb in verbs)
    assert sorted(v for v in ALIASES if listed[v] != 1) == []
    assert sorted(v for v in listed if v not in ALIASES) == []  # no group names an unknown verb


def test_the_scheduling_group_holds_the_scheduling_verbs() -> None:
    [scheduling] = [verbs for key, verbs in HELP_GROUPS if key == "help.group_scheduling"]
    assert {"schedule", "avail", "finalize", "meeting", "rsvp", "agenda", "note", "ics", "swap", "round",
            "record", "minutes", "cancel", "reschedule", "reminders"} <= set(scheduling)


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_help_shows_every_verb_in_the_room_language(lang: str) -> None:
    room = Room()
    await room.say("alice", "!join")
    if lang == "en":
        await room.say("alice", "!lang en")
    text = await room.text("alice", "!help")
    for _, verbs in HELP_GROUPS:
        for verb in verbs:
            usage = translate(f"usage.{verb}", lang)
            assert usage.startswith("!") and f"  {usage} — {translate(f'what.{verb}', lang)}" in text, verb
    assert "!rappels" in text if lang == "fr" else "!reminders" in text


async def test_help_on_one_scheduling_verb_by_its_french_alias() -> None:
    room = Room()
    text = await room.text("alice", "!aide rappels")
    assert text.startswith("!rappels — ") and "!reminders, !rappel" in text
