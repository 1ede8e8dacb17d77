"""`!todo` (`!a-faire`, `!à-faire`): what the assembly waits for from the member who asks, in
one message, the nearest deadline first; never what they chose in an anonymous round."""

from __future__ import annotations

from datetime import timedelta

from core.i18n import translate
from tests.unit.helpers import Room, assembly


async def test_a_round_to_answer_names_the_proposal_its_deadline_and_the_commands() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!proposer --echeance 2026-11-30 Jardin partagé")
    await room.say("alice", "!suivant #1")
    await room.say("alice", "!suivant #1")
    [answer] = await room.say("bob", "!a-faire")
    assert answer.text.startswith("Ce que l'assemblée attend de vous (1 point)")
    assert ("• #1 « Jardin partagé » : prenez position — avant le lun. 30 nov. 2026, 23:59 : "
            "!consentement #1, !reserve #1 <raison>, !objection #1 <raison> ou !abstention #1") in answer.text
    await room.say("bob", "!ok #1")
    assert "Rien ne vous attend" in await room.text("bob", "!à-faire")


async def test_each_vote_method_says_its_own_commands() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", '!proposer --methode vote --options "A | B" Couleur')
    await room.say("alice", "!proposer --methode consensus Pique-nique")
    text = await room.text("bob", "!a-faire")
    assert "!vote #1 <option ou numéro>" in text
    assert "!accord #2, !desaccord #2, !abstention #2 ou !bloquer #2 <raison>" in text


async def test_an_open_objection_is_the_objectors_to_lift_then_the_round_is_theirs_again() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!proposer Jardin partagé")
    await room.say("alice", "!suivant #1")
    await room.say("alice", "!suivant #1")
    await room.say("bob", "!objection #1 Pas d'eau l'été")
    text = await room.text("bob", "!a-faire")
    assert "#1 « Jardin partagé » : votre objection (v1) est ouverte" in text
    assert "!lever #1" in text and "prenez position" not in text
    await room.say("bob", "!lever #1")
    text = await room.text("bob", "!a-faire")
    assert "votre objection" not in text and "#1 « Jardin partagé » : prenez position" in text


async def test_an_author_is_told_to_move_their_proposal_on() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!proposer Jardin partagé")
    assert "#1 « Jardin partagé », votre proposition, en clarification" in await room.text("alice", "!a-faire")
    assert "Rien ne vous attend" in await room.text("bob", "!a-faire")  # not bob's to move on
    await room.say("alice", "!suivant #1")
    assert "en réactions" in await room.text("alice", "!a-faire")


async def test_a_time_poll_not_answered_then_answered() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", '!planifier Fête --creneaux "2026-12-01 18:00-20:00 | 2026-12-02 18:00-20:00"')
    text = await room.text("bob", "!a-faire")
    assert ("Sondage #1 « Fête » : vous n'avez pas répondu — avant le lun. 30 nov. 2026, 18:00 : "
            "!dispo #1 oui non peut-être … (2 créneaux)") in text
    await room.say("bob", "!dispo #1 oui non")
    assert "Rien ne vous attend" in await room.text("bob", "!a-faire")


async def test_a_meeting_to_come_asks_for_an_answer_and_names_the_roles_held() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!reunion AG 2026-12-08 18:30")
    await room.say("alice", "!echanger #1 animation @bob")
    text = await room.text("bob", "!a-faire")
    assert "Réunion #1 « AG », mar. 8 déc. 2026, 18:30–20:30 : serez-vous là ? !present #1 oui|non|peut-être" in text
    assert "Réunion #1 « AG », mar. 8 déc. 2026, 18:30–20:30 : votre rôle, animation (passer la main" in text
    await room.say("bob", "!present #1 oui")
    text = await room.text("bob", "!a-faire")
    assert "serez-vous là" not in text and "votre rôle, animation" in text


async def test_a_mandate_ending_within_30_days_is_listed_with_its_renewal() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!role @bob accueil --mandat 3 semaines")
    await room.say("alice", "!role @alice catalyseur --mandat 6m")
    text = await room.text("bob", "!a-faire")
    assert "Votre mandat de coordination des nouveaux arrivants se termine le" in text
    assert '!role @bob accueil --mandat "3 semaines"' in text
    assert "Votre mandat" not in await room.text("alice", "!a-faire")  # six months away


async def test_an_open_tension_of_ones_own() -> None:
    room = await assembly("alice", "bob")
    await room.say("bob", "!tension Le local est trop froid\nle mardi")
    text = await room.text("bob", "!a-faire")
    assert "Tension #1 « Le local est trop froid », notée par vous, ouverte : !tension #1 odj" in text
    assert "Rien ne vous attend" in await room.text("alice", "!a-faire")


async def test_the_nearest_deadline_comes_first_in_one_message() -> None:
    room = await assembly("alice", "bob")
    await room.say("bob", "!tension Le local est trop froid")  # no deadline: last
    await room.say("alice", "!reunion AG 2026-12-20 18:30")
    await room.say("alice", "!proposer --methode consensus --echeance 2026-12-10 Plus tard")
    await room.say("alice", "!proposer --methode consensus --echeance 2026-11-25 Bientôt")
    [answer] = await room.say("bob", "!a-faire")
    lines = answer.text.split("\n")
    assert lines[0] == "Ce que l'assemblée attend de vous (4 points), le plus urgent d'abord :"
    assert [line.split(" « ")[0] for line in lines[1:]] == ["• #4", "• #3", "• Réunion #2", "• Tension #1"]


async def test_an_anonymous_round_says_whether_one_positioned_never_what() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", '!proposer --methode vote --options "Rouge | Vert" --anonyme Couleur')
    text = await room.text("bob", "!a-faire")
    assert "#1 « Couleur » (anonyme) : vous n'avez pas encore pris position" in text
    await room.say("bob", "!vote #1 Vert")
    text = await room.text("bob", "!a-faire")
    assert "Rien ne vous attend" in text and "Vert" not in text
    assert "#1 « Couleur » (anonyme)" in await room.text("alice", "!a-faire")


async def test_nothing_to_do_is_one_warm_line_with_the_overview() -> None:
    room = await assembly("alice")
    [answer] = await room.say("alice", "!a-faire")
    assert answer.text == "Rien ne vous attend pour l'instant, merci ! Tout ce qui est en cours : !etat"


async def test_a_non_member_is_told_to_join_and_nothing_changes() -> None:
    room = await assembly("alice")
    [answer] = await room.say("zoe", "!a-faire")
    assert answer.text == translate("member.not_member", "fr")
    (assembly_,) = room.store.state.assemblies.values()
    assert not assembly_.is_member("console:zoe")  # type: ignore[arg-type]


async def test_in_english() -> None:
    room = Room()
    await room.say("alice", "!join")
    await room.say("alice", "!lang en")
    await room.say("bob", "!join")
    assert await room.text("bob", "!todo") == "Nothing waits for you right now, thank you! Everything under way: !status"
    await room.say("alice", "!propose --method consensus --deadline 2026-11-30 Picnic")
    await room.say("alice", "!meeting AGM 2026-12-08 18:30")
    [answer] = await room.say("bob", "!todo")
    assert answer.text.split("\n") == [
        "What the assembly waits for from you (2 items), most urgent first:",
        ("• #1 “Picnic”: take a position — before Mon, Nov 30, 2026, 23:59: "
         "!agree #1, !disagree #1, !abstain #1 or !block #1 <reason>"),
        "• Meeting #2 “AGM”, Tue, Dec 8, 2026, 18:30–20:30: will you come? !rsvp #2 yes|no|maybe",
    ]


async def test_a_meeting_under_way_or_past_asks_nothing_more() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!reunion AG 2026-11-24 18:30")
    await room.advance(timedelta(days=1, hours=10))  # 19:00 on the day: under way
    assert "Rien ne vous attend" in await room.text("bob", "!a-faire")


async def test_an_anonymous_objection_is_found_under_the_objectors_pseudonym() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!proposer --anonyme Jardin partagé")
    await room.say("alice", "!suivant #1")
    await room.say("alice", "!suivant #1")
    await room.say("bob", "!objection #1 Pas d'eau l'été")
    assert "#1 « Jardin partagé » : votre objection (v1) est ouverte" in await room.text("bob", "!a-faire")
    assert "(anonyme) : vous n'avez pas encore pris position" in await room.text("alice", "!a-faire")


async def test_help_names_it_in_both_languages() -> None:
    room = await assembly("alice")
    text = await room.text("alice", "!aide à-faire")
    assert text.startswith("!a-faire — ce que l'assemblée attend de vous, le plus urgent d'abord")
    assert "Alias : !todo, !à-faire" in text
    assert "!a-faire — ce que l'assemblée attend de vous" in await room.text("alice", "!aide")
    await room.say("alice", "!lang en")
    assert (await room.text("alice", "!help todo")).startswith("!todo — what the assembly waits for from you")
