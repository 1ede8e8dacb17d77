"""Discord's autocomplete of a command's number, through the real pipeline and core, on SQLite
and PostgreSQL: what the command applies to now in this channel's assembly, in its language,
narrowed by what is typed; a read that stores nothing."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from itertools import count
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from discord_harness import APP_ID, FakeDiscordAPI, Signer, make_settings, opt, serve, slash
from nacl.signing import SigningKey
from structlog.testing import capture_logs

from adapters.discord import DiscordAdapter
from app.pipeline import Pipeline
from core.clock import SystemClock
from storage.db import is_postgres
from storage.models import AssemblyRow, AuditRow, InboxRow, MembershipRow, OutboxRow

CHANNEL = "5555555555"
_ids = count(1)


@dataclass
class Endpoint:
    url: str
    signer: Signer
    client: aiohttp.ClientSession
    pipeline: Pipeline

    async def post(self, kind: int, data: dict[str, Any], *, channel: str = CHANNEL,
                   user: str = "123456789012345678") -> dict[str, Any]:
        body = json.dumps({
            "id": str(1500000000000000000 + next(_ids)), "application_id": APP_ID, "type": kind,
            "token": f"token-{next(_ids)}", "channel_id": channel, "guild_id": "7777777777", "locale": "fr",
            "member": {"user": {"id": user, "username": "alice"}, "permissions": "0"}, "data": data,
        }).encode()
        async with self.client.post(self.url, data=body, headers=self.signer.headers(body)) as response:
            assert response.status == 200
            answer: dict[str, Any] = await response.json()
            return answer

    async def choices(self, command: str, typed: str = "", channel: str = CHANNEL,
                      option: str = "number", *others: dict[str, Any]) -> list[dict[str, Any]]:
        data = slash(command, *others, {"name": option, "type": 4, "value": typed, "focused": True})
        answer = await self.post(4, data, channel=channel)
        assert answer["type"] == 8
        found: list[dict[str, Any]] = answer["data"]["choices"]
        return found


@pytest.fixture
async def endpoint(storage: str, fake_api: tuple[FakeDiscordAPI, str]) -> AsyncIterator[Endpoint]:
    _, base = fake_api
    key = SigningKey.generate()
    adapter = DiscordAdapter(make_settings(key.verify_key.encode().hex(), base, reply_timeout=2.0))
    pipeline = Pipeline(SystemClock(), lock_rows=is_postgres(storage), adapters={"discord": adapter})
    await adapter.start(pipeline)
    app = web.Application()
    app.add_routes(adapter.routes())
    try:
        async with serve(app) as url, aiohttp.ClientSession() as client:
            yield Endpoint(url + "/discord/interactions", Signer(key), client, pipeline)
            await adapter.drain()
    finally:
        await adapter.stop()


async def rows() -> tuple[int, ...]:
    return (await InboxRow.all().count(), await OutboxRow.all().count(), await AuditRow.all().count(),
            await AssemblyRow.all().count(), await MembershipRow.all().count())


async def test_the_number_is_completed_with_what_the_command_applies_to(endpoint: Endpoint, storage: str) -> None:
    await endpoint.post(2, slash("join"))
    await endpoint.post(2, slash("join"), user="223456789012345678")
    for title in ("Jardin partagé", "Cantine solidaire", "Équipe vélo"):
        await endpoint.post(2, slash("propose", opt("title", title)))
    await endpoint.post(2, slash("next", opt("number", 1)))
    await endpoint.post(2, slash("next", opt("number", 1)))
    await endpoint.post(2, slash("schedule", opt("title", "Rentrée"),
                                 opt("slots", "2027-01-12 10:00-12:00 | 2027-01-13 10:00-12:00")))
    before = await rows()
    with capture_logs() as logs:
        assert await endpoint.choices("consent") == [
            {"name": "#1 Jardin partagé — tour de consentement", "value": 1}]
        assert await endpoint.choices("ask") == [
            {"name": "#3 Équipe vélo — clarification", "value": 3},
            {"name": "#2 Cantine solidaire — clarification", "value": 2}]
        assert [c["value"] for c in await endpoint.choices("status")] == [4, 3, 2, 1]  # the poll too
        assert await endpoint.choices("status", "equipe") == [
            {"name": "#3 Équipe vélo — clarification", "value": 3}]
        assert [c["value"] for c in await endpoint.choices("status", "2")] == [2]
        assert await endpoint.choices("avail") == [{"name": "#4 Rentrée — sondage de dates", "value": 4}]
        # nothing in its consent round matches "2": #2 is proposed all the same, saying where it stands
        assert await endpoint.choices("consent", "2") == [
            {"name": "#2 Cantine solidaire — clarification", "value": 2}]
    if not is_postgres(storage):
        assert not [e for e in logs if e["event"] == "storage.one_trip_fallback"]  # one trip each
    assert not [e for e in logs if e["event"].startswith("suggest.")]
    # another channel: nothing of this one, and no assembly founded by asking
    assert await endpoint.choices("status", channel="6666666666") == []
    assert await rows() == before  # no inbox claim, no outbox row, no audit line, nobody added
    await endpoint.post(2, slash("lang", opt("language", "en")))
    assert await endpoint.choices("consent") == [{"name": "#1 Jardin partagé — consent round", "value": 1}]
    assert await endpoint.choices("avail") == [{"name": "#4 Rentrée — time poll", "value": 4}]


async def test_open_tensions_are_completed_for_tension_and_propose(endpoint: Endpoint) -> None:
    await endpoint.post(2, slash("join"))
    await endpoint.post(2, slash("propose", opt("title", "Jardin partagé")))
    await endpoint.post(2, slash("tension", opt("text", "Le local est trop froid le mardi soir")))
    await endpoint.post(2, slash("tension", opt("text", "Trop de réunions")))
    await endpoint.post(2, slash("tension", opt("number", 3), opt("text", "resolue")))
    tension = {"name": "#2 Le local est trop froid le mardi soir — tension", "value": 2}
    assert await endpoint.choices("tension") == [tension]
    assert await endpoint.choices("tension", "", CHANNEL, "number", opt("text", "odj")) == [tension]
    assert await endpoint.choices("propose", "", CHANNEL, "tension", opt("title", "Chauffer")) == [tension]
    assert await endpoint.choices("propose", "froid", CHANNEL, "tension") == [tension]
    assert await endpoint.choices("propose", "9", CHANNEL, "tension") == []
    assert [c["value"] for c in await endpoint.choices("status")] == [2, 1]  # `/status` shows a tension too


async def test_a_failing_read_gives_an_empty_list(endpoint: Endpoint, monkeypatch: pytest.MonkeyPatch) -> None:
    await endpoint.post(2, slash("join"))
    await endpoint.post(2, slash("propose", opt("title", "Jardin partagé")))
    assert [c["value"] for c in await endpoint.choices("status")] == [1]
    from core import suggestions

    async def broken(*_: Any) -> list[Any]:
        raise RuntimeError("boom")

    monkeypatch.setattr(suggestions, "suggest", broken)
    with capture_logs() as logs:
        assert await endpoint.choices("status") == []
    assert [e["event"] for e in logs if e["event"].startswith("suggest.")] == ["suggest.failed"]


async def test_a_slow_read_gives_an_empty_list_in_time(endpoint: Endpoint, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio
    import time

    import app.pipeline
    from core import suggestions

    async def slow(*_: Any) -> list[Any]:
        await asyncio.sleep(3)
        return []

    monkeypatch.setattr(suggestions, "suggest", slow)
    monkeypatch.setattr(app.pipeline, "SUGGEST_TIMEOUT", 0.2)
    started = time.monotonic()
    with capture_logs() as logs:
        assert await endpoint.choices("status") == []
    assert time.monotonic() - started < 1.5
    assert [e["event"] for e in logs if e["event"].startswith("suggest.")] == ["suggest.too_slow"]
