"""No forged, replayed or malformed request changes anything: the real `assemblee run` gets a
barrage of them at every webhook endpoint, and `assemblee export` (plus the raw inbox and
outbox tables) reads exactly the same before and after.

Nothing is left out of the comparison: the export holds no clock readings of its own, only
what is stored (timestamps of stored rows included), so any write would show.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.signing import SigningKey
from webhooks_clients import (
    TELEGRAM_SECRET_HEADER,
    discord_headers,
    generic_headers,
    option,
    post,
)
from webhooks_networks import INTEGRATION, Networks

from tests.integration.telegram.telegram_updates import GROUP, user

ONE_MEGABYTE = 1024 * 1024
# The attacks are signed when the list is built and sent one after another, so a timestamp
# just past the five-minute window would drift back inside it while the earlier ones run.
# Ten minutes either way stays outside; the exact edge is tested with a fixed clock in
# tests/unit/test_request_signatures.py.
STALE = 600
FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
NEWCOMER_TELEGRAM = user(555555555, "Nadia")
NEWCOMER_DISCORD = ("444444444444444444", "Nadia")


@dataclass(frozen=True)
class Attempt:
    """One request; `expected` is the status it must get (None: any 2xx/4xx)."""

    what: str
    path: str
    body: bytes
    headers: dict[str, str]
    expected: int | None


async def fire(networks: Networks, attempt: Attempt) -> int:
    url = networks.bot.url(attempt.path)
    try:
        async with networks.http.post(url, data=attempt.body, headers=attempt.headers) as answer:
            await answer.read()
            return answer.status
    except aiohttp.ClientError as error:  # the server hung up on an upload it refused
        raise AssertionError(f"{attempt.what}: connection failed: {error!r}") from error


def snapshot_tables(networks: Networks) -> dict[str, Any]:
    query = networks.bot.query
    return {
        "inbox": query("SELECT platform, event_id, handled FROM inbox ORDER BY id"),
        "outbox": query("SELECT key, status FROM outbox ORDER BY id"),
    }


# --- the legitimate activity the junk must not disturb --------------------------------------


@dataclass
class Seen:
    """Valid requests sent before the barrage, replayed during it (the Discord and generic
    ones also byte for byte, with their original signature headers)."""

    telegram_update: bytes
    discord_interaction: dict[str, Any]
    discord_request: tuple[bytes, dict[str, str]]
    generic_message: bytes
    generic_request: tuple[bytes, dict[str, str]]
    slash_form: bytes


async def some_activity(networks: Networks) -> Seen:
    telegram = networks.telegram
    update = networks.updates.message("/join", sender=user(111111111, "Amina"))
    raw_update = json.dumps(update).encode()
    assert (await telegram.raw(raw_update, secret=telegram.secret))[0] == 200
    opened = networks.updates.message("/propose Jardin partagé", sender=user(111111111, "Amina"))
    assert await telegram.send(opened) == 200

    d = networks.discord
    joined = d.command("join", ("111111111111111111", "Aline"))
    assert (await d.send(joined))[1]["type"] == 4
    proposal = json.dumps(
        d.command("propose", ("111111111111111111", "Aline"), option("title", "Cantine"))
    ).encode()
    proposal_headers = discord_headers(networks.discord_key, proposal)
    status, answer = await post(networks.http, d.url, proposal, proposal_headers)
    assert status == 200 and "#1" in answer["data"]["content"]

    g = networks.generic
    message = {"room": "place", "sender": "alice", "text": "!join", "event_id": "seen-1"}
    raw_message = json.dumps(message).encode()
    await g.say("place", "alice", "!join", event_id="seen-1")
    opened = json.dumps(
        {"room": "place", "sender": "alice", "text": "!propose Vélos", "event_id": "seen-2"}
    ).encode()
    opened_headers = generic_headers(networks.webhook_secret, opened)
    status, answer = await post(networks.http, networks.bot.url(f"/webhook/{INTEGRATION}"),
                                opened, opened_headers)
    assert status == 200 and "#1" in answer["replies"][0]["text"]
    form = {
        "token": networks.slash_token,
        "channel_id": "chan-1",
        "user_id": "u-1",
        "user_name": "u1",
        "command": "/assemblee",
        "text": "join",
        "trigger_id": "seen-trigger",
    }
    raw_form = urlencode(form).encode()
    status, _ = await g.slash("chan-1", "u-1", "join", trigger_id="seen-trigger")
    assert status == 200
    await networks.bot.wait_idle()
    return Seen(
        raw_update,
        joined,
        (proposal, proposal_headers),
        raw_message,
        (opened, opened_headers),
        raw_form,
    )


# --- named attacks ---------------------------------------------------------------------------


def attacks(networks: Networks, seen: Seen) -> list[Attempt]:
    now = int(time.time())
    secret = networks.telegram.secret
    tg = "/telegram/webhook"
    json_type = {"Content-Type": "application/json"}
    newcomer_update = json.dumps(
        networks.updates.message("/join", sender=NEWCOMER_TELEGRAM, chat_id=GROUP)
    ).encode()

    def tg_headers(value: str | None) -> dict[str, str]:
        return json_type | ({TELEGRAM_SECRET_HEADER: value} if value is not None else {})

    d = networks.discord
    key = networks.discord_key
    dc = "/discord/interactions"
    newcomer = json.dumps(d.command("join", NEWCOMER_DISCORD)).encode()
    replayed = json.dumps(seen.discord_interaction).encode()
    tampered_headers = discord_headers(key, newcomer)
    other_key = SigningKey.generate()

    hook = f"/webhook/{INTEGRATION}"
    hook_secret = networks.webhook_secret
    fresh = json.dumps(
        {"room": "place", "sender": "mallory", "text": "!join", "event_id": "never-seen"}
    ).encode()
    slash = f"/slash/{INTEGRATION}"
    form_type = {"Content-Type": "application/x-www-form-urlencoded"}

    def form(**fields: str) -> bytes:
        base = {"channel_id": "chan-1", "user_id": "mallory", "text": "join"}
        return urlencode(base | fields).encode()

    big_json = json.dumps({"junk": "x" * ONE_MEGABYTE}).encode()
    return [
        # Telegram: the secret header first, then the body
        Attempt("telegram forged secret", tg, newcomer_update, tg_headers(secret[:-1] + ("B" if secret.endswith("A") else "A")), 401),
        Attempt("telegram no secret", tg, newcomer_update, tg_headers(None), 401),
        Attempt("telegram secret upper-cased", tg, newcomer_update, tg_headers(secret.upper()), 401),
        Attempt("telegram empty secret", tg, newcomer_update, tg_headers(""), 401),
        Attempt("telegram forged + 1 MB", tg, big_json, tg_headers("nope"), 401),
        Attempt("telegram 1 MB", tg, big_json, tg_headers(secret), 413),
        Attempt("telegram garbage", tg, b"\x00\xffnot json{", tg_headers(secret), 400),
        Attempt("telegram array", tg, b"[1, 2, 3]", tg_headers(secret), 400),
        Attempt("telegram bad update_id", tg, b'{"update_id": "x"}', tg_headers(secret), 400),
        Attempt("telegram deep nesting", tg, b"[" * 100_000, tg_headers(secret), 400),
        Attempt("telegram empty body", tg, b"", tg_headers(secret), 400),
        Attempt("telegram redelivered update", tg, seen.telegram_update, tg_headers(secret), 200),
        # Discord: Ed25519 over timestamp + body, five minutes either way, then the body
        Attempt("discord other key", dc, newcomer, discord_headers(other_key, newcomer), 401),
        Attempt("discord no signature", dc, newcomer, json_type, 401),
        Attempt("discord stale", dc, newcomer, discord_headers(key, newcomer, now - STALE), 401),
        Attempt("discord future", dc, newcomer, discord_headers(key, newcomer, now + STALE), 401),
        Attempt("discord tampered", dc, newcomer.replace(b"join", b"leave"), tampered_headers, 401),
        Attempt(
            "discord signature not hex",
            dc,
            newcomer,
            tampered_headers | {"X-Signature-Ed25519": "zz" * 64},
            401,
        ),
        Attempt("discord 1 MB", dc, big_json, discord_headers(key, big_json), 413),
        Attempt("discord garbage", dc, b"\x00garbage", discord_headers(key, b"\x00garbage"), 400),
        Attempt("discord array", dc, b"[]", discord_headers(key, b"[]"), 400),
        Attempt(
            "discord no user",
            dc,
            b'{"type": 2, "id": "123456", "token": "t", "channel_id": "123456"}',
            discord_headers(key, b'{"type": 2, "id": "123456", "token": "t", "channel_id": "123456"}'),
            400,
        ),
        Attempt("discord replayed interaction", dc, replayed, discord_headers(key, replayed), 200),
        Attempt("discord exact replay", dc, *seen.discord_request, 200),
        # generic webhook: HMAC-SHA256 over "<timestamp>.<body>", five minutes either way
        Attempt("generic unsigned", hook, fresh, json_type, 401),
        Attempt("generic wrong secret", hook, fresh, generic_headers("not-the-secret", fresh), 401),
        Attempt("generic stale", hook, fresh, generic_headers(hook_secret, fresh, now - STALE), 401),
        Attempt("generic future", hook, fresh, generic_headers(hook_secret, fresh, now + STALE), 401),
        Attempt(
            "generic tampered",
            hook,
            fresh.replace(b"mallory", b"alice"),
            generic_headers(hook_secret, fresh),
            401,
        ),
        Attempt("generic 1 MB", hook, big_json, generic_headers(hook_secret, big_json), 413),
        Attempt("generic garbage", hook, b"{]", generic_headers(hook_secret, b"{]"), 400),
        Attempt(
            "generic missing fields",
            hook,
            b'{"room": "place"}',
            generic_headers(hook_secret, b'{"room": "place"}'),
            400,
        ),
        Attempt("generic unknown integration", "/webhook/nobody", fresh, json_type, 404),
        Attempt(
            "generic replayed event",
            hook,
            seen.generic_message,
            generic_headers(hook_secret, seen.generic_message),
            200,
        ),
        Attempt("generic exact replay", hook, *seen.generic_request, 200),
        # slash commands: the integration's token
        Attempt("slash wrong token", slash, form(token="wrong-token"), form_type, 401),
        Attempt("slash no token", slash, form(), form_type, 401),
        Attempt("slash 1 MB", slash, form(token=networks.slash_token, text="x" * ONE_MEGABYTE), form_type, 413),
        Attempt(
            "slash repeated field",
            slash,
            form(token=networks.slash_token) + b"&channel_id=other",
            form_type,
            400,
        ),
        Attempt("slash replayed trigger", slash, seen.slash_form, form_type, 200),
    ]


# --- generated junk ---------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=15,
)
# Bodies shaped like each network's payloads (known keys, junk values) and plain noise. An
# `event_id` is never a string, so even all-string fields never make a valid webhook message.
shaped = st.fixed_dictionaries(
    {},
    optional={
        "update_id": st.integers() | st.text(max_size=5),
        "message": json_values,
        "callback_query": json_values,
        "type": st.integers(min_value=0, max_value=6),
        "id": st.text(max_size=20),
        "token": st.text(max_size=20),
        "data": json_values,
        "room": json_values,
        "sender": json_values,
        "text": json_values,
        "event_id": json_values.filter(lambda value: not isinstance(value, str)),
    },
)
bodies = st.one_of(
    st.binary(max_size=400),
    json_values.map(lambda value: json.dumps(value).encode()),
    shaped.map(lambda value: json.dumps(value).encode()),
)
AUTH = ("none", "forged", "valid", "stale")
ENDPOINTS = ("telegram", "discord", "generic", "slash")


def junk_attempt(networks: Networks, endpoint: str, auth: str, body: bytes) -> Attempt:
    now = int(time.time())
    stamp = now - 400 if auth == "stale" else now
    headers: dict[str, str] = {}
    if endpoint == "telegram":
        path = "/telegram/webhook"
        if auth != "none":
            good = networks.telegram.secret
            headers[TELEGRAM_SECRET_HEADER] = good if auth == "valid" else good[::-1]
    elif endpoint == "discord":
        path = "/discord/interactions"
        if auth != "none":
            key = networks.discord_key if auth != "forged" else SigningKey(b"\x01" * 32)
            headers = discord_headers(key, body, stamp)
    elif endpoint == "generic":
        path = f"/webhook/{INTEGRATION}"
        if auth != "none":
            secret = networks.webhook_secret if auth != "forged" else "forged-secret-123456"
            headers = generic_headers(secret, body, stamp)
    else:
        path = f"/slash/{INTEGRATION}"
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if auth == "valid":
            body = body + b"&token=" + networks.slash_token.encode()
        elif auth == "forged":
            body = body + b"&token=forged"
    return Attempt(f"junk {endpoint} {auth}", path, body, headers, None)


async def test_nothing_forged_or_malformed_changes_the_database(networks: Networks) -> None:
    seen = await some_activity(networks)
    before = await networks.bot.export()
    tables = snapshot_tables(networks)
    assert len(before["assemblies"]) == 4  # Telegram, Discord, a webhook room, a slash channel

    for attempt in attacks(networks, seen):
        status = await fire(networks, attempt)
        assert status == attempt.expected, f"{attempt.what}: {status}"

    loop = asyncio.get_running_loop()
    statuses: dict[tuple[str, str], set[int]] = {}

    @FUZZ
    @given(
        endpoint=st.sampled_from(ENDPOINTS),
        auth=st.sampled_from(AUTH),
        body=bodies,
    )
    def junk(endpoint: str, auth: str, body: bytes) -> None:
        attempt = junk_attempt(networks, endpoint, auth, body)
        status = asyncio.run_coroutine_threadsafe(fire(networks, attempt), loop).result(30)
        statuses.setdefault((endpoint, auth), set()).add(status)
        assert status < 500, attempt
        if auth != "valid":
            assert status == 401, attempt  # a wrong or missing signature is all they learn

    await asyncio.to_thread(junk)
    # the junk reached each endpoint both signed and unsigned
    assert {endpoint for endpoint, _ in statuses} == set(ENDPOINTS)

    await networks.bot.wait_idle()
    await asyncio.sleep(0.5)  # anything a request set off has had time to be written
    assert networks.bot.running()
    after = await networks.bot.export()
    assert after == before
    assert snapshot_tables(networks) == tables
    assert networks.bot.errors() == []
