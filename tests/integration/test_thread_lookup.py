"""A command typed inside a thread of the bot's, or in answer to its message, is read as
about that thread's proposal, poll or meeting: the pipeline finds the thread from the
message it starts at (thread_root), or from any message the bot sent for it that the
command answers (the outbox), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count

from structlog.testing import capture_logs
from tortoise import connections
from tortoise.transactions import in_transaction

from app.pipeline import Pipeline
from core.clock import FakeClock
from core.messages import Inbound, Platform, RoomId, UserId
from storage.db import is_postgres
from storage.models import OutboxRow, PositionRow, ThreadRootRow
from storage.repositories import sql_for, thread_lookup, thread_started_by


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
    # a thread the bot did not start gives no number; the example is #1, in its consent round
    # (#2 is still in clarification)
    assert any("!ok #1" in text for text in await say("carol", "!ok", thread="m9"))
    assert await PositionRow.filter(member="console:carol").count() == 0


async def test_the_lookup_reads_the_indexes_of_thread_root_and_of_the_outbox(storage: str) -> None:
    sql, params = thread_lookup("telegram", "-100", ["12", "7"], "12")
    conn = connections.get("default")
    if is_postgres(storage):
        async with in_transaction() as tx:  # one connection of the pool for both statements
            await tx.execute_script("SET LOCAL enable_seqscan = off")  # tiny tables: would the indexes serve?
            rows = await tx.execute_query_dict("EXPLAIN " + sql_for(tx, sql), params)
        plan = " ".join(row["QUERY PLAN"] for row in rows)
    else:
        rows = await conn.execute_query_dict("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(row["detail"] for row in rows)
    assert "idx_thread_root_platfor_2d972e" in plan and "idx_outbox_platfor_2b0cbe" in plan, plan


_keys = count(1)


async def sent(platform: str, room: str, thread_key: str | None, sent_id: str | None) -> None:
    """An outbox row the sender delivered as message `sent_id`."""
    at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    await OutboxRow.create(key=f"k{next(_keys)}", platform=platform, room=room, thread_key=thread_key,
                           payload={}, status="sent", next_attempt_at=at, created_at=at, sent_id=sent_id)


async def test_any_message_the_bot_sent_for_a_thread_gives_it_when_answered(storage: str) -> None:
    for thread_key, message in (("proposal:1", "11"), ("proposal:1", "12"), ("poll:2", "13"), (None, "14"),
                                ("proposal:5", "12")):  # a later row naming the same message
        await sent("telegram", "-100", thread_key, message)
    await sent("telegram", "-200", "proposal:9", "15")
    await sent("matrix", "-100", "proposal:8", "16")
    await ThreadRootRow.create(platform="telegram", room="-100", thread_key="meeting:3", message_id="7")
    conn = connections.get("default")
    assert await thread_started_by(conn, "telegram", "-100", ["12"], answered="12") == "proposal:1"
    assert await thread_started_by(conn, "telegram", "-100", ["13", "7"], answered="13") == "poll:2"
    assert await thread_started_by(conn, "telegram", "-100", ["12"]) is None  # not answered: starts no thread
    assert await thread_started_by(conn, "telegram", "-100", ["14"], answered="14") is None  # about no thread
    assert await thread_started_by(conn, "telegram", "-100", ["15"], answered="15") is None  # another chat's
    assert await thread_started_by(conn, "telegram", "-100", ["16"], answered="16") is None  # another network's
    assert await thread_started_by(conn, "telegram", "-100", ["99", "7"], answered="99") == "meeting:3"
    assert await thread_started_by(conn, "telegram", "-100", ["11", "7"], answered="11") == "proposal:1"


async def test_a_command_answering_a_later_message_of_the_bot_needs_no_number(storage: str) -> None:
    pipeline = Pipeline(FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC)), lock_rows=is_postgres(storage))
    count = 0

    async def say(who: str, text: str, *, reply_to: str | None = None) -> list[OutboxRow]:
        nonlocal count
        count += 1
        before = await OutboxRow.all().count()
        await pipeline.accept(Inbound(Platform("console"), RoomId("salon"), UserId(f"console:{who}"), f"e{count}",
                                      text, reply_to=reply_to))
        await pipeline.handle_pending()
        rows = await OutboxRow.all().order_by("id").offset(before)
        for row in rows:  # as the sender marks what it delivered
            row.sent_id, row.status = f"m{row.id}", "sent"
            await row.save()
        return rows

    for who in ("alice", "bob", "carol"):
        await say(who, "!join")
    await say("alice", "!propose Jardin partagé")
    await say("alice", "!suivant #1")
    [call] = [row for row in await say("alice", "!suivant #1") if "#1" in row.payload["text"]]
    assert call.thread_key == "proposal:1"
    await say("alice", "!propose Cantine")
    [noted] = await say("bob", "!ok", reply_to=call.sent_id)
    assert "sur #1" in noted.payload["text"]
    assert await PositionRow.filter(member="console:bob", proposal__number=1).count() == 1
    # answering that confirmation: still #1
    await say("carol", "!objection 2 arrosoirs manquent", reply_to=noted.sent_id)
    [objection] = await PositionRow.filter(member="console:carol")
    assert objection.reason == "2 arrosoirs manquent"
    # answering a message about no proposal (the overview): the number is asked for
    [overview] = await say("bob", "!etat")
    assert overview.thread_key is None
    [missing] = await say("carol", "!ok", reply_to=overview.sent_id)
    assert "!ok #1" in missing.payload["text"]  # #1 is in its consent round, #2 in clarification
    assert await PositionRow.filter(member="console:carol").count() == 1
