"""`!calendar` / `!calendrier`: an assembly shows its calendar feed's state and address, and its
organisers make the feed public (its address without the token) or private again. In-memory
fakes; the same room history runs on SQLite and PostgreSQL in the integration tests."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

import core.schedule_app
from core.i18n import placeholders, translate
from core.schedule_app.fakes import scheduling_state
from core.schedule_app.records import SchedulingSettings
from tests.unit.helpers import Room

FEED_BASE = "https://assemblee.example.org"  # set by the tests' conftest

PRIVATE_URL = re.compile(rf"{re.escape(FEED_BASE)}/assemblies/(\d+)/calendar\.ics\?token=token-\1(?=\s|$)")
PUBLIC_URL = re.compile(rf"{re.escape(FEED_BASE)}/assemblies/\d+/calendar\.ics(?=\s|$)")


def settings(room: Room) -> SchedulingSettings:
    (assembly_id,) = room.store.state.assemblies
    return scheduling_state(room.store.state).settings.get(assembly_id, SchedulingSettings())


def events(room: Room) -> list[tuple[str, str, str | None, dict[str, object]]]:
    return [(subject, kind, member, data)
            for _, subject, _, kind, member, _, data in scheduling_state(room.store.state).events
            if subject == "calendar"]


async def room_with_members(lang: str = "fr") -> Room:
    room = Room()
    await room.say("alice", "!rejoindre")  # the first member facilitates
    await room.say("bob", "!rejoindre")
    if lang == "en":
        await room.say("alice", "!lang en")
    await room.say("alice", "!reunion AG 2026-12-08 19:00-21:00")  # meeting #1
    return room


async def test_the_feed_is_private_until_an_organiser_makes_it_public() -> None:
    room = await room_with_members()
    shown = await room.text("bob", "!calendrier")
    assert shown.startswith("🔒 Le calendrier des réunions de l'assemblée est privé")
    assert PRIVATE_URL.search(shown) and "!calendrier public" in shown
    assert await room.text("bob", "!ics") == shown  # `!ics` without a number: the same answer

    made = await room.text("alice", "!calendrier Publique")
    assert made.startswith("🌐 Le calendrier des réunions est maintenant public")
    assert PUBLIC_URL.search(made) and "token" not in made and "!calendrier privé" in made
    assert settings(room).public_feed is True
    assert events(room) == [("calendar", "public", "console:alice", {"public_feed": True})]

    shown = await room.text("bob", "!calendrier")
    assert shown.startswith("🌐 Le calendrier des réunions de l'assemblée est public")
    assert PUBLIC_URL.search(shown) and "token" not in shown
    (ics,) = await room.say("bob", "!calendrier #1")  # `!calendrier #N` still gives the meeting's file
    assert ics.attachment and "BEGIN:VCALENDAR" in ics.attachment
    assert "calendrier public" in ics.text and PUBLIC_URL.search(ics.text) and "token" not in ics.text

    again = await room.text("alice", "!calendrier public")
    assert again.startswith("Rien à changer : le calendrier des réunions est déjà public")
    assert len(events(room)) == 1  # nothing changed, nothing recorded

    back = await room.text("alice", "!calendrier Privée")
    assert back.startswith("🔒 Le calendrier des réunions est maintenant privé")
    assert PRIVATE_URL.search(back) and "!calendrier public" in back
    assert settings(room).public_feed is False
    assert [kind for _, kind, _, _ in events(room)] == ["public", "private"]
    (ics,) = await room.say("bob", "!ics #1")
    assert PRIVATE_URL.search(ics.text) and "gardez-la pour l'assemblée" in ics.text


@pytest.mark.parametrize("word", ["public", "PUBLIC", "publique", "Publique"])
async def test_every_spelling_of_public(word: str) -> None:
    room = await room_with_members()
    await room.say("alice", f"!calendrier {word}")
    assert settings(room).public_feed is True


@pytest.mark.parametrize("word", ["private", "privé", "prive", "privée", "PRIVÉE", "privee"])
async def test_every_spelling_of_private(word: str) -> None:
    room = await room_with_members()
    await room.say("alice", "!calendrier public")
    await room.say("alice", f"!calendrier {word}")
    assert settings(room).public_feed is False


async def test_a_member_who_does_not_organise_cannot_change_it() -> None:
    room = await room_with_members()
    refused = await room.text("bob", "!calendrier public")
    assert refused == translate("schedule_app.organisers_only", "fr", word="calendrier", member="bob")
    assert refused.endswith("(!role @bob catalyseur).")
    assert settings(room).public_feed is False and events(room) == []
    await room.say("alice", "!calendrier public")
    assert "catalyseur" in await room.text("bob", "!calendrier privé")
    assert settings(room).public_feed is True  # bob's refusal left it public
    await room.say("alice", "!role @bob catalyseur")
    assert "maintenant privé" in await room.text("bob", "!calendrier privé")  # a catalyser may
    assert settings(room).public_feed is False


@pytest.mark.parametrize(("line", "key", "word"), [
    ("!calendrier ouvert", "calendar.bad_word_ics", "calendrier"),  # `!calendrier` is also `!ics #N`
    ("!calendar ouvert", "calendar.bad_word", "calendar"),
    ("!ics publiquement", "calendar.bad_word_ics", "ics"),
    ("!calendar public privé", "calendar.bad_word", "calendar"),
])
async def test_a_word_it_does_not_know_is_explained_and_changes_nothing(line: str, key: str, word: str) -> None:
    room = await room_with_members()
    answer = await room.text("alice", line)
    value = line.split(" ", 1)[1]
    assert answer == translate(key, "fr", word=word, value=value)
    assert f"!{word} public" in answer and f"!{word} privé" in answer
    assert settings(room).public_feed is False and events(room) == []


async def test_in_english() -> None:
    room = await room_with_members("en")
    shown = await room.text("bob", "!calendar")
    assert shown.startswith("🔒 The assembly's meeting calendar is private") and PRIVATE_URL.search(shown)
    assert "Only catalysers and facilitators can use !calendar" in await room.text("bob", "!calendar public")
    bad = await room.text("alice", "!calendar open")
    assert bad.startswith("I did not understand “open”. Type !calendar public")
    made = await room.text("alice", "!calendar public")
    assert made.startswith("🌐 The meeting calendar is now public") and PUBLIC_URL.search(made)
    (ics,) = await room.say("bob", "!ics #1")
    assert "subscribe to its public calendar" in ics.text and "token" not in ics.text
    assert "already public" in await room.text("alice", "!calendar public")
    back = await room.text("alice", "!calendar private")
    assert back.startswith("🔒 The meeting calendar is now private") and PRIVATE_URL.search(back)


async def test_changing_reminders_keeps_the_feed_public() -> None:
    room = await room_with_members()
    await room.say("alice", "!calendrier public")
    await room.say("alice", "!rappels 2j 30min")
    await room.say("alice", "!rappels sondage 12h")
    assert settings(room) == SchedulingSettings((timedelta(days=2), timedelta(minutes=30)), timedelta(hours=12),
                                                public_feed=True)


async def test_help_lists_it_with_the_meeting_commands() -> None:
    room = await room_with_members()
    text = await room.text("bob", "!aide")
    assert f"  !calendrier [public | privé] — {translate('what.calendar', 'fr')}" in text
    assert (await room.text("bob", "!aide calendar")).startswith("!calendrier — le calendrier des réunions")


def test_its_messages_exist_in_both_languages_with_the_same_placeholders() -> None:
    source = (Path(core.schedule_app.__file__).parent / "feed.py").read_text(encoding="utf-8")
    keys = set(re.findall(r'"(calendar\.[a-z_]+)"', source)) | {"meeting.ics_public"}
    assert len(keys) == 10, keys
    keys |= {f"{key}_no_url" for key in keys if key.split(".")[1].startswith(("is_", "made_", "already_"))}
    for key in keys:
        french, english = translate(key, "fr"), translate(key, "en")
        assert key not in (french, english) and french != english, key
        assert placeholders(french) == placeholders(english), key
