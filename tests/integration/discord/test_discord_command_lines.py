"""Slash command data → command lines the core parser reads back faithfully."""

from __future__ import annotations

import unicodedata

from typing import Any

import pytest
from discord_harness import SLASH_CASES, opt, slash
from hypothesis import given
from hypothesis import strategies as st

from adapters.discord.commands import command_line
from adapters.discord.render import show_members, slash_hints
from core.commands import parse


@pytest.mark.parametrize(("name", "options", "expected"), SLASH_CASES)
def test_core_parser_reads_every_command_line(
    name: str, options: list[dict[str, Any]], expected: str
) -> None:
    line = command_line({"name": name, "options": options})
    assert line == expected
    command = parse(line)
    assert command is not None and command.verb == name
    numbers = [o["value"] for o in options if o["name"] == "number"]
    assert command.number == (numbers[0] if numbers else None)


def test_propose_flags_survive_the_round_trip() -> None:
    data = {
        "name": "propose",
        "options": [
            {"name": "title", "value": "Budget 2027"},
            {"name": "method", "value": "vote"},
            {"name": "options", "value": 'Option "A" | B'},
            {"name": "hide-results", "value": True},
            {"name": "body", "value": "Détails"},
        ],
    }
    command = parse(command_line(data))
    assert command is not None
    assert command.text == "Budget 2027"
    assert command.body == "Détails"
    assert command.flags == {"method": "vote", "options": 'Option "A" | B', "hide-results": True}


value_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cf")), min_size=1
).filter(lambda text: text.strip() and not text.strip().startswith("-"))


@given(place=value_text)
def test_any_flag_value_is_read_back(place: str) -> None:
    data = {
        "name": "meeting",
        "options": [
            {"name": "title", "value": "AG"},
            {"name": "when", "value": "2026-12-03 18:30"},
            {"name": "place", "value": place},
        ],
    }
    line = command_line(data)
    command = parse(line)
    assert command is not None and command.verb == "meeting"
    expected = unicodedata.normalize("NFC", " ".join(place.split()))  # the parser reads text in NFC
    if all(closing in expected for closing in ('"', "»", "”", "'")):
        expected = expected.replace('"', "''")
    assert command.flags["place"] == expected


def test_a_term_is_read_back_as_the_mandate_of_the_role() -> None:
    for term in ("6m", "3 semaines", "2027-06-30", "jusqu'au 30 juin"):
        line = command_line(slash("role", {"name": "member", "type": 6, "value": "42"},
                                  opt("role", "catalyseur"), opt("term", term)))
        command = parse(line)
        assert command is not None and command.verb == "role"
        assert command.text == "@discord:42 catalyseur" and command.flags == {"term": term}
    # one of member and role alone: the line the core answers with its usage
    assert command_line(slash("role", opt("role", "catalyseur"))) == "!role catalyseur"
    assert command_line(slash("role", {"name": "member", "type": 6, "value": "42"})) == "!role @discord:42"
    assert command_line(slash("role", opt("term", "6m"))) == "!role --term 6m"


def test_a_tension_is_processed_by_its_number() -> None:
    assert command_line(slash("tension", opt("text", "odj"), opt("number", 3))) == "!tension #3 odj"
    line = command_line(slash("tension", opt("number", 3), opt("text", "resolue réglé\nmardi")))
    assert line == "!tension #3 resolue réglé mardi"
    command = parse(line)
    assert command is not None and command.verb == "tension" and command.text == "#3 resolue réglé mardi"
    assert command_line(slash("tension", opt("number", 3))) == "!tension #3"  # shows it
    assert command_line(slash("tension", opt("text", "#3 odj"))) == "!tension #3 odj"  # typed in the text
    assert command_line(slash("tension")) == "!tension"


def test_members_are_shown_as_discord_mentions() -> None:
    text = "discord:123456789012345678 et 223456789012345678 ; le 2026-12-03 ; #3"
    assert (
        show_members(text) == "<@123456789012345678> et <@223456789012345678> ; le 2026-12-03 ; #3"
    )


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Tapez !aide pour commencer.", "Tapez /aide pour commencer."),
        ("Suite : !question #1, puis !suivant #1.", "Suite : /question #1, puis /suivant #1."),
        ("Tapez !etat #1.", "Tapez /état #1."),
        ("tape : !calendrier privé", "tape : /calendrier privé"),
        ("types: !calendar public", "types: /calendar public"),
        ("avec !role @membre facilitator", "avec /role @membre facilitator"),
        ("Type !consent #3 or !help.", "Type /consent #3 or /help."),
        ("Bienvenue bob ! Super!", "Bienvenue bob ! Super!"),
        ("!inconnu et x!aide", "!inconnu et x!aide"),
    ],
)
def test_typed_commands_become_slash_commands(text: str, shown: str) -> None:
    assert slash_hints(text) == shown
