"""One unit of work on SQLite, run at once on the event loop: no trip per statement.

Through aiosqlite every statement is a round trip between the event loop and the
connection's thread, and a position takes a dozen statements. Here the whole unit of work
runs on the loop, holding tortoise's lock (so nothing else uses the connection meanwhile):
its queries go straight to the sqlite3 connection, which `storage.sqlite_backend` opens for
use from either thread, so no statement ever waits, and the coroutine that does the work is
driven to its end with `send(None)`. The transaction is the same BEGIN … COMMIT as usual.

It does not trade one wait for another: while it runs, SQLite does not wait for a lock
held by another process (its busy timeout is zero), so the loop is never held up by one;
and when the work ran in aiosqlite's thread, its Python part held the interpreter's lock
there, so the loop ran only while SQLite itself worked. Work that would have to wait on anything
(a network call, a query that does not go through the unit of work's connection, a lock
held by another process) cannot run this way: its transaction is rolled back and the work
runs again the usual way, through aiosqlite's thread. PostgreSQL always takes the usual way.

Queries the usual way hold tortoise's lock until aiosqlite's thread is done with them, so a
run here does not overlap one (only a query cancelled midway, outside a transaction, as the
bot stops, may still be finishing there); a transaction still open on the connection makes
the run fall back.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import structlog
from tortoise import connections
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionWrapper,
    translate_exceptions,
)
from tortoise.exceptions import TransactionManagementError

from storage.sqlite_backend import SharedSqliteClient

log = structlog.get_logger("assemblee.storage")

T = TypeVar("T")


class WouldWait(Exception):
    """The work tried to wait on something: it cannot run at once."""


class DirectClient(SqliteTransactionWrapper):
    """The tortoise client of a unit of work run at once: each statement runs on the sqlite3
    connection itself (no trip, no wait)."""

    def __init__(self, parent: SqliteClient, raw: sqlite3.Connection) -> None:
        super().__init__(parent)
        self._raw = raw

    def fresh(self) -> DirectClient:
        """A client for the next transaction of the same run."""
        return DirectClient(self._parent, self._raw)

    @translate_exceptions
    async def execute_insert(self, query: str, values: list[Any]) -> int:
        return self._raw.execute(query, values).lastrowid or 0

    @translate_exceptions
    async def execute_query(self, query: str, values: list[Any] | None = None) -> tuple[int, list[Any]]:
        query = query.replace("\x00", "'||CHAR(0)||'")
        start = self._raw.total_changes
        rows = self._raw.execute(query, values or ()).fetchall()
        return (self._raw.total_changes - start) or len(rows), rows

    @translate_exceptions
    async def execute_query_dict(self, query: str, values: list[Any] | None = None) -> list[dict[str, Any]]:
        query = query.replace("\x00", "'||CHAR(0)||'")
        return [dict(row) for row in self._raw.execute(query, values or ()).fetchall()]

    @translate_exceptions
    async def execute_many(self, query: str, values: list[list[Any]]) -> None:
        self._raw.executemany(query, values)

    async def execute_script(self, query: str) -> None:
        raise WouldWait("scripts take the usual way")

    async def begin(self) -> None:
        if self._raw.in_transaction:
            raise TransactionManagementError("a transaction is already open on this connection")
        self._raw.execute("BEGIN")

    async def commit(self) -> None:
        if self._finalized:
            raise TransactionManagementError("Transaction already finalised")
        self._raw.commit()
        self._finalized = True

    async def rollback(self) -> None:
        if self._finalized:
            raise TransactionManagementError("Transaction already finalised")
        self._raw.rollback()
        self._finalized = True


def _drive(parent: SqliteClient, raw: sqlite3.Connection,
           work: Callable[[DirectClient], Coroutine[Any, Any, T]]) -> T:
    """On the event loop, tortoise's lock held: the whole coroutine, or nothing of it."""
    coroutine = work(DirectClient(parent, raw))
    try:
        coroutine.send(None)
    except StopIteration as finished:
        return finished.value  # type: ignore[no-any-return]
    except Exception as error:  # the usual way will tell a real error from this way's limits
        if raw.in_transaction:
            raw.rollback()
        raise WouldWait(f"{type(error).__name__}: {error}") from error
    coroutine.close()  # it tried to wait: unwind it (its transaction rolls back)
    if raw.in_transaction:
        raw.rollback()
    raise WouldWait("the work waited on something outside its transaction")


def sqlite_client() -> SqliteClient | None:
    """The default connection when it is SQLite, connected; else None."""
    try:
        client = connections.get("default")
    except RuntimeError:  # tortoise is not set up (a checkpointer on its own, in tests)
        return None
    if not isinstance(client, SqliteClient) or client._connection is None:
        return None
    return client


async def run(work: Callable[[DirectClient | None], Coroutine[Any, Any, T]]) -> T:
    """`work(client)` opens its units of work on `client`: at once on the event loop when
    it can, else again with `client=None` (the usual way)."""
    parent = sqlite_client()
    if isinstance(parent, SharedSqliteClient):
        async with parent._lock:  # the lock tortoise takes for every query and transaction
            raw = parent.shared_connection()
            if raw is not None:
                raw.execute("PRAGMA busy_timeout = 0")  # a lock held elsewhere: the usual way waits for it
                try:
                    return _drive(parent, raw, work)
                except WouldWait as reason:
                    log.info("storage.one_trip_fallback", reason=str(reason))
                finally:
                    raw.execute(f"PRAGMA busy_timeout = {parent.busy_timeout_ms}")
    return await work(None)


class Batcher:
    """Group commit on SQLite: statements queued by concurrent callers are written in one
    trip and one transaction (one commit for all of them). Each caller gets its own
    statement's rows back; the batch is taken when the connection is free, so the busier
    the database, the larger the batch."""

    def __init__(self, parent: SqliteClient) -> None:
        self.parent = parent
        self._waiting: list[tuple[str, list[Any], asyncio.Future[list[Any]]]] = []
        self._flushing: asyncio.Task[None] | None = None

    async def execute(self, sql: str, params: list[Any]) -> list[Any]:
        future: asyncio.Future[list[Any]] = asyncio.get_running_loop().create_future()
        self._waiting.append((sql, params, future))
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.create_task(self._flush())
        return await future

    async def _flush(self) -> None:
        while self._waiting:
            connection = self.parent._connection
            async with self.parent._lock:
                batch, self._waiting = self._waiting, []
                try:
                    results = await connection._execute(_write_all, connection._conn, [(s, p) for s, p, _ in batch])
                except Exception as error:  # noqa: BLE001 - the batch is rolled back: each caller hears of it
                    for _, _, future in batch:
                        if not future.done():
                            future.set_exception(error)
                    continue
            for (_, _, future), rows in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(rows)


def _write_all(raw: sqlite3.Connection, statements: list[tuple[str, list[Any]]]) -> list[list[Any]]:
    if raw.in_transaction:
        raise TransactionManagementError("a transaction is already open on this connection")
    raw.execute("BEGIN")
    try:
        results = [raw.execute(sql, params).fetchall() for sql, params in statements]
    except BaseException:
        raw.rollback()
        raise
    raw.commit()
    return results


_BATCHERS: dict[int, Batcher] = {}


async def execute_batched(sql: str, params: list[Any]) -> list[Any] | None:
    """Run one write statement with group commit on SQLite; None elsewhere (the caller
    runs it the usual way)."""
    parent = sqlite_client()
    if parent is None:
        return None
    batcher = _BATCHERS.get(id(parent))
    if batcher is None or batcher.parent is not parent:
        _BATCHERS.clear()  # one database at a time: a new connection starts afresh
        batcher = _BATCHERS[id(parent)] = Batcher(parent)
    return await batcher.execute(sql, params)
