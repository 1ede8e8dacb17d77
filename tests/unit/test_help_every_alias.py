"""`!help <name>` / `!aide <name>` explains a command whatever name it is reached by: the
detailed help names the command as the room's language calls it, then every other name it
answers to, the canonical verb among them."""

from __future__ import annotations

import pytest

from core.commands import ALIASES, VERBS
from core.member_handlers import help_name
from tests.unit.helpers import Room, organiser_room

ROOMS: dict[str, Room] = {}


async def room_in(lang: str) -> Room:
    """One room per language for the whole module: help changes nothing."""
    if lang not in ROOMS:
        ROOMS[lang] = await organiser_room(lang)
    return ROOMS[lang]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize(("word", "verb"), sorted(VERBS.items()))
async def test_the_help_of_every_name_names_the_command_and_all_its_names(word: str, verb: str, lang: str) -> None:
    room = await room_in(lang)
    for asked in ("!help", "!aide"):
        text = await room.text("alice", f"{asked} {word}")
        head, _, rest = text.partition("\n")
        assert head.startswith(f"!{help_name(verb, lang)} — ") and len(head) > len(verb) + 6, text
        aliases = rest.rsplit("\n", 1)[-1]
        assert aliases.startswith(("Alias : ", "Aliases: ")) and not aliases.endswith("—"), text
        named = {name.strip() for name in aliases.split(":", 1)[1].split(",")} | {head.split(" — ")[0]}
        assert {f"!{name}" for name in (verb, *ALIASES[verb])} <= named, text


@pytest.mark.parametrize(("lang", "asked", "head", "aliases"), [
    ("en", "!help calendar", "!calendar — ", "Aliases: !calendrier"),
    ("fr", "!aide calendar", "!calendrier — ", "Alias : !calendar"),
    ("fr", "!aide calendrier", "!ics — ", "Alias : !calendrier"),
    ("en", "!help calendrier", "!ics — ", "Aliases: !calendrier"),
])
async def test_the_calendar_is_named_by_its_french_name_too(lang: str, asked: str, head: str, aliases: str) -> None:
    text = await (await organiser_room(lang)).text("alice", asked)
    assert text.startswith(head) and text.endswith(aliases), text


@pytest.mark.parametrize(("lang", "asked", "usage"), [
    ("fr", "!aide oublier", "Usage : !oublier, puis !oublier confirmer"),
    ("en", "!help forget-me", "Usage: !forget-me, then !forget-me confirm"),
])
async def test_the_help_of_forgetting_gives_its_confirmation(lang: str, asked: str, usage: str) -> None:
    """Forgetting asks for a confirmation: its help says what to type to give it."""
    text = await (await organiser_room(lang)).text("alice", asked)
    assert usage in text.splitlines(), text
