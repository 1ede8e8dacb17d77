"""What the room reads about a proposal: the rules of a round, the state of each method
(advice, blocks, objections under hidden results), how a proposal ended, the hints in the
wrong phase, and the small refusals that change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from helpers import Room, assembly

from core.i18n import translate
from core.proposals import Status


async def deciding(room: Room, author: str, title: str, flags: str = "") -> None:
    await room.say(author, f"!propose {flags} {title}")
    number = len(room.store.state.proposals)
    await room.say(author, f"!next #{number}")
    await room.say(author, f"!next #{number}")


# ---- the rules of a round (core #14, #6) --------------------------------------------------


async def test_the_rules_voters_need_are_stated_at_the_opening_in_the_call_and_in_status() -> None:
    room = await assembly("alice", "bob", "carol")
    outs = await room.say("alice", '!proposer --methode vote --options "Oui | Non" --seuil 2/3 --quorum 100% Vote')
    call = outs[-1].text
    assert "Règles : une option l'emporte avec au moins 2/3 des voix exprimées · quorum de 100 % des membres appelés." in call
    assert "Règles" not in outs[0].text  # stated once: the call follows at once
    status = await room.text("bob", "!etat #1")
    assert "Règles : une option l'emporte avec au moins 2/3 des voix exprimées." in status
    assert "Quorum requis : 100 %" in status
    outs = await room.say("alice", '!propose --method vote --anonymous --options "A | B" Secret')
    # in a console (as on Matrix) a vote is typed in the room: the rules do not promise a secret
    # the room can read; only buttons (Telegram, Discord) keep a choice between the bot and the voter
    assert ("Règles : vote anonyme (le bot ne garde ni ne montre qui a voté quoi ; un vote tapé ici reste lisible "
            "par le salon).") in outs[-1].text
    assert "bulletin secret" not in outs[-1].text
    outs = await room.say("alice", "!proposer --anonyme Local syndical")
    assert "Règles : positions anonymes" in outs[0].text  # a consent round: its call comes later
    await room.say("alice", "!suivant #3")
    outs = await room.say("alice", "!suivant #3")
    assert "!abstention #3 — je m'abstiens\nRègles : positions anonymes" in outs[-1].text
    plain = await room.say("alice", "!proposer Simple")
    assert "Règles" not in plain[0].text


@pytest.mark.parametrize(("platform", "lang", "vote", "positions"), [
    ("telegram", "fr", "vote à bulletin secret avec les boutons (personne ne voit qui a voté quoi ; un vote tapé, lui, "
                       "reste lisible par le groupe)",
     "positions anonymes avec les boutons (personne ne voit qui a dit quoi ; une position tapée, elle, reste lisible "
     "par le groupe)"),
    ("discord", "en", "secret ballot with the buttons (nobody sees who voted what; a typed vote stays readable by the "
                      "channel)",
     "anonymous positions with the buttons (nobody sees who said what; a typed position stays readable by the channel)"),
    ("matrix", "en", "anonymous vote (the bot neither keeps nor shows who voted what; a vote typed here stays readable "
                     "by the room)",
     "anonymous positions (the bot neither keeps nor shows who said what; a position typed here stays readable by the "
     "room)"),
])
async def test_what_anonymity_hides_is_said_in_the_networks_terms(platform: str, lang: str, vote: str,
                                                                  positions: str) -> None:
    room = Room(platform=platform)
    for name in ("alice", "bob"):
        await room.say(name, "!join")
    if lang == "en":
        await room.say("alice", "!lang en")
    outs = await room.say("alice", '!propose --method vote --anonymous --options "A | B" Secret')
    assert vote in outs[-1].text, outs[-1].text
    assert vote in await room.text("bob", "!status #1")
    outs = await room.say("alice", "!propose --anonymous Local")
    assert positions in outs[0].text, outs[0].text


async def test_objections_stay_visible_under_hidden_results_and_status_says_why() -> None:
    room = await assembly("alice", "bob", "carol")
    await deciding(room, "alice", "Budget caché", "--resultats-caches")
    await room.say("bob", "!objection #1 Trop cher.")
    await room.say("carol", "!ok #1")
    status = await room.text("carol", "!etat #1")
    assert "résultats masqués jusqu'à la clôture, sauf les objections" in status
    assert "Objections ouvertes : 1 (elles restent visibles malgré les résultats masqués" in status
    assert "bob (v1) : Trop cher." in status
    assert "(consentement)" not in status  # the other positions stay hidden


# ---- advice and consensus in status (core #20, #24) -----------------------------------------


async def test_advice_status_shows_the_advice_and_the_authors_next_step() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("bob", "!propose --methode avis Refaire le site web")
    await room.say("carol", "!avis #1 Attention à l'accessibilité.")
    status = await room.text("alice", "!etat #1")
    assert "Avis reçus : 1\n  • carol : Attention à l'accessibilité." in status
    assert "Suite : donnez votre avis avec !avis #1 … ; bob décidera ensuite avec !clore #1 <décision>." in status
    await room.say("alice", "!avis #1 D'accord.")
    await room.say("bob", "!avis #1 Hugo.")
    status = await room.text("alice", "!etat #1")
    assert "Ont pris position" not in status and "• alice : D'accord." in status
    assert "Suite : tout le monde a donné son avis. bob décide avec !clore #1 <décision>" in status
    await room.say("alice", "!propose --method advice --anonymous Secret")
    await room.say("bob", "!advise #2 Sans nom.")
    status = await room.text("alice", "!etat #2")
    assert "  • Sans nom." in status and "bob" not in status.replace("portée par alice", "")
    help_text = await room.text("alice", "!aide clore")
    assert "!clore #N <décision>" in help_text and "sollicitation d'avis" in help_text


async def test_block_reasons_show_in_status_even_in_an_anonymous_rejected_consensus() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("alice", "!propose --method consensus Charte")
    await room.say("bob", "!bloquer #1 Contraire à nos valeurs.")
    assert "Blocages : 1\n  • bob : Contraire à nos valeurs." in await room.text("carol", "!etat #1")
    await room.say("alice", "!propose --methode consensus --anonyme --resultats-caches Deuxième charte")
    await room.say("bob", "!bloquer #2 Non")
    assert "Blocages" not in await room.text("carol", "!etat #2")  # results hidden until the close
    await room.say("alice", "!accord #2")
    await room.say("carol", "!accord #2")
    assert room.proposal(2).status is Status.REJECTED
    status = await room.text("carol", "!etat #2")
    assert "Blocages : 1\n  • Non" in status and "bob" not in status


# ---- how a proposal ended (core #19) ---------------------------------------------------------


async def test_withdrawn_and_expired_proposals_say_so() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("bob", "!propose Repeindre")
    await room.say("bob", "!retirer #1")
    status = await room.text("bob", "!etat #1")
    assert "Retirée le " in status and "Décidée" not in status and "Aucune position" not in status
    await room.say("alice", "!propose --deadline 1h Encore en clarification")
    outs = await room.advance(timedelta(hours=2))
    assert outs[0].text == ("⌛ Proposition #2 « Encore en clarification » EXPIRÉE sans décision. "
                            "Le tour de décision n'a jamais été ouvert.")
    status = await room.text("bob", "!etat #2")
    assert "Expirée le " in status and "Le tour de décision n'a jamais été ouvert." in status
    assert "Décidée" not in status and "membre appelé" not in status
    await deciding(room, "alice", "Objection à l'échéance", "--deadline 1h")
    await room.say("bob", "!objection #3 Non.")
    await room.advance(timedelta(hours=2))
    status = await room.text("bob", "!etat #3")
    assert "Expirée le " in status and "Des objections restaient ouvertes à l'échéance." in status


# ---- hints in the wrong phase (core #13) -------------------------------------------------------


async def test_in_the_decision_round_questions_and_reactions_point_to_the_positions() -> None:
    room = await assembly("alice", "bob", "carol")
    await deciding(room, "bob", "Repeindre le local")
    positions = translate("positions.consent", "fr", number=1)
    for line in ("!question #1 Et le budget ?", "!reaction #1 Une réaction en plein tour"):
        (out,) = await room.say("carol", line)
        assert out.text == translate("proposal.in_decision", "fr", number=1, positions=positions)
        assert "!reaction" not in out.text
    (out,) = await room.say("bob", "!reponse #1 Vert.")
    assert out.text == translate("proposal.in_decision_author", "fr", number=1, positions=positions)
    assert "!reaction" not in out.text
    await room.say("alice", '!propose --method vote --options "A | B" Couleur')
    (out,) = await room.say("carol", "!question #2 Pourquoi ?")
    assert "!vote #2 <option ou numéro>" in out.text and "!reaction" not in out.text
    # in the reaction round the author hears how to go on, not to react to their own proposal
    await room.say("bob", "!propose Cantine")
    await room.say("bob", "!suivant #3")
    (out,) = await room.say("bob", "!question #3 Une précision ?")
    assert out.text == translate("proposal.not_in_clarification_author", "fr", number=3)
    (out,) = await room.say("carol", "!question #3 Une précision ?")
    assert "!reaction #3" in out.text and "prenez position" not in out.text


# ---- small refusals and wording (core #27, #25) -------------------------------------------------


async def test_an_amendment_with_the_current_text_changes_nothing() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!propose Achat\nOn achète en gros.")
    await room.say("alice", "!next #1")
    await room.say("alice", "!next #1")
    await room.say("bob", "!ok #1")
    outs = await room.say("alice", "!amender #1 On achète en gros.")
    assert [o.text for o in outs] == [translate("proposal.amend_same_text", "fr", number=1, version=1)]
    assert room.proposal(1).version == 1 and room.proposal(1).participated == 1


async def test_a_position_on_a_meeting_or_a_poll_number_says_what_it_is() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!proposer Première")
    await room.say("alice", "!reunion AG de décembre 2026-12-20 18:00")
    await room.say("alice", '!planifier Janvier --creneaux "2027-01-10 18:00-20:00 | 2027-01-11 18:00-20:00"')
    assert [o.text for o in await room.say("bob", "!ok #2")] == [translate("proposal.is_meeting", "fr", number=2)]
    assert [o.text for o in await room.say("bob", "!objection #3 Non")] == [
        translate("proposal.is_poll", "fr", number=3)]
    assert [o.text for o in await room.say("bob", "!ok #9")] == [translate("proposal.not_found", "fr", number=9)]


async def test_french_wording_of_counts_amendments_status_and_titles() -> None:
    room = await assembly("alice")
    outs = await room.say("alice", '!proposer "Titre entre guillemets"')
    assert "« Titre entre guillemets »" in outs[0].text and room.proposal(1).title == "Titre entre guillemets"
    await room.say("alice", '!proposer Un "mot" cité')
    assert room.proposal(2).title == 'Un "mot" cité'
    outs = await room.say("alice", "!amender #1 Nouveau texte")
    assert outs[0].text == ("✏️ #1 passe en version 2 (avant le tour de décision : aucune position n'était prise)."
                            "\nNouveau texte")
    await room.say("alice", "!suivant #1")
    outs = await room.say("alice", "!suivant #1")
    assert "(version 2, 1 membre appelé)" in outs[-1].text
    await room.say("bob", "!join")
    await room.say("alice", '!propose --method vote --options "1 | 2 | 3" Chiffres')
    await room.say("alice", "!vote #3 3")
    status = await room.text("alice", "!etat #3")
    assert "alice (vote : 3)" in status
