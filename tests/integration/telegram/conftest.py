"""Fixtures: a fake Bot API server, and the adapter served on a real HTTP server."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from fake_bot_api import FakeBotApi
from telegram_harness import (
    BOT_USERNAME,
    SERVER_LIFETIME,
    Harness,
    TracingSink,
    make_token,
    serve_adapter,
    settings_for,
)
from telegram_updates import Updates

from adapters.telegram import TelegramAdapter


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    fake = FakeBotApi(make_token(), bot_username=BOT_USERNAME, lifetime=SERVER_LIFETIME)
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


@pytest.fixture
async def harness(fake_api: FakeBotApi) -> AsyncIterator[Harness]:
    settings = settings_for(fake_api)
    adapter = TelegramAdapter(settings)
    sink = TracingSink()
    await adapter.start(sink)  # learns the bot's username with getMe
    server, watchdog = await serve_adapter(adapter)
    client = aiohttp.ClientSession()
    try:
        yield Harness(
            fake=fake_api,
            adapter=adapter,
            sink=sink,
            settings=settings,
            updates=Updates(fake_api.bot_id, BOT_USERNAME),
            url=str(server.make_url(settings.webhook_path)),
            client=client,
        )
    finally:
        watchdog.cancel()
        await client.close()
        await server.close()
        await adapter.stop()
