"""POST /webhook/<name> over real HTTP: signatures, replies, duplicates, limits."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from webhook_harness import OTHER_SECRET, SECRET, WebhookHarness, serve, sign

from adapters.webhook import WebhookAdapter
from core.messages import Action, Button, Outbound, Platform, RoomId, UserId

WEBHOOK = Platform("webhook")


def message(**overrides: Any) -> dict[str, Any]:
    body = {"room": "salle-1", "sender": "alice", "text": "!propose Vélos", "event_id": "evt-1"}
    body.update(overrides)
    return body


def bot(text: str, **extra: Any) -> Outbound:
    return Outbound(platform=WEBHOOK, room=RoomId("nextcloud:salle-1"), text=text, **extra)


async def test_signed_message_reaches_the_core_and_gets_the_replies(hook: WebhookHarness) -> None:
    hook.sink.replies = [
        bot("Proposition #1 ouverte", html="<b>Proposition #1</b> ouverte"),
        bot(
            "Tour #1",
            buttons=(Button("Je consens", "consent #1"),),
            mentions=(UserId("webhook:nextcloud:alice"), UserId("@bob:example.org")),
        ),
    ]
    status, body = await hook.message(message(display_name="Alice"))
    assert status == 200
    assert body["duplicate"] is False and body["deferred"] is False
    first, second = body["replies"]
    assert (first["text"], first["html"]) == (
        "Proposition #1 ouverte",
        "<b>Proposition #1</b> ouverte",
    )
    assert second["buttons"] == [
        {"label": "Je consens", "payload": "consent #1", "needs_reason": False}
    ]
    assert second["mentions"] == ["alice"]
    [inbound] = hook.sink.received
    assert inbound.platform == "webhook"
    assert inbound.room == "nextcloud:salle-1"
    assert inbound.sender == "webhook:nextcloud:alice"
    assert inbound.event_id == "nextcloud:evt-1"
    assert inbound.text == "!propose Vélos"
    assert inbound.action is Action.TEXT
    assert inbound.display_name == "Alice"
    assert inbound.is_admin is False


async def test_upper_case_hex_is_accepted(hook: WebhookHarness) -> None:
    body = json.dumps(message()).encode()
    headers = sign(SECRET, body)
    headers["X-Assemblee-Signature"] = "sha256=" + headers["X-Assemblee-Signature"][7:].upper()
    status, _ = await hook.post("/webhook/nextcloud", body, headers)
    assert status == 200


async def test_unsigned_request_is_refused(hook: WebhookHarness) -> None:
    status, _ = await hook.post(
        "/webhook/nextcloud", json.dumps(message()).encode(), {"Content-Type": "application/json"}
    )
    assert status == 401
    assert hook.sink.received == []


async def test_wrong_secret_is_refused(hook: WebhookHarness) -> None:
    status, _ = await hook.message(message(), secret=OTHER_SECRET)
    assert status == 401
    assert hook.sink.received == []


@pytest.mark.parametrize(
    "mangle",
    [
        lambda h: (
            h.update({"X-Assemblee-Signature": h["X-Assemblee-Signature"][:-1] + "0"})
            if not h["X-Assemblee-Signature"].endswith("0")
            else h.update({"X-Assemblee-Signature": h["X-Assemblee-Signature"][:-1] + "1"})
        ),
        lambda h: h.update({"X-Assemblee-Signature": h["X-Assemblee-Signature"][7:]}),
        lambda h: h.update({"X-Assemblee-Signature": "sha1=" + h["X-Assemblee-Signature"][7:]}),
        lambda h: h.update({"X-Assemblee-Signature": "sha256="}),
        lambda h: h.update({"X-Assemblee-Timestamp": "abc"}),
        lambda h: h.update({"X-Assemblee-Timestamp": str(int(h["X-Assemblee-Timestamp"]) + 1)}),
        lambda h: h.pop("X-Assemblee-Timestamp"),
        lambda h: h.pop("X-Assemblee-Signature"),
    ],
    ids=["flipped", "no-prefix", "sha1", "empty", "bad-ts", "other-ts", "no-ts", "no-sig"],
)
async def test_wrong_signatures_are_refused(hook: WebhookHarness, mangle: Any) -> None:
    body = json.dumps(message()).encode()
    headers = sign(SECRET, body)
    mangle(headers)
    status, _ = await hook.post("/webhook/nextcloud", body, headers)
    assert status == 401
    assert hook.sink.received == []


async def test_tampered_body_is_refused(hook: WebhookHarness) -> None:
    body = json.dumps(message()).encode()
    headers = sign(SECRET, body)
    status, _ = await hook.post("/webhook/nextcloud", body.replace(b"alice", b"mallory"), headers)
    assert status == 401
    assert hook.sink.received == []


@pytest.mark.parametrize("offset", [-3600, -330, 330, 3600])
async def test_stale_and_future_timestamps_are_refused(hook: WebhookHarness, offset: int) -> None:
    status, _ = await hook.message(message(), timestamp=int(time.time()) + offset)
    assert status == 401
    assert hook.sink.received == []


@pytest.mark.parametrize("offset", [-250, 250])
async def test_small_clock_drift_is_tolerated(hook: WebhookHarness, offset: int) -> None:
    status, _ = await hook.message(message(), timestamp=int(time.time()) + offset)
    assert status == 200


async def test_unknown_integration_is_404(hook: WebhookHarness) -> None:
    status, _ = await hook.message(message(), name="unknown")
    assert status == 404
    assert hook.sink.received == []


async def test_signature_is_checked_before_parsing(hook: WebhookHarness) -> None:
    garbage = b"\xff{not json"
    status, _ = await hook.post("/webhook/nextcloud", garbage, {})
    assert status == 401
    status, _ = await hook.post("/webhook/nextcloud", garbage, sign(SECRET, garbage))
    assert status == 400
    assert hook.sink.received == []


async def test_replayed_event_is_answered_as_duplicate(hook: WebhookHarness) -> None:
    hook.sink.replies = [bot("ok")]
    assert (await hook.message(message()))[1]["replies"][0]["text"] == "ok"
    status, body = await hook.message(message())  # same event id, signed again
    assert (status, body) == (200, {"duplicate": True, "replies": []})
    # the exact same request bytes and headers, replayed
    raw = json.dumps(message(event_id="evt-2")).encode()
    headers = sign(SECRET, raw)
    await hook.post("/webhook/nextcloud", raw, headers)
    status, body = await hook.post("/webhook/nextcloud", raw, headers)
    assert body == {"duplicate": True, "replies": []}
    assert [i.event_id for i in hook.sink.received] == ["nextcloud:evt-1", "nextcloud:evt-2"]


async def test_duplicate_is_still_caught_after_a_restart(hook: WebhookHarness) -> None:
    await hook.message(message())
    fresh = WebhookAdapter(hook.adapter.settings)
    await fresh.start(hook.sink)
    app = web.Application()
    app.add_routes(fresh.routes())
    body = json.dumps(message()).encode()
    async with (
        serve(app) as base,
        hook.client.post(
            base + "/webhook/nextcloud", data=body, headers=sign(SECRET, body)
        ) as response,
    ):
        answer = await response.json()
    await fresh.stop()
    assert answer == {"duplicate": True, "replies": []}
    assert len(hook.sink.received) == 1


async def test_a_slow_duplicate_is_still_a_duplicate(hook: WebhookHarness) -> None:
    """The sink says which it was; how long it took to say so does not matter."""
    await hook.message(message())
    fresh = WebhookAdapter(hook.adapter.settings)  # nothing in memory: the sink decides
    await fresh.start(hook.sink)
    hook.sink.duplicate_delay = hook.adapter.settings.reply_timeout
    app = web.Application()
    app.add_routes(fresh.routes())
    body = json.dumps(message()).encode()
    async with (
        serve(app) as base,
        hook.client.post(
            base + "/webhook/nextcloud", data=body, headers=sign(SECRET, body)
        ) as response,
    ):
        answer = await response.json()
    await fresh.stop()
    assert answer == {"duplicate": True, "replies": []}


async def test_a_quick_deferral_is_not_taken_for_a_duplicate(hook: WebhookHarness) -> None:
    hook.sink.defer_at_once = True  # e.g. the outbox sender took the replies first
    hook.sink.replies = [bot("par la sortie")]
    status, body = await hook.message(message())
    assert (status, body) == (200, {"duplicate": False, "deferred": True, "replies": []})


async def test_event_ids_are_per_integration(hook: WebhookHarness) -> None:
    await hook.message(message())
    status, body = await hook.message(message(), name="silent", secret=OTHER_SECRET)
    assert status == 200 and body["duplicate"] is False
    assert [i.event_id for i in hook.sink.received] == ["nextcloud:evt-1", "silent:evt-1"]
    assert [i.room for i in hook.sink.received] == ["nextcloud:salle-1", "silent:salle-1"]


async def test_slow_processing_answers_deferred(hook: WebhookHarness) -> None:
    hook.sink.delay = 5.0
    hook.sink.replies = [bot("plus tard")]
    status, body = await hook.message(message())
    assert (status, body) == (200, {"duplicate": False, "deferred": True, "replies": []})
    assert len(hook.sink.received) == 1


async def test_core_failure_is_a_500_without_details(hook: WebhookHarness) -> None:
    hook.sink.error = RuntimeError("database password is hunter2")
    status, body = await hook.message(message())
    assert status == 500
    assert "hunter2" not in json.dumps(body)


async def _chunks(size: int) -> AsyncIterator[bytes]:
    sent = 0
    while sent < size:
        yield b"x" * 65536
        sent += 65536


async def test_oversized_body_is_413_and_nothing_is_accepted(hook: WebhookHarness) -> None:
    big = json.dumps(message(text="x" * 1_000_000)).encode()
    status, _ = await hook.post("/webhook/nextcloud", big, sign(SECRET, big))
    assert status == 413
    # without Content-Length (chunked): the limit holds while reading
    async with hook.client.post(
        hook.base + "/webhook/nextcloud", data=_chunks(1_000_000), headers=sign(SECRET, b"")
    ) as response:
        assert response.status == 413
    assert hook.sink.received == []


async def test_text_over_16k_is_413(hook: WebhookHarness) -> None:
    status, _ = await hook.message(message(text="é" * 8200))  # 16 400 bytes in UTF-8
    assert status == 413
    status, _ = await hook.message(message(text="é" * 8000, event_id="evt-ok"))
    assert status == 200
    assert [i.event_id for i in hook.sink.received] == ["nextcloud:evt-ok"]


@pytest.mark.parametrize(
    "payload",
    [
        {"room": "r", "sender": "s", "text": "t"},
        {"room": 1, "sender": "s", "text": "t", "event_id": "e"},
        {"room": "r", "sender": "s", "text": None, "event_id": "e"},
        {"room": "", "sender": "s", "text": "t", "event_id": "e"},
        {"room": "r\nx", "sender": "s", "text": "t", "event_id": "e"},
        {"room": "r", "sender": "s", "text": "t", "event_id": "e", "admin": True},
        {"room": "r", "sender": "s", "text": "t", "event_id": "e" * 256},
        ["room", "sender"],
        "hello",
    ],
)
async def test_malformed_bodies_are_400(hook: WebhookHarness, payload: Any) -> None:
    status, body = await hook.message(payload)
    assert status == 400
    assert "error" in body
    assert hook.sink.received == []


async def test_lone_surrogate_is_refused(hook: WebhookHarness) -> None:
    raw = b'{"room": "r", "sender": "s", "text": "\\ud800", "event_id": "e"}'
    status, _ = await hook.post("/webhook/nextcloud", raw, sign(SECRET, raw))
    assert status == 400
    assert hook.sink.received == []
