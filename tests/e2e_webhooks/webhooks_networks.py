"""The real bot with Telegram, Discord and one generic webhook integration configured, the
loopback fakes it talks to, and a client for each network.

- a fake Telegram Bot API that checks every call against the documented parameters;
- a fake Discord REST API that records every call;
- a receiver for the generic integration's outgoing messages and for the incoming-webhook
  URL of its slash commands.

All listen on 127.0.0.1 on free ports and stop when the test ends, or by themselves after a
few minutes; the bot is stopped by its pid and dies with the test process.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from nacl.signing import SigningKey
from webhooks_bot import WebhookBot
from webhooks_clients import DiscordClient, GenericClient, TelegramClient

from tests.integration.discord.discord_harness import FakeDiscordAPI
from tests.integration.discord.discord_harness import serve as serve_app
from tests.integration.telegram.fake_bot_api import FakeBotApi
from tests.integration.telegram.telegram_updates import Updates
from tests.integration.webhook.webhook_harness import FakeReceiver

FAKE_LIFETIME = 170.0
BOT_USERNAME = "assemblee_quartier_bot"
DISCORD_APP_ID = "112233445566778899"
INTEGRATION = "quartier"


def telegram_token() -> str:
    return f"{secrets.randbelow(10**9) + 10**9}:{secrets.token_urlsafe(27)[:35]}"


@dataclass
class Networks:
    """The running bot and a client for each network, plus the fakes behind it."""

    bot: WebhookBot
    http: aiohttp.ClientSession
    telegram: TelegramClient
    telegram_api: FakeBotApi
    updates: Updates
    discord: DiscordClient
    discord_api: FakeDiscordAPI
    discord_key: SigningKey
    generic: GenericClient
    receiver: FakeReceiver
    receiver_url: str
    webhook_secret: str
    slash_token: str


StartBot = Callable[..., Awaitable[Networks]]


@asynccontextmanager
async def bot_starter(directory: Path) -> AsyncIterator[StartBot]:
    """`await start(**extra_env)`: fakes up, then the bot; everything stopped on exit."""
    stack: list[Callable[[], Awaitable[object]]] = []

    async def start(**extra: str) -> Networks:
        telegram_api = FakeBotApi(
            telegram_token(), bot_username=BOT_USERNAME, lifetime=FAKE_LIFETIME
        )
        await telegram_api.start()
        stack.append(telegram_api.stop)

        discord_api = FakeDiscordAPI()
        discord_server = serve_app(discord_api.app)
        discord_base = await discord_server.__aenter__()
        stack.append(lambda: discord_server.__aexit__(None, None, None))

        receiver = FakeReceiver()
        receiver_server = serve_app(receiver.app)
        receiver_url = await receiver_server.__aenter__()
        stack.append(lambda: receiver_server.__aexit__(None, None, None))

        telegram_secret = secrets.token_urlsafe(32)
        discord_key = SigningKey.generate()
        webhook_secret = secrets.token_urlsafe(24)
        slash_token = secrets.token_urlsafe(24)
        prefix = f"ASSEMBLEE_WEBHOOK__INTEGRATIONS__{INTEGRATION.upper()}__"
        settings = {
            "ASSEMBLEE_TELEGRAM__TOKEN": telegram_api.token,
            "ASSEMBLEE_TELEGRAM__WEBHOOK_SECRET": telegram_secret,
            "ASSEMBLEE_TELEGRAM__PUBLIC_URL": "https://assemblee.quartier.test",
            "ASSEMBLEE_TELEGRAM__API_BASE": telegram_api.base_url,
            "ASSEMBLEE_TELEGRAM__REQUEST_TIMEOUT": "5",
            "ASSEMBLEE_DISCORD__APPLICATION_ID": DISCORD_APP_ID,
            "ASSEMBLEE_DISCORD__PUBLIC_KEY": discord_key.verify_key.encode().hex(),
            "ASSEMBLEE_DISCORD__BOT_TOKEN": "discord-bot-token-" + secrets.token_hex(12),
            "ASSEMBLEE_DISCORD__API_BASE": discord_base + "/api/v10",
            prefix + "SECRET": webhook_secret,
            prefix + "OUTGOING_URL": receiver_url + "/hooks/assemblee",
            prefix + "SLASH_TOKEN": slash_token,
            prefix + "INCOMING_WEBHOOK_URL": receiver_url + "/hooks/mattermost",
            **extra,
        }
        bot = WebhookBot(directory, settings)
        stack.append(bot.stop)
        await bot.start()

        http = aiohttp.ClientSession()
        stack.append(http.close)
        return Networks(
            bot=bot,
            http=http,
            telegram=TelegramClient(http, bot.url("/telegram/webhook"), telegram_secret, telegram_api),
            telegram_api=telegram_api,
            updates=Updates(telegram_api.bot_id, BOT_USERNAME),
            discord=DiscordClient(http, bot.url("/discord/interactions"), discord_key, DISCORD_APP_ID),
            discord_api=discord_api,
            discord_key=discord_key,
            generic=GenericClient(http, bot.url(""), INTEGRATION, webhook_secret, slash_token),
            receiver=receiver,
            receiver_url=receiver_url,
            webhook_secret=webhook_secret,
            slash_token=slash_token,
        )

    try:
        yield start
    finally:
        for stop in reversed(stack):
            with contextlib.suppress(Exception):  # keep stopping the rest
                await stop()

