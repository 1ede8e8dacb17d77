"""A command typed inside a thread of the bot's, or in answer to its message, is read as
about that thread's proposal, poll or meeting: the pipeline finds the thread from the
message it starts at (thread_root), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from structlog.testing import capture_logs
from tortoise import connections

from app.pipeline import Pipeline
from core.clock import FakeClock
from core.messages import Inbound, Platform, RoomId, UserId
from storage.db import is_postgres
from storage.models import OutboxRow, PositionRow, ThreadRootRow
from storage.repositories import thread_started_by


async def test_the_thread_a_message_starts_is_found_and_poll_and_round_messages_are_in_it(storage: str) -> None:
    for key, message in (("proposal:1", "$a"), ("proposal:1#poll", "$a"), ("proposal:1#v2", "$v"),
                         ("poll:2", "$b")):
        await ThreadRootRow.create(platform="matrix", room="!r", thread_key=key, message_id=message)
    await ThreadRootRow.create(platform="matrix", room="!other", thread_key="proposal:9", message_id="$c")
    conn = connections.get("default")
    assert await thread_started_by(conn, "matrix", "!r", ["$a"]) == "proposal:1"
    assert await thread_started_by(conn, "matrix", "!r", ["$b", "$a"]) == "poll:2"  # the first that starts one
    assert await thread_started_by(conn, "matrix", "!r", ["$z", "$a"]) == "proposal:1"
    assert await thread_started_by(conn, "matrix", "!r", ["$v"]) == "proposal:1"  # a round's buttons: its thread
    assert await thread_started_by(conn, "matrix", "!r", ["$c"]) is None  # another room's
    assert await thread_started_by(conn, "telegram", "!r", ["$a"]) is None
    assert await thread_started_by(conn, "matrix", "!r", []) is None


async def test_a_command_in_a_thread_or_answering_its_first_message_needs_no_number(storage: str) -> None:
    pipeline = Pipeline(FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC)), lock_rows=is_postgres(storage))
    count = 0

    async def say(who: str, text: str, *, thread: str | None = None, reply_to: str | None = None) -> list[str]:
        nonlocal count
        count += 1
        before = await OutboxRow.all().count()
        await pipeline.accept(Inbound(Platform("console"), RoomId("salon"), UserId(f"console:{who}"), f"e{count}",
                                      text, thread=thread, reply_to=reply_to))
        await pipeline.handle_pending()
        return [row.payload["text"] for row in await OutboxRow.all().order_by("id").offset(before)]

    for who in ("alice", "bob", "carol"):
        await say(who, "!join")
    await say("alice", "!propose Jardin partagé")
    await say("alice", "!propose Cantine")
    # as the outbox remembers the first message sent in each thread
    await ThreadRootRow.create(platform="console", room="salon", thread_key="proposal:1", message_id="m1")
    await ThreadRootRow.create(platform="console", room="salon", thread_key="proposal:2", message_id="m2")
    await say("alice", "!suivant", thread="m1")
    await say("alice", "!suivant", thread="m1")
    with capture_logs() as logs:
        assert any("sur #1" in text for text in await say("bob", "!ok", thread="m1"))
    assert not [e for e in logs if e["event"] == "storage.one_trip_fallback"]  # the read shares the trip
    assert await PositionRow.filter(member="console:bob", proposal__number=1).count() == 1
    # answering #2's first message inside #1's thread: the message answered says which
    refused = await say("carol", "!ok", thread="m1", reply_to="m2")
    assert any("#2" in text for text in refused)
    assert await PositionRow.filter(member="console:carol").count() == 0
    # a thread the bot did not start gives no number
    assert any("!ok #2" in text for text in await say("carol", "!ok", thread="m9"))
    assert await PositionRow.filter(member="console:carol").count() == 0
