"""Tensions through the core with the in-memory fakes: noting one (its number from the
assembly's one sequence), the list, processing it (the next meeting's agenda, a proposal
whose adoption resolves it, resolved, dropped) with who may do what, and bad inputs in
French and English, each changing nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from core.i18n import translate
from core.messages import REFUSAL_EXTRA, Outbound
from core.tension_fakes import tension_state
from core.tensions import Tension, TensionStatus
from tests.unit.helpers import Room, assembly


def tension(room: Room, number: int) -> Tension:
    (assembly_id,) = room.store.state.assemblies
    return tension_state(room.store.state).tensions[(assembly_id, number)]


def events(room: Room) -> list[tuple[int, str, str | None]]:
    return [(n, e.kind, e.member) for _, n, e in tension_state(room.store.state).events]


def refused(outs: list[Outbound]) -> str:
    """The one answer of a refused command."""
    [out] = outs
    assert out.extra.get(REFUSAL_EXTRA) == "1", out.text
    return out.text


def text(outs: list[Outbound]) -> str:
    return "\n".join(o.text for o in outs)


async def test_a_tension_takes_the_next_number_of_the_assembly() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!proposer Jardin partagé")
    outs = await room.say("bob", "!tension Le local est trop froid le mardi soir.\nSurtout en hiver.")
    assert "Tension #2 notée, par bob : « Le local est trop froid le mardi soir. »" in text(outs)
    assert "!tension #2 odj" in text(outs) and "!proposer --tension 2" in text(outs)
    noted = tension(room, 2)
    assert (noted.author, noted.status) == ("console:bob", TensionStatus.OPEN)
    assert noted.text == "Le local est trop froid le mardi soir.\nSurtout en hiver."
    assert noted.created_at == room.clock.now()
    await room.say("alice", "!reunion AG 2026-12-01 18:30")
    assert "Réunion #3" in text(await room.say("alice", "!etat #3"))
    assert events(room) == [(2, "noted", "console:bob")]


async def test_only_members_note_tensions_and_an_empty_one_is_refused() -> None:
    room = await assembly("alice")
    assert "tapez !rejoindre" in refused(await room.say("carol", "!tension Il fait froid"))
    assert "!tension Le local est trop froid" in refused(await room.say("alice", "!tension"))
    assert "!tension" in refused(await room.say("alice", "!tension   "))
    assert "2000" in refused(await room.say("alice", "!tension " + "x" * 2001))
    assert tension_state(room.store.state).tensions == {}
    await room.say("alice", "!tension Enfin une vraie")
    assert tension(room, 1).text == "Enfin une vraie"  # refusals took no number


async def test_the_list_latest_first_with_what_was_processed() -> None:
    room = await assembly("alice", "bob")
    assert text(await room.say("bob", "!tensions")) == translate("tensions.none", "fr")
    await room.say("bob", "!tension Le local est froid")
    room.clock.advance(timedelta(hours=3))
    await room.say("alice", "!tension Les comptes rendus arrivent tard")
    await room.say("alice", "!tension Troisième\nligne cachée")
    await room.say("alice", "!tension #3 abandonnee")
    room.clock.advance(timedelta(days=2))
    listed = text(await room.say("bob", "!tensions"))
    lines = listed.splitlines()
    assert lines[0] == "Tensions ouvertes (2), les plus récentes d'abord :"
    assert lines[1] == "  #2 — alice, il y a 2 jours : Les comptes rendus arrivent tard"
    assert lines[2] == "  #1 — bob, il y a 2 jours : Le local est froid"
    assert "Déjà traitées (levées ou abandonnées) : 1." in listed and "Troisième" not in listed
    assert "!tension" in refused(await room.say("bob", "!tensions Il fait froid"))


async def test_on_the_agenda_of_the_next_meeting_to_come() -> None:
    room = await assembly("alice", "bob")
    await room.say("bob", "!tension Le local est trop froid")
    answer = refused(await room.say("bob", "!tension #1 odj"))
    assert "!reunion" in answer and "#1" in answer
    await room.say("alice", "!reunion AG de décembre 2026-12-10 18:30")  # #2, later
    await room.say("alice", "!reunion Permanence 2026-12-01 18:30")  # #3, sooner
    outs = await room.say("bob", "!tension #1 ordre-du-jour")
    assert "Tension #1 ajoutée à l'ordre du jour de la réunion #3 « Permanence »" in text(outs)
    assert "1. Tension #1 : Le local est trop froid" in text(outs)
    assert "Tension #1 : Le local est trop froid" in text(await room.say("alice", "!odj #3"))
    assert "Tension #1" not in text(await room.say("alice", "!odj #2"))
    marked = tension(room, 1)
    assert (marked.status, marked.meeting_number) == (TensionStatus.OPEN, 3)
    assert "réunion #3" in refused(await room.say("bob", "!tension #1 agenda"))  # once is enough
    assert "ordre du jour de la réunion #3" in text(await room.say("bob", "!tensions"))
    assert events(room)[-1] == (1, "on_agenda", "console:bob")


async def test_a_proposal_opened_for_a_tension_resolves_it_when_adopted() -> None:
    room = await assembly("alice", "bob")
    await room.say("bob", "!tension Le local est trop froid")
    outs = await room.say("bob", "!proposer --tension #1 Chauffer le local")
    assert "Proposition #2" in text(outs) and "La proposition #2 traite la tension #1" in text(outs)
    assert tension(room, 1).proposal_number == 2
    await room.say("bob", "!suivant #2")
    await room.say("bob", "!suivant #2")
    await room.say("alice", "!ok #2")
    outs = await room.say("bob", "!ok #2")
    [closed] = [o for o in outs if "ADOPTÉE" in o.text]
    assert "La tension #1 est levée par cette décision." in closed.text
    done = tension(room, 1)
    assert (done.status, done.resolved_by) == (TensionStatus.RESOLVED, 2)
    assert "Levée le" in text(await room.say("alice", "!etat #1"))
    assert "l'adoption de la proposition #2" in text(await room.say("alice", "!etat #1"))
    assert events(room)[-1][:2] == (1, "resolved")


async def test_a_proposal_that_expires_or_is_withdrawn_leaves_the_tension_open() -> None:
    room = await assembly("alice", "bob")
    await room.say("bob", "!tension Le local est trop froid")
    await room.say("alice", "!proposer --tension 1 Chauffer le local")  # a facilitator may
    assert "#2" in refused(await room.say("bob", "!proposer --tension 1 Autre idée"))  # #2 is still open
    outs = await room.advance(timedelta(days=8))
    [closed] = [o for o in outs if "EXPIRÉE" in o.text]
    assert "La tension #1 reste ouverte" in closed.text
    assert tension(room, 1).status is TensionStatus.OPEN
    await room.say("bob", "!proposer --tension 1 Autre idée")
    outs = await room.say("bob", "!retirer #3")
    assert "La tension #1 reste ouverte" in text(outs)
    assert (tension(room, 1).status, tension(room, 1).proposal_number) == (TensionStatus.OPEN, 3)


async def test_who_may_process_resolve_and_drop() -> None:
    room = await assembly("alice", "bob", "carol")  # alice facilitates
    await room.say("bob", "!tension Le local est trop froid")
    await room.say("bob", "!tension Les réunions finissent tard")
    await room.say("alice", "!reunion AG 2026-12-01 18:30")
    assert "#1" in refused(await room.say("carol", "!tension #1 resolue"))
    assert "#1" in refused(await room.say("carol", "!tension #1 odj"))
    assert "#1" in refused(await room.say("carol", "!proposer --tension 1 Chauffer"))
    assert "Seule la personne qui a noté la tension #1" in refused(await room.say("alice", "!tension #1 abandonnee"))
    assert tension(room, 1).status is TensionStatus.OPEN and "Proposition #4" not in text(
        await room.say("carol", "!etat"))
    outs = await room.say("alice", "!tension #1 résolue Le chauffage est réparé.")
    assert text(outs) == "✅ Tension #1 levée par alice.\nNote : Le chauffage est réparé."
    resolved = tension(room, 1)
    assert (resolved.status, resolved.note, resolved.closed_by) == (
        TensionStatus.RESOLVED, "Le chauffage est réparé.", "console:alice")
    assert "déjà levée" in refused(await room.say("bob", "!tension #1 levee"))
    assert "Tension #2 abandonnée par bob." in text(await room.say("bob", "!tension #2 abandonnée"))
    assert tension(room, 2).status is TensionStatus.DROPPED
    assert "abandonnée" in refused(await room.say("bob", "!tension #2 resolue"))
    assert [kind for _, kind, _ in events(room)] == ["noted", "noted", "resolved", "dropped"]


async def test_status_of_a_tension_and_the_overview() -> None:
    room = await assembly("alice", "bob")
    await room.say("bob", "!tension Le local est trop froid\nle mardi soir")
    shown = text(await room.say("alice", "!etat #1"))
    assert shown.startswith("🌱 Tension #1 — ouverte\nNotée par bob le ")
    assert "Le local est trop froid\nle mardi soir" in shown and "!tension #1 odj" in shown
    assert text(await room.say("alice", "!tension #1")) == shown
    assert "1 tension ouverte : !tensions" in text(await room.say("alice", "!etat"))
    await room.say("bob", "!tension #1 resolue")
    assert "tension ouverte" not in text(await room.say("alice", "!etat"))


async def test_bad_inputs_in_english_change_nothing() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!lang en")
    await room.say("bob", "!tension The room is too cold")
    await room.say("alice", "!propose Heating")
    before = (dict(tension_state(room.store.state).tensions), room.store.state.assemblies)
    answers = {
        "!tension": "Write the tension after the command",
        "!tension #1 later": "“later” is not a way to process tension #1",
        "!tension #9 resolved": "There is no tension #9",
        "!tension #2 resolved": "#2 is a proposal, not a tension",
        "!tension #1 agenda": "No meeting is planned",
        "!propose --tension abc Title": "--tension takes the number of a tension",
        "!propose --tension 2 Title": "#2 is a proposal, not a tension",
        "!tensions cold": "To note one: !tension <text>",
        "!ok #1": "#1 is a tension, not a proposal",
        "!rsvp #1 yes": "#1 is a tension, not a meeting",
        "!avail #1 yes": "#1 is a tension, not a time poll",
    }
    for line, expected in answers.items():
        assert expected in refused(await room.say("bob", line)), line
    assert "Only the person who noted tension #1 can drop it." in refused(
        await room.say("alice", "!tension #1 dropped"))
    after = (dict(tension_state(room.store.state).tensions), room.store.state.assemblies)
    assert after == before
    assert "Tension #3 noted, by bob" in text(await room.say("bob", "!tension And another one"))


async def test_my_data_and_forgetting() -> None:
    room = await assembly("alice", "bob")
    await room.say("bob", "!tension Le local est trop froid")
    await room.say("alice", "!tension Les comptes rendus arrivent tard")
    await room.say("bob", "!tension #1 resolue Réparé")
    [out] = [o for o in await room.say("bob", "!mes-donnees") if o.attachment]
    data: dict[str, Any] = json.loads(out.attachment or "")
    [mine] = data["tensions"]
    assert (mine["number"], mine["text"], mine["status"], mine["note"]) == (1, "Le local est trop froid",
                                                                            "resolved", "Réparé")
    await room.say("bob", "!oublier confirmer")
    forgotten = tension(room, 1)
    assert forgotten.author.startswith("anon:") and forgotten.closed_by == forgotten.author
    assert forgotten.text == "Le local est trop froid"  # the tension stays, its author does not
    assert tension(room, 2).author == "console:alice"
    assert all(member != "console:bob" for _, _, member in events(room))


async def test_a_number_names_a_tension_only_before_a_way() -> None:
    room = await assembly("alice", "bob")
    await room.say("bob", "!tension Le local est trop froid")
    await room.say("bob", "!tension 3 personnes manquent à chaque réunion")  # a text that starts with a number
    assert tension(room, 2).text == "3 personnes manquent à chaque réunion"
    assert "Tension #1 levée par bob." in text(await room.say("bob", "!tension 1 levée"))
    assert "Tension #2 abandonnée par bob." in text(await room.say("bob", "!tension n°2 ABANDONNEE"))
    assert [tension(room, n).status for n in (1, 2)] == [TensionStatus.RESOLVED, TensionStatus.DROPPED]
    assert "« #1abc » n'est pas un numéro" in refused(await room.say("bob", "!tension #1abc levée"))
    assert "« n°x » n'est pas un numéro" in refused(await room.say("bob", "!tension n°x odj"))
    await room.say("bob", "!tension #climat On imprime trop")  # a hashtag is text
    assert tension(room, 3).text == "#climat On imprime trop"


async def test_a_number_typed_wrong_before_a_way_notes_no_tension() -> None:
    room = await assembly("alice")
    for typed in ("#x resolue", "# odj", "#abc abandonnee"):
        assert "n'est pas un numéro" in refused(await room.say("alice", f"!tension {typed}")), typed
    assert tension_state(room.store.state).tensions == {}
