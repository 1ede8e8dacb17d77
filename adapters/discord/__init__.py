"""Discord interactions endpoint (signed HTTP, no gateway)."""

from adapters.discord.adapter import DiscordAdapter
from adapters.discord.registration import CommandRegistrationError, register_commands
from adapters.discord.settings import DiscordSettings

__all__ = ["CommandRegistrationError", "DiscordAdapter", "DiscordSettings", "register_commands"]
