"""send(): signed deliveries to a fake receiver on loopback, and incoming webhooks."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import time

import pytest
from webhook_harness import OTHER_SECRET, SECRET, SLASH_TOKEN, WebhookHarness

from adapters.base import Delivery
from adapters.webhook import WebhookAdapter, WebhookSettings
from core.errors import PermanentDeliveryError, RetryAfter, TemporaryDeliveryError
from core.messages import Button, Outbound, Platform, RoomId, UserId

WEBHOOK = Platform("webhook")


def out(room: str, text: str = "Échéance : proposition #1 adoptée", **extra: object) -> Outbound:
    return Outbound(platform=WEBHOOK, room=RoomId(room), text=text, **extra)  # type: ignore[arg-type]


def check_signature(secret: str, headers: dict[str, str], body: bytes) -> None:
    """What a receiver does, following the documented scheme."""
    stamp = headers["X-Assemblee-Timestamp"]
    assert stamp.isdigit() and abs(time.time() - int(stamp)) <= 300
    expected = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Assemblee-Signature"], f"sha256={expected}")


async def test_delivery_is_signed_and_carries_its_key(hook: WebhookHarness) -> None:
    outbound = out(
        "nextcloud:salle-1",
        html="<p>Échéance</p>",
        thread_key="proposal:1",
        buttons=(Button("Je consens", "consent #1"),),
        mentions=(UserId("webhook:nextcloud:alice"),),
        attachment_name="meeting-2.ics",
        attachment="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    )
    message_id = await hook.adapter.send(Delivery("outbox-17", outbound, thread_root="msg-1"))
    [call] = hook.receiver.calls
    assert call.path == "/hooks/assemblee"
    check_signature(SECRET, call.headers, call.body)
    assert call.headers["X-Assemblee-Delivery"] == "outbox-17"
    body = call.json()
    assert body["room"] == "salle-1"
    assert body["text"] == "Échéance : proposition #1 adoptée"
    assert body["html"] == "<p>Échéance</p>"
    assert body["delivery"] == "outbox-17"
    assert body["thread_key"] == "proposal:1" and body["thread_root"] == "msg-1"
    assert body["mentions"] == ["alice"]
    assert body["buttons"] == [
        {"label": "Je consens", "payload": "consent #1", "needs_reason": False}
    ]
    assert body["attachment"] == {
        "name": "meeting-2.ics",
        "content": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    }
    assert message_id == "msg-1"


async def test_later_messages_show_the_names_people_gave(hook: WebhookHarness) -> None:
    hook.sink.replies = []
    payload = {"room": "salle-1", "sender": "carol", "text": "!join", "event_id": "e1"}
    status, _ = await hook.message({**payload, "display_name": "Carole <C>"})
    assert status == 200
    text = "Échéance : nextcloud:carol, nextcloud:carole et @nextcloud:carol (webhook:nextcloud:carol)"
    outbound = out(
        "nextcloud:salle-1",
        text,
        html="<p>nextcloud:carol</p>",
        mentions=(UserId("webhook:nextcloud:carol"),),
    )
    await hook.adapter.send(Delivery("outbox-1", outbound))
    body = hook.receiver.calls[0].json()
    # only the id of a member who gave a name, and never inside another id or a mention to type
    assert body["text"] == (
        "Échéance : Carole <C>, nextcloud:carole et @nextcloud:carol (webhook:nextcloud:carol)"
    )
    assert body["html"] == "<p>Carole &lt;C&gt;</p>"
    assert body["mentions"] == ["carol"]
    [inbound] = hook.sink.received
    assert inbound.sender == "webhook:nextcloud:carol"  # the identity stays the id


async def test_a_retry_is_signed_again_with_the_same_key(hook: WebhookHarness) -> None:
    delivery = Delivery("outbox-18", out("nextcloud:salle-1"))
    await hook.adapter.send(delivery)
    await hook.adapter.send(Delivery("outbox-18", delivery.outbound, attempt=2))
    keys = [call.headers["X-Assemblee-Delivery"] for call in hook.receiver.calls]
    assert keys == ["outbox-18", "outbox-18"]
    for call in hook.receiver.calls:
        check_signature(SECRET, call.headers, call.body)


async def test_room_mapping_chooses_the_url(hook: WebhookHarness) -> None:
    await hook.adapter.send(Delivery("k", out("nextcloud:special")))
    assert hook.receiver.calls[0].path == "/hooks/special"
    check_signature(SECRET, hook.receiver.calls[0].headers, hook.receiver.calls[0].body)


async def test_no_outgoing_url_is_permanent(hook: WebhookHarness) -> None:
    with pytest.raises(PermanentDeliveryError):
        await hook.adapter.send(Delivery("k", out("silent:salle-1")))
    with pytest.raises(PermanentDeliveryError):
        await hook.adapter.send(Delivery("k", out("unknown:salle-1")))
    with pytest.raises(PermanentDeliveryError):
        await hook.adapter.send(Delivery("k", out("no-colon")))
    with pytest.raises(PermanentDeliveryError):  # slash room of an integration without webhook
        await hook.adapter.send(Delivery("k", out("slack/slash:chan42")))
    assert hook.receiver.calls == []


async def test_rate_limit_and_errors(hook: WebhookHarness) -> None:
    hook.receiver.queued = [
        (429, {"error": "slow"}, {"Retry-After": "12"}),
        (503, {}, {}),
        (404, {}, {}),
        (410, {}, {}),
    ]
    delivery = Delivery("k", out("nextcloud:salle-1"))
    with pytest.raises(RetryAfter) as caught:
        await hook.adapter.send(delivery)
    assert caught.value.delay == 12.0
    with pytest.raises(TemporaryDeliveryError):
        await hook.adapter.send(delivery)
    with pytest.raises(PermanentDeliveryError):
        await hook.adapter.send(delivery)
    with pytest.raises(PermanentDeliveryError):
        await hook.adapter.send(delivery)


async def test_unreachable_receiver_is_temporary() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = WebhookSettings.model_validate(
        {"integrations": {"x": {"secret": SECRET, "outgoing_url": f"http://127.0.0.1:{port}/"}}}
    )
    adapter = WebhookAdapter(settings)
    try:
        with pytest.raises(TemporaryDeliveryError):
            await adapter.send(Delivery("k", out("x:room")))
    finally:
        await adapter.stop()


async def test_slash_channel_gets_the_incoming_webhook_format(hook: WebhookHarness) -> None:
    from urllib.parse import urlencode

    # the channel name is learned from a slash command in that channel
    fields = {
        "token": SLASH_TOKEN,
        "channel_id": "chan42",
        "channel_name": "assemblee-quartier",
        "user_id": "u1",
        "text": "join",
    }
    await hook.post(
        "/slash/mattermost",
        urlencode(fields).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    outbound = out(
        "mattermost/slash:chan42",
        "Tour #1 ouvert",
        buttons=(Button("ok", "consent #1"),),
    )
    await hook.adapter.send(Delivery("k", outbound))
    [call] = hook.receiver.calls
    assert call.path == "/hooks/mattermost"
    assert "X-Assemblee-Signature" not in call.headers
    body = call.json()
    assert body["channel"] == "assemblee-quartier"
    assert body["text"] == "Tour #1 ouvert\nPour répondre, tapez : `/assemblee consent #1`"
    # a configured channel name works without any earlier command
    await hook.adapter.send(Delivery("k2", out("mattermost/slash:chan-fixed", "Rappel")))
    assert hook.receiver.calls[1].json() == {"text": "Rappel", "channel": "town-square"}
    # an unknown channel: no override, the incoming webhook's own channel
    await hook.adapter.send(Delivery("k3", out("mattermost/slash:other", "Rappel")))
    assert hook.receiver.calls[2].json() == {"text": "Rappel"}


def test_receiver_side_verify_helper_matches_the_scheme() -> None:
    from adapters.webhook import signed_headers, verify

    body = json.dumps({"text": "x"}).encode()
    headers = signed_headers(OTHER_SECRET, body, time.time())
    assert verify(OTHER_SECRET, headers, body, time.time()) is None
    check_signature(OTHER_SECRET, headers, body)
    assert verify(SECRET, headers, body, time.time()) == "bad signature"
    assert verify(OTHER_SECRET, headers, body, time.time() + 330) is not None


@pytest.mark.parametrize(
    "integrations",
    [
        {"Bad Name": {"secret": SECRET}},
        {"a:b": {"secret": SECRET}},
        {"ok": {"secret": "changeme"}},
        {"ok": {"secret": "short"}},
        {"ok": {"secret": SECRET, "outgoing_url": "ftp://x"}},
        {"ok": {"secret": SECRET, "slash_token": "example"}},
        {"ok": {"secret": SECRET, "unknown": 1}},
    ],
)
def test_settings_fail_fast(integrations: dict[str, object]) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        WebhookSettings.model_validate({"integrations": integrations})


def test_build_validates_the_block() -> None:
    from pydantic import ValidationError

    from adapters.base import Adapter
    from adapters.webhook import build

    adapter = build({"integrations": {"n": {"secret": SECRET}}})
    assert isinstance(adapter, WebhookAdapter) and isinstance(adapter, Adapter)
    paths = sorted(route.path for route in adapter.routes())  # type: ignore[attr-defined]
    assert paths == ["/slash/{name}", "/webhook/{name}"]
    with pytest.raises(ValidationError):
        build({"integrations": {"n": {}}})
