"""What members type for a meeting's date, a length and reminders, read through the core with
the in-memory fakes (the clock: Monday 23 November 2026, 10:00 in Paris)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.schedule_app.fakes import scheduling_state
from tests.unit.helpers import Room, organiser_room


def meetings(room: Room) -> dict[int, object]:
    return {number: record.meeting
            for (_, number), record in scheduling_state(room.store.state).meetings.items()}


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "title", "start", "end"),
    [
        ("!reunion AG 12/12 de 14h à 16h", "AG", utc(2026, 12, 12, 13), utc(2026, 12, 12, 15)),
        ("!reunion AG2 le 12/12 à 14h", "AG2", utc(2026, 12, 12, 13), utc(2026, 12, 12, 15)),
        ("!reunion Fête demain 18h-20h", "Fête", utc(2026, 11, 24, 17), utc(2026, 11, 24, 19)),
        ("!reunion AG 12 décembre 14h", "AG", utc(2026, 12, 12, 13), utc(2026, 12, 12, 15)),
        ("!meeting AG3 tomorrow 6pm", "AG3", utc(2026, 11, 24, 17), utc(2026, 11, 24, 19)),
    ],
)
async def test_a_meeting_takes_the_date_forms_of_a_time_poll(
    typed: str, title: str, start: datetime, end: datetime
) -> None:
    room = await organiser_room()
    answer = await room.text("alice", typed)
    assert answer.startswith(f"📅 Réunion #1 « {title} »"), answer
    (meeting,) = meetings(room).values()
    assert (meeting.title, meeting.start, meeting.end) == (title, start, end)  # type: ignore[attr-defined]


async def test_a_meeting_without_its_time_says_which_part_it_did_not_understand() -> None:
    room = await organiser_room()
    answer = await room.text("alice", "!reunion AG demain soir")
    assert answer.startswith("Je ne trouve pas l'heure de la réunion : « demain soir »"), answer
    answer = await room.text("alice", "!reunion AG 2026-12-08 19:00 salle B")
    assert "« 2026-12-08 19:00 salle B »" in answer
    assert not meetings(room)


async def test_a_past_meeting_date_is_called_a_date() -> None:
    room = await organiser_room("en")
    answer = await room.text("alice", "!meeting Past 2026-11-01 18:00")
    assert answer == "The date “2026-11-01 18:00” is already past. Choose a date to come."
    assert not meetings(room)


@pytest.mark.parametrize(("typed", "days"), [("--duree 3j", 3), ("--duration 3d", 3), ('--duree "2 jours"', 2)])
async def test_a_length_in_days(typed: str, days: int) -> None:
    room = await organiser_room()
    answer = await room.text("alice", f"!reunion Camp 2026-12-10 18:00 {typed}")
    assert answer.startswith("📅 Réunion #1"), answer
    (meeting,) = meetings(room).values()
    assert meeting.end - meeting.start == timedelta(days=days)  # type: ignore[attr-defined]
    answer = await room.text("alice", "!reunion Trop 2026-12-10 18:00 --duree 8j")
    assert "entre 5 minutes et 7 jours" in answer


@pytest.mark.parametrize(("lang", "typed", "length"), [
    ("fr", '--duree "2 heures"', timedelta(hours=2)), ("fr", '--duree "90 minutes"', timedelta(minutes=90)),
    ("fr", '--duree "1 jour"', timedelta(days=1)), ("fr", '--duree "2 jours"', timedelta(days=2)),
    ("fr", '--duree "1 semaine"', timedelta(weeks=1)), ("fr", "--duree 1semaine", timedelta(weeks=1)),
    ("fr", '--durée "1 Journée"', timedelta(days=1)), ("fr", '--duree "2 heures 30"', timedelta(minutes=150)),
    ("fr", '--duree "1j 2h"', timedelta(hours=26)), ("fr", "--duree 45mn", timedelta(minutes=45)),
    ("en", '--duration "2 hours"', timedelta(hours=2)), ("en", '--duration "1 week"', timedelta(weeks=1)),
    ("en", '--duration "90 mins"', timedelta(minutes=90)), ("en", "--duration 1w", timedelta(weeks=1)),
    ("en", '--duration "1 day"', timedelta(days=1)), ("en", "--duration 1h30", timedelta(minutes=90)),
])
async def test_a_length_in_words(lang: str, typed: str, length: timedelta) -> None:
    room = await organiser_room(lang)
    verb = "!reunion" if lang == "fr" else "!meeting"
    answer = await room.text("alice", f"{verb} Camp 2026-12-10 18:00 {typed}")
    assert answer.startswith(("📅 Réunion #1", "📅 Meeting #1")), answer
    (meeting,) = meetings(room).values()
    assert meeting.end - meeting.start == length  # type: ignore[attr-defined]


@pytest.mark.parametrize(("lang", "typed", "answer"), [
    ("fr", '--duree "3 semaines"', ("La durée « 3 semaines » ne convient pas : une réunion dure entre "
                                    "5 minutes et 7 jours.")),
    ("fr", '--duree "2 minutes"', "La durée « 2 minutes » ne convient pas"),
    ("en", '--duration "3 weeks"', ("The duration “3 weeks” does not fit: a meeting lasts between "
                                    "5 minutes and 7 days.")),
    ("fr", '--duree "3 pommes"', "Je n'ai pas compris la durée « 3 pommes »."),
    ("fr", '--duree "2 heures 3"', "Je n'ai pas compris la durée « 2 heures 3 »."),
    ("en", '--duration "two hours"', "I did not understand the duration “two hours”."),
    ("en", '--duration "30"', "I did not understand the duration “30”."),
])
async def test_a_length_too_long_or_not_understood_is_refused(lang: str, typed: str, answer: str) -> None:
    room = await organiser_room(lang)
    verb = "!reunion" if lang == "fr" else "!meeting"
    assert (await room.text("alice", f"{verb} Camp 2026-12-10 18:00 {typed}")).startswith(answer)
    poll = "!planifier P --creneaux" if lang == "fr" else "!schedule P --slots"
    assert (await room.text("alice", f'{poll} "2026-12-10 18:00 | 2026-12-11 18:00" {typed}')).startswith(answer)
    assert not meetings(room) and not scheduling_state(room.store.state).polls


async def test_a_length_in_words_for_the_slots_of_a_time_poll() -> None:
    room = await organiser_room()
    answer = await room.text("alice", '!planifier P --creneaux "2026-12-10 18:00 | 2026-12-11 18:00" --duree "2 heures"')
    assert "jeu. 10 déc. 2026, 18:00–20:00" in answer, answer


async def test_a_length_and_an_end_time_together_are_refused() -> None:
    room = await organiser_room()
    answer = await room.text("alice", "!reunion W 2026-12-08 19:00-21:00 --duree 1h")
    assert answer.startswith("« 2026-12-08 19:00-21:00 » donne déjà l'heure de fin de la réunion, et --duree 1h"), answer
    answer = await room.text("alice", '!planifier P4 --creneaux "demain 18h30-20h30 | mercredi 20h" --duree 1h')
    assert answer.startswith("« demain 18h30-20h30 » a déjà son heure de fin, et --duree 1h"), answer
    assert not meetings(room) and not scheduling_state(room.store.state).polls


async def test_poll_slots_separated_by_semicolons_are_explained() -> None:
    room = await organiser_room()
    answer = await room.text("alice", '!planifier P6 --creneaux "12/12 14h-16h ; 13/12 14h-16h"')
    assert "Séparez les créneaux par | (ou mettez-en un par ligne) : 12/12 14h-16h | 13/12 14h-16h" in answer


async def test_a_duplicate_slot_names_both_entries_and_the_day() -> None:
    room = await organiser_room("en")
    answer = await room.text("alice", '!schedule Words --slots "saturday 10:00-12:00 | next saturday 10:00-12:00"')
    assert answer.startswith("“saturday 10:00-12:00” and “next saturday 10:00-12:00” give the same slot: "
                             "Sat, Nov 28, 2026, 10:00–12:00."), answer


async def test_a_poll_accepts_le_before_a_date() -> None:
    room = await organiser_room()
    answer = await room.text("alice", '!planifier P3 --creneaux "mardi à 18h-20h | le 12/12 à 14h-16h"')
    assert "sam. 12 déc. 2026, 14:00–16:00" in answer, answer


async def test_a_meeting_across_the_autumn_change_keeps_its_real_length_when_moved() -> None:
    room = await organiser_room()  # Paris, 2027-10-31: at 03:00 the clocks go back to 02:00
    await room.say("alice", "!reunion Nuit 2027-10-31 01:00-03:00")
    (meeting,) = meetings(room).values()
    assert meeting.duration == timedelta(hours=3)  # type: ignore[attr-defined]
    moved = await room.text("alice", "!reporter #1 2027-11-07 19:00")
    assert "dim. 7 nov. 2027, 19:00–22:00" in moved, moved
    answer = await room.text("alice", "!reunion Courte 2027-10-31 00:30 --duree 2h")
    assert answer.startswith("📅 Réunion #2"), answer
    (_, short) = meetings(room).values()
    assert short.end == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("lang", "verb", "told"), [
    ("fr", "!reunion", ("n'existe pas ce jour-là : au changement d'heure, les horloges passent directement de 02:00 "
                       "à 03:00. Choisissez 03:00 ou plus tard.")),
    ("en", "!meeting", ("does not exist that day: the clocks change and jump straight from 02:00 to 03:00. "
                       "Pick 03:00 or later.")),
])
async def test_a_meeting_at_a_time_the_spring_change_skips_is_refused_with_the_next_time(
    lang: str, verb: str, told: str
) -> None:
    room = await organiser_room(lang)
    assert told in await room.text("alice", f"{verb} Printemps 2027-03-28 02:30")
    assert not meetings(room)
    answer = await room.text("alice", f"{verb} Printemps 2027-03-28 01:30 --duree 1h")
    (meeting,) = meetings(room).values()
    assert meeting.end == datetime(2027, 3, 28, 1, 30, tzinfo=UTC), answer  # type: ignore[attr-defined]
    assert "01:30–03:30" in answer, answer
