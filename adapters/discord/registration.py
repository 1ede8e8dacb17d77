"""Publish the slash commands to Discord (bulk overwrite: the list replaces the old one)."""

from __future__ import annotations

import re
from typing import Any

from adapters.discord.commands import DESCRIPTION_MAX, command_payloads
from adapters.discord.rest import DiscordRest
from adapters.discord.settings import DiscordSettings

# Discord's rule for command and option names (letters and digits of any script, - and _).
_NAME = re.compile(r"^[-_\w]{1,32}$")
MAX_COMMANDS = 100
MAX_OPTIONS = 25
MAX_CHOICES = 25
AUTOCOMPLETE_TYPES = (3, 4, 10)  # string, integer, number: the options Discord completes


def _check_name(name: Any, where: str, problems: list[str]) -> None:
    if not isinstance(name, str) or not _NAME.fullmatch(name) or name != name.lower():
        problems.append(f"{where}: invalid name {name!r}")


def _check_description(text: Any, where: str, problems: list[str]) -> None:
    if not isinstance(text, str) or not 1 <= len(text) <= DESCRIPTION_MAX:
        problems.append(f"{where}: description must have 1 to {DESCRIPTION_MAX} characters")


def _check_named(item: dict[str, Any], where: str, problems: list[str]) -> None:
    _check_name(item.get("name"), where, problems)
    for locale, name in (item.get("name_localizations") or {}).items():
        _check_name(name, f"{where} [{locale}]", problems)
    _check_description(item.get("description"), where, problems)
    for locale, text in (item.get("description_localizations") or {}).items():
        _check_description(text, f"{where} [{locale}]", problems)


def payload_problems(commands: list[dict[str, Any]]) -> list[str]:
    """What Discord would refuse in these command definitions (empty when valid)."""
    problems: list[str] = []
    if len(commands) > MAX_COMMANDS:
        problems.append(f"{len(commands)} commands, Discord allows {MAX_COMMANDS}")
    seen: dict[str, set[str]] = {}
    for command in commands:
        where = f"/{command.get('name')}"
        _check_named(command, where, problems)
        names = {"": command.get("name")} | dict(command.get("name_localizations") or {})
        for locale, name in names.items():
            bucket = seen.setdefault(locale or "default", set())
            if name in bucket:
                problems.append(f"{where}: name {name!r} used twice ({locale or 'default'})")
            bucket.add(str(name))
        options = command.get("options") or []
        if len(options) > MAX_OPTIONS:
            problems.append(f"{where}: too many options")
        required_done = False
        option_names: set[str] = set()
        for option in options:
            option_where = f"{where} {option.get('name')}"
            _check_named(option, option_where, problems)
            if option.get("name") in option_names:
                problems.append(f"{option_where}: duplicate option")
            option_names.add(str(option.get("name")))
            if option.get("required"):
                if required_done:
                    problems.append(f"{option_where}: required option after an optional one")
            else:
                required_done = True
            choices = option.get("choices") or []
            if option.get("autocomplete"):
                if choices:
                    problems.append(f"{option_where}: autocomplete and choices together")
                if option.get("type") not in AUTOCOMPLETE_TYPES:
                    problems.append(f"{option_where}: autocomplete on an option that is not typed in")
            if len(choices) > MAX_CHOICES:
                problems.append(f"{option_where}: too many choices")
            for choice in choices:
                labels = [choice.get("name"), *(choice.get("name_localizations") or {}).values()]
                for label in labels:
                    if not isinstance(label, str) or not 1 <= len(label) <= 100:
                        problems.append(f"{option_where}: bad choice label {label!r}")
    return problems


class CommandRegistrationError(Exception):
    """The command list is invalid or Discord refused it."""


async def register_commands(
    settings: DiscordSettings,
    guild_id: str | None = None,
    *,
    rest: DiscordRest | None = None,
) -> list[dict[str, Any]]:
    """Replace the application's slash commands (for one server when `guild_id` is given,
    which Discord applies at once; global commands can take a while to appear)."""
    commands = command_payloads()
    problems = payload_problems(commands)
    if problems:
        raise CommandRegistrationError("; ".join(problems[:5]))
    if guild_id is not None and not guild_id.isdigit():
        raise CommandRegistrationError(f"not a Discord server id: {guild_id!r}")
    app = settings.application_id
    path = (
        f"/applications/{app}/guilds/{guild_id}/commands"
        if guild_id
        else f"/applications/{app}/commands"
    )
    client = rest or DiscordRest(
        settings.api_base, settings.bot_token.get_secret_value(), settings.request_timeout
    )
    try:
        answer = await client.request("PUT", path, commands)
    finally:
        if rest is None:
            await client.close()
    if not isinstance(answer, list):
        raise CommandRegistrationError("Discord did not return the command list")
    return [item for item in answer if isinstance(item, dict)]
