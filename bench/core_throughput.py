"""Throughput of the decision path: N members positioning on one proposal.

Each position goes the whole way a chat message goes: parse → core → one transaction that
claims the event, writes the position, the proposal's tally, the audit event and the outbox
row. The bare stack is the same number of single-row transactions through the raw driver
(aiosqlite / asyncpg) on the same database settings, measured in the same run.

The two take turns: `--rounds` rounds, each one raw batch then one proposal on which every
member positions, so that whatever else the machine does weighs on both alike. The figures
are the medians over the rounds (each round is printed too).

    python bench/core_throughput.py [--members 1000] [--rounds 5] [--no-postgres]

Last line: `core_vs_raw_sqlite: <ratio>` (core positions per second / raw transactions per second).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.bootstrap import settle_heap  # noqa: E402
from core.clock import FakeClock  # noqa: E402
from core.dispatch import handle  # noqa: E402
from core.messages import Inbound, Platform, RoomId, UserId  # noqa: E402
from storage import db, migrate, onetrip  # noqa: E402
from storage.uow import TortoiseUnitOfWork  # noqa: E402

PG_ADMIN = os.environ.get("ASSEMBLEE_TEST_PG", "postgres://postgres@127.0.0.1:5432/postgres")


class Core:
    """The bot's own path on a database of its own, members joined beforehand."""

    def __init__(self, url: str, members: int) -> None:
        self.url = url
        self.names = [f"m{i}" for i in range(members)]
        self.clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
        self.pg = db.is_postgres(url)
        self.counter = 0
        self.proposals = 0

    async def open(self) -> None:
        await db.connect(self.url)
        await migrate.apply(self.url)
        for name in self.names:
            await self.say(name, "!join")
        settle_heap()  # as `assemblee run` does at the end of its start-up

    async def say(self, name: str, text: str) -> None:
        self.counter += 1
        self.clock.advance(timedelta(milliseconds=1))
        inbound = Inbound(Platform("console"), RoomId("bench"), UserId(f"console:{name}"), f"b{self.counter}", text)
        now = self.clock.now()
        pg = self.pg
        # as the pipeline does: at once on the loop (SQLite), else the usual way
        await onetrip.run(
            lambda client: handle(lambda: TortoiseUnitOfWork(now, lock_rows=pg, client=client), inbound, now)
        )

    async def round(self) -> float:
        """Seconds for every member to position on a new proposal (its opening excluded)."""
        self.proposals += 1
        number = self.proposals
        first, others = self.names[0], self.names[1:]
        await self.say(first, f"!propose Bench {number}\nText")
        await self.say(first, f"!next #{number}")
        await self.say(first, f"!next #{number}")
        start = time.perf_counter()
        for name in others:
            await self.say(name, f"!consent #{number}")
        await self.say(first, f"!concern #{number} last one")
        return time.perf_counter() - start

    async def close(self) -> None:
        await db.disconnect()


class RawSqlite:
    def __init__(self, path: str) -> None:
        self.path = path

    async def open(self) -> None:
        import aiosqlite

        self.conn = await aiosqlite.connect(self.path, isolation_level=None)
        for pragma, value in db.SQLITE_DEFAULTS.items():
            await self.conn.execute(f"PRAGMA {pragma}={value}")
        await self.conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, member TEXT, stance TEXT, at TEXT)")

    async def round(self, transactions: int) -> float:
        conn = self.conn
        start = time.perf_counter()
        for i in range(transactions):
            await conn.execute("BEGIN")
            await conn.execute("INSERT INTO t (member, stance, at) VALUES (?, ?, ?)", (f"m{i}", "consent", "now"))
            await conn.execute("COMMIT")
        return time.perf_counter() - start

    async def close(self) -> None:
        await self.conn.close()


class RawPostgres:
    def __init__(self, url: str) -> None:
        self.url = url

    async def open(self) -> None:
        import asyncpg

        self.conn = await asyncpg.connect(self.url)
        await self.conn.execute("CREATE TABLE t (id SERIAL PRIMARY KEY, member TEXT, stance TEXT, at TEXT)")

    async def round(self, transactions: int) -> float:
        conn = self.conn
        start = time.perf_counter()
        for i in range(transactions):
            async with conn.transaction():
                await conn.execute("INSERT INTO t (member, stance, at) VALUES ($1, $2, $3)", f"m{i}", "consent", "now")
        return time.perf_counter() - start

    async def close(self) -> None:
        await self.conn.close()


async def take_turns(raw: Any, core: Core, members: int, rounds: int) -> tuple[list[float], list[float]]:
    """(raw seconds, core seconds) per round, the two taking turns."""
    await raw.open()
    await core.open()
    try:
        raw_s, core_s = [], []
        for _ in range(rounds):
            raw_s.append(await raw.round(members))
            core_s.append(await core.round())
        return raw_s, core_s
    finally:
        await raw.close()
        await core.close()


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


def report(label: str, positions: int, raw_s: list[float], core_s: list[float]) -> float:
    for i, (raw, core) in enumerate(zip(raw_s, core_s, strict=True), start=1):
        print(f"  {label} round {i}: core {positions / core:,.0f} positions/s · raw driver {positions / raw:,.0f} "
              f"transactions/s · ratio {raw / core:.2f}")
    core_rate = positions / statistics.median(core_s)
    raw_rate = positions / statistics.median(raw_s)
    ratio = core_rate / raw_rate
    print(f"{label}: core {core_rate:,.0f} positions/s · raw driver {raw_rate:,.0f} transactions/s · ratio {ratio:.2f} "
          f"(medians of {len(core_s)} rounds)")
    return ratio


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    import logging

    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    positions = args.members
    with tempfile.TemporaryDirectory() as tmp:
        raw_s, core_s = await take_turns(RawSqlite(f"{tmp}/raw.db"), Core(f"sqlite://{tmp}/core.db", positions),
                                         positions, args.rounds)
        sqlite_ratio = report("sqlite", positions, raw_s, core_s)
    if not args.no_postgres:
        pg_raw_s, pg_core_s = await with_pg_database(
            lambda raw_url: with_pg_database(
                lambda core_url: take_turns(RawPostgres(raw_url), Core(core_url, positions), positions, args.rounds)
            )
        )
        report("postgres", positions, pg_raw_s, pg_core_s)
    print(f"core_vs_raw_sqlite: {sqlite_ratio:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
