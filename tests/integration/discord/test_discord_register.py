"""Slash command registration: payload rules and the PUT call."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from discord_harness import APP_ID, FakeDiscordAPI, make_settings
from nacl.signing import SigningKey
from pydantic import ValidationError

from adapters.discord import DiscordSettings, register_commands
from adapters.discord.cli import register_commands_command
from adapters.discord.commands import command_payloads
from adapters.discord.registration import CommandRegistrationError, payload_problems
from core.i18n import placeholders

# The canonical verbs of the chat command reference.
CONTRACT = {
    "propose", "ask", "answer", "react", "next", "consent", "concern", "object", "standaside",
    "amend", "withdraw-objection", "close", "withdraw", "status", "decisions", "help",
    "agree", "disagree", "abstain", "block", "vote", "advise",
    "schedule", "avail", "finalize", "meeting", "rsvp", "agenda", "note", "ics", "swap",
    "round", "record", "minutes",
    "join", "leave", "link", "lang", "tz", "role", "welcome", "export-me", "forget-me",
}  # fmt: skip
# Commands the bot has beyond that reference.
BEYOND = {"cancel", "reschedule", "calendar", "tension", "tensions", "todo", "federate"}


def valid_name(name: Any) -> bool:
    """^[-_\\p{L}\\p{N}]{1,32}$, lower case, checked with Unicode categories."""
    return (
        isinstance(name, str)
        and 1 <= len(name) <= 32
        and name == name.lower()
        and all(ch in "-_" or unicodedata.category(ch)[0] in "LN" for ch in name)
    )


def valid_description(text: Any) -> bool:
    return isinstance(text, str) and 1 <= len(text) <= 100


def check_named(item: dict[str, Any]) -> None:
    assert valid_name(item["name"]), item["name"]
    assert set(item["name_localizations"]) == {"fr"}
    assert valid_name(item["name_localizations"]["fr"]), item["name_localizations"]
    assert valid_description(item["description"]), item["description"]
    assert set(item["description_localizations"]) == {"fr"}
    assert valid_description(item["description_localizations"]["fr"])
    assert item["description"] != item["description_localizations"]["fr"] or item["name"] in {
        "quorum", "consensus", "vote", "question", "position",
    }  # fmt: skip
    assert not item["description"].startswith("discord.")  # a real translation, not a key


def test_payload_covers_the_contract_and_follows_discord_rules() -> None:
    commands = command_payloads()
    # the contract, plus the meeting commands the parser also knows
    assert {command["name"] for command in commands} == CONTRACT | BEYOND
    assert len(commands) <= 100
    french = [command["name_localizations"]["fr"] for command in commands]
    assert len(set(french)) == len(french)
    for command in commands:
        assert command["type"] == 1
        check_named(command)
        seen_optional = False
        for option in command["options"]:
            check_named(option)
            assert option["type"] in {3, 4, 5, 6}
            if option["required"]:
                assert not seen_optional, f"{command['name']}: required after optional"
            else:
                seen_optional = True
            for choice in option.get("choices", []):
                assert valid_description(choice["name"])
                assert valid_description(choice["name_localizations"]["fr"])
    assert payload_problems(commands) == []
    propose = next(c for c in commands if c["name"] == "propose")
    assert propose["name_localizations"] == {"fr": "proposer"}
    number = next(o for o in next(c for c in commands if c["name"] == "ask")["options"])
    assert (number["name"], number["type"], number["min_value"]) == ("number", 4, 1)


# The commands whose number is required, and those where it may be left out (`/status` alone
# is the assembly's overview, `/ics` alone its calendar feed): fixed, as people type them.
NUMBER_REQUIRED = {
    "ask", "answer", "react", "next", "consent", "concern", "object", "standaside", "amend",
    "withdraw-objection", "close", "withdraw", "agree", "disagree", "abstain", "block", "vote",
    "advise", "avail", "finalize", "rsvp", "agenda", "note", "swap", "round", "record", "minutes",
    "cancel", "reschedule",
}  # fmt: skip
NUMBER_OPTIONAL = {"status", "ics", "tension"}
# Other numbers completed as they are typed: `/propose tension:` proposes the open tensions
COMPLETED = {("propose", "tension")}


def test_every_number_is_completed_as_it_is_typed_and_keeps_its_contract() -> None:
    numbered: dict[str, dict[str, Any]] = {}
    for command in command_payloads():
        for option in command["options"]:
            if option["name"] == "number":
                numbered[command["name"]] = option
            elif (command["name"], option["name"]) in COMPLETED:
                assert (option["type"], option["min_value"], option["autocomplete"]) == (4, 1, True)
                assert "choices" not in option
            else:
                assert "autocomplete" not in option, (command["name"], option["name"])
    assert set(numbered) == NUMBER_REQUIRED | NUMBER_OPTIONAL
    for name, option in numbered.items():
        assert option == {
            "type": 4,
            "name": "number",
            "name_localizations": {"fr": "numéro"},
            "description": option["description"],
            "description_localizations": option["description_localizations"],
            "required": name in NUMBER_REQUIRED,
            "min_value": 1,
            "autocomplete": True,
        }, name
        assert "choices" not in option  # Discord refuses autocomplete with fixed choices


def options_of(name: str) -> list[dict[str, Any]]:
    options: list[dict[str, Any]] = next(c for c in command_payloads() if c["name"] == name)["options"]
    return options


def test_role_alone_lists_the_roles_and_a_term_gives_a_mandate() -> None:
    options = options_of("role")
    # the names people know, all optional: `/role` alone lists who holds which role
    assert [(o["name"], o["name_localizations"]["fr"], o["type"], o["required"]) for o in options] == [
        ("member", "membre", 6, False), ("role", "rôle", 3, False), ("term", "mandat", 3, False)]
    term = options[2]
    for example in ("6m", "2027-06-30"):
        assert example in term["description"] and example in term["description_localizations"]["fr"]
    assert "3 weeks" in term["description"] and "3 semaines" in term["description_localizations"]["fr"]


def test_tension_takes_a_number_to_process_one() -> None:
    options = options_of("tension")
    assert [(o["name"], o["type"], o["required"]) for o in options] == [("text", 3, False), ("number", 4, False)]
    assert options[1]["description_localizations"]["fr"] != options_of("ask")[0]["description_localizations"]["fr"]


def test_federate_and_link_take_one_optional_text_that_says_what_to_type() -> None:
    """`/federer` (rooms) and `/lier` (accounts): alone they list or give a code; their one
    option takes a code or the words of `!federer inviter`, `!federer retirer 2`, `!lier retirer`."""
    commands = {c["name"]: c for c in command_payloads()}
    assert commands["federate"]["name_localizations"] == {"fr": "federer"}
    assert commands["link"]["name_localizations"] == {"fr": "lier"}
    (text,) = options_of("federate")
    (code,) = options_of("link")
    assert (text["name"], text["name_localizations"], text["type"], text["required"]) == (
        "text", {"fr": "texte"}, 3, False)
    assert (code["name"], code["name_localizations"], code["type"], code["required"]) == (
        "code", {"fr": "code"}, 3, False)
    for option, english, french in ((text, ("invite", "remove 2"), ("inviter", "retirer 2")),
                                    (code, ("remove",), ("retirer",))):
        assert all(word in option["description"] for word in english), option["description"]
        assert all(word in option["description_localizations"]["fr"] for word in french), option
    assert "invite" in commands["federate"]["description"]
    assert "inviter" in commands["federate"]["description_localizations"]["fr"]
    # their own descriptions, not those of the other commands' `text` and `code`
    assert text["description"] != options_of("welcome")[0]["description"]


def test_validator_refuses_autocomplete_where_discord_does() -> None:
    command = next(c for c in command_payloads() if c["name"] == "lang")
    broken = dict(command, options=[dict(command["options"][0], autocomplete=True)])  # it has choices
    assert payload_problems([broken]) == ["/lang language: autocomplete and choices together"]
    role = next(c for c in command_payloads() if c["name"] == "role")
    member = dict(role["options"][0], autocomplete=True)  # a user option is picked, not typed
    assert payload_problems([dict(role, options=[member, *role["options"][1:]])]) == [
        "/role member: autocomplete on an option that is not typed in"]


def test_validator_catches_what_discord_refuses() -> None:
    commands = command_payloads()
    broken = [dict(command) for command in commands[:3]]
    broken[0]["name"] = "Propose"
    broken[1]["description"] = "x" * 101
    broken[2]["name_localizations"] = {"fr": "deux mots"}
    problems = payload_problems(broken)
    assert len(problems) == 3


def test_catalogs_match_between_languages() -> None:
    from babel.messages.pofile import read_po

    from core.i18n import _LOCALE_DIR

    def load(lang: str) -> dict[str, str]:
        with (_LOCALE_DIR / lang / "discord.po").open("rb") as handle:
            return {m.id: m.string for m in read_po(handle) if m.id}

    fr, en = load("fr"), load("en")
    assert set(fr) == set(en)
    for key in fr:
        assert fr[key] and en[key], key
        assert placeholders(fr[key]) == placeholders(en[key]), key


async def test_register_commands_puts_the_list(fake_api: tuple[FakeDiscordAPI, str]) -> None:
    api, base = fake_api
    settings = make_settings(SigningKey.generate().verify_key.encode().hex(), base)
    registered = await register_commands(settings)
    [call] = api.calls
    assert (call.method, call.path) == ("PUT", f"/api/v10/applications/{APP_ID}/commands")
    assert call.headers["Authorization"] == "Bot test-bot-token-0123456789abcdef"
    assert call.json == command_payloads()
    assert len(registered) == len(CONTRACT | BEYOND)

    message = await register_commands_command(settings, "7777777777")
    assert api.calls[1].path == f"/api/v10/applications/{APP_ID}/guilds/7777777777/commands"
    assert message == f"{len(CONTRACT | BEYOND)} commandes publiées sur le serveur Discord 7777777777."


async def test_refused_registration_is_a_readable_error(
    fake_api: tuple[FakeDiscordAPI, str],
) -> None:
    api, base = fake_api
    api.queue(401, {"message": "401: Unauthorized", "code": 0})
    settings = make_settings(SigningKey.generate().verify_key.encode().hex(), base)
    with pytest.raises(CommandRegistrationError, match="Discord a refusé les commandes.*401"):
        await register_commands_command(settings, None)
    with pytest.raises(CommandRegistrationError):
        await register_commands_command(settings, "not-a-guild")


@pytest.mark.parametrize(
    "override",
    [
        {"public_key": "abc"},
        {"public_key": "z" * 64},
        {"bot_token": "changeme"},
        {"application_id": "my-app"},
        {"api_base": "ftp://example.org"},
        {"reply_timeout": 3.0},
    ],
)
def test_settings_fail_fast(override: dict[str, Any]) -> None:
    values: dict[str, Any] = {
        "application_id": APP_ID,
        "public_key": "ab" * 32,
        "bot_token": "test-bot-token-0123456789abcdef",
    }
    values.update(override)
    with pytest.raises(ValidationError):
        DiscordSettings(**values)


async def test_cli_accepts_the_raw_settings_block(fake_api: tuple[FakeDiscordAPI, str]) -> None:
    api, base = fake_api
    block = {
        "application_id": APP_ID,
        "public_key": SigningKey.generate().verify_key.encode().hex(),
        "bot_token": "test-bot-token-0123456789abcdef",
        "api_base": base + "/api/v10",
    }
    message = await register_commands_command(block, None, lang="en")
    assert message.startswith(f"{len(CONTRACT | BEYOND)} commands published on Discord")
    assert api.calls[0].path == f"/api/v10/applications/{APP_ID}/commands"


def test_build_validates_the_block() -> None:
    from adapters.base import Adapter
    from adapters.discord import DiscordAdapter, build

    adapter = build({"application_id": APP_ID, "public_key": "ab" * 32, "bot_token": "t" * 30})
    assert isinstance(adapter, DiscordAdapter) and isinstance(adapter, Adapter)
    assert [route.path for route in adapter.routes()] == ["/discord/interactions"]  # type: ignore[attr-defined]
    with pytest.raises(ValidationError):
        build({"application_id": APP_ID, "public_key": "ab" * 32})
