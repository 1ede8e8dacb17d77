"""!rappels / !reminders: what members type is echoed as typed, delays read as words in
English, and turning reminders off says what can be turned off (in-memory fakes)."""

from __future__ import annotations

import pytest

from core.schedule_app.fakes import scheduling_state
from core.schedule_app.records import SchedulingSettings
from tests.unit.helpers import Room, organiser_room


def settings(room: Room) -> SchedulingSettings:
    (assembly_id,) = room.store.state.assemblies
    return scheduling_state(room.store.state).settings.get(assembly_id, SchedulingSettings())


async def test_an_unknown_reminder_is_echoed_as_typed() -> None:
    room = await organiser_room()
    assert "« bientôt »" in await room.text("alice", "!rappels bientôt")


async def test_english_reminder_delays_are_words() -> None:
    room = await organiser_room("en")
    answer = await room.text("alice", "!reminders 2d 1h")
    assert answer.startswith("Meetings will be reminded 2 days, 1 hour before"), answer
    answer = await room.text("alice", "!reminders 1d 90min")
    assert answer.startswith("Meetings will be reminded 1 day, 1 hour 30 min before"), answer
    room = await organiser_room()
    answer = await room.text("alice", "!rappels 2j 1h")
    assert answer.startswith("Les réunions seront rappelées 2 j, 1 h avant"), answer


@pytest.mark.parametrize(("lang", "typed"), [("fr", "!rappels aucun"), ("fr", "!rappels sondage aucun"),
                                              ("en", "!reminders none"), ("en", "!reminders poll none")])
async def test_meeting_and_poll_reminders_cannot_be_turned_off_and_the_answer_says_what_can(
    lang: str, typed: str
) -> None:
    room = await organiser_room(lang)
    before = settings(room)
    answer = await room.text("alice", typed)
    assert ("!rappels proposition aucun" if lang == "fr" else "!reminders proposal none") in answer, answer
    assert settings(room) == before


@pytest.mark.parametrize(("lang", "typed", "said"), [
    ("fr", '!rappels proposition "2 jours"', "Les propositions seront rappelées 2 j avant"),
    ("fr", "!rappels sondage « 12 heures »", "Les sondages de dates seront rappelés 12 h avant"),
    ("fr", '!rappels "1 jour" "1 heure"', "Les réunions seront rappelées 1 j, 1 h avant"),
    ("en", "!reminders proposal “2 days”", "Proposals will be reminded 2 days before"),
])
async def test_a_delay_between_quotes_is_read_as_an_option_value_would_be(lang: str, typed: str, said: str) -> None:
    room = await organiser_room(lang)
    answer = await room.text("alice", typed)
    assert answer.startswith(said), answer
