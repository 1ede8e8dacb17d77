"""A webhook event answered inline is in the inbox before it is handled: when the inline
handling fails, the worker handles it later, once (real pipeline and core on SQLite, HTTP)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from webhook_harness import SECRET, sign

import app.pipeline as pipeline_module
from adapters.webhook import build
from app.pipeline import Pipeline
from storage.models import InboxRow, OutboxRow


@pytest.fixture
async def endpoint(served: Any) -> AsyncIterator[tuple[str, aiohttp.ClientSession, Pipeline]]:
    adapter = build({"integrations": {"nextcloud": {"secret": SECRET}}, "reply_timeout": 2.0})
    async with served(adapter, "webhook") as s:
        yield s.root + "/webhook/nextcloud", s.client, s.pipeline


async def test_a_failed_inline_handling_is_left_to_the_worker(
    endpoint: tuple[str, aiohttp.ClientSession, Pipeline], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, client, pipeline = endpoint
    real_handle = pipeline_module.handle
    rows_seen: list[int] = []

    async def fails_once(factory: Any, inbound: Any, now: Any) -> Any:
        if not rows_seen:
            rows_seen.append(await InboxRow.filter(event_id=inbound.event_id, handled=False).count())
            raise RuntimeError("the process stops here")
        return await real_handle(factory, inbound, now)

    monkeypatch.setattr(pipeline_module, "handle", fails_once)
    body = json.dumps({"room": "salle", "sender": "bob", "text": "!join", "event_id": "e1"}).encode()

    async def post() -> tuple[int, dict[str, Any]]:
        async with client.post(url, data=body, headers=sign(SECRET, body)) as response:
            return response.status, await response.json()

    status, _ = await post()
    assert status == 500  # the sender may try again
    assert rows_seen == [1]  # stored before the handling began
    assert await InboxRow.filter(handled=False).count() == 1
    assert await pipeline.handle_pending() == 1
    assert await InboxRow.filter(handled=True).count() == 1
    assert await OutboxRow.filter(platform="webhook").count() == 1  # the welcome, once
    status, again = await post()  # the retry finds it handled: nothing done twice
    assert (status, again) == (200, {"duplicate": True, "replies": []})
    assert await OutboxRow.filter(platform="webhook").count() == 1
