"""Loopback servers and helpers for the Discord adapter tests.

Two real aiohttp servers on 127.0.0.1 (free ports): the adapter's interactions route,
and a fake Discord REST API that records every call. Both stop at fixture teardown and,
as a watchdog, by themselves after `MAX_LIFETIME` seconds; they live inside the test
process, so they also end with it.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from nacl.signing import SigningKey

from adapters.base import DEFERRED, DUPLICATE, InlineResult, RecordingSink
from adapters.discord import DiscordAdapter, DiscordSettings
from core.messages import Inbound

MAX_LIFETIME = 120.0
APP_ID = "112233445566778899"
BOT_TOKEN = "test-bot-token-0123456789abcdef"


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


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: Any = None
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)


class FakeDiscordAPI:
    """Records calls; answers from a queue of canned responses, else a plausible success."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.queued: list[tuple[int, Any, dict[str, str]]] = []
        self.rules: list[tuple[str, int, Any]] = []  # (path prefix, status, body): sticky
        self._next_id = 900000000000000000
        self.app = web.Application()
        self.app.router.add_route("*", "/{tail:.*}", self._handle)

    def queue(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        self.queued.append((status, body, headers or {}))

    def refuse(self, path_prefix: str, status: int, body: Any = None) -> None:
        self.rules.append((path_prefix, status, body))

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        call = Call(
            request.method,
            request.path,
            dict(request.query),
            {key: value for key, value in request.headers.items()},
        )
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            while True:
                part = await reader.next()
                if part is None:
                    break
                assert isinstance(part, aiohttp.BodyPartReader)
                content = await part.read()
                if part.name == "payload_json":
                    call.json = json.loads(content)
                else:
                    call.files[str(part.name)] = (str(part.filename), bytes(content))
        elif request.can_read_body:
            call.json = await request.json()
        self.calls.append(call)
        if request.method == "POST" and isinstance(call.json, dict) and not call.files and not any(
            call.json.get(key) for key in ("content", "embeds", "components", "attachments", "poll")
        ) and "/callback" not in request.path:
            # as Discord does: a message with nothing in it is refused
            return web.json_response({"message": "Cannot send an empty message", "code": 50006}, status=400)
        for prefix, status, body in self.rules:
            if request.path.startswith(prefix):
                return web.json_response(body or {"message": "refused"}, status=status)
        if self.queued:
            status, body, headers = self.queued.pop(0)
            return web.json_response(body, status=status, headers=headers)
        if request.method == "PUT" and request.path.endswith("/commands"):
            commands = call.json if isinstance(call.json, list) else []
            return web.json_response(
                [dict(command, id=str(self._next_id + i)) for i, command in enumerate(commands)]
            )
        if request.path.endswith("/callback"):
            return web.Response(status=204)
        self._next_id += 1
        return web.json_response({"id": str(self._next_id), "channel_id": "1"})

    def paths(self) -> list[tuple[str, str]]:
        return [(call.method, call.path) for call in self.calls]


class ScriptedSink(RecordingSink):
    """A RecordingSink that takes `delay` seconds to answer and can fail.

    `honour_timeout=True` behaves like the real sink: past the timeout it answers
    DEFERRED (the outbox will deliver); False keeps going and returns the replies late.
    `duplicate_delay` makes the answer for an already seen event slow too;
    `defer_at_once` answers DEFERRED without waiting (the outbox sender got there first).
    """

    def __init__(self) -> None:
        super().__init__()
        self.delay = 0.0
        self.honour_timeout = True
        self.error: Exception | None = None
        self.duplicate_delay = 0.0
        self.defer_at_once = False
        self.timeouts: list[float] = []

    async def accept_and_wait(self, inbound: Inbound, timeout: float = 2.5) -> InlineResult:
        self.timeouts.append(timeout)
        if self.error is not None:
            raise self.error
        if not await self.accept(inbound):
            await asyncio.sleep(self.duplicate_delay)
            return DUPLICATE
        if self.defer_at_once:
            return DEFERRED
        if self.delay:
            if self.honour_timeout and self.delay > timeout:
                await asyncio.sleep(timeout)
                return DEFERRED
            await asyncio.sleep(self.delay)
        return InlineResult.answered(self.replies)


class Signer:
    def __init__(self, key: SigningKey) -> None:
        self.key = key

    def headers(self, body: bytes, timestamp: int | None = None) -> dict[str, str]:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        signature = self.key.sign(stamp.encode() + body).signature.hex()
        return {
            "X-Signature-Ed25519": signature,
            "X-Signature-Timestamp": stamp,
            "Content-Type": "application/json",
        }


@dataclass
class DiscordHarness:
    url: str  # the interactions endpoint
    adapter: DiscordAdapter
    sink: ScriptedSink
    api: FakeDiscordAPI
    signer: Signer
    client: aiohttp.ClientSession
    settings: DiscordSettings
    _counter: int = 0

    def next_id(self) -> str:
        self._counter += 1
        return str(1300000000000000000 + self._counter)

    async def post_raw(self, body: bytes, headers: dict[str, str]) -> tuple[int, Any]:
        async with self.client.post(self.url, data=body, headers=headers) as response:
            raw = await response.read()
            try:
                return response.status, json.loads(raw) if raw else None
            except ValueError:
                return response.status, raw

    async def post(
        self, interaction: dict[str, Any], timestamp: int | None = None
    ) -> tuple[int, Any]:
        body = json.dumps(interaction).encode()
        return await self.post_raw(body, self.signer.headers(body, timestamp))

    def interaction(
        self,
        kind: int,
        data: dict[str, Any] | None = None,
        *,
        user_id: str = "4242424242",
        channel_id: str = "5555555555",
        permissions: str | None = "0",
        locale: str = "fr",
        message: dict[str, Any] | None = None,
        interaction_id: str | None = None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": interaction_id or self.next_id(),
            "application_id": APP_ID,
            "type": kind,
            "token": f"tok-{self._counter}-abcdef",
            "version": 1,
            "channel_id": channel_id,
            "channel": {"id": channel_id, "type": 0, "name": "assemblee-generale", "guild_id": "7777777777"},
            "guild_id": "7777777777",
            "locale": locale,
        }
        if data is not None:
            body["data"] = data
        user = {"id": user_id, "username": "alice", "global_name": "Alice"}
        if permissions is None:
            body["user"] = user
        else:
            body["member"] = {"user": user, "permissions": permissions, "nick": None}
        if message is not None:
            body["message"] = message
        return body

    async def wait_for_calls(self, count: int, timeout: float = 3.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.api.calls) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} API calls, got {self.api.paths()}")
            await asyncio.sleep(0.02)


@pytest.fixture
def signing_key() -> SigningKey:
    return SigningKey.generate()


@pytest.fixture
async def fake_api() -> AsyncIterator[tuple[FakeDiscordAPI, str]]:
    api = FakeDiscordAPI()
    async with serve(api.app) as base:
        yield api, base


def make_settings(public_key: str, api_base: str, **overrides: Any) -> DiscordSettings:
    values: dict[str, Any] = {
        "application_id": APP_ID,
        "public_key": public_key,
        "bot_token": BOT_TOKEN,
        "api_base": api_base + "/api/v10",
        "reply_timeout": 0.3,
    }
    values.update(overrides)
    return DiscordSettings(**values)


@pytest.fixture
async def discord(
    signing_key: SigningKey, fake_api: tuple[FakeDiscordAPI, str]
) -> AsyncIterator[DiscordHarness]:
    api, base = fake_api
    settings = make_settings(signing_key.verify_key.encode().hex(), base)
    adapter = DiscordAdapter(settings)
    sink = ScriptedSink()
    await adapter.start(sink)
    app = web.Application()
    app.add_routes(adapter.routes())
    async with serve(app) as url, aiohttp.ClientSession() as client:
        yield DiscordHarness(
            url + settings.interactions_path,
            adapter,
            sink,
            api,
            Signer(signing_key),
            client,
            settings,
        )
        await adapter.drain()
    await adapter.stop()


# --- slash command cases ------------------------------------------------------------


def opt(name: str, value: Any) -> dict[str, Any]:
    kinds = {bool: 5, int: 4}
    return {"name": name, "type": kinds.get(type(value), 3), "value": value}


def slash(name: str, *options: dict[str, Any]) -> dict[str, Any]:
    return {"id": "1", "name": name, "type": 1, "options": list(options)}


# Every command of the chat contract, with what the core must receive.
SLASH_CASES: list[tuple[str, list[dict[str, Any]], str]] = [
    ("propose", [opt("title", "Jardin partagé")], "!propose Jardin partagé"),
    (
        "propose",
        [
            opt("title", "Budget 2027"),
            opt("body", "Répartir le budget\nentre les pôles"),
            opt("method", "vote"),
            opt("options", "A | B | C"),
            opt("deadline", "72h"),
            opt("quorum", "50%"),
            opt("threshold", "2/3"),
            opt("anonymous", True),
            opt("hide-results", False),
        ],
        (
            '!propose --method vote --options "A | B | C" --deadline 72h --quorum 50%'
            " --threshold 2/3 --anonymous Budget 2027\nRépartir le budget\nentre les pôles"
        ),
    ),
    ("ask", [opt("number", 3), opt("question", "Qui arrose ?")], "!ask #3 Qui arrose ?"),
    ("answer", [opt("number", 3), opt("text", "Chacun son tour")], "!answer #3 Chacun son tour"),
    ("react", [opt("number", 3), opt("text", "Bonne idée")], "!react #3 Bonne idée"),
    ("next", [opt("number", 3)], "!next #3"),
    ("consent", [opt("number", 3)], "!consent #3"),
    ("concern", [opt("number", 3), opt("text", "le coût")], "!concern #3 le coût"),
    ("object", [opt("number", 3), opt("reason", "trop cher")], "!object #3 trop cher"),
    ("standaside", [opt("number", 3)], "!standaside #3"),
    ("amend", [opt("number", 3), opt("text", "Nouveau texte")], "!amend #3 Nouveau texte"),
    ("withdraw-objection", [opt("number", 3)], "!withdraw-objection #3"),
    ("close", [opt("number", 3)], "!close #3"),
    ("close", [opt("number", 3), opt("decision", "On prend la coop")], "!close #3 On prend la coop"),
    ("withdraw", [opt("number", 3)], "!withdraw #3"),
    ("status", [opt("number", 12)], "!status #12"),
    ("status", [], "!status"),
    ("todo", [], "!todo"),
    ("decisions", [], "!decisions"),
    ("propose", [opt("title", "Chauffer le local"), opt("tension", 2)], "!propose --tension 2 Chauffer le local"),
    ("tension", [opt("text", "Le local est froid\nle mardi")], "!tension Le local est froid le mardi"),
    ("tension", [opt("text", "#2 odj")], "!tension #2 odj"),
    ("tensions", [], "!tensions"),
    ("help", [], "!help"),
    ("help", [opt("command", "propose")], "!help propose"),
    ("agree", [opt("number", 4)], "!agree #4"),
    ("disagree", [opt("number", 4)], "!disagree #4"),
    ("abstain", [opt("number", 4)], "!abstain #4"),
    (
        "block",
        [opt("number", 4), opt("reason", "contraire à la charte")],
        "!block #4 contraire à la charte",
    ),
    ("vote", [opt("number", 5), opt("option", "B")], "!vote #5 B"),
    (
        "advise",
        [opt("number", 6), opt("text", "Demander à la mairie")],
        "!advise #6 Demander à la mairie",
    ),
    (
        "schedule",
        [
            opt("title", "AG de décembre"),
            opt("slots", "2026-12-03 18:30-20:30 | 2026-12-05 10:00-12:00"),
        ],
        '!schedule AG de décembre --slots "2026-12-03 18:30-20:30 | 2026-12-05 10:00-12:00"',
    ),
    ("avail", [opt("number", 2), opt("answers", "yes no maybe")], "!avail #2 yes no maybe"),
    ("finalize", [opt("number", 2)], "!finalize #2"),
    ("finalize", [opt("number", 2), opt("slot", "2")], "!finalize #2 2"),
    (
        "meeting",
        [
            opt("title", "Assemblée"),
            opt("when", "2026-12-03 18:30"),
            opt("place", "Maison du peuple"),
            opt("every", "2nd tue"),
        ],
        '!meeting Assemblée 2026-12-03 18:30 --place "Maison du peuple" --every "2nd tue"',
    ),
    ("rsvp", [opt("number", 7), opt("answer", "maybe")], "!rsvp #7 maybe"),
    ("agenda", [opt("number", 7)], "!agenda #7"),
    ("agenda", [opt("number", 7), opt("add", "Point vélo")], "!agenda #7 add Point vélo"),
    (
        "note",
        [opt("number", 7), opt("text", "Décidé à l'unanimité")],
        "!note #7 Décidé à l'unanimité",
    ),
    ("ics", [opt("number", 7)], "!ics #7"),
    ("ics", [], "!ics"),
    ("calendar", [], "!calendar"),
    ("calendar", [opt("visibility", "private")], "!calendar private"),
    (
        "swap",
        [
            opt("number", 7),
            opt("role", "facilitator"),
            {"name": "member", "type": 6, "value": "9876543210"},
        ],
        "!swap #7 facilitator @discord:9876543210",
    ),
    ("round", [opt("number", 7), opt("live", True)], "!round #7 --live"),
    (
        "record",
        [
            opt("number", 7),
            {"name": "member", "type": 6, "value": "9876543210"},
            opt("position", "concern"),
        ],
        "!record #7 @discord:9876543210 concern",
    ),
    ("minutes", [opt("number", 7)], "!minutes #7"),
    ("cancel", [opt("number", 7)], "!cancel #7"),
    (
        "reschedule",
        [opt("number", 7), opt("when", "2026-12-10 18:30")],
        "!reschedule #7 2026-12-10 18:30",
    ),
    ("join", [], "!join"),
    ("leave", [], "!leave"),
    ("link", [], "!link"),
    ("link", [opt("code", "K7P-22Q")], "!link K7P-22Q"),
    ("link", [opt("code", " retirer ")], "!link retirer"),  # as `!lier retirer`
    ("federate", [], "!federate"),
    ("federate", [opt("text", "inviter")], "!federate inviter"),
    ("federate", [opt("text", "abcd-ef23 ")], "!federate abcd-ef23"),
    ("federate", [opt("text", "retirer  2")], "!federate retirer 2"),
    ("lang", [opt("language", "en")], "!lang en"),
    ("tz", [opt("zone", "Europe/Paris")], "!tz Europe/Paris"),
    (
        "role",
        [{"name": "member", "type": 6, "value": "9876543210"}, opt("role", "catalyser")],
        "!role @discord:9876543210 catalyser",
    ),
    (
        "role",
        [{"name": "member", "type": 6, "value": "9876543210"}, opt("role", "catalyseur"), opt("term", "6m")],
        "!role @discord:9876543210 catalyseur --term 6m",
    ),
    (
        "role",
        [opt("term", "3 semaines"), opt("role", "facilitator"), {"name": "member", "type": 6, "value": "42"}],
        '!role @discord:42 facilitator --term "3 semaines"',
    ),
    ("role", [], "!role"),
    ("welcome", [], "!welcome"),
    ("welcome", [opt("text", " retirer ")], "!welcome retirer"),  # as `!bienvenue retirer`
    ("welcome", [opt("text", "Bienvenue ! On se voit mardi.")], "!welcome Bienvenue ! On se voit mardi."),
    ("export-me", [], "!export-me"),
    ("forget-me", [], "!forget-me"),
]
