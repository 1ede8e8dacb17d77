"""Discord interactions endpoint (signed HTTP, no gateway)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from adapters.discord.adapter import DiscordAdapter
from adapters.discord.registration import CommandRegistrationError, register_commands
from adapters.discord.settings import DiscordSettings

__all__ = [
    "CommandRegistrationError",
    "DiscordAdapter",
    "DiscordSettings",
    "build",
    "register_commands",
]


def build(block: Mapping[str, Any] | DiscordSettings) -> DiscordAdapter:
    """The adapter for the `[discord]` settings block (raises pydantic's ValidationError)."""
    settings = (
        block if isinstance(block, DiscordSettings) else DiscordSettings.model_validate(block)
    )
    return DiscordAdapter(settings)
