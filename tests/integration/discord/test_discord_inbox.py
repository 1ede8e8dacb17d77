"""An interaction answered inline is stored in the inbox before it is handled, so that a
failure between receiving and handling loses nothing and handles nothing twice (real
pipeline and core on SQLite, signed HTTP)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from discord_harness import APP_ID, FakeDiscordAPI, Signer, make_settings, slash
from nacl.signing import SigningKey

import app.pipeline as pipeline_module
from adapters.discord import DiscordAdapter
from app.pipeline import Pipeline
from core.i18n import translate
from storage.models import InboxRow, OutboxRow

INTERACTION = "1500000000000000001"
EVENT = f"interaction:{INTERACTION}"


class Endpoint:
    def __init__(self, url: str, signer: Signer, client: aiohttp.ClientSession,
                 pipeline: Pipeline) -> None:
        self.url, self.signer, self.client, self.pipeline = url, signer, client, pipeline

    async def post(self, body: bytes) -> dict[str, Any]:
        async with self.client.post(self.url, data=body, headers=self.signer.headers(body)) as answer:
            assert answer.status == 200
            data: dict[str, Any] = await answer.json()
            return data


@pytest.fixture
async def endpoint(served: Any, fake_api: tuple[FakeDiscordAPI, str]) -> AsyncIterator[Endpoint]:
    _, base = fake_api
    key = SigningKey.generate()
    adapter = DiscordAdapter(make_settings(key.verify_key.encode().hex(), base, reply_timeout=2.0))
    async with served(adapter, "discord") as s:
        yield Endpoint(s.root + "/discord/interactions", Signer(key), s.client, s.pipeline)


def join_command() -> bytes:
    return json.dumps({
        "id": INTERACTION, "application_id": APP_ID, "type": 2, "token": "token-join",
        "channel_id": "5555555555", "guild_id": "7777777777", "locale": "fr",
        "member": {"user": {"id": "123456789012345678", "username": "alice"}, "permissions": "0"},
        "data": slash("join"),
    }).encode()


async def stored() -> InboxRow | None:
    return await InboxRow.filter(platform="discord", event_id=EVENT).first()


async def test_a_failed_inline_handling_is_handled_later_by_the_worker(
    endpoint: Endpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_handle = pipeline_module.handle
    seen_before_handling: list[InboxRow | None] = []

    async def fails_once(factory: Any, inbound: Any, now: Any) -> Any:
        if not seen_before_handling:
            seen_before_handling.append(await stored())
            raise RuntimeError("the process stops here")
        return await real_handle(factory, inbound, now)

    monkeypatch.setattr(pipeline_module, "handle", fails_once)

    failed = await endpoint.post(join_command())
    assert failed["data"]["flags"] == 64
    assert failed["data"]["content"] == translate("discord.internal_error", "fr")
    first = seen_before_handling[0]
    assert first is not None and first.handled is False  # committed before the handling began
    row = await stored()
    assert row is not None and row.handled is False and row.payload["sender"] == "discord:123456789012345678"
    assert await OutboxRow.filter(platform="discord").count() == 0

    assert await endpoint.pipeline.handle_pending() == 1  # the worker takes it at once
    row = await stored()
    assert row is not None and row.handled is True
    replies = await OutboxRow.filter(platform="discord").values_list("payload", flat=True)
    assert len(replies) == 1 and "123456789012345678" in replies[0]["text"]

    # Discord retries the same interaction: known and handled, nothing is done again.
    again = await endpoint.post(join_command())
    assert again["data"]["content"] == translate("discord.already_received", "fr")
    assert await endpoint.pipeline.handle_pending() == 0
    assert await OutboxRow.filter(platform="discord").count() == 1


async def test_the_worker_leaves_an_event_alone_while_it_is_handled_inline(
    endpoint: Endpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_handle = pipeline_module.handle
    started, go_on = asyncio.Event(), asyncio.Event()

    async def slow(factory: Any, inbound: Any, now: Any) -> Any:
        started.set()
        await go_on.wait()
        return await real_handle(factory, inbound, now)

    monkeypatch.setattr(pipeline_module, "handle", slow)
    answer = asyncio.create_task(endpoint.post(join_command()))
    await asyncio.wait_for(started.wait(), 5)
    row = await stored()
    assert row is not None and row.handled is False  # in the inbox while being handled
    assert await endpoint.pipeline.handle_pending() == 0  # held: the worker does not take it
    go_on.set()
    joined = await asyncio.wait_for(answer, 5)
    assert joined["type"] == 4 and "<@123456789012345678>" in joined["data"]["content"]
    row = await stored()
    assert row is not None and row.handled is True
    assert await endpoint.pipeline.handle_pending() == 0
    assert await OutboxRow.filter(platform="discord").count() == 1
