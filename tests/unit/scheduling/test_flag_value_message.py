"""An option typed without its value is refused with a message that shows what to type: every
example of `command.flag_needs_value`, in French and in English, is a value the bot accepts."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from core.commands import VALUE_FLAGS
from core.dispatch import example_days
from core.i18n import translate
from core.schedule_app.fakes import scheduling_state
from tests.unit.helpers import Room

EXAMPLE = re.compile(r'(--[\w-]+) ("[^"]+"|[^\s,;)]+)')


def examples(lang: str) -> dict[str, tuple[str, str]]:
    """canonical option → (option as shown, example value without its quotes)."""
    text = translate("command.flag_needs_value", lang, **example_days(NOW))  # `{flag}` left in place
    return {VALUE_FLAGS[flag[2:]]: (flag, value.strip('"')) for flag, value in EXAMPLE.findall(text)}


NOW = Room().clock.now()


async def member_room() -> Room:
    room = Room()
    await room.say("alice", "!join")
    return room


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_message_names_the_option_and_shows_what_to_type(lang: str) -> None:
    text = translate("command.flag_needs_value", lang, flag="--lieu")
    assert text.startswith(("L'option --lieu ", "The option --lieu "))
    assert "--lieu 72h" not in text  # the example must not glue a duration to any option
    assert set(examples(lang)) == {"deadline", "place", "slots"}


async def test_the_slots_example_is_a_week_ahead_of_today() -> None:
    room = await member_room()
    [answer] = await room.say("alice", "!schedule Fête --slots")
    day = (room.clock.now() + timedelta(days=7)).date()
    assert f'"{day.isoformat()} 18:30-20:30 | {(day + timedelta(days=1)).isoformat()} 18:30-20:30"' in answer.text


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_every_example_value_is_accepted(lang: str) -> None:
    shown = examples(lang)

    room = await member_room()
    await room.say("alice", "!propose Jardin partagé {} {}".format(*shown["deadline"]))
    [proposal] = room.store.state.proposals.values()
    assert proposal.rules.deadline == room.clock.now() + timedelta(days=3)

    room = await member_room()
    await room.say("alice", '!meeting AG 2026-12-10 18:00-20:00 {} "{}"'.format(*shown["place"]))
    [stored] = scheduling_state(room.store.state).meetings.values()
    assert stored.meeting.place == shown["place"][1]

    room = await member_room()
    await room.say("alice", '!schedule Fête de quartier {} "{}"'.format(*shown["slots"]))
    [record] = scheduling_state(room.store.state).polls.values()
    assert len(record.poll.slots) == 2


@pytest.mark.parametrize(("typed", "flag"), [
    ("!reunion AG 2026-12-10 18:00-20:00 --lieu", "--lieu"),
    ('!planifier Fête --creneaux --lieu "Salle"', "--creneaux"),
    ("!propose Jardin --deadline", "--deadline"),
])
async def test_a_missing_value_changes_nothing_and_says_what_to_type(typed: str, flag: str) -> None:
    room = await member_room()
    [out] = await room.say("alice", typed)
    assert out.text == translate("command.flag_needs_value", "fr", flag=flag, **example_days(room.clock.now()))
    state = scheduling_state(room.store.state)
    assert not room.store.state.proposals and not state.meetings and not state.polls
