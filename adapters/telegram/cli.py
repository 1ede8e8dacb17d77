"""`assemblee telegram set-webhook`: point Telegram at this server and publish the menu."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from adapters.telegram.adapter import TelegramAdapter
from adapters.telegram.botapi import (
    TelegramBadRequest,
    TelegramError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramUnauthorizedError,
)
from adapters.telegram.settings import TelegramSettings
from core.i18n import DEFAULT_LANGUAGE, translate


class TelegramSetupError(Exception):
    """Setting the webhook failed; `str(error)` says why and what to do, for a human."""


async def set_webhook_command(
    settings: TelegramSettings | Mapping[str, Any], lang: str = DEFAULT_LANGUAGE
) -> str:
    """Register the webhook and the command menu; return a short report for the operator.

    `settings` may be the raw `[telegram]` block. Raises `TelegramSetupError` with a readable
    message when a setting is wrong or Telegram says no.
    """
    if not isinstance(settings, TelegramSettings):
        try:
            settings = TelegramSettings(**settings)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "telegram"
            raise TelegramSetupError(
                translate("telegram.cli.bad_setting", lang, setting=where, error=first["msg"])
            ) from None
    adapter = TelegramAdapter(settings)
    try:
        me = await adapter.bot.get_me()
        await adapter.set_webhook()
        await adapter.set_my_commands()
        info = await adapter.bot.get_webhook_info()
    except (TelegramUnauthorizedError, TelegramNotFound) as error:
        raise TelegramSetupError(translate("telegram.cli.token_refused", lang)) from error
    except TelegramBadRequest as error:
        raise TelegramSetupError(
            translate("telegram.cli.webhook_refused", lang, error=error.message)
        ) from error
    except TelegramNetworkError as error:
        raise TelegramSetupError(
            translate("telegram.cli.unreachable", lang, api=settings.api_base, error=error.message)
        ) from error
    except TelegramError as error:
        raise TelegramSetupError(
            translate("telegram.cli.webhook_refused", lang, error=str(error))
        ) from error
    finally:
        await adapter.bot.close()

    lines = [
        translate("telegram.cli.webhook_set", lang, username=me.get("username") or me["id"], url=info.get("url", "")),
        translate("telegram.cli.pending", lang, count=info.get("pending_update_count", 0)),
    ]
    if not me.get("can_read_all_group_messages"):
        lines.append(translate("telegram.cli.privacy_on", lang))
    if info.get("last_error_message"):
        lines.append(translate("telegram.cli.last_error", lang, error=info["last_error_message"]))
    return "\n".join(lines)
