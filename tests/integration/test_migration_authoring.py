"""`python -m storage.migrate new NAME` writes the next migration after a model change, with
the SQL of each dialect, and that migration applies on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from tortoise import connections

from storage import db, migrate
from tests.conftest import PG_ADMIN, create_pg_database, drop_pg_database, pg_unavailable

PROBE_MODELS = "tests.integration.migration_probe.models"


@pytest.fixture
def scratch_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project's migrations copied aside (the tool writes there), the probe model added."""
    location = tmp_path / "migrations"
    shutil.copytree(migrate.LOCATION, location)
    monkeypatch.setattr(migrate, "LOCATION", location)
    monkeypatch.setattr(migrate, "VERSIONS", location / "models")
    monkeypatch.setattr(db, "MODEL_MODULES", [*db.MODEL_MODULES, PROBE_MODELS])
    return location / "models"


def dialect_sql(text: str, table: str, dialect: str) -> str:
    match = re.search(rf'{table} = {{\n    "sqlite": """(.*?)""",\n    "postgres": """(.*?)""",\n}}', text, re.DOTALL)
    assert match is not None, text
    return match.group(1) if dialect == "sqlite" else match.group(2)


async def test_a_second_migration_is_written_for_both_dialects_and_applies(scratch_versions: Path,
                                                                          tmp_path: Path) -> None:
    known = migrate.known_versions()
    try:
        written = await migrate.new_migration("probe", PG_ADMIN)
    except OSError as error:  # PostgreSQL cannot be reached
        pg_unavailable(repr(error))
    assert written is not None and written.parent == scratch_versions
    assert migrate.known_versions() == [*known, written.name]
    text = written.read_text()
    lite, pg = dialect_sql(text, "UPGRADE", "sqlite"), dialect_sql(text, "UPGRADE", "postgres")
    # each dialect's statements once, and only its own
    assert lite.count('CREATE TABLE IF NOT EXISTS "migration_probe"') == 1 and "AUTOINCREMENT" in lite
    assert pg.count('CREATE TABLE IF NOT EXISTS "migration_probe"') == 1 and "SERIAL" in pg
    assert "AUTOINCREMENT" not in pg and "SERIAL" not in lite
    for dialect in ("sqlite", "postgres"):
        assert dialect_sql(text, "DOWNGRADE", dialect).count('DROP TABLE IF EXISTS "migration_probe"') == 1

    assert await migrate.new_migration("again", PG_ADMIN) is None  # nothing changed since

    pg_url = await create_pg_database()
    try:
        for url in (f"sqlite://{tmp_path}/fresh.db", pg_url):
            await db.connect(url)
            try:
                assert await migrate.apply(url) == migrate.known_versions()
                conn = connections.get("default")
                await conn.execute_query("INSERT INTO migration_probe (label) VALUES ('essai')")
                assert await conn.execute_query_dict("SELECT label FROM migration_probe") == [{"label": "essai"}]
                assert await migrate.apply(url) == []  # up to date
            finally:
                await db.disconnect()
    finally:
        await drop_pg_database(pg_url)
