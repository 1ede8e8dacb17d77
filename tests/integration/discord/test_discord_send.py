"""`DiscordAdapter.send` against a fake Discord REST API on loopback."""

from __future__ import annotations

import socket
import time
from dataclasses import replace
from typing import Any

import pytest
from discord_harness import APP_ID, FakeDiscordAPI, make_settings
from nacl.signing import SigningKey

from adapters.base import Delivery
from adapters.discord import DiscordAdapter
from adapters.discord.tokens import PendingInteraction
from core.errors import PermanentDeliveryError, RetryAfter, TemporaryDeliveryError
from core.messages import Button, Outbound, OutboundKind, Platform, RoomId, UserId

DISCORD = Platform("discord")
CHANNEL = "5555555555"
CHANNEL_PATH = f"/api/v10/channels/{CHANNEL}/messages"


def outbound(text: str = "Bonjour", **extra: Any) -> Outbound:
    return Outbound(platform=DISCORD, room=RoomId(CHANNEL), text=text, **extra)


@pytest.fixture
async def adapter(fake_api: tuple[FakeDiscordAPI, str]) -> Any:
    _, base = fake_api
    key = SigningKey.generate().verify_key.encode().hex()
    instance = DiscordAdapter(make_settings(key, base))
    yield instance
    await instance.stop()


@pytest.fixture
def api(fake_api: tuple[FakeDiscordAPI, str]) -> FakeDiscordAPI:
    return fake_api[0]


async def test_plain_message_goes_to_the_channel(
    adapter: DiscordAdapter, api: FakeDiscordAPI
) -> None:
    message_id = await adapter.send(
        Delivery("k1", outbound("Salut <@123>", mentions=(UserId("discord:123"), UserId("@x:y"))))
    )
    [call] = api.calls
    assert (call.method, call.path) == ("POST", CHANNEL_PATH)
    assert call.headers["Authorization"] == "Bot test-bot-token-0123456789abcdef"
    assert call.json["content"] == "Salut <@123>"
    assert call.json["allowed_mentions"] == {"parse": [], "users": ["123"]}
    assert call.json["enforce_nonce"] is True and 0 < len(call.json["nonce"]) <= 25
    assert message_id is not None and message_id.isdigit()


async def test_same_delivery_key_gives_the_same_nonce(
    adapter: DiscordAdapter, api: FakeDiscordAPI
) -> None:
    await adapter.send(Delivery("k1", outbound()))
    await adapter.send(Delivery("k1", outbound(), attempt=2))
    await adapter.send(Delivery("k2", outbound()))
    nonces = [call.json["nonce"] for call in api.calls]
    assert nonces[0] == nonces[1] != nonces[2]


async def test_thread_root_becomes_a_reply_reference(
    adapter: DiscordAdapter, api: FakeDiscordAPI
) -> None:
    await adapter.send(Delivery("k1", outbound(thread_key="proposal:3"), thread_root="1234567890"))
    assert api.calls[0].json["message_reference"] == {
        "message_id": "1234567890",
        "fail_if_not_exists": False,
    }


async def test_consent_prompt_buttons(adapter: DiscordAdapter, api: FakeDiscordAPI) -> None:
    buttons = (
        Button("Je consens", "consent #3"),
        Button("Réserve", "concern #3", needs_reason=True),
        Button("Objection", "object #3", needs_reason=True),
        Button("Abstention", "standaside #3"),
    )
    await adapter.send(
        Delivery("k1", outbound("Tour #3", kind=OutboundKind.CONSENT_PROMPT, buttons=buttons))
    )
    [row] = api.calls[0].json["components"]
    assert row["type"] == 1
    rendered = [(b["label"], b["custom_id"], b["style"]) for b in row["components"]]
    assert rendered == [
        ("Je consens", "consent #3", 3),
        ("Réserve", "reason:concern #3", 1),
        ("Objection", "reason:object #3", 4),
        ("Abstention", "standaside #3", 2),
    ]


async def test_reason_buttons_carry_the_room_language(
    adapter: DiscordAdapter, api: FakeDiscordAPI
) -> None:
    buttons = (
        Button("Je consens", "consent #3 --version 2"),
        Button("Objection", "object #3 --version 2", needs_reason=True),
    )
    prompt = outbound("Tour #3", kind=OutboundKind.CONSENT_PROMPT, buttons=buttons)
    await adapter.send(Delivery("k1", replace(prompt, extra={"lang": "en"})))
    [row] = api.calls[0].json["components"]
    assert [b["custom_id"] for b in row["components"]] == [
        "consent #3 --version 2",
        "reason:en:object #3 --version 2",
    ]


async def test_buttons_are_packed_five_per_row(
    adapter: DiscordAdapter, api: FakeDiscordAPI
) -> None:
    buttons = tuple(Button(f"Option {i}", f"vote #5 {i}") for i in range(7))
    await adapter.send(Delivery("k1", outbound("Vote #5", kind=OutboundKind.POLL, buttons=buttons)))
    rows = api.calls[0].json["components"]
    assert [len(row["components"]) for row in rows] == [5, 2]


async def test_too_long_custom_id_is_dropped_not_sent(
    adapter: DiscordAdapter, api: FakeDiscordAPI
) -> None:
    buttons = (Button("ok", "consent #3"), Button("long", "vote #5 " + "x" * 120))
    await adapter.send(Delivery("k1", outbound("Vote", buttons=buttons)))
    [row] = api.calls[0].json["components"]
    assert [b["custom_id"] for b in row["components"]] == ["consent #3"]


async def test_poll_lists_its_options(adapter: DiscordAdapter, api: FakeDiscordAPI) -> None:
    await adapter.send(
        Delivery(
            "k1", outbound("Sondage #2", kind=OutboundKind.POLL, poll_options=("Mardi", "Jeudi"))
        )
    )
    assert api.calls[0].json["content"] == "Sondage #2\n1. Mardi\n2. Jeudi"


async def test_long_text_is_split_under_2000(adapter: DiscordAdapter, api: FakeDiscordAPI) -> None:
    text = "\n".join(f"{i:03d} " + "mot " * 30 for i in range(40))
    buttons = (Button("Je consens", "consent #3"),)
    first_id = await adapter.send(Delivery("k1", outbound(text, buttons=buttons)))
    contents = [call.json["content"] for call in api.calls]
    assert len(contents) >= 3
    assert all(len(piece) <= 2000 for piece in contents)
    assert " ".join(contents).split() == text.split()  # only whitespace at the cuts is lost
    assert ["components" in call.json for call in api.calls] == [False] * (len(contents) - 1) + [
        True
    ]
    assert len({call.json["nonce"] for call in api.calls}) == len(contents)
    assert first_id is not None


async def test_calendar_file_is_uploaded(adapter: DiscordAdapter, api: FakeDiscordAPI) -> None:
    ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    await adapter.send(
        Delivery("k1", outbound("Réunion #7", attachment_name="meeting-7.ics", attachment=ics))
    )
    [call] = api.calls
    assert call.json["content"] == "Réunion #7"
    assert call.json["attachments"] == [{"id": 0, "filename": "meeting-7.ics"}]
    assert call.files == {"files[0]": ("meeting-7.ics", ics.encode())}


async def test_rate_limit_from_body(adapter: DiscordAdapter, api: FakeDiscordAPI) -> None:
    api.queue(429, {"message": "You are being rate limited.", "retry_after": 1.75, "global": False})
    with pytest.raises(RetryAfter) as caught:
        await adapter.send(Delivery("k1", outbound()))
    assert caught.value.delay == 1.75


async def test_rate_limit_from_header(adapter: DiscordAdapter, api: FakeDiscordAPI) -> None:
    api.queue(429, {"message": "slow down"}, {"Retry-After": "7"})
    with pytest.raises(RetryAfter) as caught:
        await adapter.send(Delivery("k1", outbound()))
    assert caught.value.delay == 7.0


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (403, PermanentDeliveryError),
        (404, PermanentDeliveryError),
        (400, PermanentDeliveryError),
        (500, TemporaryDeliveryError),
        (502, TemporaryDeliveryError),
    ],
)
async def test_http_errors_are_mapped(
    adapter: DiscordAdapter, api: FakeDiscordAPI, status: int, error: type[Exception]
) -> None:
    api.queue(status, {"message": "no", "code": 50001})
    with pytest.raises(error):
        await adapter.send(Delivery("k1", outbound()))


async def test_network_failure_is_temporary() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    key = SigningKey.generate().verify_key.encode().hex()
    instance = DiscordAdapter(make_settings(key, f"http://127.0.0.1:{port}"))
    try:
        with pytest.raises(TemporaryDeliveryError):
            await instance.send(Delivery("k1", outbound()))
    finally:
        await instance.stop()


async def test_non_discord_room_is_permanent(adapter: DiscordAdapter) -> None:
    with pytest.raises(PermanentDeliveryError):
        await adapter.send(Delivery("k1", Outbound(DISCORD, RoomId("!room:example.org"), "x")))


async def test_expired_interaction_token_falls_back_to_the_channel(
    adapter: DiscordAdapter, api: FakeDiscordAPI
) -> None:
    adapter.tokens.remember(
        PendingInteraction("interaction:1", CHANNEL, "old-token", time.monotonic(), False, True)
    )
    api.refuse(f"/api/v10/webhooks/{APP_ID}/", 404, {"message": "Unknown Webhook", "code": 10015})
    await adapter.send(Delivery("k1", outbound("Réponse tardive")))
    assert api.paths() == [
        ("PATCH", f"/api/v10/webhooks/{APP_ID}/old-token/messages/@original"),
        ("POST", CHANNEL_PATH),
    ]
    assert api.calls[1].json["content"] == "Réponse tardive"
    assert len(adapter.tokens) == 0


async def test_followup_window_and_reply_to(fake_api: tuple[FakeDiscordAPI, str]) -> None:
    api, base = fake_api
    key = SigningKey.generate().verify_key.encode().hex()
    adapter = DiscordAdapter(make_settings(key, base, followup_window=60))
    now = time.monotonic()
    # answered in time 10 minutes ago: outside the 60 s follow-up window
    adapter.tokens.remember(
        PendingInteraction("interaction:1", CHANNEL, "tok-a", now - 600, False, False)
    )
    await adapter.send(Delivery("k1", outbound("Échéance atteinte")))
    assert api.paths()[-1] == ("POST", CHANNEL_PATH)
    # ...unless the message says it answers that interaction
    await adapter.send(Delivery("k2", outbound("Suite", reply_to="interaction:1")))
    assert api.paths()[-1] == ("POST", f"/api/v10/webhooks/{APP_ID}/tok-a")
    # a button press a moment ago: a tally edits the prompt, other messages follow up
    adapter.tokens.remember(PendingInteraction("interaction:2", CHANNEL, "tok-b", now, True, False))
    await adapter.send(Delivery("k3", outbound("Merci")))
    assert api.paths()[-1] == ("POST", f"/api/v10/webhooks/{APP_ID}/tok-b")
    tally = outbound("2 consentements", buttons=(Button("Je consens", "consent #3"),))
    await adapter.send(Delivery("k4", tally))
    assert api.paths()[-1] == ("PATCH", f"/api/v10/webhooks/{APP_ID}/tok-b/messages/@original")
    await adapter.stop()


async def test_without_window_only_replies_use_the_token(
    adapter: DiscordAdapter, api: FakeDiscordAPI
) -> None:
    adapter.tokens.remember(
        PendingInteraction("interaction:2", CHANNEL, "tok-b", time.monotonic(), True, False)
    )
    await adapter.send(Delivery("k1", outbound("Échéance atteinte")))
    await adapter.send(Delivery("k2", outbound("Merci", reply_to="interaction:2")))
    assert api.paths() == [
        ("POST", CHANNEL_PATH),
        ("POST", f"/api/v10/webhooks/{APP_ID}/tok-b"),
    ]
