"""`assemblee discord register-commands`: publish the slash commands."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from adapters.discord.registration import CommandRegistrationError, register_commands
from adapters.discord.settings import DiscordSettings
from core.errors import TransportError
from core.i18n import translate


async def register_commands_command(
    settings: DiscordSettings | Mapping[str, Any], guild_id: str | None, lang: str = "fr"
) -> str:
    """Register every command and say what happened, in one sentence for the admin.

    `settings` is the `[discord]` block, validated or not. Raises
    `CommandRegistrationError` with a readable message when Discord refuses.
    """
    if not isinstance(settings, DiscordSettings):
        settings = DiscordSettings.model_validate(settings)
    try:
        registered = await register_commands(settings, guild_id)
    except TransportError as error:
        raise CommandRegistrationError(
            translate("discord.cli.failed", lang, error=str(error))
        ) from error
    if guild_id:
        return translate(
            "discord.cli.registered_guild", lang, count=len(registered), guild=guild_id
        )
    return translate("discord.cli.registered_global", lang, count=len(registered))
