"""One-off Bot API configuration: where Telegram sends updates, and the command menu."""

from __future__ import annotations

from adapters.telegram.botapi import BotApi
from adapters.telegram.commands import COMMAND_NAME_RE, menu
from adapters.telegram.settings import TelegramSettings

# The update kinds the adapter translates; Telegram sends nothing else.
ALLOWED_UPDATES = ("message", "callback_query", "poll_answer", "my_chat_member")
MENU_LANGUAGES: tuple[tuple[str, str | None], ...] = (("en", None), ("fr", "fr"))
_MAX_COMMANDS = 100
_DESCRIPTION_LIMIT = 256


async def set_webhook(bot: BotApi, settings: TelegramSettings) -> None:
    await bot.set_webhook(
        url=settings.webhook_url,
        secret_token=settings.webhook_secret.get_secret_value(),
        allowed_updates=list(ALLOWED_UPDATES),
        drop_pending_updates=False,
    )


def bot_commands(lang: str) -> list[dict[str, str]]:
    """The menu in `lang`, as the Bot API's BotCommand objects."""
    commands = [{"command": name, "description": description} for name, description in menu(lang)]
    names = [command["command"] for command in commands]
    if len(names) != len(set(names)) or len(names) > _MAX_COMMANDS:
        raise ValueError(f"command menu for {lang!r} has duplicates or too many entries")
    for command in commands:
        if not COMMAND_NAME_RE.match(command["command"]):
            raise ValueError(f"{command['command']!r} is not a valid Telegram command name")
        if not 1 <= len(command["description"]) <= _DESCRIPTION_LIMIT:
            raise ValueError(f"description of /{command['command']} must be 1-256 characters")
    return commands


async def set_my_commands(bot: BotApi) -> None:
    """Publish the menu in English for everyone, and in French for French-speaking clients."""
    for lang, language_code in MENU_LANGUAGES:
        await bot.set_my_commands(
            commands=bot_commands(lang),
            scope={"type": "default"},
            language_code=language_code,
        )
