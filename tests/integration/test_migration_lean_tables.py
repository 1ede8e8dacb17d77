"""The leaner hot path of storage, on SQLite and PostgreSQL.

The lean_hot_tables migration, applied to a database that already holds a consent round:
nothing is lost, ids go on growing, and the worker's scan of the inbox reads the partial
index on the rows not handled yet. A proposal read with its live round's status spares the
live-round lookup, and a round started later in the same transaction is still found."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from aerich import Command
from tortoise import connections
from tortoise.transactions import in_transaction

from app import pipeline
from core.ids import AssemblyId
from core.schedule_app.records import LiveRound
from storage import db, migrate
from storage.db import tortoise_config
from storage.uow import TortoiseUnitOfWork
from tests.integration.test_one_trip import Room, open_round

HOT_TABLES = ("inbox", "position", "audit_event", "outbox")
# later migrations that change a hot table: they come after the lean one, as in any upgrade
LATER_ON_HOT_TABLES = ("_inbox_refused.py",)


async def _init_only(url: str, tmp_path: Path) -> None:
    """The database as the first release left it, with the later migrations that touch no hot
    table: every migration applied but the lean one and those after it on a hot table."""
    location = tmp_path / "first_release"
    (location / "models").mkdir(parents=True)
    for version in migrate.known_versions():
        if not version.endswith(("_lean_hot_tables.py", *LATER_ON_HOT_TABLES)):
            shutil.copy(migrate.VERSIONS / version, location / "models" / version)
    command = Command(tortoise_config=tortoise_config(url), app="models", location=str(location))
    await command.init()
    await command.upgrade(run_in_transaction=True)


async def _rows() -> dict[str, list[dict[str, Any]]]:
    conn = connections.get("default")
    return {table: await conn.execute_query_dict(f'SELECT * FROM "{table}" ORDER BY id') for table in HOT_TABLES}


async def test_an_existing_database_keeps_its_rows_and_ids_go_on_growing(database_url: str, tmp_path: Path) -> None:
    await db.connect(database_url)
    try:
        await _init_only(database_url, tmp_path)
        # the lean migration is still to apply, and the later ones on a hot table
        assert len(await migrate.check(database_url)) == 1 + len(LATER_ON_HOT_TABLES)
        room = Room(database_url)
        await open_round(room)
        assert await room.say("bob", "!consent #1") is not None
        before = await _rows()
        assert all(before[table] for table in HOT_TABLES)

        applied = await migrate.apply(database_url)
        assert [name.split("_", 2)[2] for name in applied] == [
            "lean_hot_tables.py", *(name.lstrip("_") for name in LATER_ON_HOT_TABLES)]
        # every row, every value, in the same order (the later migrations only add columns)
        assert {table: [{k: row[k] for k in old} for row, old in zip(rows, before[table], strict=True)]
                for table, rows in (await _rows()).items()} == before

        assert await room.say("ana", "!concern #1 l'arrosage l'été") is not None
        after = await _rows()
        for table in HOT_TABLES:
            old_ids = [row["id"] for row in before[table]]
            new_ids = [row["id"] for row in after[table][len(old_ids):]]
            assert new_ids and min(new_ids) > max(old_ids), table
        conn = connections.get("default")
        assert (await conn.execute_query_dict(
            "SELECT stance FROM \"position\" WHERE member = 'console:ana'"))[0]["stance"] == "concern"
    finally:
        await db.disconnect()


async def test_the_inbox_scan_reads_the_partial_index(storage: str) -> None:
    conn = connections.get("default")
    scan = f"SELECT * {pipeline._UNHANDLED} ORDER BY id LIMIT 200"
    if db.is_postgres(storage):
        indexes = {row["indexname"]: row["indexdef"] for row in await conn.execute_query_dict(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'inbox'")}
        assert "idx_inbox_handled_da31e7" not in indexes
        assert "WHERE (NOT handled)" in indexes["idx_inbox_unhandled"]
        async with in_transaction() as tx:  # one connection of the pool for both statements
            await tx.execute_script("SET LOCAL enable_seqscan = off")  # a tiny table: would the index serve?
            plan = " ".join(row["QUERY PLAN"] for row in await tx.execute_query_dict("EXPLAIN " + scan))
    else:
        tables = {row["name"]: row["sql"] for row in await conn.execute_query_dict(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table'")}
        for table in HOT_TABLES:
            assert "AUTOINCREMENT" not in tables[table], table
        assert "AUTOINCREMENT" in tables["proposal"]  # the other tables are left as they were
        plan = " ".join(row["detail"] for row in await conn.execute_query_dict("EXPLAIN QUERY PLAN " + scan))
    assert "idx_inbox_unhandled" in plan, plan


async def test_a_round_started_after_its_proposal_was_read_is_found_in_the_same_transaction(storage: str) -> None:
    room = Room(storage)
    await open_round(room)
    (assembly,) = await connections.get("default").execute_query_dict("SELECT id FROM assembly")
    here = AssemblyId(assembly["id"])
    async with TortoiseUnitOfWork(room.now, lock_rows=room.lock_rows) as uow:
        proposal = await uow.proposals.get(here, 1)
        assert proposal is not None
        assert await uow.meetings.get_round(here, 1) is None
        await uow.meetings.save_round(here, LiveRound(proposal_number=1, started_by="console:ana",
                                                      started_at=room.now, queue=["console:ana"]))
        found = await uow.meetings.get_round(here, 1)
        assert found is not None and found.current == "console:ana"
        await uow.commit()
    async with TortoiseUnitOfWork(room.now, lock_rows=room.lock_rows) as uow:
        assert await uow.proposals.get(here, 1) is not None
        found = await uow.meetings.get_round(here, 1)  # read with the proposal this time
        assert found is not None and found.running
