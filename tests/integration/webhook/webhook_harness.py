"""Loopback servers and helpers for the webhook adapter tests.

Real aiohttp servers on 127.0.0.1 (free ports): the adapter's routes and a fake
receiver for outgoing deliveries. Both stop at fixture teardown and, as a watchdog, by
themselves after `MAX_LIFETIME` seconds; they live inside the test process, so they
also end with it.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from adapters.base import DEFERRED, DUPLICATE, InlineResult, RecordingSink
from adapters.webhook import WebhookAdapter, WebhookSettings
from core.messages import Inbound

MAX_LIFETIME = 120.0
SECRET = "s3cret-for-tests-0123456789abcdef"
OTHER_SECRET = "another-secret-0123456789abcdef"
SLASH_TOKEN = "mattermost-token-0123456789"
SLACK_SECRET = "slack-signing-secret-0123456789"


@asynccontextmanager
async def serve(app: web.Application) -> AsyncIterator[str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    loop = asyncio.get_running_loop()
    watchdog = loop.call_later(MAX_LIFETIME, lambda: loop.create_task(runner.cleanup()))
    try:
        yield f"http://{host}:{port}"
    finally:
        watchdog.cancel()
        await runner.cleanup()


def sign(secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """The documented scheme, written independently of the adapter's code."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {
        "X-Assemblee-Timestamp": stamp,
        "X-Assemblee-Signature": f"sha256={digest}",
        "Content-Type": "application/json",
    }


def slack_sign(secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + stamp.encode() + b":" + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": f"v0={digest}",
        "Content-Type": "application/x-www-form-urlencoded",
    }


class ScriptedSink(RecordingSink):
    """RecordingSink that can be slow (answering DEFERRED past its timeout) or fail.

    `duplicate_delay` makes the answer for an already seen event slow too;
    `defer_at_once` answers DEFERRED without waiting (the outbox sender got there first).
    """

    def __init__(self) -> None:
        super().__init__()
        self.delay = 0.0
        self.duplicate_delay = 0.0
        self.defer_at_once = False
        self.error: Exception | None = None

    async def accept_and_wait(self, inbound: Inbound, timeout: float = 2.5) -> InlineResult:
        if self.error is not None:
            raise self.error
        if not await self.accept(inbound):
            await asyncio.sleep(self.duplicate_delay)
            return DUPLICATE
        if self.defer_at_once:
            return DEFERRED
        if self.delay > timeout:
            await asyncio.sleep(timeout)
            return DEFERRED
        return InlineResult.answered(self.replies)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class FakeReceiver:
    """The other system's endpoint for outgoing deliveries."""

    calls: list[Received] = field(default_factory=list)
    queued: list[tuple[int, Any, dict[str, str]]] = field(default_factory=list)
    app: web.Application = field(default_factory=web.Application)

    def __post_init__(self) -> None:
        self.app.router.add_route("POST", "/{tail:.*}", self._handle)

    async def _handle(self, request: web.Request) -> web.Response:
        self.calls.append(Received(request.path, dict(request.headers), await request.read()))
        if self.queued:
            status, body, headers = self.queued.pop(0)
            return web.json_response(body, status=status, headers=headers)
        return web.json_response({"id": f"msg-{len(self.calls)}"})


@dataclass
class WebhookHarness:
    base: str
    adapter: WebhookAdapter
    sink: ScriptedSink
    client: aiohttp.ClientSession
    receiver: FakeReceiver
    receiver_url: str

    async def post(
        self,
        path: str,
        body: bytes,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        async with self.client.post(self.base + path, data=body, headers=headers or {}) as response:
            raw = await response.read()
            try:
                return response.status, json.loads(raw) if raw else None
            except ValueError:
                return response.status, raw

    async def message(
        self,
        payload: dict[str, Any],
        *,
        name: str = "nextcloud",
        secret: str = SECRET,
        timestamp: int | None = None,
    ) -> tuple[int, Any]:
        body = json.dumps(payload).encode()
        return await self.post(f"/webhook/{name}", body, sign(secret, body, timestamp))


def make_settings(receiver_url: str, **overrides: Any) -> WebhookSettings:
    integrations: dict[str, Any] = {
        "nextcloud": {
            "secret": SECRET,
            "outgoing_url": receiver_url + "/hooks/assemblee",
            "room_urls": {"special": receiver_url + "/hooks/special"},
        },
        "mattermost": {
            "secret": OTHER_SECRET,
            "slash_token": SLASH_TOKEN,
            "incoming_webhook_url": receiver_url + "/hooks/mattermost",
            "channel_names": {"chan-fixed": "town-square"},
        },
        "slack": {
            "secret": OTHER_SECRET,
            "slack_signing_secret": SLACK_SECRET,
            "language": "en",
        },
        "silent": {"secret": OTHER_SECRET},
    }
    values: dict[str, Any] = {"integrations": integrations, "reply_timeout": 0.3}
    values.update(overrides)
    return WebhookSettings.model_validate(values)


@asynccontextmanager
async def webhook_harness() -> AsyncIterator[WebhookHarness]:
    receiver = FakeReceiver()
    async with serve(receiver.app) as receiver_url:
        adapter = WebhookAdapter(make_settings(receiver_url))
        sink = ScriptedSink()
        await adapter.start(sink)
        app = web.Application()
        app.add_routes(adapter.routes())
        async with serve(app) as base, aiohttp.ClientSession() as client:
            yield WebhookHarness(base, adapter, sink, client, receiver, receiver_url)
        await adapter.stop()
