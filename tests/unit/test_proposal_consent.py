"""The sociocratic consent round, end to end through the core with the in-memory fakes:
opening, clarification, reactions, the consent round, objections and amendments, early
close, deadlines with quorum, review reminders, status, register and help."""

from __future__ import annotations

import copy
import json
import pickle
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from helpers import Room, assembly, said

from core.i18n import translate
from core.messages import Outbound
from core.proposal_handlers import DEADLINE_DUE, REVIEW_DUE
from core.proposals import Electorate, ObjectionStatus, Phase, Stance, Status


async def consent_round(room: Room, title: str = "Jardin partagé", author: str = "alice", flags: str = "") -> int:
    """Open a consent proposal and move it to its consent round; returns its number."""
    outs = await room.say(author, f"!propose {flags} {title}\nOn cultive le terrain ensemble.")
    number = int(outs[0].thread_key.split(":")[1])  # type: ignore[union-attr]
    await room.say(author, f"!next #{number}")
    await room.say(author, f"!next #{number}")
    assert room.proposal(number).phase is Phase.DECISION
    return number


def audit_kinds(room: Room, number: int) -> list[str]:
    return [event.kind for _, n, event in room.store.state.audit if n == number]


def pending_due(room: Room, kind: str) -> list[Any]:
    return [row for row in room.store.state.due if row.kind == kind and not row.done]


# ---- opening and the first two phases -------------------------------------------------


async def test_propose_opens_numbered_proposals_in_clarification() -> None:
    room = await assembly("alice", "bob")
    outs = await room.say("alice", "!propose Jardin partagé\nOn cultive le terrain.\nChaque samedi.")
    first = room.proposal(1)
    assert first.status is Status.OPEN and first.phase is Phase.CLARIFICATION
    assert first.title == "Jardin partagé" and first.version == 1
    assert first.body == "On cultive le terrain.\nChaque samedi."
    assert first.author == "console:alice"
    assert "Proposition #1" in outs[0].text and "« Jardin partagé »" in outs[0].text
    assert outs[0].thread_key == "proposal:1"
    assert any("!question #1" in o.text for o in outs)  # how to go on
    await room.say("bob", "!proposer Cantine")
    await room.say("bob", "!proposition Fête de quartier")
    assert [room.proposal(n).title for n in (2, 3)] == ["Cantine", "Fête de quartier"]
    assert len(pending_due(room, DEADLINE_DUE)) == 3


async def test_numbers_are_per_assembly() -> None:
    room = await assembly("alice")
    await room.say("alice", "!propose Premier")
    await room.say("alice", "!propose Deuxième")
    room.room = "autre-salon"
    await room.say("alice", "!join")
    outs = await room.say("alice", "!propose Ailleurs")
    assert outs[0].thread_key == "proposal:1"
    numbers = sorted((a, n) for a, n in room.store.state.proposals)
    assert [n for _, n in numbers] == [1, 2, 1]


async def test_clarification_questions_answers_then_reactions() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("alice", "!propose Jardin")
    outs = await room.say("bob", "!ask #1 Qui arrose ?")
    assert said(outs, "proposal.question_noted", number=1, author="alice")
    await room.say("carol", "!question #1 Et l'hiver ?")
    outs = await room.say("bob", "!answer #1 Je réponds à sa place")
    assert said(outs, "proposal.only_author_answers", number=1)
    await room.say("alice", "!answer #1 Un planning tournant.")
    await room.say("alice", "!reponse #1 On bâche.")
    await room.say("alice", "!réponse #1 Et on paille.")
    outs = await room.say("carol", "!react #1 Trop tôt pour réagir")
    assert said(outs, "proposal.not_in_reaction", number=1)
    outs = await room.say("alice", "!next #1")
    assert said(outs, "proposal.reaction_open", number=1)
    assert room.proposal(1).phase is Phase.REACTION
    outs = await room.say("bob", "!ask #1 Encore une question ?")
    assert said(outs, "proposal.not_in_clarification", number=1)
    await room.say("alice", "!answer #1 Les réponses restent possibles pendant les réactions.")
    await room.say("bob", "!react #1 Bonne idée")
    await room.say("carol", "!reaction #1 D'accord sur le principe")
    await room.say("carol", "!réaction #1 Pensons aux outils")
    kinds = [(e.kind, e.member, e.text) for e in room.proposal(1).entries]
    assert kinds == [
        ("question", "console:bob", "Qui arrose ?"),
        ("question", "console:carol", "Et l'hiver ?"),
        ("answer", "console:alice", "Un planning tournant."),
        ("answer", "console:alice", "On bâche."),
        ("answer", "console:alice", "Et on paille."),
        ("answer", "console:alice", "Les réponses restent possibles pendant les réactions."),
        ("reaction", "console:bob", "Bonne idée"),
        ("reaction", "console:carol", "D'accord sur le principe"),
        ("reaction", "console:carol", "Pensons aux outils"),
    ]
    outs = await room.say("alice", "!suivant #1")
    assert room.proposal(1).phase is Phase.DECISION
    assert "!consentement #1" in outs[0].text and "3 membres appelés" in outs[0].text


async def test_only_the_author_or_a_facilitator_moves_to_the_next_phase() -> None:
    room = await assembly("alice", "bob", "carol")  # alice facilitates (first member)
    await room.say("bob", "!propose Cantine")
    outs = await room.say("carol", "!next #1")
    assert said(outs, "proposal.only_author_or_facilitator", number=1)
    assert room.proposal(1).phase is Phase.CLARIFICATION
    await room.say("alice", "!next #1")  # the facilitator
    assert room.proposal(1).phase is Phase.REACTION
    await room.say("bob", "!next #1")  # the author
    assert room.proposal(1).phase is Phase.DECISION
    outs = await room.say("bob", "!next #1")
    assert said(outs, "proposal.already_deciding", number=1)


# ---- the consent round ----------------------------------------------------------------


async def test_adopted_as_soon_as_everyone_in_the_snapshot_has_positioned() -> None:
    room = await assembly("alice", "bob", "carol")
    number = await consent_round(room)
    assert room.proposal(number).electorate == ("console:alice", "console:bob", "console:carol")
    await room.say("alice", "!consent #1")
    await room.say("bob", "!concern #1 L'arrosage l'été")
    assert room.proposal(1).status is Status.OPEN
    room.clock.advance(timedelta(hours=5))
    outs = await room.say("carol", "!standaside #1")
    proposal = room.proposal(1)
    assert proposal.status is Status.ADOPTED and proposal.phase is Phase.CLOSED
    assert proposal.decided_at == room.clock.now()
    closing = [o for o in outs if "ADOPTÉE" in o.text]
    assert len(closing) == 1 and closing[0].thread_key == "proposal:1"
    assert "3/3" in closing[0].text
    assert audit_kinds(room, 1).count("closed") == 1
    assert not pending_due(room, DEADLINE_DUE)  # the deadline no longer fires
    assert proposal.positions[("console:bob", 1)].reason == "L'arrosage l'été"


def test_the_electorate_reads_as_its_ordered_list_and_answers_membership_from_a_set() -> None:
    members = [f"console:m{i:04d}" for i in range(2000)]
    electorate = Electorate(members)
    assert electorate == tuple(members) and len(electorate) == 2000 and electorate[1] == "console:m0001"
    assert "console:m1999" in electorate and "console:m2000" not in electorate and 3 not in electorate
    assert electorate._members == frozenset(members)  # `in` asks the set, not the list
    for kept in (copy.copy(electorate), copy.deepcopy(electorate), pickle.loads(pickle.dumps(electorate))):
        assert kept == electorate and "console:m0007" in kept and "console:zed" not in kept
    assert json.loads(json.dumps(electorate)) == members  # stored as the plain list it is
    assert "x" not in Electorate()


async def test_later_joiners_cannot_swing_the_round() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room)
    await room.say("dave", "!join")
    outs = await room.say("dave", "!object #1 Je viens d'arriver et je bloque")
    assert said(outs, "proposal.not_in_electorate", number=1)
    assert room.proposal(1).objections == {} and room.proposal(1).participated == 0
    await room.say("alice", "!consent #1")
    await room.say("bob", "!consent #1")
    assert room.proposal(1).status is Status.ADOPTED  # dave was never part of the electorate


async def test_members_who_leave_stay_in_the_snapshot() -> None:
    room = await assembly("alice", "bob", "carol")
    await consent_round(room)
    await room.say("carol", "!leave")
    await room.say("alice", "!consent #1")
    await room.say("bob", "!consent #1")
    assert room.proposal(1).status is Status.OPEN  # carol was called and has not answered
    assert room.proposal(1).tally().missing == ["console:carol"]


async def test_positions_change_until_the_close_and_count_once() -> None:
    room = await assembly("alice", "bob", "carol")
    await consent_round(room)
    await room.say("bob", "!consent #1")
    await room.say("bob", "!reserve #1 Le coût")
    await room.say("bob", "!réserve #1 Le coût, vraiment")
    await room.say("bob", "!abstenir #1")
    proposal = room.proposal(1)
    assert proposal.participated == 1 and proposal.counts.get("stand_aside") == 1
    assert sum(proposal.counts.values()) == 1
    assert proposal.positions[("console:bob", 1)].stance is Stance.STAND_ASIDE
    changes = [e.data["changed"] for _, _, e in room.store.state.audit if e.kind == "position"]
    assert changes == [False, True, True, True]


async def test_an_objection_needs_a_reason_and_blocks_adoption() -> None:
    room = await assembly("alice", "bob", "carol")
    await consent_round(room)
    outs = await room.say("bob", "!object #1")
    assert said(outs, "proposal.objection_needs_reason", number=1)
    assert room.proposal(1).participated == 0
    outs = await room.say("bob", "!objection #1 Pas d'accès à l'eau")
    assert any("!amender #1" in o.text and "!lever #1" in o.text for o in outs)
    await room.say("alice", "!consent #1")
    await room.say("carol", "!ok #1")
    proposal = room.proposal(1)
    assert proposal.participated == 3 and proposal.status is Status.OPEN
    assert [(o.member, o.reason, o.status) for o in proposal.objections.values()] == [
        ("console:bob", "Pas d'accès à l'eau", ObjectionStatus.OPEN)
    ]
    outs = await room.say("alice", "!close #1")
    assert said(outs, "proposal.cannot_close_objections", number=1, count=1)
    assert room.proposal(1).status is Status.OPEN


async def test_amendment_resets_positions_and_objections_await_their_authors() -> None:
    room = await assembly("alice", "bob", "carol")
    await consent_round(room)
    await room.say("alice", "!consent #1")
    await room.say("bob", "!object #1 Pas d'eau")
    outs = await room.say("alice", "!amend #1 Avec un récupérateur d'eau de pluie.")
    proposal = room.proposal(1)
    assert proposal.version == 2 and proposal.body == "Avec un récupérateur d'eau de pluie."
    assert proposal.texts == {1: "On cultive le terrain ensemble.", 2: "Avec un récupérateur d'eau de pluie."}
    assert proposal.participated == 0 and proposal.tally().counts == {}
    assert ("console:alice", 1) in proposal.positions  # history kept, no longer counted
    assert proposal.objections["console:bob"].status is ObjectionStatus.OPEN
    assert said(outs, "proposal.amended", number=1, version=2, text=proposal.body,
                objectors=" Objections en attente de leurs auteur·ices : bob.")
    assert "console:bob" in outs[0].mentions
    assert proposal.phase is Phase.DECISION and "version 2" in outs[1].text
    # Everyone but the objector consents to version 2: the objection still blocks.
    await room.say("alice", "!consent #1")
    await room.say("carol", "!consent #1")
    assert room.proposal(1).status is Status.OPEN
    outs = await room.say("alice", "!clore #1")
    assert said(outs, "proposal.cannot_close_objections", number=1, count=1)
    # The objector consents to the later version: the objection was integrated, and the room
    # hears it before the adoption.
    outs = await room.say("bob", "!consentement #1")
    integrated = translate("proposal.objection_integrated", "fr", member="bob", number=1, version=2)
    texts = [o.text for o in outs]
    assert integrated in texts and texts.index(integrated) < len(texts) - 1
    assert texts[-1].startswith("✅")
    proposal = room.proposal(1)
    objection = proposal.objections["console:bob"]
    assert objection.status is ObjectionStatus.INTEGRATED and objection.resolved_version == 2
    assert proposal.status is Status.ADOPTED and proposal.version == 2
    assert "objection_integrated" in audit_kinds(room, 1)


async def test_a_new_objection_on_the_new_version_keeps_blocking() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room)
    await room.say("bob", "!object #1 Trop cher")
    await room.say("alice", "!amendement #1 Moins cher.")
    await room.say("bob", "!object #1 Toujours trop cher")
    await room.say("alice", "!consent #1")
    proposal = room.proposal(1)
    assert proposal.status is Status.OPEN
    assert proposal.objections["console:bob"].reason == "Toujours trop cher"
    assert proposal.objections["console:bob"].status is ObjectionStatus.OPEN
    # one objection per member: its reason now stands against version 2, where it was written
    assert proposal.objections["console:bob"].version == 2
    await room.say("bob", "!consent #1")
    assert room.proposal(1).objections["console:bob"].status is ObjectionStatus.WITHDRAWN  # same version
    assert room.proposal(1).status is Status.ADOPTED


async def test_an_objection_renewed_on_a_later_version_carries_that_version_everywhere() -> None:
    room = await assembly("alice", "bob", "carol", "dave")
    await consent_round(room)
    await room.say("bob", "!objection #1 Vraiment trop cher.")
    await room.say("alice", "!amender #1 Prix libre, 10 € conseillés.")
    await room.say("bob", "!objection #1 Le conseil de 10 € met la pression.")
    assert "bob (v2) : Le conseil de 10 € met la pression." in await room.text("carol", "!etat #1")
    await room.say("alice", "!amender #1 Prix libre, sans montant conseillé.")
    await room.say("bob", "!lever #1")
    objection = room.proposal(1).objections["console:bob"]
    assert (objection.version, objection.resolved_version) == (2, 3)
    assert objection.reason == "Le conseil de 10 € met la pression."
    raised = [e for _, n, e in room.store.state.audit if n == 1 and e.kind == "objection_raised"]
    assert [(e.version, e.data["reason"]) for e in raised] == [
        (1, "Vraiment trop cher."), (2, "Le conseil de 10 € met la pression.")]


async def test_the_objector_lifts_the_objection() -> None:
    room = await assembly("alice", "bob", "carol")
    await consent_round(room)
    outs = await room.say("bob", "!withdraw-objection #1")
    assert said(outs, "proposal.no_open_objection", number=1)
    await room.say("alice", "!consent #1")
    await room.say("carol", "!consent #1")
    await room.say("bob", "!object #1 Pas maintenant")
    assert room.proposal(1).participated == 3 and room.proposal(1).status is Status.OPEN
    outs = await room.say("bob", "!lever #1")
    assert said(outs, "proposal.objection_withdrawn", number=1, member="bob")
    proposal = room.proposal(1)
    assert proposal.objections["console:bob"].status is ObjectionStatus.WITHDRAWN
    # Lifting takes the objection position back: bob has not positioned any more.
    assert proposal.participated == 2 and ("console:bob", 1) not in proposal.positions
    assert proposal.status is Status.OPEN
    await room.say("bob", "!consent #1")
    assert room.proposal(1).status is Status.ADOPTED


async def test_lifting_an_objection_carried_over_an_amendment() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room)
    await room.say("bob", "!object #1 Non")
    await room.say("alice", "!amender #1 Version deux.")
    await room.say("alice", "!consent #1")
    await room.say("bob", "!retirer-objection #1")
    proposal = room.proposal(1)
    assert proposal.objections["console:bob"].status is ObjectionStatus.WITHDRAWN
    assert proposal.status is Status.OPEN  # bob has not positioned on version 2 yet
    await room.say("bob", "!standaside #1")
    assert room.proposal(1).status is Status.ADOPTED


async def test_changing_an_objection_to_consent_on_the_same_version_withdraws_it() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room)
    await room.say("bob", "!object #1 Hmm")
    outs = await room.say("bob", "!consent #1")
    assert room.proposal(1).objections["console:bob"].status is ObjectionStatus.WITHDRAWN
    assert room.proposal(1).participated == 1
    assert said(outs, "proposal.objection_withdrawn", number=1, member="bob")
    # Consenting again says nothing more about an objection that is already lifted.
    outs = await room.say("bob", "!consent #1")
    assert not any("objection" in o.text for o in outs)


async def test_an_anonymous_round_announces_an_integrated_objection_without_its_author() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room, flags="--anonymous")
    await room.say("bob", "!object #1 Pas d'eau")
    await room.say("alice", "!amend #1 Avec de l'eau.")
    outs = await room.say("bob", "!consent #1")
    assert said(outs, "proposal.objection_integrated_anonymous", number=1, version=2)
    assert not any("bob" in o.text for o in outs)
    assert room.proposal(1).status is Status.OPEN  # alice has not positioned on version 2 yet


async def test_anonymous_lifting_does_not_name_the_objector() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room, flags="--anonyme")
    await room.say("bob", "!object #1 Pas d'eau")
    outs = await room.say("bob", "!lever #1")
    assert said(outs, "proposal.objection_withdrawn_anonymous", number=1)
    assert not any("bob" in o.text for o in outs)


async def test_close_announcements_end_no_line_with_a_space() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room)
    await room.say("alice", "!consent #1")
    outs = await room.say("bob", "!consent #1")
    close = outs[-1].text
    assert close.startswith("✅ Proposition #1")
    assert all(line == line.rstrip() for line in close.split("\n")), close
    status = await room.text("alice", "!etat #1")
    assert all(line == line.rstrip() for line in status.split("\n")), status
    assert "Phase : terminée" in status


async def test_amend_is_for_the_author_or_a_facilitator() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("bob", "!propose Cantine\nTexte 1")
    outs = await room.say("carol", "!amend #1 Texte de carol")
    assert said(outs, "proposal.only_author_or_facilitator", number=1)
    outs = await room.say("bob", "!amend #1")
    assert said(outs, "proposal.amend_missing_text", number=1)
    await room.say("alice", "!amender #1 Texte de l'animation")
    assert room.proposal(1).version == 2 and room.proposal(1).body == "Texte de l'animation"


# ---- close, withdraw, nothing after the close --------------------------------------------


async def test_close_early_when_the_rules_allow_adoption() -> None:
    room = await assembly("alice", "bob", "carol")
    await consent_round(room)
    await room.say("bob", "!consent #1")
    outs = await room.say("alice", "!close #1")
    proposal = room.proposal(1)
    assert proposal.status is Status.ADOPTED and proposal.decided_at == room.clock.now()
    assert any("ADOPTÉE" in o.text and "1/3" in o.text for o in outs)


async def test_close_refusals_say_why_and_change_nothing() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("alice", "!propose --quorum 2/3 Jardin")
    outs = await room.say("alice", "!close #1")
    assert said(outs, "proposal.cannot_close_phase", number=1, phase="clarification")
    await room.say("alice", "!next #1")
    outs = await room.say("alice", "!cloturer #1")
    assert said(outs, "proposal.cannot_close_phase", number=1, phase="réactions")
    await room.say("alice", "!next #1")
    outs = await room.say("alice", "!clôturer #1")
    assert said(outs, "proposal.cannot_close_nobody", number=1)
    await room.say("bob", "!consent #1")
    outs = await room.say("alice", "!close #1")
    assert said(outs, "proposal.cannot_close_quorum", number=1, participated=1, electorate=3)
    await room.say("carol", "!object #1 Non")
    outs = await room.say("alice", "!close #1")
    assert said(outs, "proposal.cannot_close_objections", number=1, count=1)
    outs = await room.say("carol", "!close #1")
    assert said(outs, "proposal.only_author_or_facilitator", number=1)
    assert room.proposal(1).status is Status.OPEN
    assert "closed" not in audit_kinds(room, 1)
    await room.say("carol", "!lever #1")
    await room.say("carol", "!reserve #1 Bon, d'accord")
    outs = await room.say("bob", "!clore #1")  # not the author, not a facilitator
    assert said(outs, "proposal.only_author_or_facilitator", number=1)
    await room.say("alice", "!clore #1")
    assert room.proposal(1).status is Status.ADOPTED


async def test_a_facilitator_closes_someone_elses_proposal() -> None:
    room = await assembly("alice", "bob", "carol")
    await consent_round(room, author="bob")
    await room.say("carol", "!consent #1")
    await room.say("alice", "!close #1")
    assert room.proposal(1).status is Status.ADOPTED


async def test_withdraw_by_the_author_only() -> None:
    room = await assembly("alice", "bob")
    await room.say("bob", "!propose Cantine")
    outs = await room.say("alice", "!withdraw #1")
    assert said(outs, "proposal.only_author_withdraws", number=1)
    outs = await room.say("bob", "!retirer #1")
    proposal = room.proposal(1)
    assert proposal.status is Status.WITHDRAWN and proposal.phase is Phase.CLOSED
    assert proposal.decided_at == room.clock.now()
    assert said(outs, "proposal.closed_withdrawn", number=1, title="Cantine")
    assert not pending_due(room, DEADLINE_DUE)
    assert await room.advance(timedelta(days=8)) == []


async def test_nothing_is_accepted_after_the_close() -> None:
    room = await assembly("alice", "bob", "carol")
    await consent_round(room)
    for name in ("alice", "bob", "carol"):
        await room.say(name, "!consent #1")
    before = room.proposal(1)
    frozen = (before.status, before.version, dict(before.positions), dict(before.counts), before.decided_at,
              len(before.entries), dict(before.objections))
    audit = len(room.store.state.audit)
    room.clock.advance(timedelta(hours=1))
    for name, line in [
        ("bob", "!object #1 Trop tard ?"), ("bob", "!consent #1"), ("carol", "!concern #1 Hmm"),
        ("carol", "!standaside #1"), ("alice", "!amend #1 Nouveau texte"), ("alice", "!close #1"),
        ("alice", "!withdraw #1"), ("alice", "!next #1"), ("bob", "!ask #1 Et alors ?"),
        ("bob", "!react #1 Trop tard"), ("bob", "!withdraw-objection #1"), ("alice", "!answer #1 Oui"),
    ]:
        outs = await room.say(name, line)
        assert said(outs, "proposal.closed", number=1, status="adoptée"), line
    after = room.proposal(1)
    assert (after.status, after.version, dict(after.positions), dict(after.counts), after.decided_at,
            len(after.entries), dict(after.objections)) == frozen
    assert len(room.store.state.audit) == audit


# ---- deadlines, quorum, review -----------------------------------------------------------


async def test_default_deadline_is_seven_days_and_silence_adopts_without_quorum() -> None:
    room = await assembly("alice", "bob", "carol")
    await consent_round(room)
    await room.say("bob", "!consent #1")
    # only the reminder to those who have not positioned comes before the deadline
    assert [o.text[:1] for o in await room.advance(timedelta(days=7) - timedelta(minutes=1))] == ["⏰"]
    assert room.proposal(1).status is Status.OPEN
    outs = await room.advance(timedelta(minutes=2))
    proposal = room.proposal(1)
    assert proposal.status is Status.ADOPTED and proposal.decided_at == room.clock.now()
    assert len([o for o in outs if "ADOPTÉE" in o.text]) == 1
    assert await room.advance(timedelta(days=30)) == []  # one close, one announcement


async def test_deadline_without_quorum_expires() -> None:
    room = await assembly("alice", "bob", "carol")
    await consent_round(room, flags="--quorum 50% --deadline 72h")
    await room.say("bob", "!consent #1")
    assert [o.text[:1] for o in await room.advance(timedelta(hours=71))] == ["⏰"]  # the reminder only
    outs = await room.advance(timedelta(hours=2))
    proposal = room.proposal(1)
    assert proposal.status is Status.EXPIRED and proposal.outcome == "quorum"
    assert any("EXPIRÉE" in o.text and translate("outcome.quorum", "fr") in o.text for o in outs)


async def test_deadline_with_quorum_met_adopts() -> None:
    room = await assembly("alice", "bob", "carol")
    await consent_round(room, flags="--quorum 50% --echeance 3j")
    await room.say("bob", "!consent #1")
    await room.say("carol", "!reserve #1 Attention au budget")
    await room.advance(timedelta(days=3, minutes=1))
    assert room.proposal(1).status is Status.ADOPTED


async def test_a_quorum_reached_exactly_is_met() -> None:
    room = await assembly("alice", "bob", "carol", "dave")
    await consent_round(room, flags="--quorum 50%")
    await room.say("bob", "!consent #1")
    outs = await room.say("alice", "!close #1")
    assert said(outs, "proposal.cannot_close_quorum", number=1, participated=1, electorate=4)
    await room.say("carol", "!consent #1")
    await room.say("alice", "!close #1")  # 2 of 4 is 50 %
    assert room.proposal(1).status is Status.ADOPTED


async def test_deadline_with_an_open_objection_expires() -> None:
    room = await assembly("alice", "bob", "carol")
    await consent_round(room)
    await room.say("alice", "!consent #1")
    await room.say("bob", "!object #1 Non")
    outs = await room.advance(timedelta(days=7, minutes=1))
    proposal = room.proposal(1)
    assert proposal.status is Status.EXPIRED and proposal.outcome == "objection"
    assert any(translate("outcome.objection", "fr") in o.text for o in outs)


async def test_deadline_before_the_consent_round_expires() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!propose --deadline 2d Jardin")
    await room.advance(timedelta(days=2, minutes=1))
    assert room.proposal(1).status is Status.EXPIRED


async def test_absolute_deadline_in_the_room_time_zone() -> None:
    room = await assembly("alice")
    await room.say("alice", "!propose --deadline 2026-12-01T18:00 Jardin")
    deadline = room.proposal(1).rules.deadline
    assert deadline is not None and deadline.isoformat() == "2026-12-01T18:00:00+01:00"


async def test_review_date_and_its_reminder() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room, flags="--review 6m")
    await room.say("alice", "!consent #1")
    outs = await room.say("bob", "!consent #1")
    proposal = room.proposal(1)
    assert proposal.decided_at is not None
    # six months later at the same local time, although summer time has begun since
    paris = ZoneInfo("Europe/Paris")
    assert proposal.review_at == proposal.decided_at.astimezone(paris) + relativedelta(months=6)
    assert proposal.review_at.astimezone(paris).hour == proposal.decided_at.astimezone(paris).hour == 10
    assert proposal.review_at.hour == 8  # UTC: 10:00 in Paris in May
    assert any("Révision prévue" in o.text for o in outs)
    assert len(pending_due(room, REVIEW_DUE)) == 1
    assert await room.advance(timedelta(days=170)) == []
    outs = await room.advance(timedelta(days=20))
    assert said(outs, "proposal.review_due", number=1, title="Jardin partagé")
    assert outs[0].thread_key == "proposal:1"
    assert await room.advance(timedelta(days=400)) == []  # reminded once


async def test_no_review_reminder_for_what_was_not_adopted() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room, flags="--revision 1y")
    await room.say("bob", "!object #1 Non")
    await room.advance(timedelta(days=8))
    assert room.proposal(1).status is Status.EXPIRED and room.proposal(1).review_at is None
    assert not pending_due(room, REVIEW_DUE)


# ---- status, register, help ---------------------------------------------------------------


async def test_status_shows_phase_version_positions_and_objections() -> None:
    room = await assembly("alice", "bob", "carol")
    await consent_round(room)
    await room.say("alice", "!amend #1 Deuxième version")
    await room.say("alice", "!consent #1")
    await room.say("bob", "!object #1 L'eau manque")
    text = await room.text("carol", "!status #1")
    assert "#1 « Jardin partagé » — ouverte" in text and "version 2" in text
    assert "Phase : décision" in text
    assert "Ont pris position : alice (consentement), bob (objection)" in text
    assert "En attente : carol" in text
    assert "Objections ouvertes : 1" in text and "bob (v2) : L'eau manque" in text
    assert await room.text("carol", "!etat #1") == text
    assert await room.text("carol", "!état 1") == text
    await room.say("alice", "!lang en")
    assert "bob (v2): L'eau manque" in await room.text("carol", "!status #1")


async def test_status_without_number_lists_what_is_open() -> None:
    room = await assembly("alice", "bob")
    text = await room.text("bob", "!status")
    assert text == translate("overview.none", "fr", members=2)  # one line, no empty list
    await room.say("alice", "!propose Jardin")
    await room.say("alice", "!propose Cantine")
    await room.say("alice", "!withdraw #2")
    text = await room.text("bob", "!etat")
    assert "#1 Jardin — clarification" in text and "Cantine" not in text and "2 membres" in text


async def test_decision_register() -> None:
    room = await assembly("alice", "bob")
    outs = await room.say("bob", "!decisions")
    assert said(outs, "decisions.none")
    await consent_round(room)
    await room.say("alice", "!consent #1")
    await room.say("bob", "!consent #1")
    await room.say("alice", "!propose Cantine")
    await room.say("alice", "!withdraw #2")
    await room.say("alice", "!propose Encore ouverte")
    for verb in ("!decisions", "!décisions", "!registre"):
        text = await room.text("bob", verb)
        assert "Registre des décisions (2)" in text
        assert "#1 Jardin partagé — adoptée" in text and "#2 Cantine — retirée" in text
        assert "Encore ouverte" not in text


async def test_help_in_both_languages() -> None:
    room = await assembly("alice")
    for verb in ("!help", "!aide"):
        text = await room.text("alice", verb)
        assert "!proposer" in text and "!consentement #N" in text
        assert "usage." not in text and "what." not in text
    # The detailed help names the command in the room's language, then its other names.
    for verb, name, others in (("proposer", "!proposer", "!propose, !proposition"),
                               ("etat", "!etat", "!status, !état"),
                               ("lever", "!lever", "!withdraw-objection, !retirer-objection"),
                               ("odj", "!odj", "!agenda, !ordre-du-jour")):
        text = await room.text("alice", f"!aide {verb}")
        assert text.startswith(f"{name} — ") and f"Alias : {others}" in text, text
    assert "Usage : !odj #N [ajouter <point> | retirer <n°>]" in await room.text("alice", "!aide odj")
    assert (await room.text("alice", "!proposer --methode sondage Test")).endswith(
        "Méthodes possibles : consentement, consensus, vote, avis.")
    await room.say("alice", "!lang en")
    text = await room.text("alice", "!help")
    assert "!propose" in text and "Proposals and consent" in text
    text = await room.text("alice", "!aide clore")
    assert text.startswith("!close — ") and "!clore" in text


async def test_a_button_pressed_on_the_prompt_of_an_earlier_version_counts_for_nothing() -> None:
    from core.messages import Action, typed_form

    room = await assembly("alice", "bob", "carol")
    outs = await room.say("alice", "!propose Jardin partagé\nOn cultive le terrain ensemble.")
    await room.say("alice", "!next #1")
    outs = await room.say("alice", "!next #1")
    prompt = next(o for o in outs if o.buttons)
    consent_v1 = next(b.payload for b in prompt.buttons if b.payload.startswith("consent"))
    assert consent_v1 == "consent #1 --version 1"
    assert typed_form(consent_v1) == "consent #1"  # hints show what to type, without the version
    # Pressed while version 1 is current: counted.
    await room.say("bob", "", action=Action.BUTTON, payload=consent_v1)
    assert room.proposal(1).positions[("console:bob", 1)].stance is Stance.CONSENT
    outs = await room.say("alice", "!amend #1 Avec un récupérateur d'eau de pluie.")
    prompt_v2 = next(o for o in outs if o.buttons)
    assert any(b.payload == "consent #1 --version 2" for b in prompt_v2.buttons)
    # Carol presses ✅ on the old prompt: refused, with the way to answer the current text.
    outs = await room.say("carol", "", action=Action.BUTTON, payload=consent_v1)
    assert said(outs, "proposal.stale_prompt", number=1, version=1, current=2)
    assert outs[0].thread_key == prompt_v2.thread_key  # said in the proposal's thread, not loose in the room
    assert ("console:carol", 2) not in room.proposal(1).positions and room.proposal(1).participated == 0
    # Bob removes his old reaction: it never counted for version 2, nothing changes.
    await room.say("carol", "!consent #1")
    outs = await room.say("carol", "", action=Action.UNDO, payload=consent_v1)
    assert room.proposal(1).positions[("console:carol", 2)].stance is Stance.CONSENT
    assert outs == []
    # The button of the current version works, and so does a reason button's text.
    await room.say("bob", "", action=Action.BUTTON, payload="concern #1 --version 2 Le coût ?")
    bob = room.proposal(1).positions[("console:bob", 2)]
    assert bob.stance is Stance.CONCERN and bob.reason == "Le coût ?"
    outs = await room.say("bob", "!consent #1 --version deux")
    assert said(outs, "proposal.bad_version_flag", value="deux")


# ---- the reminder before the deadline --------------------------------------------------------


def reminders(outs: list[Outbound]) -> list[Outbound]:
    return [o for o in outs if o.text.startswith("⏰")]


async def test_those_who_have_not_positioned_are_reminded_a_day_before_the_deadline() -> None:
    room = await assembly("alice", "bob", "carol")
    await consent_round(room)
    await room.say("alice", "!consent #1")
    assert reminders(await room.advance(timedelta(days=5, hours=23))) == []
    (reminder,) = reminders(await room.advance(timedelta(hours=1, minutes=1)))
    deadline = translate("proposal.reminder", "fr", number=1, title="Jardin partagé",
                         deadline="mer. 2 déc. 2026, 10:00", members="bob, carol",
                         rule=translate("proposal.reminder_rule_consent", "fr"))
    assert reminder.text.split(" : échéance le ")[0] == deadline.split(" : échéance le ")[0]
    assert "Pas encore de position : bob, carol." in reminder.text
    assert "qui ne dit rien consent" in reminder.text and "!etat #1" in reminder.text
    assert set(reminder.mentions) == {"console:bob", "console:carol"}
    assert reminder.thread_key == "proposal:1"
    assert room.proposal(1).status is Status.OPEN
    assert reminders(await room.advance(timedelta(hours=12))) == []  # once
    await room.advance(timedelta(days=1))
    assert room.proposal(1).status is Status.ADOPTED


async def test_an_amendment_keeps_a_single_reminder() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room)
    await room.say("bob", "!object #1 Non")
    await room.say("alice", "!amend #1 Autre texte")
    await room.say("alice", "!amend #1 Troisième texte")
    pending = [row for row in pending_due(room, "proposal.reminder")]
    assert len(pending) == 1
    (reminder,) = reminders(await room.advance(timedelta(days=6, minutes=1)))
    assert "alice, bob" in reminder.text  # nobody has positioned on version 3


async def test_no_reminder_when_everyone_has_positioned_or_the_proposal_is_closed() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room)
    await room.say("alice", "!consent #1")
    await room.say("bob", "!object #1 Non")  # everyone has positioned; the objection keeps it open
    await consent_round(room, title="Autre")
    await room.say("alice", "!withdraw #2")
    assert pending_due(room, "proposal.reminder") == [r for r in pending_due(room, "proposal.reminder")
                                                      if r.ref == room.proposal(1).id]
    assert reminders(await room.advance(timedelta(days=6, minutes=1))) == []


async def test_short_rounds_are_reminded_earlier_and_very_short_ones_not_at_all() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room, flags="--deadline 2h")
    await consent_round(room, title="Éclair", flags="--deadline 40min")
    assert reminders(await room.advance(timedelta(minutes=89))) == []
    (reminder,) = reminders(await room.advance(timedelta(minutes=2)))  # 30 min before the deadline
    assert "#1" in reminder.text
    assert [row.ref for row in room.store.state.due if row.kind == "proposal.reminder"] == [room.proposal(1).id]


async def test_the_rule_the_reminder_states_follows_the_proposal() -> None:
    room = await assembly("alice", "bob", "carol")
    await consent_round(room, flags="--quorum 50%")
    await room.say("alice", '!propose --method vote --options "A | B" Couleur')
    await room.say("alice", "!propose --method consensus Pizza")
    await room.say("bob", "!vote #2 A")
    outs = reminders(await room.advance(timedelta(days=6, minutes=1)))
    by_number = {o.thread_key: o.text for o in outs}
    assert "au moins 50 % des membres appelés ont pris position" in by_number["proposal:1"]
    assert translate("proposal.reminder_rule_other", "fr") in by_number["proposal:2"]
    assert "Pas encore de position : alice, carol." in by_number["proposal:2"]
    assert "Pas encore de position : alice, bob, carol." in by_number["proposal:3"]


async def test_an_anonymous_round_is_reminded_without_names() -> None:
    room = await assembly("alice", "bob", "carol")
    await consent_round(room, flags="--anonymous")
    await room.say("bob", "!consent #1")
    (reminder,) = reminders(await room.advance(timedelta(days=6, minutes=1)))
    assert "2 membres appelés n'ont pas encore pris position." in reminder.text
    assert "alice" not in reminder.text and "carol" not in reminder.text and reminder.mentions == ()


async def test_the_author_of_an_advice_process_is_reminded_to_decide() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!lang en")
    await room.say("alice", "!propose --method advice Supplier")
    await room.say("bob", "!advise #1 The coop")
    (reminder,) = reminders(await room.advance(timedelta(days=6, minutes=1)))
    assert reminder.text.startswith('⏰ Advice process #1 “Supplier”: deadline ')
    assert "alice, decide with !close #1 <your decision>" in reminder.text
    assert reminder.mentions == ("console:alice",)


async def test_organisers_set_how_long_before_the_deadline_proposals_are_reminded() -> None:
    room = await assembly("alice", "bob", "carol")
    current = await room.text("bob", "!rappels")
    assert "Rappel des propositions (à qui n'a pas pris position) : 1 j avant l'échéance." in current
    await consent_round(room)  # reminded 6 days in by default
    assert "catalyseur" in await room.text("bob", "!rappels proposition 2j")
    changed = await room.text("alice", "!rappels proposition 2j")
    assert changed == ("Les propositions seront rappelées 2 j avant l'échéance, à qui n'a pas encore pris "
                       "position (1 tour en cours mis à jour).")
    assert len(pending_due(room, "proposal.reminder")) == 1  # the round under way follows, once
    (reminder,) = reminders(await room.advance(timedelta(days=5, minutes=1)))
    assert "bob, carol" in reminder.text
    assert "2 j avant l'échéance" in await room.text("bob", "!rappels")


async def test_proposal_reminders_can_be_turned_off_and_on_again() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!lang en")
    await consent_round(room)
    off = await room.text("alice", "!reminders proposal none")
    assert off == "No more reminders before proposal deadlines (1 round under way updated)."
    assert pending_due(room, "proposal.reminder") == []
    assert "Proposal reminder (to those who have not taken a position): none." in await room.text("bob", "!reminders")
    await consent_round(room, title="Second")
    assert pending_due(room, "proposal.reminder") == []
    assert reminders(await room.advance(timedelta(days=6, minutes=1))) == []
    on = await room.text("alice", "!reminders proposition 12h")
    # #1 and #2 close in less than twice 12 h: reminded when three quarters of that time have gone
    assert "(2 rounds under way updated)" in on
    await consent_round(room, title="Third")
    assert reminders(await room.advance(timedelta(hours=17))) == []
    assert sorted(o.thread_key for o in reminders(await room.advance(timedelta(hours=1)))) == [
        "proposal:1", "proposal:2"]
    (reminder,) = reminders(await room.advance(timedelta(days=6)))
    assert reminder.thread_key == "proposal:3"
    assert "12 hours before the deadline" in await room.text("bob", "!reminders")


async def test_a_bad_reminder_setting_changes_nothing() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room)
    before = [(r.kind, r.due_at) for r in pending_due(room, "proposal.reminder")]
    outs = await room.say("alice", "!rappels proposition bientôt")
    assert len(outs) == 1 and "rappel" in outs[0].text.lower()
    assert [(r.kind, r.due_at) for r in pending_due(room, "proposal.reminder")] == before
    assert "1 j avant l'échéance" in await room.text("bob", "!rappels")


async def test_reminder_settings_take_one_delay_and_a_bare_word_shows_them() -> None:
    room = await assembly("alice", "bob")
    await consent_round(room)
    before = [(r.kind, r.due_at) for r in pending_due(room, "proposal.reminder")]
    for typed, word in (("!rappels proposition 2j 1h", "proposition"), ("!rappels sondage 12h 1h", "sondage")):
        assert await room.text("alice", typed) == translate("reminders.one_delay", "fr", word=word)
    assert [(r.kind, r.due_at) for r in pending_due(room, "proposal.reminder")] == before
    shown = await room.text("alice", "!rappels")
    assert await room.text("alice", "!rappels proposition") == shown
    assert await room.text("alice", "!rappels sondage") == shown
    assert "Je n'ai pas compris" in await room.text("alice", "!rappels proposition once")
    assert "Plus de rappel" in await room.text("alice", "!rappels proposition désactivé")
    assert pending_due(room, "proposal.reminder") == []


async def test_a_reaction_taken_back_is_announced_with_its_author_unless_anonymous() -> None:
    from core.messages import Action

    room = await assembly("alice", "bob", "carol")
    number = await consent_round(room)
    await room.say("bob", "", action=Action.BUTTON, payload=f"consent #{number} --version 1")
    outs = await room.say("bob", "", action=Action.UNDO, payload=f"consent #{number} --version 1")
    assert said(outs, "proposal.position_removed_by", member="bob", number=number, participated=0, electorate=3)
    assert outs[0].text.startswith("bob : position retirée sur #1. 0 personne a pris position sur 3")
    secret = await consent_round(room, "Local", flags="--anonymous")
    await room.say("carol", "", action=Action.BUTTON, payload=f"consent #{secret} --version 1")
    outs = await room.say("carol", "", action=Action.UNDO, payload=f"consent #{secret} --version 1")
    assert said(outs, "proposal.position_removed", number=secret, participated=0, electorate=3)
    assert "carol" not in outs[0].text
