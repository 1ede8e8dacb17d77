"""Membership, roles, the room's language and the French/English aliases of the
proposals table (COMMANDS.md), through the core with the in-memory fakes."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import Room

from core.assemblies import Role
from core.commands import parse
from core.i18n import translate
from core.messages import Outbound
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


def said(outs: list[Outbound], key: str, lang: str = "fr", **params: Any) -> bool:
    expected = translate(key, lang, **params)
    return any(o.text == expected for o in outs)


async def assembly(*names: str) -> Room:
    room = Room()
    for name in names:
        await room.say(name, "!join")
    return room


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
    assert said(outs, "member.joined_facilitator", member="alice")
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
    assert 'Proposal #2: "Cantine"' in outs[0].text
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
