"""Telegram Bot API adapter: webhook updates in, Bot API calls out."""

from adapters.telegram.adapter import TelegramAdapter
from adapters.telegram.settings import TelegramSettings

__all__ = ["TelegramAdapter", "TelegramSettings"]
