"""The Bot API client's reading of Telegram's refusals (adapters/telegram/botapi.py)."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.telegram.botapi import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
    api_error,
)


@pytest.mark.parametrize(
    ("status", "answer", "kind"),
    [
        (429, {"error_code": 429, "description": "Too Many Requests: retry after 7",
               "parameters": {"retry_after": 7}}, TelegramRetryAfter),
        (400, {"error_code": 400, "description": "Bad Request: group chat was upgraded to a supergroup chat",
               "parameters": {"migrate_to_chat_id": -1009876}}, TelegramMigrateToChat),
        (400, {"error_code": 400, "description": "Bad Request: message is not modified"}, TelegramBadRequest),
        (401, {"error_code": 401, "description": "Unauthorized"}, TelegramUnauthorizedError),
        (403, {"error_code": 403, "description": "Forbidden: bot was kicked"}, TelegramForbiddenError),
        (404, {"error_code": 404, "description": "Not Found"}, TelegramNotFound),
        (413, {"error_code": 413, "description": "Request Entity Too Large"}, TelegramEntityTooLarge),
        (502, {"error_code": 502, "description": "Bad Gateway"}, TelegramServerError),
        (409, {"error_code": 409, "description": "Conflict: terminated by other getUpdates"}, TelegramAPIError),
        # odd answers are still read: the HTTP status stands in, the parameters are checked
        (400, {"description": 5, "parameters": {"retry_after": True}}, TelegramBadRequest),
        (500, {"parameters": "none"}, TelegramServerError),
    ],
)
def test_each_refusal_becomes_its_error(status: int, answer: dict[str, Any], kind: type[Exception]) -> None:
    error = api_error("sendMessage", status, {"ok": False, **answer})
    assert type(error) is kind
    assert error.method == "sendMessage" and error.message
    if kind is TelegramRetryAfter:
        assert isinstance(error, TelegramRetryAfter) and error.retry_after == 7
    if kind is TelegramMigrateToChat:
        assert isinstance(error, TelegramMigrateToChat) and error.migrate_to_chat_id == -1009876
