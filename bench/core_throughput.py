"""Throughput of the decision path: N members positioning on one proposal.

Each position goes the whole way a chat message goes: parse → core → one transaction that
claims the event, writes the position, the proposal's tally, the audit event and the outbox
row. The bare stack is the same number of single-row transactions through the raw driver
(aiosqlite / asyncpg) on the same database settings, measured in the same run.

    python bench/core_throughput.py [--members 1000] [--no-postgres]

Last line: `core_vs_raw_sqlite: <ratio>` (core positions per second / raw transactions per second).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.bootstrap import settle_heap  # noqa: E402
from core.clock import FakeClock  # noqa: E402
from core.dispatch import handle  # noqa: E402
from core.messages import Inbound, Platform, RoomId, UserId  # noqa: E402
from storage import db, migrate, onetrip  # noqa: E402
from storage.uow import TortoiseUnitOfWork  # noqa: E402

PG_ADMIN = os.environ.get("ASSEMBLEE_TEST_PG", "postgres://postgres@127.0.0.1:5432/postgres")


async def core_run(url: str, members: int) -> float:
    """Seconds for `members` positions through the full path (setup excluded)."""
    await db.connect(url)
    await migrate.apply(url)
    settle_heap()  # as `assemblee run` does at the end of its start-up
    clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    pg = db.is_postgres(url)
    counter = 0

    async def say(name: str, text: str) -> None:
        nonlocal counter
        counter += 1
        clock.advance(timedelta(milliseconds=1))
        inbound = Inbound(Platform("console"), RoomId("bench"), UserId(f"console:{name}"), f"b{counter}", text)
        now = clock.now()
        # as the pipeline does: in one trip to the SQLite thread, else the usual way
        await onetrip.run(
            lambda client: handle(lambda: TortoiseUnitOfWork(now, lock_rows=pg, client=client), inbound, now)
        )

    names = [f"m{i}" for i in range(members)]
    for name in names:
        await say(name, "!join")
    await say("m0", "!propose Bench\nText")
    await say("m0", "!next #1")
    await say("m0", "!next #1")
    start = time.perf_counter()
    for name in names[1:]:
        await say(name, "!consent #1")
    await say("m0", "!concern #1 last one")
    elapsed = time.perf_counter() - start
    await db.disconnect()
    return elapsed


async def raw_sqlite(path: str, transactions: int) -> float:
    import aiosqlite

    async with aiosqlite.connect(path, isolation_level=None) as conn:
        for pragma, value in db.SQLITE_DEFAULTS.items():
            await conn.execute(f"PRAGMA {pragma}={value}")
        await conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, member TEXT, stance TEXT, at TEXT)")
        start = time.perf_counter()
        for i in range(transactions):
            await conn.execute("BEGIN")
            await conn.execute("INSERT INTO t (member, stance, at) VALUES (?, ?, ?)", (f"m{i}", "consent", "now"))
            await conn.execute("COMMIT")
        return time.perf_counter() - start


async def raw_postgres(url: str, transactions: int) -> float:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.execute("CREATE TABLE t (id SERIAL PRIMARY KEY, member TEXT, stance TEXT, at TEXT)")
        start = time.perf_counter()
        for i in range(transactions):
            async with conn.transaction():
                await conn.execute("INSERT INTO t (member, stance, at) VALUES ($1, $2, $3)", f"m{i}", "consent", "now")
        return time.perf_counter() - start
    finally:
        await conn.close()


async def with_pg_database(work):  # type: ignore[no-untyped-def]
    import asyncpg

    name = f"assemblee_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(PG_ADMIN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        return await work(PG_ADMIN.rsplit("/", 1)[0] + "/" + name)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def report(label: str, positions: int, core_s: float, raw_s: float) -> float:
    core_rate = positions / core_s
    raw_rate = positions / raw_s
    ratio = core_rate / raw_rate
    print(f"{label}: core {core_rate:,.0f} positions/s · raw driver {raw_rate:,.0f} transactions/s · ratio {ratio:.2f}")
    return ratio


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    import logging

    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    settle_heap()  # the raw driver runs on the same settled heap
    positions = args.members
    with tempfile.TemporaryDirectory() as tmp:
        raw_s = await raw_sqlite(f"{tmp}/raw.db", positions)
        core_s = await core_run(f"sqlite://{tmp}/core.db", args.members)
        sqlite_ratio = report("sqlite", positions, core_s, raw_s)
    if not args.no_postgres:
        pg_raw = await with_pg_database(lambda url: raw_postgres(url, positions))
        pg_core = await with_pg_database(lambda url: core_run(url, args.members))
        report("postgres", positions, pg_core, pg_raw)
    print(f"core_vs_raw_sqlite: {sqlite_ratio:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
