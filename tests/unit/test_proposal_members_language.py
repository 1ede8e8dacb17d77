"""Membership, roles, the room's language and the French/English aliases of the
proposals table (COMMANDS.md), through the core with the in-memory fakes."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import Room, assembly, said

from core.assemblies import Role
from core.commands import parse
from core.i18n import translate
from core.proposals import Phase, Status

# The proposals table of COMMANDS.md: canonical verb → its French aliases.
PROPOSALS_TABLE: dict[str, tuple[str, ...]] = {
    "propose": ("proposer", "proposition"),
    "ask": ("question",),
    "answer": ("reponse", "réponse"),
    "react": ("reaction", "réaction"),
    "next": ("suivant",),
    "consent": ("consens", "consentement", "ok"),
    "concern": ("reserve", "réserve"),
    "object": ("objection",),
    "standaside": ("abstention", "abstenir"),
    "amend": ("amender", "amendement"),
    "withdraw-objection": ("lever", "retirer-objection"),
    "close": ("clore", "cloturer", "clôturer"),
    "withdraw": ("retirer",),
    "status": ("etat", "état"),
    "decisions": ("décisions", "registre"),
    "help": ("aide",),
}
# The other methods' verbs (COMMANDS.md, below the table).
METHOD_VERBS: dict[str, tuple[str, ...]] = {
    "agree": ("accord",),
    "disagree": ("desaccord",),
    "abstain": ("abstention",),
    "block": ("bloquer",),
    "vote": (),
    "advise": ("avis",),
    "join": ("rejoindre",),
    "leave": ("quitter",),
    "lang": ("langue",),
    "role": ("rôle",),
}


def members(room: Room) -> dict[str, Any]:
    (assembly_id,) = room.store.state.assemblies
    return room.store.state.assemblies[assembly_id].members


# ---- aliases ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "verb"),
    [(verb, verb) for verb in PROPOSALS_TABLE]
    + [(alias, verb) for verb, aliases in PROPOSALS_TABLE.items() for alias in aliases if alias != "abstention"]
    + [(verb, verb) for verb in METHOD_VERBS]
    + [(alias, verb) for verb, aliases in METHOD_VERBS.items() for alias in aliases],
)
def test_every_verb_and_french_alias_parses(word: str, verb: str) -> None:
    number = " #3" if verb in {"ask", "answer", "react", "next", "consent", "concern", "object", "standaside",
                                "amend", "withdraw-objection", "close", "withdraw", "agree", "disagree",
                                "abstain", "block", "vote", "advise"} else ""
    text = "" if verb == "status" else " un texte"  # `!etat un texte`: not a number, answered as such
    command = parse(f"!{word}{number}{text}")
    assert command is not None and command.verb == verb
    assert command.number == (3 if number else None)
    upper = parse(f"!{word.upper()}{number}{text}")
    assert upper is not None and upper.verb == verb  # case does not matter


def test_abstention_means_stand_aside_in_a_consent_round_and_abstain_elsewhere() -> None:
    # COMMANDS.md lists `!abstention` for both; one verb serves both methods.
    command = parse("!abstention #2")
    assert command is not None and command.verb in ("standaside", "abstain")


def test_number_forms() -> None:
    for text in ("!consent #12", "!consent 12", "!ok #12"):
        command = parse(text)
        assert command is not None and command.number == 12


def test_ordinary_chat_is_not_a_command() -> None:
    assert parse("bonjour tout le monde") is None
    assert parse("on vote demain ? !vote") is None


async def test_french_aliases_drive_a_whole_round() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("alice", "!proposition Jardin\nTexte.")
    await room.say("bob", "!question #1 Quand ?")
    await room.say("alice", "!réponse #1 Samedi.")
    await room.say("alice", "!suivant #1")
    await room.say("carol", "!réaction #1 Oui")
    await room.say("alice", "!suivant #1")
    await room.say("alice", "!consens #1")
    await room.say("bob", "!réserve #1 Le bruit")
    await room.say("carol", "!objection #1 Trop tôt")
    await room.say("carol", "!retirer-objection #1")
    outs = await room.say("carol", "!abstention #1")
    assert room.proposal(1).status is Status.ADOPTED
    assert any("ADOPTÉE" in o.text for o in outs)


# ---- membership ---------------------------------------------------------------------------


async def test_a_newcomer_hears_what_is_under_way_and_that_open_rounds_keep_their_members() -> None:
    room = Room()
    await room.say("alice", "!join")
    await room.say("alice", "!proposer Jardin")
    (welcome,) = await room.say("bob", "!rejoindre")
    assert welcome.text == ("Bienvenue bob ! Vous êtes membre de l'assemblée (2 membres). En cours : 1 proposition "
                            "(!etat pour les voir). Tapez !aide pour commencer.")
    await room.say("alice", "!suivant #1")
    await room.say("alice", "!suivant #1")  # the consent round calls alice and bob
    await room.say("alice", "!propose Cantine")
    (welcome,) = await room.say("carol", "!join")
    assert "En cours : 2 propositions (!etat pour les voir). Un tour déjà ouvert garde les membres appelés" in welcome.text
    await room.say("alice", "!lang en")
    await room.say("alice", "!withdraw #1")
    await room.say("alice", "!withdraw #2")
    (welcome,) = await room.say("dave", "!join")
    assert welcome.text == "Welcome dave! You are a member of the assembly (4 members). Type !help to start."


async def test_join_leave_and_the_first_member_facilitates() -> None:
    room = Room()
    outs = await room.say("alice", "!join")
    assert said(outs, "member.joined_facilitator", member="alice", handle="@alice")
    # Giving the role keeps it: the welcome says how to hand it over, then drop it.
    assert "!role @membre animation, puis quittez-le avec !role moi retirer animation" in outs[0].text
    outs = await room.say("bob", "!rejoindre")
    assert said(outs, "member.joined", member="bob", count=2, under_way="")
    outs = await room.say("bob", "!join")
    assert said(outs, "member.already")
    assert members(room)["console:alice"].roles == {Role.FACILITATOR}
    assert members(room)["console:bob"].roles == set()
    outs = await room.say("bob", "!quitter")
    assert said(outs, "member.left", member="bob")
    assert not members(room)["console:bob"].active
    outs = await room.say("bob", "!leave")
    assert said(outs, "member.not_member")


async def test_non_members_are_told_to_join_and_nothing_is_recorded() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!propose --method consensus Pizza")
    for line in ("!agree #1", "!block #1 Non", "!propose Autre chose", "!ask #1 Quoi ?", "!ok #1"):
        outs = await room.say("mallory", line)
        assert said(outs, "member.not_member"), line
        assert "!rejoindre" in outs[0].text
    proposal = room.proposal(1)
    assert proposal.participated == 0 and proposal.positions == {}
    assert "console:mallory" not in members(room)
    assert len(room.store.state.proposals) == 1


async def test_a_member_who_left_is_told_to_join_again() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("alice", "!propose --method consensus Pizza")
    await room.say("bob", "!leave")
    outs = await room.say("bob", "!agree #1")
    assert said(outs, "member.not_member")
    assert room.proposal(1).participated == 0
    await room.say("bob", "!join")
    await room.say("bob", "!agree #1")  # still in the snapshot taken when the round opened
    assert room.proposal(1).participated == 1


async def test_an_objector_who_leaves_and_comes_back() -> None:
    room = await assembly("alice", "bob", "carol", "dave")
    await room.say("alice", "!proposer Horaires\nOuverture à 9h.")
    await room.say("alice", "!suivant #1")
    await room.say("alice", "!suivant #1")
    await room.say("alice", "!proposer --anonyme Budget")
    await room.say("alice", "!suivant #2")
    await room.say("alice", "!suivant #2")
    await room.say("dave", "!objection #1 Les bénévoles du matin ne peuvent pas.")
    await room.say("dave", "!objection #2 Trop cher.")
    (left,) = await room.say("dave", "!quitter")
    # The room hears that his objection still blocks #1; not about #2, an anonymous round.
    assert left.text == ("dave a quitté l'assemblée. Ses positions déjà prises restent comptées. Son objection "
                         "sur #1 bloque toujours l'adoption : elle ne tombe que si dave revient la lever (!lever #1) "
                         "ou consentir à une version amendée.")
    (back,) = await room.say("dave", "!rejoindre")
    assert "Vous faisiez partie des membres appelés sur #1, #2 : vous pouvez toujours y prendre position." in back.text
    assert "vous serez appelé·e aux suivants" not in back.text
    await room.say("alice", "!proposer Cantine")
    await room.say("alice", "!suivant #3")
    await room.say("alice", "!suivant #3")
    (welcome,) = await room.say("erin", "!rejoindre")  # a newcomer, in no round yet
    assert "vous serez appelé·e aux suivants" in welcome.text and "Vous faisiez partie" not in welcome.text
    await room.say("dave", "!objection #3 Non.")
    await room.say("alice", "!lang en")
    (left,) = await room.say("dave", "!leave")
    assert left.text.endswith("Their objections on #1, #3 still block adoption: they go only if dave comes back to "
                              "lift them (!withdraw-objection #N) or to consent to amended versions.")


async def test_an_objector_who_is_forgotten() -> None:
    """Forgetting anonymises the objection: it still blocks and nobody can lift it any more,
    so the room is told what is left to do (not for an anonymous round: it would name them)."""
    room = await assembly("alice", "bob", "dave")
    await room.say("alice", "!proposer Horaires\nOuverture à 9h.")
    await room.say("alice", "!proposer --anonyme Budget")
    for number in (1, 2):
        await room.say("alice", f"!suivant #{number}")
        await room.say("alice", f"!suivant #{number}")
    await room.say("dave", "!objection #1 Les bénévoles du matin ne peuvent pas.")
    await room.say("dave", "!objection #2 Trop cher.")
    (gone,) = await room.say("dave", "!oublier confirmer")
    assert gone.text.endswith(" Une objection anonymisée sur #1 bloque toujours l'adoption, et plus personne ne "
                              "peut la lever : sans autre changement, la proposition expirera à son échéance ; elle "
                              "peut aussi être retirée (!retirer #1) et proposée à nouveau."), gone.text
    assert "#2" not in gone.text
    await room.say("bob", "!objection #1 Trop tôt.")
    await room.say("alice", "!lang en")
    (gone,) = await room.say("bob", "!forget-me confirm")
    assert "An objection on #1, now anonymous, still blocks adoption, and nobody can lift it any more" in gone.text
    (quiet,) = await room.say("alice", "!forget-me confirm")  # no open objection: nothing about one
    assert "objection" not in quiet.text.lower(), quiet.text


async def test_a_room_leaving_member_on_room_platforms() -> None:
    room = Room(platform="matrix", room="!abc:example.org")
    await room.say("@alice:example.org", "!propose Jardin")  # speaking there is membership
    assert room.proposal(1).author == "@alice:example.org"
    outs = await room.say("@alice:example.org", "!leave")
    assert said(outs, "member.leave_room")


# ---- roles --------------------------------------------------------------------------------


async def test_a_facilitator_gives_roles() -> None:
    room = await assembly("alice", "bob", "carol")
    outs = await room.say("bob", "!role @carol facilitator")
    assert said(outs, "member.not_facilitator")
    outs = await room.say("alice", "!role @carol catalyser")
    assert said(outs, "role.given", member="carol", role=translate("role.catalyser", "fr"))
    assert outs[0].mentions == ("console:carol",)
    outs = await room.say("alice", "!rôle carol catalyseur")
    assert said(outs, "role.already", member="carol", role=translate("role.catalyser", "fr"))
    await room.say("alice", "!role @bob facilitator")
    assert members(room)["console:bob"].roles == {Role.FACILITATOR}
    assert members(room)["console:carol"].roles == {Role.CATALYSER}
    outs = await room.say("alice", "!role @carol chef")
    assert outs[0].text.startswith(translate("role.unknown", "fr", role="chef", roles="")[:20])
    outs = await room.say("alice", "!role @zoe facilitator")
    assert said(outs, "member.unknown", member="@zoe")
    outs = await room.say("alice", "!role carol")
    assert said(outs, "role.usage")


async def test_when_the_last_facilitator_leaves_any_member_gives_the_role() -> None:
    room = await assembly("alice", "bob", "carol")
    outs = await room.say("alice", "!quitter")
    assert outs[0].text == (translate("member.left", "fr", member="alice") + " "
                            + translate("member.nobody_facilitates", "fr"))
    assert "tout membre peut confier le rôle avec !role @membre animation" in outs[0].text
    # Any other role waits for a facilitator; the refusal does not send people to nobody.
    outs = await room.say("bob", "!role @carol catalyseur")
    assert said(outs, "role.nobody_facilitates")
    assert "Demandez" not in outs[0].text
    assert members(room)["console:carol"].roles == set()
    outs = await room.say("mallory", "!role @mallory animation")  # not a member
    assert said(outs, "member.not_member")
    outs = await room.say("bob", "!role @carol animation")
    assert said(outs, "role.given", member="carol", role="animation")
    assert members(room)["console:carol"].roles == {Role.FACILITATOR}
    # Someone facilitates again: the usual rule is back.
    outs = await room.say("bob", "!role @bob animation")
    assert said(outs, "member.not_facilitator")
    outs = await room.say("carol", "!role @bob catalyseur")
    assert said(outs, "role.given", member="bob", role=translate("role.catalyser", "fr"))


async def test_a_member_takes_their_own_facilitator_role_when_nobody_facilitates() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!leave")
    outs = await room.say("bob", "!role @bob facilitator")
    assert said(outs, "role.given", member="bob", role="animation")
    outs = await room.say("bob", "!quitter")  # the last one to leave: nobody to tell
    assert outs[0].text == translate("member.left", "fr", member="bob")


async def test_roles_are_handed_over_and_dropped() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("alice", "!role @bob animation")
    await room.say("alice", "!role @carol catalyseur")
    # Giving the role keeps it: then the giver drops it. The last one cannot while others remain.
    outs = await room.say("alice", "!role moi retirer animation")  # as the welcome says, on every network
    assert said(outs, "role.removed", member="alice", role="animation")
    assert outs[0].mentions == ()
    assert members(room)["console:alice"].roles == set()
    outs = await room.say("bob", "!role @bob retirer animation")
    assert said(outs, "role.last_facilitator_self")
    assert members(room)["console:bob"].roles == {Role.FACILITATOR}
    # Anyone drops their own role; only a facilitator takes away someone else's.
    outs = await room.say("carol", "!role @bob -animation")
    assert said(outs, "role.remove_not_yours")
    outs = await room.say("carol", "!rôle @carol retirer catalyseur")
    assert said(outs, "role.removed", member="carol", role=translate("role.catalyser", "fr"))
    outs = await room.say("carol", "!role @carol retirer catalyseur")
    assert said(outs, "role.not_held", member="carol", role=translate("role.catalyser", "fr"))
    await room.say("bob", "!role @carol secretaire")
    outs = await room.say("bob", "!role @carol remove note-taker")
    assert said(outs, "role.removed", member="carol", role=translate("role.note_taker", "fr"))
    assert outs[0].mentions == ("console:carol",)
    outs = await room.say("bob", "!role @carol retirer")
    assert said(outs, "role.usage")
    # Alone, the last facilitator may drop it: anyone who joins later can give it.
    solo = await assembly("zoe")
    outs = await solo.say("zoe", "!role @zoe remove facilitator")
    assert outs[0].text == (translate("role.removed", "fr", member="zoe", role="animation") + " "
                            + translate("member.nobody_facilitates", "fr"))


async def test_role_names_in_the_rooms_language() -> None:
    room = await assembly("alice", "bob")
    outs = await room.say("alice", "!role @bob président")
    assert outs[0].text == ("Rôle inconnu « président ». Rôles possibles : animation, catalyseur, "
                            "prise-de-notes, gardien-du-temps, accueil, fédéré.")
    for word, role in (("délégué", Role.DELEGATE), ("delegue", Role.DELEGATE), ("coordination", Role.NEWCOMER_COORDINATOR),
                       ("coordinateur", Role.NEWCOMER_COORDINATOR), ("prise de notes", Role.NOTE_TAKER),
                       ("gardien-du-temps", Role.TIME_KEEPER), ("accueil", Role.NEWCOMER_COORDINATOR),
                       ("fédéré", Role.DELEGATE)):
        outs = await room.say("alice", f"!role @bob {word}")
        assert outs[0].text.startswith("bob "), word
        assert role in members(room)["console:bob"].roles, word
    await room.say("alice", "!lang en")
    outs = await room.say("alice", "!role @bob president")
    assert outs[0].text.endswith("Possible roles: facilitator, catalyser, note-taker, time-keeper, "
                                 "newcomer-coordinator, delegate.")


async def test_a_new_facilitator_moves_and_closes_others_proposals() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("carol", "!propose Jardin")
    outs = await room.say("bob", "!next #1")
    assert said(outs, "proposal.only_author_or_facilitator", number=1)
    await room.say("alice", "!role @bob facilitator")
    await room.say("bob", "!next #1")
    await room.say("bob", "!next #1")
    assert room.proposal(1).phase is Phase.DECISION
    await room.say("alice", "!consent #1")
    await room.say("bob", "!close #1")
    assert room.proposal(1).status is Status.ADOPTED


async def test_a_catalyser_is_not_a_facilitator_for_proposals() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("alice", "!role @bob catalyser")
    await room.say("carol", "!propose Jardin")
    outs = await room.say("bob", "!next #1")
    assert said(outs, "proposal.only_author_or_facilitator", number=1)


# ---- language -----------------------------------------------------------------------------


async def test_french_by_default_english_on_request_both_aliases_always() -> None:
    room = await assembly("alice", "bob")
    outs = await room.say("alice", "!propose Jardin")
    assert "Proposition #1" in outs[0].text
    outs = await room.say("alice", "!lang en")
    assert said(outs, "lang.set", lang="en")
    outs = await room.say("alice", "!proposer Cantine")  # French verb, English answer
    assert 'Proposal #2: “Cantine”' in outs[0].text
    await room.say("alice", "!suivant #2")
    await room.say("alice", "!next #2")
    outs = await room.say("bob", "!consentement #2")
    assert said(outs, "proposal.position_noted", lang="en", member="bob", stance="consent", number=2,
                version_note=" (version 1)", participated=1, electorate=2, replaced="")
    outs = await room.say("bob", "!object #2")
    assert said(outs, "proposal.objection_needs_reason", lang="en", number=2)
    outs = await room.say("bob", "!etat #2")
    assert "Phase: decision" in outs[0].text
    outs = await room.say("alice", "!ok #2")
    assert any("ADOPTED" in o.text for o in outs)
    outs = await room.say("alice", "!langue fr")
    assert said(outs, "lang.set", lang="fr")
    outs = await room.say("alice", "!status #2")
    assert "adoptée" in outs[0].text


async def test_language_errors_and_current_language() -> None:
    room = await assembly("alice")
    outs = await room.say("alice", "!lang")
    assert outs[0].text == translate("lang.current", "fr", lang="fr")
    outs = await room.say("alice", "!lang de")
    assert outs[0].text == translate("lang.unknown", "fr", lang="de", languages="fr | en")
    (assembly_id,) = room.store.state.assemblies
    assert room.store.state.assemblies[assembly_id].language == "fr"
    outs = await room.say("zoe", "!lang en")
    assert said(outs, "member.not_member")
    assert room.store.state.assemblies[assembly_id].language == "fr"


async def test_my_data_includes_scheduling_with_the_fakes() -> None:
    import json
    from datetime import UTC, datetime

    from helpers import Room

    room = Room(start=datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
    for name in ("alice", "bob"):
        await room.say(name, "!join")
    await room.say("alice", '!schedule Fête --slots "2026-12-05 10:00-12:00 | 2026-12-06 10:00-12:00"')
    await room.say("bob", "!avail #1 1=oui 2=non")
    await room.say("alice", "!reunion AG 2026-11-23 10:00-12:00")
    await room.say("bob", "!present #2 oui")
    await room.say("bob", "!odj #2 ajouter Budget du jardin")
    await room.say("bob", "!note #2 Bob prend la parole")
    await room.say("alice", "!note #2 Début")
    [out] = [o for o in await room.say("bob", "!mes-donnees") if o.attachment]
    scheduling = json.loads(out.attachment or "")["scheduling"]
    assert [a["answer"] for a in scheduling["time_poll_answers"][0]["answers"]] == ["yes", "no"]
    assert [(r["meeting"], r["answer"]) for r in scheduling["rsvps"]] == [(2, "yes")]
    assert [i["item"] for i in scheduling["agenda_items"]] == ["Budget du jardin"]
    assert [n["text"] for n in scheduling["notes"]] == ["Bob prend la parole"]
    # Forgotten: nothing of bob's is left under his name, his agenda item included.
    await room.say("bob", "!oublier confirmer")
    [out] = [o for o in await room.say("bob", "!mes-donnees") if o.attachment]
    assert json.loads(out.attachment or "")["scheduling"] == {
        "time_poll_answers": [], "rsvps": [], "agenda_items": [], "notes": [], "meeting_roles": []}


async def test_leaving_a_matrix_room_is_told_only_when_it_matters_to_a_decision() -> None:
    from core.messages import Action

    room = Room(platform="matrix", room="!salle:example.org")
    for name in ("@alice:example.org", "@bob:example.org", "@carol:example.org", "@dan:example.org"):
        await room.say(name, "", action=Action.MEMBER_JOINED)
    await room.say("@alice:example.org", "!propose Jardin\nOn cultive.")
    await room.say("@alice:example.org", "!next #1")
    await room.say("@alice:example.org", "!next #1")
    await room.say("@bob:example.org", "!objection #1 Trop cher")
    # The network shows who left: the room hears more only about what still concerns it.
    assert await room.say("@carol:example.org", "", action=Action.MEMBER_LEFT) == []
    (told,) = await room.say("@bob:example.org", "", action=Action.MEMBER_LEFT)
    assert "Son objection sur #1 bloque toujours l'adoption" in told.text
    (told,) = await room.say("@alice:example.org", "", action=Action.MEMBER_LEFT)
    assert told.text.endswith(translate("member.nobody_facilitates", "fr"))
    assert await room.say("@alice:example.org", "", action=Action.MEMBER_LEFT) == []  # told once
