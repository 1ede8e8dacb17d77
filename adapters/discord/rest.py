"""A small Discord REST client: JSON or multipart calls with errors mapped to the port's.

429 → `RetryAfter` (the `retry_after` of the JSON body, else the `Retry-After` header);
401/403/404 and other refusals → `PermanentDeliveryError`; 5xx and network failures →
`TemporaryDeliveryError`.
"""

from __future__ import annotations

import json
from typing import Any

import aiohttp

from adapters.discord.render import Attachment
from core.errors import PermanentDeliveryError, RetryAfter, TemporaryDeliveryError

USER_AGENT = "DiscordBot (https://assemblee.invalid, 0.1) Assemblee"


class DiscordHTTPError(PermanentDeliveryError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"discord answered {status}: {message}")
        self.status = status


def _retry_delay(body: Any, header: str | None) -> float:
    if isinstance(body, dict):
        value = body.get("retry_after")
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            return float(value)
    if header:
        try:
            return max(0.0, float(header))
        except ValueError:
            pass
    return 1.0


class DiscordRest:
    def __init__(self, api_base: str, bot_token: str, timeout: float = 10.0) -> None:
        self._base = api_base.rstrip("/")
        self._token = bot_token
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=self._timeout, headers={"User-Agent": USER_AGENT}
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def request(
        self,
        method: str,
        path: str,
        payload: Any = None,
        *,
        attachment: Attachment | None = None,
        bot_auth: bool = True,
        params: dict[str, str] | None = None,
    ) -> Any:
        """Call the API; returns the decoded JSON answer (None for 204)."""
        headers: dict[str, str] = {}
        if bot_auth:
            headers["Authorization"] = f"Bot {self._token}"
        data: aiohttp.FormData | None = None
        json_body: Any = None
        if attachment is not None:
            body = dict(payload or {})
            body["attachments"] = [{"id": 0, "filename": attachment.filename}]
            data = aiohttp.FormData()
            data.add_field("payload_json", json.dumps(body), content_type="application/json")
            data.add_field(
                "files[0]",
                attachment.content,
                filename=attachment.filename,
                content_type=_content_type(attachment.filename),
            )
        else:
            json_body = payload
        session = await self._client()
        try:
            async with session.request(
                method,
                self._base + path,
                json=json_body,
                data=data,
                headers=headers,
                params=params,
            ) as response:
                raw = await response.read()
                status = response.status
                retry_header = response.headers.get("Retry-After")
        except (aiohttp.ClientError, TimeoutError) as error:
            raise TemporaryDeliveryError(f"discord unreachable: {error!r}") from error
        decoded: Any = None
        if raw:
            try:
                decoded = json.loads(raw)
            except ValueError:
                decoded = None
        if status == 429:
            raise RetryAfter(_retry_delay(decoded, retry_header), "discord rate limit")
        if status >= 500:
            raise TemporaryDeliveryError(f"discord answered {status}")
        if status >= 400:
            message = decoded.get("message", "") if isinstance(decoded, dict) else ""
            raise DiscordHTTPError(status, str(message)[:200])
        return decoded


def _content_type(filename: str) -> str:
    if filename.endswith(".ics"):
        return "text/calendar"
    return "text/plain"
