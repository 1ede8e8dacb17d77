"""A unit of work run at once on the event loop (storage.onetrip), on a real database.

Each test drives `handle` the way the pipeline does: through `onetrip.run`, with units of
work opened on the client it is given."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import aiosqlite
import pytest
from structlog.testing import capture_logs

from core.dispatch import handle
from core.messages import Inbound, Outbound, Platform, RoomId, UserId
from storage import db, onetrip
from storage.models import AuditRow, InboxRow, OutboxRow, PositionRow, ProposalRow
from storage.onetrip import DirectClient
from storage.uow import TortoiseUnitOfWork

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Room:
    def __init__(self, url: str) -> None:
        self.lock_rows = db.is_postgres(url)
        self.count = 0
        self.now = NOW

    def uow(self, client: DirectClient | None) -> TortoiseUnitOfWork:
        return TortoiseUnitOfWork(self.now, lock_rows=self.lock_rows, client=client)

    async def say(self, who: str, text: str) -> list[Outbound] | None:
        self.count += 1
        self.now += timedelta(seconds=1)
        inbound = Inbound(Platform("console"), RoomId("salle"), UserId(f"console:{who}"), f"e{self.count}", text)
        return await onetrip.run(lambda client: handle(lambda: self.uow(client), inbound, self.now))


def fallbacks(logs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [entry for entry in logs if entry["event"] == "storage.one_trip_fallback"]


async def open_round(room: Room) -> None:
    for who in ("ana", "bob", "cleo"):
        await room.say(who, "!join")
    await room.say("ana", "!propose Jardin partagé\nOn plante en mars.")
    await room.say("ana", "!next #1")
    await room.say("ana", "!next #1")


async def test_a_position_runs_on_the_loop_and_commits_everything(
    storage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    room = Room(storage)
    with capture_logs() as logs:
        await open_round(room)
        trips: list[Callable[..., Any]] = []
        original = aiosqlite.Connection._execute

        async def counted(self: aiosqlite.Connection, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
            trips.append(fn)
            return await original(self, fn, *args, **kwargs)

        monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
        sent = await room.say("bob", "!consent #1")
        monkeypatch.undo()
    assert fallbacks(logs) == []
    assert sent and "bob" in sent[0].text
    # SQLite: the whole transaction (claim, reads, writes, commit) ran on the loop, not one
    # statement went through aiosqlite's thread; PostgreSQL: the usual way, nothing for aiosqlite
    assert trips == []
    [position] = await PositionRow.filter(member="console:bob")
    assert position.stance == "consent"
    proposal = await ProposalRow.get(number=1)
    assert proposal.participated == 1 and proposal.counts == {"consent": 1}
    assert await AuditRow.filter(kind="position", member="console:bob").count() == 1
    assert [r.payload["text"] for r in await OutboxRow.all()].count(sent[0].text) == 1
    assert await InboxRow.filter(event_id=f"e{room.count}", handled=True).count() == 1


async def test_a_refused_command_and_a_duplicate_in_one_trip(storage: str) -> None:
    room = Room(storage)
    with capture_logs() as logs:
        await open_round(room)
        outbox_before = await OutboxRow.all().count()
        refused = await room.say("bob", "!consent #9")
        assert refused and "#9" in refused[0].text
        again = await onetrip.run(
            lambda client: handle(
                lambda: room.uow(client),
                Inbound(Platform("console"), RoomId("salle"), UserId("console:bob"), f"e{room.count}", "!consent #1"),
                room.now,
            )
        )
    assert again is None  # the same event id: handled already, nothing done
    assert fallbacks(logs) == []
    assert await OutboxRow.all().count() == outbox_before + 1  # the explanation only
    assert await PositionRow.all().count() == 0


async def test_work_that_waits_is_rolled_back_and_done_the_usual_way(storage: str) -> None:
    room = Room(storage)
    await open_round(room)
    attempts: list[bool] = []

    async def work(client: DirectClient | None) -> str:
        attempts.append(client is not None)
        async with room.uow(client) as uow:
            assert await uow.mark_handled("console", f"waits-{len(attempts)}")
            await asyncio.sleep(0)  # anything that really waits: not possible in the trip
            await uow.commit()
        return "done"

    with capture_logs() as logs:
        assert await onetrip.run(work) == "done"
    if storage.startswith("sqlite"):
        assert attempts == [True, False]
        assert len(fallbacks(logs)) == 1
        # the first attempt's claim was rolled back with it
        assert not await InboxRow.filter(event_id="waits-1").exists()
    else:
        assert attempts == [False]
    assert await InboxRow.filter(event_id=f"waits-{len(attempts)}", handled=True).exists()


async def test_an_error_is_raised_and_leaves_nothing(storage: str) -> None:
    room = Room(storage)
    await open_round(room)

    async def work(client: DirectClient | None) -> None:
        async with room.uow(client) as uow:
            await uow.mark_handled("console", "broken")
            raise ValueError("a bug")

    with pytest.raises(ValueError, match="a bug"):
        await onetrip.run(work)
    assert not await InboxRow.filter(event_id="broken").exists()
    # the connection is usable afterwards, in one trip as before
    with capture_logs() as logs:
        assert await room.say("cleo", "!consent #1")
    assert fallbacks(logs) == []
    assert await PositionRow.filter(member="console:cleo").exists()


async def test_the_work_runs_on_the_event_loop_thread(storage: str) -> None:
    room = Room(storage)
    await open_round(room)
    threads: list[int] = []

    async def work(client: DirectClient | None) -> None:
        threads.append(threading.get_ident())
        async with room.uow(client) as uow:
            await uow.mark_handled("console", "where")
            await uow.commit()

    await onetrip.run(work)
    assert threads == [threading.get_ident()]
    assert await InboxRow.filter(event_id="where", handled=True).exists()


async def test_a_lock_held_by_another_process_never_holds_up_the_loop(storage: str) -> None:
    """Another process writing (a second connection to the file here) holds SQLite's write
    lock: the run on the loop does not wait for it, the usual way does (with the busy
    timeout), and meanwhile the loop goes on. The connection's busy timeout is as before."""
    room = Room(storage)
    await open_round(room)
    client = onetrip.sqlite_client()
    if not storage.startswith("sqlite"):
        assert client is None  # PostgreSQL: always the usual way, its own locks
        assert await room.say("bob", "!consent #1")
        assert await PositionRow.filter(member="console:bob").count() == 1
        return
    assert client is not None
    other = sqlite3.connect(client.filename, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO inbox (platform, event_id, handled, received_at, refused) "
                  "VALUES ('console', 'other', 1, '2026-11-23 09:00:00', 0)")
    ticks = 0
    loop = asyncio.get_running_loop()

    def tick() -> None:
        nonlocal ticks
        ticks += 1

    for i in range(1, 20):
        loop.call_later(i * 0.01, tick)
    loop.call_later(0.3, other.execute, "COMMIT")
    started = loop.time()
    try:
        with capture_logs() as logs:
            sent = await room.say("bob", "!consent #1")
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()
    assert loop.time() - started >= 0.25  # it did wait for the lock, the usual way
    assert ticks >= 15  # …while the loop went on
    [fallback] = fallbacks(logs)
    assert "locked" in fallback["reason"]
    assert sent and "bob" in sent[0].text
    assert await PositionRow.filter(member="console:bob").count() == 1
    assert await InboxRow.filter(event_id="other").exists()
    raw = client._connection._conn  # type: ignore[union-attr]
    assert raw.execute("PRAGMA busy_timeout").fetchone()[0] == int(db.SQLITE_DEFAULTS["busy_timeout"])
    # and the next event runs on the loop again
    with capture_logs() as logs:
        assert await room.say("cleo", "!consent #1")
    assert fallbacks(logs) == []


async def test_the_worker_takes_fresh_events_from_memory_and_stored_ones_from_the_inbox(storage: str) -> None:
    """Events this process accepts go to the worker in memory; an event another process
    stored is found by the inbox scan after a quiet spell. Each is handled once."""
    from app.pipeline import Pipeline
    from core.clock import SystemClock

    pipeline = Pipeline(SystemClock(), lock_rows=db.is_postgres(storage), poll_seconds=0.2)
    worker = asyncio.create_task(pipeline.inbox_worker())
    try:
        for n, who in enumerate(("ana", "bob")):
            event = Inbound(Platform("console"), RoomId("salle"), UserId(f"console:{who}"), f"j{n}", "!join")
            assert await pipeline.accept(event)
        for _ in range(100):
            if await InboxRow.filter(handled=True).count() == 2:
                break
            await asyncio.sleep(0.02)
        assert await InboxRow.filter(handled=True).count() == 2
        # stored behind this process's back (another process, or before a restart)
        other = Inbound(Platform("console"), RoomId("salle"), UserId("console:cleo"), "j2", "!join")
        await Pipeline(SystemClock(), lock_rows=db.is_postgres(storage))._store(other)
        for _ in range(100):
            if await InboxRow.filter(handled=True).count() == 3:
                break
            await asyncio.sleep(0.05)
        assert await InboxRow.filter(handled=False).count() == 0
    finally:
        worker.cancel()
        await asyncio.gather(worker, return_exceptions=True)
    joined = [r.payload["text"] for r in await OutboxRow.all().order_by("id")]
    assert len(joined) == 3 and all(text for text in joined)


async def test_concurrent_inbox_writes_share_one_commit(storage: str, monkeypatch: pytest.MonkeyPatch) -> None:
    sql = (
        "INSERT INTO inbox (platform, event_id, payload, handled, received_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (platform, event_id) DO NOTHING RETURNING id"
    )
    if storage.startswith("postgres"):
        assert await onetrip.execute_batched(sql, []) is None  # PostgreSQL: the usual way
        return
    commits: list[int] = []
    original = onetrip._write_all

    def counted(raw: Any, statements: list[tuple[str, list[Any]]]) -> list[list[Any]]:
        commits.append(len(statements))
        return original(raw, statements)

    monkeypatch.setattr(onetrip, "_write_all", counted)
    ids = [f"w{i}" for i in range(40)] + ["w0"]  # the last one is a duplicate
    results = await asyncio.gather(
        *(onetrip.execute_batched(sql, ["console", i, "{}", False, NOW]) for i in ids)
    )
    assert [bool(rows) for rows in results] == [True] * 40 + [False]
    assert sum(commits) == 41 and len(commits) < 41  # grouped: fewer commits than writes
    assert await InboxRow.all().count() == 40

    # a failing statement rolls its whole batch back, and every caller of it hears so
    broken = await asyncio.gather(
        onetrip.execute_batched(sql, ["console", "ok", "{}", False, NOW]),
        onetrip.execute_batched("INSERT INTO no_such_table VALUES (?)", [1]),
        return_exceptions=True,
    )
    assert all(isinstance(result, Exception) for result in broken)
    assert not await InboxRow.filter(event_id="ok").exists()
    assert await onetrip.execute_batched(sql, ["console", "after", "{}", False, NOW])
