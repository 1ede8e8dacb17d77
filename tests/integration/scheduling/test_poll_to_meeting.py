"""A time poll from its opening to the meeting it becomes, then the meeting's changes as
calendar apps see them (same UID, higher SEQUENCE), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from core.dispatch import handle
from core.messages import Action, Inbound, Outbound, Platform, RoomId, UserId

from storage.export import export_state
from storage.models import MeetingRow, PollAnswerRow, TimePollRow

from .conftest import Bot, members, only, parse_ics

PARIS = ZoneInfo("Europe/Paris")
SLOTS = "2026-12-03 18:30-20:30 | 2026-12-05 10:00-12:00 | 06/12/2026 14h-16h"


async def open_poll(bot: Bot) -> None:
    await members(bot, "alice", "bob", "carol", "dave")
    opened = await bot.say("alice", f'!planifier AG de décembre --creneaux "{SLOTS}"')
    assert "Sondage de dates #1" in opened[0].text
    assert opened[0].thread_key == "poll:1"
    assert len(opened[0].buttons) == 9  # ✅ 🤷 ❌ for each of the three slots


async def test_poll_answers_grid_and_finalize(bot: Bot) -> None:
    await open_poll(bot)
    assert "1. jeu. 3 déc. 2026, 18:30–20:30 ✅" in await bot.text("bob", "!dispo #1 oui non peut-être")
    await bot.say("carol", "!dispo #1 o o n")
    await bot.say("dave", "!dispo #1 2 oui")  # one slot only: the others count as no
    await bot.say("bob", "!dispo #1 oui oui peut-être")  # changed his mind
    grid = await bot.text("alice", "!etat #1")
    lines = grid.splitlines()
    # Best first: slot 2 has three yes, slot 1 two, slot 3 none (one if-need-be).
    ranking = [line for line in lines if "✅" in line and "n°" in line]
    assert [line.split()[1] for line in ranking] == ["n°2", "n°1", "n°3"]
    assert "✅ 3 · 🤷 0 · ❌ 0" in ranking[0]
    assert "  bob : ✅ ✅ 🤷" in lines and "  dave : ❌ ✅ ❌" in lines
    assert "Pas encore répondu : alice" in grid

    finalized = await bot.say("alice", '!valider #1 --lieu "Maison du peuple, 3 rue Haute"')
    message = only(finalized, thread_key="poll:1")
    assert "réunion #2" in message.text and "sam. 5 déc. 2026, 10:00–12:00" in message.text
    assert set(message.mentions) == {"console:bob", "console:carol", "console:dave"}
    assert message.attachment_name == "reunion-2.ics"
    calendar, events = parse_ics(message.attachment)
    (event,) = events
    meeting = await MeetingRow.get(number=2)
    assert str(event["UID"]) == meeting.uid and meeting.uid.endswith("-meeting-2@assemblee")
    assert event["SEQUENCE"] == 0
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event.start == datetime(2026, 12, 5, 10, 0, tzinfo=PARIS)
    assert str(event["LOCATION"]) == "Maison du peuple, 3 rue Haute"
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]

    poll = await TimePollRow.get(number=1)
    assert poll.status == "finalized" and poll.meeting_number == 2
    state = await export_state()
    (assembly,) = state["assemblies"]
    (exported_poll,) = assembly["polls"]
    assert exported_poll["chosen"]["start"].startswith("2026-12-05T09:00")
    (exported_meeting,) = assembly["meetings"]
    # Answers for the chosen slot became attendance.
    assert {r["member"]: r["answer"] for r in exported_meeting["rsvps"]} == {
        "console:bob": "yes", "console:carol": "yes", "console:dave": "yes",
    }


async def test_a_finalised_poll_takes_no_answer_and_changes_nothing(bot: Bot) -> None:
    await open_poll(bot)
    await bot.say("bob", "!dispo #1 oui non non")
    await bot.say("alice", "!valider #1 1")
    before = [(a.member, a.choices) for a in await PollAnswerRow.all().order_by("id")]
    reply = await bot.text("bob", "!dispo #1 non oui oui")
    assert "c'est maintenant la réunion #2" in reply and "!present #2" in reply
    assert [(a.member, a.choices) for a in await PollAnswerRow.all().order_by("id")] == before
    assert "déjà fixée : c'est la réunion #2" in await bot.text("alice", "!valider #1 2")
    assert await MeetingRow.all().count() == 1


async def test_meeting_commands_on_the_polls_number_point_to_the_meeting(bot: Bot) -> None:
    await open_poll(bot)
    await bot.say("alice", "!dispo #1 oui non non")
    assert "réunion #2" in await bot.text("alice", "!valider #1 1")
    for typed in ("!present #1 oui", "!odj #1 ajouter Budget", "!cr #1 Une note", "!ics #1"):
        reply = await bot.text("bob", typed)
        assert reply == "La date du sondage #1 est fixée : c'est maintenant la réunion #2. " \
                        "Utilisez #2, par exemple !present #2 oui ou !odj #2.", typed
    meeting = await MeetingRow.get(number=2)
    assert await bot.text("bob", "!present #2 oui")  # the meeting's own number works
    state = await export_state()
    (exported,) = state["assemblies"][0]["meetings"]
    assert exported["agenda"] == [] and exported["notes"] == []
    assert {r["member"]: r["answer"] for r in exported["rsvps"]}["console:bob"] == "yes"
    assert meeting.number == 2
    await bot.say("alice", "!lang en")
    assert await bot.text("bob", "!rsvp #1 no") == (
        "Poll #1 has its date: it is now meeting #2. Use #2, for example !rsvp #2 yes or !agenda #2."
    )
    # An open poll's number still gets the hint to fix the date first.
    await bot.say("alice", '!planifier Autre --creneaux "2026-12-20 10:00-12:00"')
    assert "!finalize #3" in await bot.text("bob", "!rsvp #3 yes")


async def test_a_meeting_fixed_by_a_poll_follows_on_in_the_polls_thread(bot: Bot) -> None:
    """Its date, its calendar file and the call to answer were told in the poll's thread:
    what follows about the meeting goes there too, not in a thread of its own that the
    first answer about it would open."""
    await open_poll(bot)
    await bot.say("bob", "!dispo #1 oui non non")
    only(await bot.say("alice", "!valider #1 1"), thread_key="poll:1")
    for typed in ("!present #2 oui", "!odj #2 ajouter Budget", "!cr #2 Une note", "!ics #2",
                  "!echanger #2 prise-de-notes @carol", "!reporter #2 2026-12-04 18:30"):
        said = await bot.say("bob" if typed.startswith("!present") else "alice", typed)
        assert said and {o.thread_key for o in said} == {"poll:1"}, (typed, said)
    # A meeting scheduled directly opens its own thread.
    created = await bot.say("alice", "!reunion Fête du jardin 2026-12-20 18:00")
    assert {o.thread_key for o in created} == {"meeting:3"}
    assert {o.thread_key for o in await bot.say("bob", "!present #3 oui")} == {"meeting:3"}


async def test_only_catalysers_fix_the_date(bot: Bot) -> None:
    await open_poll(bot)
    await bot.say("bob", "!dispo #1 oui non non")
    assert "catalyseur" in await bot.text("bob", "!valider #1")
    assert (await TimePollRow.get(number=1)).status == "open"
    await bot.say("alice", "!role @carol catalyseur")
    assert "réunion #2" in await bot.text("carol", "!valider #1")


async def test_reschedule_and_cancel_keep_the_uid_and_raise_the_sequence(bot: Bot) -> None:
    await members(bot, "alice", "bob", "carol")
    created = await bot.say("alice", '!reunion AG de quartier 2026-12-08 19:00-21:00 --lieu "Salle des fêtes"')
    _, (first,) = parse_ics(only(created, thread_key="meeting:1").attachment)
    await bot.say("bob", "!present #1 oui")
    await bot.say("carol", "!present #1 non")

    moved = only(await bot.say("alice", "!reporter #1 2026-12-10 18:00"), thread_key="meeting:1")
    assert set(moved.mentions) == {"console:bob", "console:carol"}  # everyone who was told
    _, (second,) = parse_ics(moved.attachment)
    assert str(second["UID"]) == str(first["UID"])
    assert second["SEQUENCE"] == first["SEQUENCE"] + 1
    assert second.start == datetime(2026, 12, 10, 18, 0, tzinfo=PARIS)
    assert second.end - second.start == first.end - first.start  # the length is kept

    ics = only(await bot.say("dave", "!ics #1"), thread_key="meeting:1")
    _, (same,) = parse_ics(ics.attachment)
    assert same["SEQUENCE"] == second["SEQUENCE"]
    assert "/assemblies/" in ics.text and "calendar.ics?token=" in ics.text

    cancelled = only(await bot.say("alice", "!annuler #1 salle indisponible"), thread_key="meeting:1")
    _, (third,) = parse_ics(cancelled.attachment)
    assert str(third["UID"]) == str(first["UID"])
    assert third["SEQUENCE"] == second["SEQUENCE"] + 1
    assert str(third["STATUS"]) == "CANCELLED"
    assert "annulée" in await bot.text("alice", "!reporter #1 2026-12-11 18:00")
    assert (await MeetingRow.get(number=1)).sequence == 2


async def test_recurring_meeting_ics_has_the_rule(bot: Bot) -> None:
    await members(bot, "alice")
    created = only(await bot.say("alice", '!reunion Permanence 2026-12-08 19:00 --chaque "2e mardi"'),
                   thread_key="meeting:1")
    assert "Prochaines dates" in created.text
    _, (event,) = parse_ics(created.attachment)
    assert event["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=2TU"
    refused = await bot.text("alice", '!reunion Permanence 2026-12-01 19:00 --chaque "2e mardi"')
    assert "2026-12-08 19:00" in refused  # the first date of the series is suggested


async def test_days_in_words_for_a_meeting_a_poll_and_a_move(bot: Bot) -> None:
    # The clock: Monday 23 November 2026, 10:00 in Paris.
    await members(bot, "alice", "bob")
    created = only(await bot.say("alice", "!reunion Fête du jardin demain 18h"), thread_key="meeting:1")
    assert "« Fête du jardin »" in created.text and "mar. 24 nov. 2026, 18:00–20:00" in created.text
    _, (event,) = parse_ics(created.attachment)
    assert event.start == datetime(2026, 11, 24, 18, 0, tzinfo=PARIS)
    opened = await bot.say("alice", '!planifier AG --creneaux "jeudi 18h30-20h30 | samedi à 10h-12h | 12/12 14h-16h"')
    assert "jeu. 26 nov. 2026, 18:30–20:30" in opened[0].text
    assert "sam. 28 nov. 2026, 10:00–12:00" in opened[0].text
    assert "sam. 12 déc. 2026, 14:00–16:00" in opened[0].text
    moved = only(await bot.say("alice", "!reporter #1 vendredi à 19h"), thread_key="meeting:1")
    assert "ven. 27 nov. 2026, 19:00–21:00" in moved.text
    refused = await bot.text("alice", "!reunion Point du lundi")
    assert "Je ne trouve pas l'heure de la réunion : « lundi »" in refused and "demain 19h" in refused
    assert await MeetingRow.all().count() == 1


async def test_a_slot_without_its_end_says_how_to_give_one_length_to_all(bot: Bot) -> None:
    await members(bot, "alice")
    refused = await bot.text("alice", '!planifier AG --creneaux "2026-12-03 18:30 | 2026-12-05 10:00"')
    assert "Il manque l'heure de fin dans « 2026-12-03 18:30 »" in refused and "--duree 2h" in refused
    assert await TimePollRow.all().count() == 0
    opened = await bot.text("alice", '!planifier AG --creneaux "2026-12-03 18:30 | 2026-12-05 10:00" --duree 2h')
    assert "jeu. 3 déc. 2026, 18:30–20:30" in opened and "sam. 5 déc. 2026, 10:00–12:00" in opened


async def test_a_vote_taken_back_in_the_native_poll_withdraws_the_answers(bot: Bot) -> None:
    """A vote retracted in a time poll's native poll (Telegram: an `Action.UNDO` standing for
    `avail #N`) takes the member's answers back, says nothing in the room, and the audit log
    keeps it; once the poll is fixed, a retraction changes nothing."""
    await open_poll(bot)
    await bot.say("bob", "!dispo #1 oui non peut-être")
    await bot.say("carol", "!dispo #1 o o n")

    async def retract(name: str, payload: str = "avail #1") -> list[Outbound]:
        inbound = Inbound(platform=Platform("console"), room=RoomId(bot.room), sender=UserId(f"console:{name}"),
                          event_id=f"undo-{name}-{bot.clock.now().timestamp()}", action=Action.UNDO,
                          payload=payload)
        bot.clock.advance(timedelta(minutes=1))
        return await handle(bot.uow, inbound, bot.clock.now()) or []

    assert await retract("bob") == []
    assert await PollAnswerRow.filter(member="console:bob").count() == 0
    assert await PollAnswerRow.filter(member="console:carol").count() == 1
    [event] = await bot.audit("answer_withdrawn", subject="poll")
    assert (event.number, event.member) == (1, "console:bob")
    grid = await bot.text("alice", "!etat #1")
    assert "Pas encore répondu : alice, bob, dave" in grid and "bob :" not in grid
    assert await retract("dave") == []  # nothing to take back: nothing changes, nothing logged
    assert await retract("erin") == []  # not a member
    assert await retract("bob", "avail #7") == []  # no such poll: no refusal for a gesture
    assert await retract("carol", "avail #1 2 oui") == []  # one slot's answer: not the whole, kept
    assert await PollAnswerRow.filter(member="console:carol").count() == 1
    assert len(await bot.audit("answer_withdrawn", subject="poll")) == 1

    await bot.say("alice", "!valider #1 2")
    assert await retract("carol") == []  # fixed: the answers it was fixed on stay
    assert await PollAnswerRow.filter(member="console:carol").count() == 1
