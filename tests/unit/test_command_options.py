"""Options (`--name value`) are read where people put them: at the start of the line (after
the command and its number) or at its end. An option in the middle of a title is refused,
never taken out of it; the text of a reason, a question or an amendment is kept as typed."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from helpers import Room

from core.commands import parse
from core.errors import DomainError
from core.fakes import FakeState
from core.i18n import translate
from core.messages import Action
from core.proposals import add_period
from core.schedule_app.fakes import scheduling_state

PARIS = ZoneInfo("Europe/Paris")


def snapshot(room: Room) -> FakeState:
    state = copy.deepcopy(room.store.state)
    state.outbox = []
    state.handled = set()
    state.refused = set()
    return state


async def members(*names: str) -> Room:
    room = Room()
    for name in names or ("alice", "bob"):
        await room.say(name, "!join")
    return room


async def refused(room: Room, line: str, key: str, lang: str = "fr", **params: object) -> str:
    """`line` is answered with `key` (its text up to the first parameter) and changes nothing."""
    before = snapshot(room)
    [answer] = await room.say("alice", line)
    assert snapshot(room) == before, "a refused command changed the state"
    head = translate(key, lang, **params) if params else translate(key, lang).split("{")[0]
    assert answer.text.startswith(head), (key, answer.text)
    return answer.text


def parsed(line: str) -> tuple[str, dict[str, str | bool], int | None]:
    command = parse(line)
    assert command is not None
    return command.text, command.flags, command.number


# ---- where options go --------------------------------------------------------------------


@pytest.mark.parametrize(("line", "text", "flags", "number"), [
    ('!propose --method vote --options "A | B" Title', "Title", {"method": "vote", "options": "A | B"}, None),
    ("!proposer --anonyme --echeance 3j Jardin", "Jardin", {"anonymous": True, "deadline": "3j"}, None),
    ('!propose Local --method vote --options "Salle | Parc" --anonymous', "Local",
     {"method": "vote", "options": "Salle | Parc", "anonymous": True}, None),
    ('!schedule AG --slots "2026-12-03 18:30-20:30 | 2026-12-05 10:00-12:00" --duree 2h', "AG",
     {"slots": "2026-12-03 18:30-20:30 | 2026-12-05 10:00-12:00", "duration": "2h"}, None),
    ('!meeting Drop-in 2026-12-08 19:00 --every "2nd tue" --place https://visio.example.org/ag',
     "Drop-in 2026-12-08 19:00", {"every": "2nd tue", "place": "https://visio.example.org/ag"}, None),
    ('!reunion AG de quartier 2026-12-08 19:00-21:00 --lieu "Maison du peuple"', "AG de quartier 2026-12-08 19:00-21:00",
     {"place": "Maison du peuple"}, None),
    ("!reporter #2 2026-12-10 19:00 --lieu Mairie", "2026-12-10 19:00", {"place": "Mairie"}, 2),
    ('!valider #1 --lieu "Maison du peuple, 3 rue Haute"', "", {"place": "Maison du peuple, 3 rue Haute"}, 1),
    ("!consent #3 --version 2", "", {"version": "2"}, 3),
    ("!vote #1 2 --version 1", "2", {"version": "1"}, 1),
    ("!tour #3 --direct", "", {"live": True}, 3),
    ("!echanger #2 --tirage", "", {"draw": True}, 2),
    ("!propose --deadline=72h Jardin", "Jardin", {"deadline": "72h"}, None),
])
def test_documented_forms_keep_working(line: str, text: str, flags: dict[str, object], number: int | None) -> None:
    assert parsed(line) == (text, flags, number)


async def test_an_option_in_the_middle_of_a_title_is_refused_and_says_where_options_go() -> None:
    room = await members()
    text = await refused(room, "!proposer Titre avec --anonyme au milieu", "command.flag_in_middle")
    assert "!proposer --anonyme Titre avec au milieu" in text
    assert not room.store.state.proposals
    text = await refused(room, "!reunion AG 2026-12-10 19:00 --lieu Maison du peuple", "command.flag_value_words")
    assert '(--lieu "Maison du peuple")' in text
    text = await refused(room, '!propose Titre --options "A | B" suite', "command.flag_in_middle")
    assert '!propose --options "A | B" Titre suite' in text


async def test_free_text_keeps_what_was_typed_options_included() -> None:
    room = await members()
    await room.say("alice", "!proposer Achat groupé\nOn achète en gros.")
    outs = await room.say("alice", "!amender #1 Nouveau texte --anonyme dedans")
    assert "Nouveau texte --anonyme dedans" in outs[0].text
    assert room.proposal(1).body == "Nouveau texte --anonyme dedans"
    assert not room.proposal(1).rules.anonymous
    await room.say("bob", "!question #1 Et --seuil 2/3 ?")
    assert parsed("!objection #3 Trop cher --anonyme")[0] == "Trop cher --anonyme"
    assert parsed("!reserve #3  Le  coût ?")[0] == "Le  coût ?"
    # a reason prompt answered after a button: the version is read, the reason kept
    command = parse("!object #3 --version 2 Pas avant l'été --echeance")
    assert command is not None and command.flags == {"version": "2"} and command.text == "Pas avant l'été --echeance"


async def test_an_option_that_is_not_the_commands_is_refused() -> None:
    room = await members()
    await refused(room, '!planifier Fête --creneaux "2026-12-10 18:30-20:30" --lieu Salle',
                  "command.flag_not_for_verb", flag="--lieu", verb="planifier")


def test_a_dash_alone_is_text() -> None:
    assert parsed("!proposer Titre -- avec double tiret")[0] == "Titre -- avec double tiret"
    assert parsed("!proposer Bilan — suite et fin")[0] == "Bilan — suite et fin"


# ---- long dashes, twice the same option -----------------------------------------------------


async def test_long_dashes_from_phones_are_options() -> None:
    room = await members()
    await room.say("alice", '!proposer —methode vote –options "A | B" Tiret long')
    proposal = room.proposal(1)
    assert proposal.title == "Tiret long" and proposal.rules.options == ("A", "B")


async def test_an_option_given_twice_is_refused_with_its_names() -> None:
    room = await members()
    await refused(room, "!proposer --echeance 1h --echeance 3d Test", "command.flag_twice", flag="--echeance")
    await refused(room, '!proposer --methode vote --methode consensus --options "A | B" Double',
                  "command.flag_twice", flag="--methode")
    await refused(room, '!reunion Y 2026-12-08 19:00 --every "tous les mardis" --chaque "2e mardi"',
                  "command.flag_twice_alias", first="--every", second="--chaque")
    assert not scheduling_state(room.store.state).meetings


# ---- shares --------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["50", "50%", "50 %", "1/2", "0.5", "0,5"])
async def test_a_quorum_of_fifty_is_half(typed: str) -> None:
    room = await members()
    await room.say("alice", f"!proposer --quorum {typed} Quorum")
    assert room.proposal(1).rules.quorum == Fraction(1, 2)


async def test_share_errors_name_the_option_as_typed_and_say_what_to_type() -> None:
    room = await members()
    text = await refused(room, "!proposer --quorum 0% Test", "share.not_positive", flag="--quorum", value="0%")
    assert "--quorum 50%" in text
    text = await refused(room, '!proposer --methode vote --options "A | B" --seuil 3/2 Test', "share.ratio_over_one",
                         flag="--seuil", value="3/2")
    assert "--seuil 2/3" in text and "threshold" not in text
    await refused(room, '!proposer --methode vote --options "A | B" --seuil 1/0 Test', "share.bad_format",
                  flag="--seuil", value="1/0")
    await refused(room, "!proposer --quorum 150 Test", "share.out_of_range", flag="--quorum", value="150")
    await refused(room, '!proposer --methode consensus --options "A | B" Test', "proposal.options_only_for_vote")
    assert "--methode vote" in translate("proposal.options_only_for_vote", "fr")
    assert "--method vote" in translate("proposal.options_only_for_vote", "en")


# ---- deadlines -----------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "after"), [
    ("72h", timedelta(hours=72)), ("3j", timedelta(days=3)), ("3d", timedelta(days=3)),
    ("2w", timedelta(weeks=2)), ("90min", timedelta(minutes=90)), ("2mois", timedelta(days=61)),
    ("2mo", timedelta(days=61)), ("1a", timedelta(days=365)), ("1y", timedelta(days=365)),
    # A number and a unit word, as meeting lengths and reminders read them too: accents optional.
    ('"2 semaines"', timedelta(weeks=2)), ('"1 annee"', timedelta(days=365)), ('"1 Année"', timedelta(days=365)),
    ('"90 mins"', timedelta(minutes=90)), ('"2 journées"', timedelta(days=2)), ('"3 hrs"', timedelta(hours=3)),
])
async def test_deadline_lengths(typed: str, after: timedelta) -> None:
    room = await members()  # 2026-11-23 09:00 UTC
    await room.say("alice", f"!proposer --echeance {typed} Échéance")
    assert room.proposal(1).rules.deadline == room.clock.now() + after


@pytest.mark.parametrize(("typed", "local"), [
    ("10/12/2026", datetime(2026, 12, 10, 23, 59)),
    ("10/12/2026 18h", datetime(2026, 12, 10, 18, 0)),
    ("10/12/2026 à 18h30", datetime(2026, 12, 10, 18, 30)),
    ("2026-12-01T18:00", datetime(2026, 12, 1, 18, 0)),
    ("2026-12-01", datetime(2026, 12, 1, 23, 59)),
])
async def test_deadline_days_as_meeting_dates_are_typed(typed: str, local: datetime) -> None:
    room = await members()
    outs = await room.say("alice", f"!proposer --echeance {typed} Date fr")
    proposal = room.proposal(1)
    assert proposal.title == "Date fr", [o.text for o in outs]
    assert proposal.rules.deadline == local.replace(tzinfo=PARIS)


async def test_a_bare_m_in_a_deadline_is_asked_back() -> None:
    room = await members()
    text = await refused(room, "!proposer --echeance 6m --revision 6m Six m", "deadline.ambiguous_m",
                         value="6m", amount=6)
    assert "--echeance 6min" in text and "--echeance 6mois" in text
    await refused(room, "!proposer --echeance 18h-20h Plage", "deadline.bad_format")
    for far in ("9999a", "999999999d", "10/12/9999"):  # past the year 9999 too: too far, not a crash
        await refused(room, f"!proposer --echeance {far} Loin", "deadline.too_far", value=far)


def test_a_review_in_m_is_still_months() -> None:
    start = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
    assert add_period(start, "6m") == add_period(start, "6mois") == datetime(2027, 6, 3, 18, 0, tzinfo=UTC)
    assert add_period(start, "1an") == datetime(2027, 12, 3, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize(("typed", "expected"), [
    ("2 semaines", datetime(2026, 12, 17, 18, 0, tzinfo=UTC)),
    ("3 weeks", datetime(2026, 12, 24, 18, 0, tzinfo=UTC)),
    ("6 mois", datetime(2027, 6, 3, 18, 0, tzinfo=UTC)),
    ("6 months", datetime(2027, 6, 3, 18, 0, tzinfo=UTC)),
    ("1 année", datetime(2027, 12, 3, 18, 0, tzinfo=UTC)),
    ("2 Years", datetime(2028, 12, 3, 18, 0, tzinfo=UTC)),
    ("90 jours", datetime(2027, 3, 3, 18, 0, tzinfo=UTC)),
])
def test_a_review_reads_the_unit_words_of_deadlines(typed: str, expected: datetime) -> None:
    assert add_period(datetime(2026, 12, 3, 18, 0, tzinfo=UTC), typed) == expected


async def test_a_review_period_in_words_is_kept_and_minutes_are_still_refused() -> None:
    room = await members()
    [opened, _] = await room.say("alice", '!proposer --revision "2 semaines" Jardin')
    assert "Proposition #1" in opened.text
    await refused(room, '!proposer --revision "90 minutes" Cantine', "proposal.bad_period", value="90 minutes")
    await refused(room, '!proposer --revision "deux ans" Cantine', "proposal.bad_period", value="deux ans")


# ---- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "typed"), [
    ("!etat #-1", "#-1"), ("!etat #999999999999999999999", "#999999999999999999…"), ("!etat #1abc", "#1abc"),
    ("!etat abc", "abc"), ("!ok #1.5", "#1.5"), ("!reponse #999999999999999999999 x", "#999999999999999999…"),
    ("!question #1#1 doublon", "#1#1"), ("!consent #abc", "#abc"),
])
async def test_what_is_not_a_number_is_answered_as_such(line: str, typed: str) -> None:
    room = await members()
    await room.say("alice", "!proposer Vélos")
    text = await refused(room, line, "command.bad_number", typed=typed, verb=line[1:].split()[0])
    assert "Il manque" not in text


@pytest.mark.parametrize("line", ["!etat n°1", "!etat # 1", "!etat 1", "!etat N°1", "!etat n° 1"])
async def test_numbers_people_write(line: str) -> None:
    room = await members()
    await room.say("alice", "!proposer Vélos")
    [answer] = await room.say("bob", line)
    assert answer.text.startswith("#1 « Vélos »"), answer.text


async def test_help_with_a_number_says_how_to_see_it() -> None:
    room = await members()
    [answer] = await room.say("alice", "!aide #1")
    assert answer.text == translate("command.help_number", "fr", word="aide", number="#1")
    assert "!etat #1" in answer.text


# ---- votes ---------------------------------------------------------------------------------


async def test_an_option_typed_by_its_name_wins_over_a_number() -> None:
    room = await members()
    await room.say("alice", '!proposer --methode vote --options "3 | 2 | 1" Chiffres inversés')
    await room.say("alice", "!vote #1 1")
    assert room.proposal(1).position_of(room.member_id("alice")).option == "1"
    # a button or a poll answer names its option by its place: the first button is "3"
    await room.say("bob", "", action=Action.BUTTON, payload="vote #1 1 --version 1")
    assert room.proposal(1).position_of(room.member_id("bob")).option == "3"


def test_parse_errors_are_domain_errors() -> None:
    with pytest.raises(DomainError):
        parse("!proposer Titre --anonyme au milieu")
