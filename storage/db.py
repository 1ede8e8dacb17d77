"""Database connection: tortoise-orm on SQLite (WAL) by default, PostgreSQL via asyncpg."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import structlog
from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.backends.base.executor import EXECUTOR_CACHE

from storage import onetrip

MODEL_MODULES = ["storage.models", "aerich.models"]

# SQLite: WAL lets `assemblee export` read while the bot writes; NORMAL sync is safe
# against a process crash in WAL mode; busy_timeout waits for the writer instead of failing.
# wal_autocheckpoint: the bot's own connection copies the log back only past ~40 MB, as a
# backstop; the Checkpointer below does it from its own thread several times a second.
SQLITE_DEFAULTS = {"journal_mode": "WAL", "synchronous": "NORMAL", "busy_timeout": "10000",
                   "wal_autocheckpoint": "10000"}
CHECKPOINT_EVERY_S = 0.25
CHECKPOINT_RETRY_MAX_S = 60.0

log = structlog.get_logger("assemblee.db")


def normalise_url(url: str) -> str:
    """Add the SQLite pragmas we rely on; accept postgresql:// as well as postgres://."""
    if url.startswith("postgresql://"):
        url = "postgres://" + url[len("postgresql://"):]
    if url.startswith("sqlite://") and ":memory:" not in url:
        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query))
        for key, value in SQLITE_DEFAULTS.items():
            query.setdefault(key, value)
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))
    return url


def tortoise_config(url: str) -> dict[str, Any]:
    connection: str | dict[str, Any] = normalise_url(url)
    if connection.startswith("sqlite://"):
        # tortoise's own reading of the URL, with the engine whose connection the event
        # loop may use too (storage.sqlite_backend, for storage.onetrip)
        connection = expand_db_url(connection)
        connection["engine"] = "storage.sqlite_backend"
    return {
        "connections": {"default": connection},
        "apps": {"models": {"models": MODEL_MODULES, "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


class Checkpointer:
    """Copies SQLite's write-ahead log back into the database file from a connection and a
    thread of its own (a PASSIVE checkpoint: it never blocks the writer nor readers).

    Left to the writing connection, a checkpoint (with its two fsyncs, milliseconds) runs
    inside the commit of whichever event crosses the threshold, about one event in fifty:
    that member's answer waits for it, and so does every event queued behind.

    SQLite writes the log from its start again only when a write transaction begins with
    every frame already copied back. Under a steady flow of events that never happens by
    itself (the bot has written again before this thread is done), and the log then grows
    with every commit, each one slower than if it reused the file. So after each pass the
    bot's own connection, between two transactions, copies back the few frames written
    meanwhile (nothing, and no fsync, when it wrote none): its next transaction reuses
    the log from the start."""

    def __init__(self, path: str, every: float = CHECKPOINT_EVERY_S) -> None:
        self.path = path
        self.every = every
        self._conn: sqlite3.Connection | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="sqlite-checkpoint")

    async def stop(self) -> None:
        """Waits for a checkpoint under way (its thread cannot be interrupted), then closes."""
        self._stopping.set()
        if self._task is not None:
            await self._task
            self._task = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def checkpoint(self) -> tuple[int, int, int]:
        """(busy, frames in the log, frames copied back), as SQLite reports them."""
        if self._conn is None:
            self._conn = sqlite3.connect(self.path, timeout=10, check_same_thread=False, isolation_level=None)
        busy, frames, copied = self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return busy, frames, copied

    async def let_the_log_restart(self) -> None:
        """On the bot's connection to this file, between two transactions: a PASSIVE
        checkpoint of what was written since this thread's pass (see the class)."""
        client = onetrip.sqlite_client()
        if client is None or not _same_file(client.filename, self.path):
            return
        async with client._lock:  # the lock tortoise takes around every transaction
            try:
                await client._connection._execute(_checkpoint_between_transactions, client._connection._conn)
            except ValueError:  # the connection is closing: nothing left to keep small
                return

    async def _run(self) -> None:
        pause = self.every
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), pause)
            if self._stopping.is_set():
                return
            try:
                _, frames, _ = await asyncio.to_thread(self.checkpoint)
                if frames:
                    await self.let_the_log_restart()
            # Whatever fails (a database error, or anything unforeseen), the task goes on: the
            # writer's own backstop still bounds the log meanwhile, and a later pass may succeed.
            except Exception as error:  # noqa: BLE001 - logged, retried less often
                if pause == self.every:  # once per failing spell, not four times a second
                    log.warning("storage.checkpoint_failed", error=str(error), kind=type(error).__name__)
                pause = min(max(pause * 2, 1.0), CHECKPOINT_RETRY_MAX_S)
                if self._conn is not None:  # start again from a fresh connection
                    self._conn.close()
                    self._conn = None
            else:
                if pause != self.every:
                    log.info("storage.checkpoint_recovered")
                pause = self.every


def _checkpoint_between_transactions(conn: sqlite3.Connection) -> None:
    if not conn.in_transaction:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


_checkpointer: Checkpointer | None = None


def sqlite_path(url: str) -> str | None:
    """The database file of a SQLite URL (None for PostgreSQL or an in-memory database)."""
    parts = urlsplit(url)
    if parts.scheme != "sqlite" or ":memory:" in url:
        return None
    return parts.netloc + parts.path


async def connect(url: str) -> None:
    global _checkpointer
    # tortoise caches each model's prepared SQL by connection *name*; a process that moves
    # from one database kind to another (tests, benchmarks, `migrate new`) must start afresh.
    EXECUTOR_CACHE.clear()
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
    path = sqlite_path(url)
    if path is not None:
        _checkpointer = Checkpointer(path)
        _checkpointer.start()


async def disconnect() -> None:
    global _checkpointer
    if _checkpointer is not None:
        await _checkpointer.stop()
        _checkpointer = None
    await Tortoise.close_connections()


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))
