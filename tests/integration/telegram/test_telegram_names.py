"""People keep their names across a restart: the reminder a day before a deadline names those
who have not positioned, by the names they go by on Telegram, even when none of them spoke
since the bot started again. `!oublier` erases the kept name.

The real runtime (`app.bootstrap`) on SQLite, started twice on the same database, with the
Telegram adapter in front of the loopback Bot API; the clock is a fake one so that the
reminder comes due at once.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from fake_bot_api import FakeBotApi, SentMessage
from telegram_harness import BOT_USERNAME, serve_adapter, settings_for
from telegram_updates import Updates, user

from adapters.telegram import TelegramAdapter, TelegramSettings
from app.bootstrap import Runtime, build_runtime, open_storage
from app.settings import load
from core.clock import FakeClock
from storage.models import MemberNameRow

AMINA = user(123456789, "Amina", last_name="Diallo")
BOB = user(234567891, "Bob")
LOU = user(345678912, "Lou")


@dataclass
class Running:
    runtime: Runtime
    adapter: TelegramAdapter
    url: str
    secret: str
    client: aiohttp.ClientSession
    fake: FakeBotApi
    updates: Updates

    async def say(self, sender: dict[str, Any], text: str) -> list[SentMessage]:
        before = len(self.fake.sent)
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.secret}
        async with self.client.post(self.url, json=self.updates.message(text, sender=sender),
                                    headers=headers) as response:
            assert response.status == 200
        await self.settle()
        return self.fake.sent[before:]

    async def settle(self) -> None:
        assert await self.runtime.pipeline.drain(["telegram"], timeout=20)
        await self.adapter.flush()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
def run_bot(clean_env: Path, monkeypatch: pytest.MonkeyPatch, fake_api: FakeBotApi,
            clock: FakeClock) -> Any:
    """`async with run_bot() as bot:` one life of the bot; each life starts afresh (a new
    adapter, with nothing in its memory) on the same database and Telegram settings."""
    monkeypatch.setenv("ASSEMBLEE_DATABASE_URL", f"sqlite://{clean_env / 'assemblee.db'}")
    monkeypatch.setenv("ASSEMBLEE_SCHEDULER__POLL_SECONDS", "0.1")
    telegram: TelegramSettings = settings_for(fake_api)
    updates = Updates(fake_api.bot_id, BOT_USERNAME)

    @asynccontextmanager
    async def life() -> AsyncIterator[Running]:
        settings = load()
        await open_storage(settings)
        adapter = TelegramAdapter(telegram)
        runtime = build_runtime(settings, [adapter], clock=clock)
        await runtime.start(http=False)
        server, watchdog = await serve_adapter(adapter)
        try:
            async with aiohttp.ClientSession() as client:
                yield Running(runtime, adapter, str(server.make_url(telegram.webhook_path)),
                              telegram.webhook_secret.get_secret_value(), client, fake_api, updates)
        finally:
            watchdog.cancel()
            await server.close()
            await runtime.stop()

    return life


async def test_the_reminder_after_a_restart_names_people_who_did_not_speak_since(run_bot: Any,
                                                                                 clock: FakeClock) -> None:
    async with run_bot() as bot:
        for member in (AMINA, BOB, LOU):
            await bot.say(member, "/rejoindre")
        await bot.say(AMINA, "/proposer --echeance 3j Horaires du local")
        await bot.say(AMINA, "/suivant 1")
        await bot.say(AMINA, "/suivant 1")
        await bot.say(BOB, "/consentement 1")

    async with run_bot() as bot:  # nobody speaks in this life: the reminder comes by itself
        before = len(bot.fake.sent)
        clock.advance(timedelta(days=2, hours=1))  # the reminder is due a day before the deadline
        deadline = asyncio.get_running_loop().time() + 20
        while not any("Horaires du local" in sent.text for sent in bot.fake.sent[before:]):
            assert asyncio.get_running_loop().time() < deadline, "no reminder was sent"
            await asyncio.sleep(0.05)
        await bot.settle()
        [reminder] = [sent for sent in bot.fake.sent[before:] if "Horaires du local" in sent.text]
        assert "Amina Diallo" in reminder.text and "Lou" in reminder.text, reminder.text
        assert "Bob" not in reminder.text  # he consented
        assert "telegram:" not in reminder.text and "123456789" not in reminder.text
        # named and pinged, as before any restart
        assert '<a href="tg://user?id=123456789">Amina Diallo</a>' in reminder.raw
        assert '<a href="tg://user?id=345678912">Lou</a>' in reminder.raw


async def test_forgetting_oneself_erases_the_kept_name(run_bot: Any) -> None:
    async with run_bot() as bot:
        for member in (AMINA, LOU):
            await bot.say(member, "/rejoindre")
        [export] = await bot.say(LOU, "/mes_donnees")
        assert export.file is not None
        assert json.loads(export.file[1])["name"] == "Lou"  # what is kept is part of one's data
        assert await MemberNameRow.filter(member="telegram:345678912").values_list("name", flat=True) == ["Lou"]

        await bot.say(LOU, "/oublier confirmer")
        assert await MemberNameRow.filter(member="telegram:345678912").count() == 0
        assert await MemberNameRow.filter(member="telegram:123456789").count() == 1  # only hers

    async with run_bot() as bot:
        assert bot.adapter.memory.names.get(345678912) is None  # not given back after a restart
        assert bot.adapter.memory.names.get(123456789) == "Amina Diallo"
        await bot.say(LOU, "/etat")
        assert await MemberNameRow.filter(member="telegram:345678912").count() == 0  # no member: not kept
        # coming back is joining again: the name is kept again from then on, every time
        for _ in range(2):
            await bot.say(LOU, "/rejoindre")
            assert await MemberNameRow.filter(member="telegram:345678912").values_list("name", flat=True) == ["Lou"]
            await bot.say(LOU, "/oublier confirmer")
            assert await MemberNameRow.filter(member="telegram:345678912").count() == 0
