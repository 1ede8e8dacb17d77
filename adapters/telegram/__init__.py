"""Telegram Bot API adapter: webhook updates in, Bot API calls out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from adapters.telegram.adapter import TelegramAdapter
from adapters.telegram.settings import TelegramSettings

__all__ = ["TelegramAdapter", "TelegramSettings", "build"]


def build(block: Mapping[str, Any] | TelegramSettings) -> TelegramAdapter:
    """The adapter for the `[telegram]` settings block (raises pydantic's ValidationError)."""
    settings = block if isinstance(block, TelegramSettings) else TelegramSettings(**block)
    return TelegramAdapter(settings)
