"""A command typed inside the thread of a proposal, a time poll or a meeting needs no
number: the thread says which one it is about. An explicit number still wins, a number in
a reason stays the reason's, a verb of the wrong kind gets the usual refusal, and outside a
thread the answer's example names a number that exists."""

from __future__ import annotations

import pytest

from helpers import Room, assembly, said

from core.commands import parse
from core.proposals import Phase, Stance
from core.threads import may_take_thread_number


async def consent_round(room: Room, title: str) -> int:
    outs = await room.say("alice", f"!propose {title}\nOn en parle.")
    number = int(outs[0].thread_key.split(":")[1])  # type: ignore[union-attr]
    await room.say("alice", f"!next #{number}")
    await room.say("alice", f"!next #{number}")
    assert room.proposal(number).phase is Phase.DECISION
    return number


async def test_in_a_proposals_thread_positions_need_no_number() -> None:
    room = await assembly("alice", "bob", "carol")
    first = await consent_round(room, "Jardin partagé")
    await consent_round(room, "Cantine")
    outs = await room.say("bob", "!ok", thread_key=f"proposal:{first}")
    assert room.proposal(first).position_of("console:bob").stance is Stance.CONSENT  # type: ignore[union-attr]
    assert room.proposal(2).position_of("console:bob") is None
    assert not any("numéro" in o.text for o in outs)
    await room.say("carol", "!objection le point 2 pose problème", thread_key=f"proposal:{first}")
    objection = room.proposal(first).objections["console:carol"]
    assert objection.reason == "le point 2 pose problème"
    assert room.proposal(2).position_of("console:carol") is None


async def test_a_number_starting_a_reason_in_a_thread_is_the_reasons() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room, "Jardin partagé")
    second = await consent_round(room, "Cantine")
    await room.say("bob", "!objection 1 seule personne arrose", thread_key=f"proposal:{second}")
    assert room.proposal(second).objections["console:bob"].reason == "1 seule personne arrose"
    assert room.proposal(1).position_of("console:bob") is None
    # outside a thread the leading number is the proposal's, as before
    command = parse("!objection 1 seule personne arrose")
    assert command is not None and (command.number, command.text) == (1, "seule personne arrose")


async def test_an_explicit_number_wins_over_the_thread() -> None:
    room = await assembly("alice", "bob")
    first = await consent_round(room, "Jardin partagé")
    second = await consent_round(room, "Cantine")
    await room.say("bob", f"!ok #{second}", thread_key=f"proposal:{first}")
    assert room.proposal(second).position_of("console:bob").stance is Stance.CONSENT  # type: ignore[union-attr]
    assert room.proposal(first).position_of("console:bob") is None
    await room.say("bob", f"!objection #{first} trop cher", thread_key=f"proposal:{second}")
    assert room.proposal(first).objections["console:bob"].reason == "trop cher"


async def test_questions_and_the_next_phase_in_the_thread() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!propose Jardin partagé\nOn cultive.")
    await room.say("alice", "!propose Cantine")
    outs = await room.say("bob", "!question Qui arrose ?", thread_key="proposal:1")
    assert "Question notée sur #1" in outs[0].text and outs[0].thread_key == "proposal:1"
    assert [(e.kind, e.text) for e in room.proposal(1).entries] == [("question", "Qui arrose ?")]
    assert room.proposal(2).entries == []
    await room.say("alice", "!suivant", thread_key="proposal:1")
    assert room.proposal(1).phase is Phase.REACTION and room.proposal(2).phase is Phase.CLARIFICATION


async def test_outside_a_thread_the_example_names_an_open_proposal() -> None:
    room = await assembly("alice", "bob")
    outs = await room.say("bob", "!ok")
    assert said(outs, "command.number_missing_none", verb="ok", hint="")
    assert "#" not in outs[0].text
    await consent_round(room, "Jardin partagé")
    await consent_round(room, "Cantine")
    outs = await room.say("bob", "!objection Trop cher")
    assert said(outs, "command.number_missing", verb="objection", number=2, hint="")
    assert "!objection #2" in outs[0].text
    await room.say("alice", "!retirer #2")
    # #1 is now the only proposal open to a consent: said to be the likely one
    outs = await room.say("bob", "!ok")
    assert said(outs, "command.number_missing_one.proposal", verb="ok", number=1, hint="")
    assert outs[0].text.startswith("Il manque le numéro : c'est sans doute #1, la seule proposition"), outs[0].text
    assert room.proposal(1).position_of("console:bob") is None  # nothing changed


async def test_the_example_is_a_proposal_the_command_applies_to_in_its_phase_and_method() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room, "Jardin partagé")  # 1: consent round
    await room.say("alice", "!propose --method vote --options \"A | B\" Couleur")  # 2: vote
    await room.say("alice", "!propose --method consensus Cantine")  # 3: consensus
    await room.say("alice", "!propose --method advice Local")  # 4: advice
    await room.say("alice", "!propose Fête")  # 5: consent, clarification
    await room.say("alice", "!propose Vélos")  # 6: consent, reaction
    await room.say("alice", "!next #6")
    for number in (2, 3, 4):  # the other methods' rounds open as the consent one does
        while room.proposal(number).phase is not Phase.DECISION:
            await room.say("alice", f"!next #{number}")
    assert room.proposal(5).phase is Phase.CLARIFICATION and room.proposal(6).phase is Phase.REACTION
    one = "command.number_missing_one.proposal"
    for typed, number in [("ok", 1), ("objection", 1), ("reserve", 1), ("lever", 1), ("vote", 2), ("avis", 4),
                          ("accord", 3), ("bloquer", 3), ("desaccord", 3), ("question", 5), ("reaction", 6)]:
        outs = await room.say("bob", f"!{typed} texte")
        assert said(outs, one, verb=typed, number=number, hint=""), (typed, outs[0].text)
    # more than one: the latest is the example, without saying it is the only one
    for typed, number in [("abstention", 3), ("suivant", 6), ("reponse", 6), ("retirer", 6), ("clore", 6),
                          ("amender", 6)]:
        outs = await room.say("bob", f"!{typed} texte")
        assert said(outs, "command.number_missing", verb=typed, number=number, hint=""), (typed, outs[0].text)
    # nothing it applies to: no number at all, none of another phase or method
    await room.say("alice", "!retirer #5")
    outs = await room.say("bob", "!question Qui ?")
    assert said(outs, "command.number_missing_none", verb="question", hint="") and "#" not in outs[0].text


async def test_the_example_in_english_says_which_is_likely() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!lang en")
    await room.say("alice", "!propose Garden")
    await room.say("alice", "!schedule Meeting --slots \"2026-12-12 10:00-12:00 | 2026-12-13 10:00-12:00\"")
    [answer] = await room.say("bob", "!ask Who waters?")
    assert answer.text.startswith("The number is missing: it is likely #1, the only proposal !ask applies"), answer.text
    [answer] = await room.say("bob", "!avail yes no")
    assert answer.text.startswith("The number is missing: it is likely #2, the only time poll !avail"), answer.text
    [answer] = await room.say("bob", "!consent")
    assert answer.text.startswith("The number is missing: type !consent followed by the number"), answer.text


@pytest.mark.parametrize(("platform", "hint"), [
    ("console", None), ("discord", None), ("webhook", None),
    ("matrix", "Dans le fil d'une proposition"), ("telegram", "En répondant à l'un des messages du bot"),
])
async def test_the_missing_number_answer_says_a_thread_spares_it_only_where_there_are_threads(
        platform: str, hint: str | None) -> None:
    room = Room(platform=platform)
    for name in ("alice", "bob"):
        await room.say(name, "!join")
    await consent_round(room, "Jardin partagé")
    [answer] = await room.say("bob", "!ok")
    assert answer.text.startswith("Il manque le numéro : c'est sans doute #1, "), answer.text
    if hint is None:
        assert "omis" not in answer.text, answer.text
    else:
        assert hint in answer.text and answer.text.endswith("le numéro peut être omis."), answer.text


async def test_poll_and_meeting_threads() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!planifier Y --creneaux \"12/12 10h-12h | 13/12 10h-12h\"")
    assert "!dispo #1" in await room.text("bob", "!dispo oui")  # outside: the open poll's number
    await room.say("bob", "!dispo oui non", thread_key="poll:1")
    # a meeting verb before the poll fixed a date: the usual answer, #1 is a poll
    refused = await room.text("bob", "!present oui", thread_key="poll:1")
    assert "#1" in refused and "sondage" in refused
    await room.say("alice", "!valider", thread_key="poll:1")
    # the meeting goes on in the poll's thread: meeting verbs there name the meeting (#2)
    outs = await room.say("bob", "!present oui", thread_key="poll:1")
    assert any("#2" in o.text for o in outs) and all(o.thread_key == "poll:1" for o in outs)
    await room.say("bob", "!odj ajouter Budget", thread_key="poll:1")
    agenda = await room.text("bob", "!odj #2")
    assert "Budget" in agenda
    # poll verbs there still name the poll: it is fixed, the usual answer says where to go
    assert "!present #2" in await room.text("bob", "!dispo non non", thread_key="poll:1")
    # a proposal verb in the poll's thread: the usual refusal, #1 is a poll
    refused = await room.text("bob", "!ok", thread_key="poll:1")
    assert "#1" in refused


async def test_a_meetings_own_thread() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!reunion AG 2026-12-12 18:00")
    await room.say("bob", "!present oui", thread_key="meeting:1")
    assert "bob" in await room.text("bob", "!etat #1")
    refused = await room.text("bob", "!dispo oui", thread_key="meeting:1")
    assert "#1" in refused and "réunion" in refused
    assert "!present #1" in await room.text("bob", "!present")  # outside: the meeting to come


async def test_a_thread_is_not_read_for_presses_nor_outside_commands() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room, "Jardin partagé")
    outs = await room.say("bob", "!etat", thread_key="proposal:1")  # the number stays optional there
    assert not any("numéro" in o.text for o in outs)
    outs = await room.say("bob", "bonjour", thread_key="proposal:1")
    assert outs == []


async def test_in_a_thread_a_bare_number_after_vote_or_finalize_is_the_option_or_the_slot() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", '!propose --methode vote --options "Rouge | Vert | Bleu" Couleur du local')
    await room.say("alice", "!propose Cantine")
    await room.say("bob", "!vote 2", thread_key="proposal:1")
    assert room.proposal(1).position_of("console:bob").option == "Vert"  # type: ignore[union-attr]
    assert room.proposal(2).position_of("console:bob") is None
    command = parse("!vote 2")  # outside a thread, as before: the proposal's number
    assert command is not None and (command.number, command.text) == (2, "")

    await room.say("alice", "!planifier Y --creneaux \"12/12 10h-12h | 13/12 10h-12h\"")
    fixed = await room.text("alice", "!valider 2", thread_key="poll:3")
    assert "sondage #3" in fixed and "13 déc." in fixed and "réunion #4" in fixed


async def test_status_and_calendar_in_a_thread_are_about_its_subject_outside_the_assemblys() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room, "Jardin partagé")
    await room.say("alice", "!propose Cantine")
    status = await room.say("bob", "!etat", thread_key="proposal:1")
    assert [o.thread_key for o in status] == ["proposal:1"]
    assert status[0].text.startswith("#1 « Jardin partagé »") and "Cantine" not in status[0].text
    assert "#2 « Cantine »" in await room.text("bob", "!status", thread_key="proposal:2")
    # in the main timeline: the assembly's overview, as before
    overview = await room.text("bob", "!etat")
    assert "Propositions en cours" in overview and "Jardin partagé" in overview and "Cantine" in overview

    await room.say("alice", "!reunion AG 2026-12-12 18:00")
    for word in ("!ics", "!calendrier"):
        [file] = await room.say("bob", word, thread_key="meeting:3")
        assert file.attachment_name and file.attachment and "réunion #3" in file.text
        [feed] = await room.say("bob", word)  # outside: the assembly's feed
        assert feed.attachment is None and "calendrier des réunions de l'assemblée" in feed.text
    [feed] = await room.say("bob", "!calendar", thread_key="meeting:3")  # the feed, wherever typed
    assert feed.attachment is None and "calendrier des réunions de l'assemblée" in feed.text
    assert "Ordre du jour de la réunion #3" in await room.text("bob", "!odj", thread_key="meeting:3")
    assert "AG" in await room.text("bob", "!etat", thread_key="meeting:3")
    refused = await room.text("bob", "!ics", thread_key="proposal:1")  # the usual answer: #1 is a proposal
    assert "#1" in refused and "calendrier des réunions" not in refused
    # an explicit number still wins
    assert "#2 « Cantine »" in await room.text("bob", "!etat #2", thread_key="proposal:1")


async def test_status_in_a_polls_thread_is_the_meetings_once_the_poll_fixed_it() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!planifier Y --creneaux \"12/12 10h-12h | 13/12 10h-12h\"")
    before = await room.say("bob", "!etat", thread_key="poll:1")
    assert [o.thread_key for o in before] == ["poll:1"] and "Propositions en cours" not in before[0].text
    await room.say("alice", "!valider 1", thread_key="poll:1")
    after = await room.text("bob", "!etat", thread_key="poll:1")
    assert after == await room.text("bob", "!etat #2")  # the meeting the poll fixed
    assert after != await room.text("bob", "!etat #1")


def test_the_thread_is_read_only_for_commands_that_may_take_its_number() -> None:
    for text in ("!ok", "!objection 2 points me gênent", "!vote 2", "!valider 2", "!etat", "!ics",
                 "!calendrier", "!odj", "!odj ajouter Budget", "!ok --inconnue"):
        assert may_take_thread_number(text), text
    for text in ("!ok #2", "!ok 2", "!objection #2 trop cher", "!etat #1", "!ics public", "!calendar",
                 "!aide", "!propose Jardin", "!decisions", "bonjour", "ok"):
        assert not may_take_thread_number(text), text


async def test_scheduling_verbs_name_a_poll_or_a_meeting_never_a_proposal() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room, "Jardin partagé")  # 1: a proposal open to positions
    await room.say("alice", "!reunion AG 2026-12-12 18:00")  # 2: a meeting to come
    outs = await room.say("bob", "!present oui")
    assert said(outs, "command.number_missing_one.meeting", verb="present", number=2, hint=""), outs[0].text
    assert outs[0].text.startswith("Il manque le numéro : c'est sans doute #2, la seule réunion"), outs[0].text
    outs = await room.say("bob", "!dispo oui")  # no poll open: no number, not the proposal's
    assert said(outs, "command.number_missing_none", verb="dispo", hint="") and "#" not in outs[0].text
    await room.say("alice", "!planifier Fête --creneaux \"12/12 10h-12h | 13/12 10h-12h\"")  # 3: a poll
    outs = await room.say("bob", "!dispo oui non")
    assert said(outs, "command.number_missing_one.poll", verb="dispo", number=3, hint=""), outs[0].text
    # `!annuler` is about a poll or a meeting: both are candidates, the latest is the example
    outs = await room.say("alice", "!annuler")
    assert said(outs, "command.number_missing", verb="annuler", number=3, hint=""), outs[0].text
