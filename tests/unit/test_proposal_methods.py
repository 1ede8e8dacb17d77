"""The other decision methods (consensus, vote, advice) and the visibility flags
(`--anonymous`, `--hide-results`), through the core with the in-memory fakes."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

from helpers import assembly, said

from core.i18n import translate
from core.messages import OutboundKind
from core.proposals import Method, Phase, Stance, Status

FIVE = ("alice", "bob", "carol", "dave", "eve")


# ---- consensus -------------------------------------------------------------------------


async def test_consensus_opens_for_positions_at_once() -> None:
    room = await assembly("alice", "bob", "carol")
    outs = await room.say("alice", "!propose --method consensus Pizza vendredi")
    proposal = room.proposal(1)
    assert proposal.rules.method is Method.CONSENSUS and proposal.phase is Phase.DECISION
    assert len(proposal.electorate) == 3
    prompt = [o for o in outs if o.kind is OutboundKind.CONSENT_PROMPT]
    assert len(prompt) == 1 and "!accord #1" in prompt[0].text and "!bloquer #1" in prompt[0].text
    assert [b.payload for b in prompt[0].buttons] == [f"{v} #1 --version 1" for v in ("agree", "disagree", "abstain", "block")]
    outs = await room.say("bob", "!question #1 Une question ?")
    assert said(outs, "proposal.in_decision", number=1, positions=translate("positions.consensus", "fr", number=1))


async def test_consensus_agree_wins_when_everyone_has_positioned() -> None:
    room = await assembly("alice", "bob", "carol", "dave")
    await room.say("alice", "!propose --methode consensus Pizza")
    await room.say("alice", "!agree #1")
    await room.say("bob", "!accord #1")
    await room.say("carol", "!abstain #1")
    assert room.proposal(1).status is Status.OPEN
    outs = await room.say("dave", "!desaccord #1")
    proposal = room.proposal(1)
    assert proposal.status is Status.ADOPTED
    assert proposal.counts == {"agree": 2, "abstain": 1, "disagree": 1}
    assert any("ADOPTÉE" in o.text for o in outs)


async def test_consensus_block_needs_a_reason_and_rejects() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("alice", "!propose --method consensus Pizza")
    outs = await room.say("bob", "!block #1")
    assert said(outs, "proposal.block_needs_reason", number=1)
    await room.say("alice", "!agree #1")
    await room.say("bob", "!bloquer #1 Allergies")
    outs = await room.say("carol", "!agree #1")
    proposal = room.proposal(1)
    assert proposal.status is Status.REJECTED and proposal.outcome == "block"
    assert any(translate("outcome.block", "fr") in o.text for o in outs)


async def test_consensus_without_more_agreement_is_rejected() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!propose --method consensus Pizza")
    await room.say("alice", "!agree #1")
    await room.say("bob", "!disagree #1")
    assert room.proposal(1).status is Status.REJECTED and room.proposal(1).outcome == "no_agreement"


async def test_consent_verbs_are_refused_where_they_mean_nothing() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!propose --method consensus Pizza")
    outs = await room.say("bob", "!concern #1 Un souci")
    assert said(outs, "proposal.hint_consensus", number=1)
    outs = await room.say("bob", "!vote #1 A")
    assert said(outs, "proposal.hint_consensus", number=1)
    await room.say("alice", "!propose Jardin")
    await room.say("alice", "!next #2")
    await room.say("alice", "!next #2")
    outs = await room.say("bob", "!disagree #2")
    assert said(outs, "proposal.hint_consent", number=2)
    assert room.proposal(1).participated == 0 and room.proposal(2).participated == 0


async def test_close_on_consensus_refuses_an_outcome_that_is_not_adoption() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("alice", "!propose --method consensus Pizza")
    await room.say("bob", "!disagree #1")
    outs = await room.say("alice", "!close #1")
    assert said(outs, "proposal.cannot_close_no_agreement", number=1)
    await room.say("bob", "!block #1 Allergies")
    outs = await room.say("alice", "!close #1")
    assert said(outs, "proposal.cannot_close_block", number=1)
    assert room.proposal(1).status is Status.OPEN
    await room.say("bob", "!agree #1")
    await room.say("alice", "!close #1")
    assert room.proposal(1).status is Status.ADOPTED


# ---- vote ----------------------------------------------------------------------------


async def test_vote_needs_two_options_that_differ() -> None:
    room = await assembly("alice")
    outs = await room.say("alice", "!propose --method vote Couleur")
    assert said(outs, "proposal.vote_needs_options")
    outs = await room.say("alice", '!propose --method vote --options "Rouge" Couleur')
    assert said(outs, "proposal.vote_needs_options")
    outs = await room.say("alice", '!propose --method vote --options "Rouge | rouge" Couleur')
    assert said(outs, "proposal.duplicate_options")
    outs = await room.say("alice", '!propose --options "A | B" Couleur')
    assert said(outs, "proposal.options_only_for_vote")
    outs = await room.say("alice", "!propose --threshold 2/3 Couleur")
    assert said(outs, "proposal.threshold_only_for_vote")
    assert room.store.state.proposals == {}


async def test_vote_by_name_number_or_letter_and_simple_majority() -> None:
    room = await assembly("alice", "bob", "carol")
    outs = await room.say("alice", '!propose --method vote --options "Rouge | Vert | Bleu" Couleur du local')
    poll = [o for o in outs if o.kind is OutboundKind.POLL]
    assert len(poll) == 1 and poll[0].poll_options == ("Rouge", "Vert", "Bleu")
    assert "1. Rouge" in poll[0].text and "3. Bleu" in poll[0].text
    await room.say("alice", "!vote #1 vert")
    await room.say("bob", "!voter #1 2")
    outs = await room.say("bob", "!vote #1 Jaune")
    assert said(outs, "proposal.unknown_option", number=1, options="Rouge | Vert | Bleu")
    outs = await room.say("carol", "!vote #1")
    assert said(outs, "proposal.vote_needs_option", number=1, options="Rouge | Vert | Bleu")
    assert room.proposal(1).participated == 2
    outs = await room.say("carol", "!vote #1 a")
    proposal = room.proposal(1)
    assert proposal.status is Status.ADOPTED and proposal.outcome == "Vert"
    assert proposal.counts == {"Vert": 2, "Rouge": 1}
    assert any(translate("outcome.winner", "fr", option="Vert") in o.text for o in outs)
    assert any(o.kind is OutboundKind.POLL_CLOSE for o in outs)


async def test_vote_tie_is_reported_as_such() -> None:
    room = await assembly("alice", "bob", "carol", "dave")
    await room.say("alice", '!propose --method vote --options "A | B" Choix')
    await room.say("alice", "!vote #1 A")
    await room.say("bob", "!vote #1 B")
    await room.say("carol", "!vote #1 A")
    outs = await room.say("dave", "!vote #1 B")
    proposal = room.proposal(1)
    assert proposal.status is Status.REJECTED and proposal.outcome == "tie"
    assert any("NON ADOPTÉE" in o.text and translate("outcome.tie", "fr") in o.text for o in outs)


async def test_simple_majority_is_more_than_half_of_the_votes_cast() -> None:
    room = await assembly("alice", "bob", "carol", "dave", "eve")
    await room.say("alice", '!propose --method vote --options "A | B | C" Choix')
    for name, option in [("alice", "A"), ("bob", "A"), ("carol", "B"), ("dave", "C")]:
        await room.say(name, f"!vote #1 {option}")
    await room.say("eve", "!abstain #1")  # abstentions are not votes cast
    proposal = room.proposal(1)
    assert proposal.counts == {"A": 2, "B": 1, "C": 1, "abstain": 1}
    assert proposal.status is Status.REJECTED and proposal.outcome == "no_majority"


async def test_threshold_two_thirds() -> None:
    room = await assembly(*FIVE)
    await room.say("alice", '!propose --method vote --options "Oui | Non" --threshold 2/3 Statuts')
    assert room.proposal(1).rules.threshold == Fraction(2, 3)
    for name, option in [("alice", "Oui"), ("bob", "Oui"), ("carol", "Oui"), ("dave", "Non"), ("eve", "Non")]:
        await room.say(name, f"!vote #1 {option}")
    assert room.proposal(1).status is Status.REJECTED and room.proposal(1).outcome == "no_majority"
    await room.say("alice", '!propose --method vote --options "Oui | Non" --seuil 2/3 Statuts bis')
    for name, option in [("alice", "Oui"), ("bob", "Oui"), ("carol", "Non")]:
        await room.say(name, f"!vote #2 {option}")
    await room.say("dave", "!standaside #2")
    await room.say("eve", "!abstention #2")
    assert room.proposal(2).status is Status.ADOPTED and room.proposal(2).outcome == "Oui"


async def test_vote_at_its_deadline_with_quorum() -> None:
    room = await assembly(*FIVE)
    await room.say("alice", '!propose --method vote --options "A | B" --quorum 50% --deadline 2d Choix')
    await room.say("alice", "!vote #1 A")
    await room.say("bob", "!vote #1 A")
    await room.advance(timedelta(days=2, minutes=1))
    assert room.proposal(1).status is Status.EXPIRED and room.proposal(1).outcome == "quorum"
    await room.say("alice", '!propose --method vote --options "A | B" --quorum 50% --deadline 2d Choix bis')
    for name in ("alice", "bob", "carol"):
        await room.say(name, "!vote #2 B")
    await room.advance(timedelta(days=2, minutes=1))
    assert room.proposal(2).status is Status.ADOPTED and room.proposal(2).outcome == "B"


async def test_close_on_a_tied_vote_is_refused_with_the_reason() -> None:
    room = await assembly("alice", "bob", "carol", "dave")
    await room.say("alice", '!propose --method vote --options "A | B" Choix')
    await room.say("bob", "!vote #1 A")
    await room.say("carol", "!vote #1 B")
    outs = await room.say("alice", "!close #1")
    assert said(outs, "proposal.cannot_close_tie", number=1)
    assert room.proposal(1).status is Status.OPEN
    await room.say("carol", "!vote #1 A")
    outs = await room.say("alice", "!close #1")
    assert room.proposal(1).status is Status.ADOPTED and room.proposal(1).outcome == "A"


async def test_close_on_a_vote_below_its_threshold_is_refused() -> None:
    room = await assembly(*FIVE, "fred", "gaby")
    await room.say("alice", '!propose --method vote --options "A | B" --threshold 2/3 Choix')
    for name, option in [("bob", "A"), ("carol", "A"), ("dave", "A"), ("eve", "B"), ("fred", "B")]:
        await room.say(name, f"!vote #1 {option}")
    outs = await room.say("alice", "!close #1")
    assert said(outs, "proposal.cannot_close_no_majority", number=1)
    assert room.proposal(1).status is Status.OPEN


async def test_a_refused_close_tells_nothing_of_positions_kept_hidden() -> None:
    """With hidden results, or in an anonymous round, why an early close is refused would say
    how the positions stand (a tie, no majority, no agreement): the answer only says that they
    are not enough yet. A block in an open anonymous consensus is public, as in !status."""
    room = await assembly("alice", "bob", "carol", "dave")
    await room.say("alice", '!propose --method vote --options "A | B" --hide-results Choix')
    await room.say("alice", '!propose --method vote --options "A | B" --anonymous Choix bis')
    await room.say("alice", "!propose --method consensus --anonymous Pizza")
    await room.say("alice", "!propose --method consensus --hide-results Pizza bis")
    for number in (1, 2):
        await room.say("bob", f"!vote #{number} A")
        await room.say("carol", f"!vote #{number} B")
    await room.say("bob", "!disagree #3")
    await room.say("bob", "!block #4 Allergies")
    for number in (1, 2, 3, 4):
        outs = await room.say("alice", f"!close #{number}")
        assert said(outs, "proposal.cannot_close_hidden", number=number)
        assert not any(word in o.text for o in outs for word in ("égalité", "accords", "blocage"))
        assert room.proposal(number).status is Status.OPEN
    await room.say("bob", "!block #3 Allergies")
    outs = await room.say("alice", "!close #3")
    assert said(outs, "proposal.cannot_close_block", number=3)


# ---- advice --------------------------------------------------------------------------


async def test_advice_the_author_collects_then_decides() -> None:
    room = await assembly("alice", "bob", "carol")
    outs = await room.say("alice", "!propose --method advice Changer de fournisseur")
    assert room.proposal(1).phase is Phase.DECISION
    assert any("!avis #1" in o.text for o in outs)
    outs = await room.say("bob", "!advise #1")
    assert said(outs, "proposal.advice_needs_reason", number=1)
    await room.say("bob", "!advise #1 Comparer trois devis")
    await room.say("carol", "!avis #1 Demander à la coop")
    await room.say("alice", "!avis #1 Mon propre avis")
    proposal = room.proposal(1)
    assert proposal.status is Status.OPEN  # everyone advised: the author still decides
    assert proposal.positions[("console:carol", 1)].stance is Stance.ADVICE
    assert proposal.positions[("console:carol", 1)].reason == "Demander à la coop"
    outs = await room.say("bob", "!close #1 Je décide à sa place")
    assert said(outs, "proposal.only_author_or_facilitator", number=1)
    outs = await room.say("alice", "!clore #1 On prend la coop, devis à l'appui")
    proposal = room.proposal(1)
    assert proposal.status is Status.ADOPTED and proposal.outcome == "On prend la coop, devis à l'appui"
    assert any(translate("outcome.decision", "fr", decision=proposal.outcome) in o.text for o in outs)


async def test_a_second_advice_says_it_replaces_the_first_and_the_audit_keeps_both() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("bob", "!propose --method avis Refaire le site web")
    outs = await room.say("carol", "!avis #1 Attention à l'accessibilité.")
    assert said(outs, "proposal.position_noted", member="carol", stance="avis", number=1, version_note="",
                replaced="", participated=1, electorate=3)
    assert outs[0].text == "carol : avis sur #1. 1 personne a pris position sur 3."
    outs = await room.say("carol", "!avis #1 Et aussi le RGPD.")
    assert outs[0].text == ("carol : avis sur #1. Cet avis remplace le précédent : seul le dernier compte. "
                            "1 personne a pris position sur 3.")
    assert room.proposal(1).positions[("console:carol", 1)].reason == "Et aussi le RGPD."
    advice = [e.data["reason"] for _, n, e in room.store.state.audit if e.kind == "position"]
    assert advice == ["Attention à l'accessibilité.", "Et aussi le RGPD."]
    # other methods: a changed position says so too, in the room's language
    await room.say("alice", '!propose --method vote --options "A | B" Choix')
    await room.say("alice", "!vote #2 A")
    outs = await room.say("alice", "!vote #2 B")
    assert "Cette position remplace la précédente" in outs[0].text and "1 personne a pris position sur 3" in outs[0].text
    await room.say("alice", "!lang en")
    outs = await room.say("bob", "!vote #2 A")
    assert outs[0].text == "bob: vote (A) on #2. 2 people have taken a position out of 3."
    outs = await room.say("bob", "!vote #2 B")
    assert "This position replaces the earlier one: only the latest counts." in outs[0].text
    outs = await room.say("bob", "!vote #2 B")  # the same again: nothing is replaced
    assert outs[0].text == "bob: vote (B) on #2. 2 people have taken a position out of 3."


async def test_advice_close_without_a_decision_is_refused_and_changes_nothing() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!propose --method advice Fournisseur")
    await room.say("bob", "!avis #1 La coop")
    for typed in ("!clore #1", "!close #1    "):
        outs = await room.say("alice", typed)
        assert said(outs, "proposal.advice_needs_decision", number=1)
        assert [o.text for o in outs] == [translate("proposal.advice_needs_decision", "fr", number=1)]
        assert room.proposal(1).status is Status.OPEN and not room.proposal(1).outcome
    outs = await room.say("alice", "!clore #1 La coop")
    assert room.proposal(1).status is Status.ADOPTED and room.proposal(1).outcome == "La coop"


async def test_advice_a_facilitator_does_not_decide_for_the_author() -> None:
    room = await assembly("alice", "bob")
    await room.say("bob", "!propose --method avis Fournisseur")
    outs = await room.say("alice", "!close #1 Décision")
    assert said(outs, "proposal.advice_author_decides", number=1)
    assert room.proposal(1).status is Status.OPEN


async def test_advice_expires_at_its_deadline() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!propose --method advice --deadline 1d Fournisseur")
    await room.say("bob", "!advise #1 Oui")
    await room.advance(timedelta(days=1, minutes=1))
    assert room.proposal(1).status is Status.EXPIRED


async def test_only_consent_proposals_are_amended() -> None:
    room = await assembly("alice")
    await room.say("alice", '!propose --method vote --options "A | B" Choix')
    outs = await room.say("alice", "!amend #1 Autre texte")
    assert said(outs, "proposal.amend_only_consent", number=1)


async def test_unknown_method() -> None:
    room = await assembly("alice")
    outs = await room.say("alice", "!propose --method tirage Choix")
    assert said(outs, "proposal.unknown_method", method="tirage")


# ---- anonymous and hidden results -----------------------------------------------------------


async def test_anonymous_positions_are_stored_without_the_member() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("alice", '!propose --anonymous --method vote --options "A | B" Choix')
    outs = await room.say("bob", "!vote #1 A")
    assert said(outs, "proposal.position_noted_hidden", number=1, participated=1, electorate=3, replaced="")
    assert all("bob" not in o.text and "A" not in o.text.replace("#", "") for o in outs)
    await room.say("bob", "!vote #1 B")  # an anonymous position can still be changed
    proposal = room.proposal(1)
    assert proposal.participated == 1 and proposal.tally().counts == {"B": 1}
    members = {member for member, _ in proposal.positions}
    assert len(members) == 1 and all(m.startswith("anon:") for m in members)
    events = [e for _, _, e in room.store.state.audit if e.kind == "position"]
    assert events and all(e.member is None for e in events)
    text = await room.text("carol", "!status #1")
    assert "bob" not in text and "Ont pris position" not in text and "En attente" not in text
    assert "1/3" in text


async def test_anonymous_consent_objections_carry_no_name() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("alice", "!propose --anonyme Jardin")
    await room.say("alice", "!next #1")
    await room.say("alice", "!next #1")
    await room.say("bob", "!object #1 Trop cher")
    proposal = room.proposal(1)
    (objector,) = proposal.objections
    assert objector.startswith("anon:") and "bob" not in objector
    text = await room.text("carol", "!status #1")
    assert "bob" not in text and "anonyme" in text and "Trop cher" in text
    outs = await room.say("alice", "!amend #1 Moins cher")
    assert "Objections encore ouvertes : 1." in outs[0].text and "bob" not in outs[0].text
    assert outs[0].mentions == ()  # a pseudonym is no one to notify, and names nobody
    await room.say("bob", "!lever #1")  # the objector still finds their own objection
    assert room.proposal(1).open_objections() == []
    raised = [e for _, _, e in room.store.state.audit if e.kind.startswith("objection")]
    assert raised and all(e.member is None for e in raised)


async def test_hidden_results_until_the_close() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("alice", '!propose --method vote --options "Rouge | Vert" --hide-results Couleur')
    outs = await room.say("bob", "!vote #1 Rouge")
    assert said(outs, "proposal.position_noted_hidden", number=1, participated=1, electorate=3, replaced="")
    assert all("Rouge" not in o.text for o in outs)
    text = await room.text("carol", "!status #1")
    assert translate("tally.hidden", "fr", participated=1, electorate=3) in text
    assert "bob" in text and "Rouge 1" not in text and "(vote" not in text  # who, not what
    await room.say("alice", "!vote #1 Rouge")
    outs = await room.say("carol", "!vote #1 Vert")
    closing = [o for o in outs if "ADOPTÉE" in o.text]
    assert closing and "Rouge 2" in closing[0].text and "Vert 1" in closing[0].text
    text = await room.text("carol", "!status #1")
    assert "Rouge 2" in text


async def test_hidden_results_on_a_consent_round() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("alice", "!propose --resultats-caches Jardin")
    await room.say("alice", "!next #1")
    await room.say("alice", "!next #1")
    outs = await room.say("bob", "!concern #1 Budget")
    assert said(outs, "proposal.position_noted_hidden", number=1, participated=1, electorate=3, replaced="")
    text = await room.text("carol", "!status #1")
    assert "réserve" not in text and "Budget" not in text


async def test_the_status_of_an_open_anonymous_vote_gives_only_how_many_took_part() -> None:
    # a count of each option read after each vote would tell who chose what
    room = await assembly("alice", "bob", "carol")
    await room.say("alice", '!propose --method vote --anonymous --options "Pour | Contre" Exclusion')
    await room.say("bob", "!vote #1 Contre")
    status = await room.text("carol", "!status #1")
    assert "Contre" not in status.replace("Pour | Contre", "") and "1/3" in status, status
    await room.say("carol", "!vote #1 Pour")
    await room.say("alice", "!vote #1 Pour")
    closed = await room.text("carol", "!status #1")
    assert "Pour 2" in closed and "Contre 1" in closed, closed
