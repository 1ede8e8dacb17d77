"""The webhook adapter in front of the real pipeline and core, on SQLite."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from webhook_harness import SECRET, serve, sign

from adapters.webhook import build
from app.pipeline import Pipeline
from core.clock import SystemClock
from storage import db, migrate


@pytest.fixture
async def endpoint(tmp_path: Path) -> AsyncIterator[tuple[str, aiohttp.ClientSession]]:
    url = f"sqlite://{tmp_path / 'assemblee.db'}"
    await db.connect(url)
    await migrate.apply(url)
    adapter = build({"integrations": {"nextcloud": {"secret": SECRET}}, "reply_timeout": 2.0})
    pipeline = Pipeline(SystemClock(), lock_rows=False, adapters={"webhook": adapter})
    await adapter.start(pipeline)
    app = web.Application()
    app.add_routes(adapter.routes())
    try:
        async with serve(app) as root, aiohttp.ClientSession() as client:
            yield root + "/webhook/nextcloud", client
    finally:
        await adapter.stop()
        await db.disconnect()


async def test_messages_through_the_core(endpoint: tuple[str, aiohttp.ClientSession]) -> None:
    url, client = endpoint

    async def post(text: str, event_id: str) -> dict[str, Any]:
        raw = json.dumps({"room": "salle", "sender": "bob", "text": text, "event_id": event_id})
        body = raw.encode()
        async with client.post(url, data=body, headers=sign(SECRET, body)) as response:
            assert response.status == 200
            answer: dict[str, Any] = await response.json()
            return answer

    joined = await post("!join", "e1")
    assert joined["duplicate"] is False and joined["replies"]
    proposed = await post("!propose Vélos", "e2")
    assert "Vélos" in proposed["replies"][0]["text"]
    assert await post("!propose Vélos", "e2") == {"duplicate": True, "replies": []}
    status = await post("!status #1", "e3")
    assert "Vélos" in status["replies"][0]["text"]
    assert (await post("bonjour à tous", "e4"))["replies"] == []  # ordinary chat: no answer
