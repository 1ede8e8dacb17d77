"""A small client of the Telegram Bot API (https://core.telegram.org/bots/api), on aiohttp.

The bot calls ten methods. Each call is one POST to `<api_base>/bot<token>/<method>` with
the parameters as JSON (multipart when a file goes with them), and Telegram answers
`{"ok": true, "result": …}` or `{"ok": false, "error_code": …, "description": …,
"parameters": {"retry_after": …, "migrate_to_chat_id": …}}`. Results are the Bot API's
JSON objects, as plain dicts: the adapter reads the few fields it needs.

A general-purpose Bot API library builds a validated model of every Bot API type as it is
imported (several hundred of them): on a small machine that took seconds at each start and
over a hundred megabytes, for the ten calls the bot makes.

Errors follow the answer: 429 → `TelegramRetryAfter` (with `retry_after`), a chat that
became a supergroup → `TelegramMigrateToChat`, 400 → `TelegramBadRequest`, 401 →
`TelegramUnauthorizedError`, 403 → `TelegramForbiddenError`, 404 → `TelegramNotFound`,
413 → `TelegramEntityTooLarge`, 5xx → `TelegramServerError`, anything else Telegram refuses
→ `TelegramAPIError`; no answer at all → `TelegramNetworkError`; an answer that is not the
Bot API's JSON → `TelegramBadAnswer`. All are `TelegramError`s.
"""

from __future__ import annotations

import json
from typing import Any

import aiohttp

DEFAULT_API_BASE = "https://api.telegram.org"
JsonObject = dict[str, Any]


class TelegramError(Exception):
    """Any failure of a Bot API call; `message` says what happened."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TelegramNetworkError(TelegramError):
    """No answer from Telegram (connection refused or broken, timeout)."""


class TelegramBadAnswer(TelegramError):
    """Telegram (or whatever answered) sent something that is not a Bot API answer."""


class TelegramAPIError(TelegramError):
    """Telegram answered, and refused the call."""

    def __init__(self, method: str, error_code: int, description: str) -> None:
        super().__init__(description)
        self.method = method
        self.error_code = error_code


class TelegramRetryAfter(TelegramAPIError):
    def __init__(self, method: str, error_code: int, description: str, retry_after: int) -> None:
        super().__init__(method, error_code, description)
        self.retry_after = retry_after


class TelegramMigrateToChat(TelegramAPIError):
    def __init__(self, method: str, error_code: int, description: str, migrate_to_chat_id: int) -> None:
        super().__init__(method, error_code, description)
        self.migrate_to_chat_id = migrate_to_chat_id


class TelegramBadRequest(TelegramAPIError):
    pass


class TelegramUnauthorizedError(TelegramAPIError):
    pass


class TelegramForbiddenError(TelegramAPIError):
    pass


class TelegramNotFound(TelegramAPIError):
    pass


class TelegramEntityTooLarge(TelegramAPIError):
    pass


class TelegramServerError(TelegramAPIError):
    pass


_BY_STATUS: dict[int, type[TelegramAPIError]] = {
    400: TelegramBadRequest,
    401: TelegramUnauthorizedError,
    403: TelegramForbiddenError,
    404: TelegramNotFound,
    413: TelegramEntityTooLarge,
}


def api_error(method: str, status: int, answer: JsonObject) -> TelegramAPIError:
    """The error a refusal stands for (`answer` is Telegram's JSON, `ok` false)."""
    code = answer.get("error_code")
    code = code if isinstance(code, int) else status
    description = answer.get("description")
    description = description if isinstance(description, str) else f"HTTP {status}"
    parameters = answer.get("parameters")
    parameters = parameters if isinstance(parameters, dict) else {}
    retry_after = parameters.get("retry_after")
    if isinstance(retry_after, int) and not isinstance(retry_after, bool):
        return TelegramRetryAfter(method, code, description, retry_after)
    migrate = parameters.get("migrate_to_chat_id")
    if isinstance(migrate, int) and not isinstance(migrate, bool):
        return TelegramMigrateToChat(method, code, description, migrate)
    if code >= 500:
        return TelegramServerError(method, code, description)
    return _BY_STATUS.get(code, TelegramAPIError)(method, code, description)


class BotApi:
    """One bot's calls; `close()` ends its HTTP session."""

    def __init__(self, token: str, *, api_base: str = DEFAULT_API_BASE, timeout: float = 30.0) -> None:
        self._url = f"{api_base.rstrip('/')}/bot{token}/"
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def call(self, method: str, params: JsonObject | None = None,
                   files: dict[str, tuple[str, bytes]] | None = None) -> Any:
        """The result of `method`; parameters set to None are left out."""
        given = {name: value for name, value in (params or {}).items() if value is not None}
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        try:
            if files:
                form = aiohttp.FormData()
                for name, value in given.items():
                    form.add_field(name, value if isinstance(value, str) else json.dumps(value))
                for name, (filename, content) in files.items():
                    form.add_field(name, content, filename=filename)
                request = self._session.post(self._url + method, data=form)
            else:
                request = self._session.post(self._url + method, json=given)
            async with request as response:
                status, body = response.status, await response.read()
        except (TimeoutError, aiohttp.ClientError, OSError) as error:
            raise TelegramNetworkError(f"{type(error).__name__}: {error}") from error
        try:
            answer = json.loads(body)
        except ValueError:
            answer = None
        if not isinstance(answer, dict) or not isinstance(answer.get("ok"), bool):
            raise TelegramBadAnswer(f"{method}: HTTP {status}, not a Bot API answer")
        if answer["ok"]:
            return answer.get("result")
        raise api_error(method, status, answer)

    async def _message(self, method: str, params: JsonObject,
                       files: dict[str, tuple[str, bytes]] | None = None) -> JsonObject:
        result = await self.call(method, params, files)
        if not isinstance(result, dict) or not isinstance(result.get("message_id"), int):
            raise TelegramBadAnswer(f"{method}: the answer holds no message")
        return result

    # --- the methods the bot calls ----------------------------------------------------------
    async def get_me(self) -> JsonObject:
        result = await self.call("getMe")
        if not isinstance(result, dict) or not isinstance(result.get("id"), int):
            raise TelegramBadAnswer("getMe: the answer holds no user")
        return result

    async def get_webhook_info(self) -> JsonObject:
        result = await self.call("getWebhookInfo")
        if not isinstance(result, dict):
            raise TelegramBadAnswer("getWebhookInfo: the answer holds no webhook")
        return result

    async def set_webhook(self, **params: Any) -> None:
        await self.call("setWebhook", params)

    async def set_my_commands(self, **params: Any) -> None:
        await self.call("setMyCommands", params)

    async def answer_callback_query(self, **params: Any) -> None:
        await self.call("answerCallbackQuery", params)

    async def send_message(self, **params: Any) -> JsonObject:
        return await self._message("sendMessage", params)

    async def edit_message_text(self, **params: Any) -> None:
        await self.call("editMessageText", params)

    async def send_poll(self, **params: Any) -> JsonObject:
        return await self._message("sendPoll", params)

    async def stop_poll(self, **params: Any) -> None:
        await self.call("stopPoll", params)

    async def send_document(self, *, document: tuple[str, bytes], **params: Any) -> JsonObject:
        """`document` is (file name, content), uploaded with the call."""
        return await self._message("sendDocument", params, files={"document": document})
