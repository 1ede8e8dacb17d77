"""Test harness for the Telegram adapter: the adapter's real webhook route on a real server,
the fake Bot API behind it, a real HTTP client, and a sink that records what arrives.

Servers listen on 127.0.0.1 on free ports, stop at fixture teardown, and stop on their own
after `SERVER_LIFETIME` seconds should a test hang.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer
from fake_bot_api import FakeBotApi
from telegram_updates import Updates

from adapters.base import RecordingSink
from adapters.telegram import TelegramAdapter, TelegramSettings
from adapters.telegram.adapter import SECRET_HEADER
from core.messages import Inbound

SERVER_LIFETIME = 120.0
BOT_USERNAME = "assemblee_test_bot"


def make_token() -> str:
    return f"{secrets.randbelow(10**9) + 10**9}:{secrets.token_urlsafe(27)[:35]}"


class TracingSink(RecordingSink):
    """RecordingSink that also remembers what `accept` answered, and can be made to fail."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[tuple[str, bool]] = []
        self.broken = False

    async def accept(self, inbound: Inbound) -> bool:
        if self.broken:
            raise ConnectionError("database unavailable")
        accepted = await super().accept(inbound)
        self.answers.append((inbound.event_id, accepted))
        return accepted


@dataclass
class Harness:
    fake: FakeBotApi
    adapter: TelegramAdapter
    sink: TracingSink
    settings: TelegramSettings
    updates: Updates
    url: str
    client: aiohttp.ClientSession

    async def post(
        self,
        body: dict[str, Any] | bytes | str,
        *,
        secret: str | None = "default",
        headers: dict[str, str] | None = None,
    ) -> aiohttp.ClientResponse:
        all_headers = dict(headers or {})
        if secret == "default":
            secret = self.settings.webhook_secret.get_secret_value()
        if secret is not None:
            all_headers[SECRET_HEADER] = secret
        if isinstance(body, dict):
            data: bytes | str = json.dumps(body)
            all_headers.setdefault("Content-Type", "application/json")
        else:
            data = body
        async with self.client.post(self.url, data=data, headers=all_headers) as response:
            raw = await response.read()
            if response.status == 200 and response.content_type == "application/json":
                self.fake.webhook_reply(json.loads(raw))  # as Telegram would
            return response


def settings_for(fake: FakeBotApi, **overrides: Any) -> TelegramSettings:
    values: dict[str, Any] = {
        "token": fake.token,
        "webhook_secret": secrets.token_urlsafe(32),
        "public_url": "https://assemblee.quartier.test",
        "api_base": fake.base_url,
        "request_timeout": 5,
        "polls_path": Path(tempfile.mkdtemp()) / "polls.json",
    }
    values.update(overrides)
    return TelegramSettings(**values)


async def serve_adapter(adapter: TelegramAdapter) -> tuple[TestServer, asyncio.TimerHandle]:
    app = web.Application()
    app.add_routes(adapter.routes())
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    loop = asyncio.get_running_loop()
    watchdog = loop.call_later(SERVER_LIFETIME, lambda: loop.create_task(server.close()))
    return server, watchdog
