"""The webhook adapter in front of the real pipeline and core, on SQLite."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from webhook_harness import SECRET, FakeReceiver, serve, sign

from adapters.base import InlineResult, InlineStatus
from adapters.webhook import build
from app.pipeline import Pipeline
from core.clock import SystemClock
from core.messages import Inbound, Platform, RoomId, UserId
from storage import db, migrate


@pytest.fixture
async def endpoint(served: Any) -> AsyncIterator[tuple[str, aiohttp.ClientSession]]:
    adapter = build({"integrations": {"nextcloud": {"secret": SECRET}}, "reply_timeout": 2.0})
    async with served(adapter, "webhook") as s:
        yield s.root + "/webhook/nextcloud", s.client


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
    # a vote that closes: its answer is messages only (no empty reply to close a native poll)
    await post('!propose --method vote --anonymous --options "Oui | Non" Broyeur', "e5")
    closed = await post("!vote #2 Oui", "e6")
    assert "ADOPTÉE" in "\n".join(r["text"] for r in closed["replies"])
    assert {r["kind"] for r in closed["replies"]} == {"message"} and all(r["text"] for r in closed["replies"])


async def test_people_are_shown_by_their_display_name(
    endpoint: tuple[str, aiohttp.ClientSession],
) -> None:
    """The room reads 'Carole', not the id 'nextcloud:carol'; the identity stays the id."""
    url, client = endpoint

    async def post(sender: str, text: str, event_id: str, **extra: str) -> list[dict[str, Any]]:
        payload = {"room": "salle", "sender": sender, "text": text, "event_id": event_id, **extra}
        body = json.dumps(payload).encode()
        async with client.post(url, data=body, headers=sign(SECRET, body)) as response:
            assert response.status == 200
            replies: list[dict[str, Any]] = (await response.json())["replies"]
            return replies

    [welcome] = await post("alice", "!join", "n1", display_name="Alice Martin")
    assert welcome["text"].startswith("Bienvenue Alice Martin !")
    assert "nextcloud:alice" not in welcome["text"]
    await post("bob", "!join", "n2", display_name="Bob")
    [welcome] = await post("carol", "!join", "n3", display_name="Carole")
    assert "Bienvenue Carole !" in welcome["text"] and "nextcloud:carol" not in welcome["text"]
    await post("alice", "!propose Vélos", "n4")
    await post("alice", "!next #1", "n5")
    await post("alice", "!next #1", "n6")
    # a later message without display_name: the name given before still shows
    replies = await post("carol", "!objection #1 Trop cher", "n7")
    text = "\n".join(reply["text"] for reply in replies)
    assert "Carole : objection sur #1" in text and "nextcloud:carol" not in text
    assert replies[1]["mentions"] == ["alice"]  # who is called: still the id
    # a new name replaces the old one
    replies = await post("carol", "!lever #1", "n8", display_name="Carole D.")
    text = "\n".join(reply["text"] for reply in replies)
    assert "Carole D." in text and "nextcloud:carol" not in text
    # someone who never gave a name is shown by id
    [welcome] = await post("dan", "!join", "n9")
    assert "nextcloud:dan" in welcome["text"]


@contextlib.asynccontextmanager
async def pipeline_sending_to(tmp_path: Path) -> AsyncIterator[tuple[Pipeline, FakeReceiver]]:
    """The real pipeline on a fresh SQLite file, with its sender running and the webhook
    adapter delivering to a fake receiver (whose calls the test reads)."""
    url = f"sqlite://{tmp_path / 'assemblee.db'}"
    await db.connect(url)
    await migrate.apply(url)
    receiver = FakeReceiver()
    try:
        async with serve(receiver.app) as receiver_url:
            adapter = build(
                {"integrations": {"nextcloud": {"secret": SECRET, "outgoing_url": receiver_url}}}
            )
            pipeline = Pipeline(SystemClock(), lock_rows=False, adapters={"webhook": adapter})
            sender = asyncio.create_task(pipeline.sender())
            try:
                yield pipeline, receiver
            finally:
                sender.cancel()
                await asyncio.gather(sender, return_exceptions=True)
                await adapter.stop()
    finally:
        await db.disconnect()


async def test_the_pipeline_says_what_it_did_with_each_event(tmp_path: Path) -> None:
    """Replies, duplicate and deferred come back as such from the real pipeline; a
    deferred event's replies leave through the outbox as soon as it is handled."""
    async with pipeline_sending_to(tmp_path) as (pipeline, receiver):
        def inbound(text: str, event_id: str) -> Inbound:
            return Inbound(
                platform=Platform("webhook"),
                room=RoomId("nextcloud:salle"),
                sender=UserId("webhook:nextcloud:bob"),
                event_id=event_id,
                text=text,
            )

        joined = await pipeline.accept_and_wait(inbound("!join", "e1"), timeout=5)
        assert joined.status is InlineStatus.REPLIES and joined.replies
        again = await pipeline.accept_and_wait(inbound("!join", "e1"), timeout=5)
        assert again == InlineResult(InlineStatus.DUPLICATE)
        chat = await pipeline.accept_and_wait(inbound("bonjour", "e2"), timeout=5)
        assert chat == InlineResult(InlineStatus.REPLIES, ())

        started = time.monotonic()
        late = await pipeline.accept_and_wait(inbound("!propose Vélos", "e3"), timeout=0)
        assert late == InlineResult(InlineStatus.DEFERRED)
        while not receiver.calls and time.monotonic() - started < 4:
            await asyncio.sleep(0.02)
        # well before the 5 s hold its replies would otherwise wait out
        assert receiver.calls, "the deferred replies did not leave in time"
        assert "Vélos" in json.loads(receiver.calls[0].body)["text"]
        # what was answered inline did not go out a second time
        await asyncio.sleep(0.3)
        sent = {json.loads(call.body)["text"] for call in receiver.calls}
        assert not sent & {reply.text for reply in joined.replies}


async def test_what_a_federated_assembly_says_elsewhere_leaves_at_once(tmp_path: Path) -> None:
    """An event answered inline in one room of an assembly of several rooms (`!federer`):
    the copies for the other room are not part of the answer, nor taken as delivered by it;
    they leave through the outbox at once, without waiting for the hold of inline replies."""
    async with pipeline_sending_to(tmp_path) as (pipeline, receiver):
        async def say(room: str, who: str, text: str, event_id: str) -> list[str]:
            inbound = Inbound(
                platform=Platform("webhook"),
                room=RoomId(f"nextcloud:{room}"),
                sender=UserId(f"webhook:nextcloud:{who}"),
                event_id=event_id,
                text=text,
            )
            result = await pipeline.accept_and_wait(inbound, timeout=5)
            assert result.status is InlineStatus.REPLIES, result
            return [reply.text for reply in result.replies]

        async def delivered(needle: str) -> list[dict[str, Any]]:
            started = time.monotonic()
            while time.monotonic() - started < 3:  # well before the 10 s hold
                found = [json.loads(c.body) for c in receiver.calls if needle in c.body.decode()]
                if found:
                    return found
                await asyncio.sleep(0.02)
            raise AssertionError(f"{needle!r} never left: {[c.body for c in receiver.calls]}")

        await say("salle", "bob", "!join", "f1")
        [invite] = await say("salle", "bob", "!federer inviter", "f2")
        code = invite.split(" : ")[1].split()[0]
        await say("cour", "carol", "!join", "f3")
        [joined] = await say("cour", "carol", f"!federer {code}", "f4")
        assert "a rejoint" in joined
        [copy] = await delivered("a rejoint")
        assert copy["room"] == "salle" and copy["text"] == joined
        opened = await say("cour", "carol", "!proposer Vélos", "f5")
        [copy] = await delivered("Vélos")
        assert copy["room"] == "salle" and copy["text"] in opened
        # what was answered inline in the room it was typed in never went out
        await asyncio.sleep(0.3)
        assert all(json.loads(call.body)["room"] == "salle" for call in receiver.calls)
