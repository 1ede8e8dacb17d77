"""A button press on a round's message redraws that message with the tally (UPDATE_MESSAGE);
a refused press is answered to the presser alone and changes nothing (real pipeline and
core on SQLite, signed HTTP, fake Discord REST API on loopback)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from itertools import count
from typing import Any

import aiohttp
import pytest
from discord_harness import APP_ID, FakeDiscordAPI, Signer, make_settings, opt, slash
from nacl.signing import SigningKey

from adapters.discord import DiscordAdapter
from app.pipeline import Pipeline
from adapters.discord.render import slash_hints
from core.i18n import translate
from storage.models import PositionRow

ALICE, BOB, CAROL, DAVE = "111111111111111111", "222222222222222222", "333333333333333333", "444444444444444444"
CHANNEL = "5555555555"


class Room:
    def __init__(self, url: str, signer: Signer, client: aiohttp.ClientSession, api: FakeDiscordAPI,
                 adapter: DiscordAdapter, pipeline: Pipeline) -> None:
        self.url, self.signer, self.client, self.api, self.adapter = url, signer, client, api, adapter
        self.pipeline = pipeline
        self.ids = count(1)

    async def post(self, body: dict[str, Any]) -> dict[str, Any]:
        raw = json.dumps(body).encode()
        async with self.client.post(self.url, data=raw, headers=self.signer.headers(raw)) as answer:
            assert answer.status == 200
            data: dict[str, Any] = await answer.json()
            return data

    def _body(self, kind: int, user: str, data: dict[str, Any], message: dict[str, Any] | None) -> dict[str, Any]:
        number = next(self.ids)
        body: dict[str, Any] = {
            "id": str(1600000000000000000 + number), "application_id": APP_ID, "type": kind,
            "token": f"token-{number}", "channel_id": CHANNEL, "guild_id": "7777777777", "locale": "fr",
            "member": {"user": {"id": user, "username": f"u{user[:3]}"}, "permissions": "0"},
            "data": data,
        }
        if message is not None:
            body["message"] = message
        return body

    async def command(self, user: str, data: dict[str, Any]) -> dict[str, Any]:
        return await self.post(self._body(2, user, data, None))

    async def press(self, user: str, message: dict[str, Any], custom_id: str) -> dict[str, Any]:
        data = {"custom_id": custom_id, "component_type": 2}
        return await self.post(self._body(3, user, data, message))

    async def ephemeral_followups(self) -> list[dict[str, Any]]:
        await self.adapter.drain()
        return [call.json for call in self.api.calls
                if call.method == "POST" and call.path.startswith(f"/api/v10/webhooks/{APP_ID}/")
                and call.json.get("flags") == 64]


@pytest.fixture
async def room(served: Any, fake_api: tuple[FakeDiscordAPI, str]) -> AsyncIterator[Room]:
    api, base = fake_api
    key = SigningKey.generate()
    adapter = DiscordAdapter(make_settings(key.verify_key.encode().hex(), base, reply_timeout=REPLY_TIMEOUT))
    async with served(adapter, "discord") as s:
        yield Room(s.root + "/discord/interactions", Signer(key), s.client, api, adapter, s.pipeline)


REPLY_TIMEOUT = 1.0


async def open_round(room: Room, *options: dict[str, Any]) -> dict[str, Any]:
    """Alice, Bob and Carol join; Alice proposes and opens the decision. The round's message."""
    for user in (ALICE, BOB, CAROL):
        assert (await room.command(user, slash("join")))["type"] == 4
    proposed = await room.command(ALICE, slash("propose", opt("title", "Jardin partagé"), *options))
    number = int(proposed["data"]["content"].split("#", 1)[1].split()[0].strip(" «»\"'.,:"))
    await room.command(ALICE, slash("next", opt("number", number)))
    opened = await room.command(ALICE, slash("next", opt("number", number)))
    assert opened["type"] == 4 and opened["data"]["components"]
    return {"id": "1700000000000000001", "channel_id": CHANNEL, "content": opened["data"]["content"],
            "components": opened["data"]["components"]}


def custom_ids(components: list[dict[str, Any]]) -> list[str]:
    return [button["custom_id"] for row in components for button in row["components"]]


def button(message: dict[str, Any], verb: str) -> str:
    return next(cid for cid in custom_ids(message["components"]) if cid.startswith(verb))


async def test_a_press_redraws_the_round_with_the_tally_and_keeps_the_buttons(room: Room) -> None:
    message = await open_round(room)
    answer = await room.press(BOB, message, button(message, "consent"))
    assert answer["type"] == 7
    content = answer["data"]["content"]
    assert content.startswith(message["content"])  # the round's own text stays
    assert content.endswith("📊 " + translate("tally.line", "fr", participated=1, electorate=3,
                                               counts="consentement 1"))
    assert answer["data"]["components"] == message["components"]
    confirmations = await room.ephemeral_followups()
    assert len(confirmations) == 1 and "#1" in confirmations[0]["content"]

    # A second press on the redrawn message replaces the tally line, not adds one.
    redrawn = dict(message, content=content)
    answer = await room.press(CAROL, redrawn, button(message, "standaside"))
    assert answer["type"] == 7
    assert answer["data"]["content"].count("📊") == 1
    assert "2/3" in answer["data"]["content"] and "abstention 1" in answer["data"]["content"]
    assert await PositionRow.all().count() == 2


@pytest.mark.parametrize(("option", "key"), [("hide-results", "tally.hidden"), ("anonymous", "tally.anonymous")])
async def test_hidden_results_and_anonymous_rounds_show_only_how_many_took_part(
    room: Room, option: str, key: str
) -> None:
    message = await open_round(room, opt(option, True))
    answer = await room.press(BOB, message, button(message, "consent"))
    assert answer["type"] == 7
    counted = translate(key, "fr", participated=1, electorate=3)
    assert answer["data"]["content"].endswith("📊 " + counted)
    assert "consentement 1" not in answer["data"]["content"]
    assert answer["data"]["components"] == message["components"]


async def test_a_refused_press_is_told_to_the_presser_alone_and_changes_nothing(room: Room) -> None:
    message = await open_round(room)
    await room.adapter.drain()
    calls = len(room.api.calls)
    outsider = await room.press(DAVE, message, button(message, "consent"))  # never joined
    assert outsider["type"] == 4 and outsider["data"]["flags"] == 64
    assert outsider["data"]["content"] == slash_hints(translate("member.not_member", "fr"))
    assert "/rejoindre" in outsider["data"]["content"]  # says what to type
    assert "components" not in outsider["data"]
    assert await PositionRow.all().count() == 0
    await room.adapter.drain()
    assert room.api.calls[calls:] == []  # nothing posted in the channel either

    # Outside the round: the proposal was withdrawn, its buttons now count for nothing.
    await room.command(ALICE, slash("withdraw", opt("number", 1)))
    late = await room.press(BOB, message, button(message, "consent"))
    assert late["type"] == 4 and late["data"]["flags"] == 64
    assert "#1" in late["data"]["content"]
    assert await PositionRow.all().count() == 0


async def test_the_press_that_ends_the_round_takes_the_buttons_away(room: Room) -> None:
    message = await open_round(room)
    for user in (ALICE, BOB):
        assert (await room.press(user, message, button(message, "consent")))["type"] == 7
    last = await room.press(CAROL, message, button(message, "consent"))
    assert last["type"] == 7
    assert last["data"]["components"] == []
    assert "3/3" in last["data"]["content"]
    await room.adapter.drain()
    public = [call.json["content"] for call in room.api.calls
              if call.method == "POST" and "/webhooks/" in call.path and "flags" not in call.json]
    assert any("#1" in text for text in public)  # the close is announced to the room


def slow_handling(room: Room, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every event now takes longer to handle than Discord waits for an answer."""
    handle = room.pipeline._handle

    async def slow(*args: Any) -> Any:
        await asyncio.sleep(REPLY_TIMEOUT + 0.3)
        return await handle(*args)

    monkeypatch.setattr(room.pipeline, "_handle", slow)


async def test_a_slow_press_redraws_the_round_when_its_answer_comes(
    room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Handling that outlasts Discord's wait is answered "deferred" (type 6); when the outbox
    delivers the answer, the round's message is redrawn with the tally all the same and the
    confirmation goes to the presser alone."""
    message = await open_round(room)
    await room.adapter.drain()
    calls = len(room.api.calls)
    slow_handling(room, monkeypatch)
    answer = await room.press(BOB, message, button(message, "consent"))
    assert answer == {"type": 6}  # deferred: the message stays as it is for now
    for _ in range(100):
        if await PositionRow.all().count() == 1:
            break
        await asyncio.sleep(0.05)
    assert await PositionRow.all().count() == 1
    await asyncio.sleep(0.05)  # the hold on its replies is released once it is handled
    assert await room.pipeline.deliver_pending() >= 1
    await room.adapter.drain()

    made = room.api.calls[calls:]
    token = f"token-{next(room.ids) - 1}"
    [redraw] = [call for call in made if call.method == "PATCH"]
    assert redraw.path == f"/api/v10/webhooks/{APP_ID}/{token}/messages/@original"
    assert redraw.json["content"].startswith(message["content"])
    assert redraw.json["content"].endswith("📊 " + translate("tally.line", "fr", participated=1, electorate=3,
                                                              counts="consentement 1"))
    assert redraw.json["components"] == message["components"]
    posted = [call.json for call in made if call.method == "POST"]
    assert len(posted) == 1 and posted[0]["flags"] == 64 and "#1" in posted[0]["content"]


async def test_a_slow_refused_press_is_told_to_the_presser_alone(
    room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = await open_round(room)
    await room.adapter.drain()
    calls = len(room.api.calls)
    slow_handling(room, monkeypatch)
    assert await room.press(DAVE, message, button(message, "consent")) == {"type": 6}  # never joined
    await asyncio.sleep(REPLY_TIMEOUT + 0.5)
    assert await room.pipeline.deliver_pending() >= 1
    await room.adapter.drain()
    made = room.api.calls[calls:]
    assert [call.method for call in made] == ["POST"]  # no redraw: nothing changed
    assert made[0].json["flags"] == 64 and "/rejoindre" in made[0].json["content"]
    assert await PositionRow.all().count() == 0


def patches(room: Room) -> dict[str, dict[str, Any]]:
    """The round messages edited with the bot token: message id → the last edit."""
    found: dict[str, dict[str, Any]] = {}
    for call in room.api.calls:
        if call.method == "PATCH" and call.path.startswith(f"/api/v10/channels/{CHANNEL}/messages/"):
            found[call.path.rsplit("/", 1)[1]] = call.json
    return found


def original_ids(room: Room) -> list[str]:
    """The ids the fake API gave when the adapter read back an answer's message."""
    return [call.path for call in room.api.calls if call.method == "GET" and call.path.endswith("/@original")]


async def test_a_round_closed_by_slash_commands_or_replaced_loses_its_buttons(room: Room) -> None:
    """The call went out as the answer to /next: the adapter reads its id back; an amendment
    then a close by slash commands (no press) redraw the calls without their buttons."""
    await open_round(room)
    await room.adapter.drain()
    assert len(original_ids(room)) == 1
    assert patches(room) == {}
    await room.command(CAROL, slash("object", opt("number", 1), opt("reason", "Pas d'eau")))
    amended = await room.command(ALICE, slash("amend", opt("number", 1), opt("text", "Avec une cuve.")))
    assert amended["type"] == 4 and "version 2" in amended["data"]["content"]
    await room.adapter.drain()
    await room.pipeline.deliver_pending()
    [(first, edit)] = patches(room).items()
    assert edit["components"] == [] and "(version 1" in edit["content"]
    assert edit["content"].endswith("📊 Version remplacée : #1 en est à la version 2, les positions se donnent "
                                    "sous son nouveau message.")
    for user in (CAROL, BOB, ALICE):
        await room.command(user, slash("consent", opt("number", 1)))
    await room.adapter.drain()
    await room.pipeline.deliver_pending()
    edits = patches(room)
    [second] = [message for message in edits if message != first]
    assert edits[second]["components"] == [] and "(version 2" in edits[second]["content"]
    assert edits[second]["content"].endswith("📊 Tour clos : proposition adoptée. Positions : 3/3 — consentement 3")
    assert "/consentement #1" in edits[second]["content"]  # the call as it read, hints typed with /


async def test_slash_positions_redraw_the_tally_under_the_round_message(room: Room) -> None:
    """Half the channel presses, half types slash commands: the tally under the buttons counts
    both. The slash command is answered as before; the round's call (its id read back when it
    went out as the answer to /next) is edited with the bot token, its buttons kept."""
    message = await open_round(room)
    await room.adapter.drain()
    [known] = original_ids(room)
    pressed = await room.press(BOB, message, button(message, "consent"))
    assert pressed["data"]["content"] == message["content"] + "\n\n📊 Positions : 1/3 — consentement 1"
    typed = await room.command(CAROL, slash("standaside", opt("number", 1)))
    assert typed["type"] == 4 and "#1" in typed["data"]["content"]  # confirmed, as before
    await room.adapter.drain()
    await room.pipeline.deliver_pending()
    [(edited, edit)] = patches(room).items()
    assert known.startswith(f"/api/v10/webhooks/{APP_ID}/") and edited.isdigit()
    assert edit["content"] == message["content"] + "\n\n📊 Positions : 2/3 — consentement 1 · abstention 1"
    assert edit["components"] == message["components"]  # the round goes on: its buttons stay
    await room.command(ALICE, slash("consent", opt("number", 1)))  # the last one: adopted
    await room.adapter.drain()
    await room.pipeline.deliver_pending()
    [last] = patches(room).values()
    assert last["components"] == [] and "📊 Tour clos : proposition adoptée." in last["content"]


@pytest.mark.parametrize(("option", "counted"), [
    ("hide-results", "Positions : 1/3 (résultats masqués jusqu'à la clôture)"),
    ("anonymous", "Positions : 1/3 (anonyme : le détail à la clôture)"),
])
async def test_a_slash_position_in_a_hidden_or_anonymous_round_redraws_only_how_many(
    room: Room, option: str, counted: str
) -> None:
    message = await open_round(room, opt(option, True))
    await room.command(BOB, slash("object", opt("number", 1), opt("reason", "Pas d'eau")))
    await room.adapter.drain()
    await room.pipeline.deliver_pending()
    [edit] = patches(room).values()
    assert edit["content"] == message["content"] + "\n\n📊 " + counted


async def test_a_round_closed_by_its_deadline_loses_its_buttons(room: Room) -> None:
    from datetime import UTC, datetime, timedelta

    from app.scheduler import Scheduler
    from core.clock import FakeClock
    from storage.models import OutboxRow

    message = await open_round(room, opt("deadline", "2j"))
    assert (await room.press(BOB, message, button(message, "consent")))["type"] == 7
    await room.adapter.drain()
    assert patches(room) == {}
    later = Scheduler(FakeClock(datetime.now(UTC) + timedelta(days=3)), lock_rows=False)
    assert await later.run_due() >= 1
    await OutboxRow.filter(status="pending").update(next_attempt_at=datetime.now(UTC))  # written "in 3 days"
    await room.pipeline.deliver_pending()
    [edit] = patches(room).values()
    assert edit["components"] == [] and edit["content"].startswith(message["content"])
    assert edit["content"].count("📊") == 1 and "📊 Tour clos : proposition " in edit["content"]


async def test_a_vote_closed_by_a_slash_command_sends_no_empty_message(room: Room) -> None:
    """A vote is buttons on Discord, not a native poll: the close redraws the call, and
    nothing else goes out (Discord refuses a message with nothing in it)."""
    for user in (ALICE, BOB):
        await room.command(user, slash("join"))
    opened = await room.command(ALICE, slash("propose", opt("title", "Broyeur"), opt("method", "vote"),
                                            opt("options", "Oui | Non"), opt("anonymous", True)))
    assert "#1" in opened["data"]["content"]
    await room.command(BOB, slash("vote", opt("number", 1), opt("option", "Oui")))
    await room.command(ALICE, slash("vote", opt("number", 1), opt("option", "Oui")))
    await room.adapter.drain()
    await room.pipeline.deliver_pending()
    await room.adapter.drain()
    posted = [call.json for call in room.api.calls if call.method == "POST" and isinstance(call.json, dict)]
    assert any("ADOPTÉE" in str(json.get("content")) for json in posted), posted
    assert all(json.get("content") or json.get("components") or json.get("embeds") for json in posted), posted
