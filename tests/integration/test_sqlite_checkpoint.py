"""SQLite's write-ahead log is copied back by a connection of its own (storage.db.Checkpointer),
not inside the commit of whichever event crosses the threshold."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path

from structlog.testing import capture_logs
from tortoise.backends.sqlite.client import SqliteClient

from storage import db, migrate, onetrip
from tests.integration.test_one_trip import Room, open_round


def wal_size(path: Path) -> int:
    wal = Path(f"{path}-wal")
    return wal.stat().st_size if wal.exists() else 0


def in_database_file(path: Path, sql: str) -> object:
    """What the database file alone holds: an immutable reader ignores the log. It takes no
    lock either, so a read that overlaps a checkpoint writing the file can see a page half
    copied ("malformed"): such a read is tried again."""
    for _ in range(50):
        reader = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
        try:
            return reader.execute(sql).fetchone()[0]
        except sqlite3.OperationalError:  # the table itself is still only in the log
            return None
        except sqlite3.DatabaseError:
            time.sleep(0.02)
        finally:
            reader.close()
    return None


def writer(path: Path) -> sqlite3.Connection:
    """A writer that never checkpoints by itself, as the bot's connection below its backstop."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, text TEXT)")
    return conn


async def test_the_log_is_copied_back_into_the_database_file(tmp_path: Path) -> None:
    path = tmp_path / "assemblee.db"
    conn = writer(path)
    checkpointer = db.Checkpointer(str(path), every=0.05)
    checkpointer.start()
    try:
        for i in range(300):
            conn.execute("INSERT INTO t (text) VALUES (?)", (f"ligne {i} " + "x" * 200,))
        assert wal_size(path) > 0
        for _ in range(200):  # the checkpointer runs every 50 ms
            if in_database_file(path, "SELECT count(*) FROM t") == 300:
                break
            await asyncio.sleep(0.05)
        assert in_database_file(path, "SELECT count(*) FROM t") == 300  # copied back, by itself
    finally:
        await checkpointer.stop()
        conn.close()
    reader = sqlite3.connect(path)
    assert reader.execute("SELECT count(*) FROM t").fetchone() == (300,)
    reader.close()


async def test_stopping_waits_for_the_checkpoint_under_way_and_closes(tmp_path: Path) -> None:
    path = tmp_path / "assemblee.db"
    conn = writer(path)
    for i in range(2000):
        conn.execute("INSERT INTO t (text) VALUES (?)", ("y" * 500,))
    checkpointer = db.Checkpointer(str(path), every=0.001)
    checkpointer.start()
    await asyncio.sleep(0.01)  # a checkpoint is likely under way in its thread
    await checkpointer.stop()
    assert checkpointer._task is None and checkpointer._conn is None
    await checkpointer.stop()  # twice is harmless
    conn.execute("INSERT INTO t (text) VALUES ('après')")  # the writer goes on
    conn.close()


@contextlib.asynccontextmanager
async def bot_database(tmp_path: Path) -> AsyncIterator[SqliteClient]:
    """The bot's connection to its migrated `bot.db`, as `assemblee run` opens it."""
    url = f"sqlite://{tmp_path}/bot.db"
    await db.connect(url)
    try:
        await migrate.apply(url)
        client = onetrip.sqlite_client()
        assert client is not None
        yield client
    finally:
        await db.disconnect()


async def test_the_bot_connection_keeps_only_a_backstop(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path}/bot.db"
    assert db.sqlite_path(url) == f"{tmp_path}/bot.db"
    async with bot_database(tmp_path) as client:
        raw = client._connection._conn
        pages = await client._connection._execute(lambda: raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        assert pages == int(db.SQLITE_DEFAULTS["wal_autocheckpoint"])
        assert db._checkpointer is not None and db._checkpointer.path == f"{tmp_path}/bot.db"
        room = Room(url)
        await room.say("alice", "!join")
        await room.say("alice", "!propose Jardin partagé\nUn potager au square.")
        path = tmp_path / "bot.db"
        for _ in range(100):  # the bot's checkpointer runs every CHECKPOINT_EVERY_S
            if in_database_file(path, "SELECT count(*) FROM proposal") == 1:
                break
            await asyncio.sleep(0.05)
        assert in_database_file(path, "SELECT title FROM proposal") == "Jardin partagé"
    assert db._checkpointer is None
    assert os.path.exists(f"{tmp_path}/bot.db")


def test_no_checkpointer_for_postgres_or_memory() -> None:
    assert db.sqlite_path("postgres://postgres@127.0.0.1:5432/test") is None
    assert db.sqlite_path("sqlite://:memory:") is None
    assert db.sqlite_path("sqlite://data/assemblee.db") == "data/assemblee.db"


async def test_a_failing_checkpoint_is_logged_once_then_retried_less_often(tmp_path: Path) -> None:
    missing = tmp_path / "not-yet" / "assemblee.db"  # its folder does not exist: cannot be opened
    checkpointer = db.Checkpointer(str(missing), every=0.01)
    with capture_logs() as logs:
        checkpointer.start()
        await asyncio.sleep(0.5)
        failures = [e for e in logs if e["event"] == "storage.checkpoint_failed"]
        assert len(failures) == 1 and "unable to open" in failures[0]["error"]
        missing.parent.mkdir()
        writer(missing).close()
        for _ in range(100):  # the next try comes within a couple of seconds
            if any(e["event"] == "storage.checkpoint_recovered" for e in logs):
                break
            await asyncio.sleep(0.05)
        await checkpointer.stop()
    assert any(e["event"] == "storage.checkpoint_recovered" for e in logs)
    assert [e["event"] for e in logs].count("storage.checkpoint_failed") == 1


async def test_an_unforeseen_error_in_a_pass_does_not_end_the_checkpointer(tmp_path: Path) -> None:
    path = tmp_path / "assemblee.db"
    writer(path).close()
    checkpointer = db.Checkpointer(str(path), every=0.01)
    real, calls = checkpointer.checkpoint, []

    def flaky() -> tuple[int, int, int]:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("not a database error")
        return real()

    checkpointer.checkpoint = flaky  # type: ignore[method-assign]
    with capture_logs() as logs:
        checkpointer.start()
        for _ in range(100):  # the retry comes within a couple of seconds
            if any(e["event"] == "storage.checkpoint_recovered" for e in logs):
                break
            await asyncio.sleep(0.05)
        alive = checkpointer._task is not None and not checkpointer._task.done()
        await checkpointer.stop()
    assert alive and len(calls) >= 2
    [failure] = [e for e in logs if e["event"] == "storage.checkpoint_failed"]
    assert failure["kind"] == "RuntimeError" and failure["error"] == "not a database error"
    assert any(e["event"] == "storage.checkpoint_recovered" for e in logs)


async def test_under_a_steady_flow_the_log_is_written_from_its_start_again(tmp_path: Path) -> None:
    """The bot writes while the checkpointer's thread copies: left alone, the log would only
    grow. The pass on the bot's connection lets its next transaction start the log afresh.
    A reader that holds its snapshot stands for "the bot wrote again during the pass"."""
    url = f"sqlite://{tmp_path}/bot.db"
    path = tmp_path / "bot.db"
    async with bot_database(tmp_path):
        reader = sqlite3.connect(path, isolation_level=None)
        try:
            assert db._checkpointer is not None
            await db._checkpointer.stop()  # this test takes the steps itself, in a known order
            checkpointer = db.Checkpointer(str(path))
            room = Room(url)

            async def pass_while_the_bot_writes(text: str) -> tuple[int, int]:
                reader.execute("BEGIN")
                reader.execute("SELECT count(*) FROM position").fetchone()
                await room.say("bob", text)  # what the pass cannot copy yet
                _, frames, copied = await asyncio.to_thread(checkpointer.checkpoint)
                reader.execute("COMMIT")
                return frames, copied

            await open_round(room)
            frames, copied = await pass_while_the_bot_writes("!consent #1")
            assert 0 < copied < frames
            await room.say("ana", "!consent #1")
            grown, _ = await pass_while_the_bot_writes("!status #1")
            assert grown > frames  # no transaction began with every frame copied: the log grew

            await checkpointer.let_the_log_restart()
            await room.say("cleo", "!concern #1 les arrosages")
            _, after, copied = await asyncio.to_thread(checkpointer.checkpoint)
            assert 0 < after < frames and copied == after  # only that last transaction's frames
            assert in_database_file(path, "SELECT count(*) FROM position") == 3  # nothing lost
            await checkpointer.stop()
        finally:
            reader.close()


async def test_the_pass_on_the_bot_connection_leaves_other_files_alone(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    writer(other).close()
    async with bot_database(tmp_path) as client:
        seen: list[str] = []
        raw = client._connection._conn
        await client._connection._execute(raw.set_trace_callback, seen.append)  # in its own thread
        await db.Checkpointer(str(other)).let_the_log_restart()  # not the bot's file: nothing
        await db.Checkpointer(str(tmp_path / "missing.db")).let_the_log_restart()
        assert not any("wal_checkpoint" in sql for sql in seen)
        await db.Checkpointer(f"{tmp_path}/bot.db").let_the_log_restart()
        assert any("wal_checkpoint" in sql for sql in seen)
        await client._connection._execute(raw.set_trace_callback, None)


async def test_the_pass_on_a_closing_connection_does_nothing(tmp_path: Path) -> None:
    async with bot_database(tmp_path) as client:
        await client._connection.close()  # as at shutdown, while a pass may still be due
        await db.Checkpointer(f"{tmp_path}/bot.db").let_the_log_restart()  # no error
