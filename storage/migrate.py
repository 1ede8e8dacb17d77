"""Schema migrations with aerich.

`apply(url)` brings a database to the schema of this code: a fresh database gets every
migration in order, an older one the missing ones; a database that has migrations this code
does not know (it was migrated by a newer version) is refused.

`python -m storage.migrate new NAME` writes the next migration after a model change. aerich
writes SQL for one dialect, so the tool runs it against a scratch SQLite file and a scratch
PostgreSQL database and merges both into one file that picks its SQL at run time.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

from aerich import Command
from aerich.migrate import Migrate
from tortoise import Tortoise

from storage import db
from storage.db import normalise_url, tortoise_config

LOCATION = Path(__file__).parent / "migrations"
VERSIONS = LOCATION / "models"


class SchemaNewerThanCode(Exception):
    pass


def known_versions() -> list[str]:
    return sorted(
        (p.name for p in VERSIONS.glob("*.py") if p.stem.split("_")[0].isdigit()),
        key=lambda name: int(name.split("_")[0]),
    )


async def applied_versions() -> list[str]:
    conn = Tortoise.get_connection("default")
    try:
        _, rows = await conn.execute_query("SELECT version FROM aerich WHERE app = 'models'")
    except Exception:  # noqa: BLE001 - no aerich table yet: a fresh database (the error differs by driver)
        return []
    return [row["version"] for row in rows]


async def check(url: str) -> list[str]:
    """Raise if the database is newer than the code; return the versions still to apply."""
    applied = await applied_versions()
    known = known_versions()
    unknown = [v for v in applied if v not in known]
    if unknown:
        raise SchemaNewerThanCode(
            f"the database was migrated by a newer version of Assemblée ({', '.join(unknown)}); "
            "upgrade Assemblée before starting it on this database"
        )
    return [v for v in known if v not in applied]


async def apply(url: str) -> list[str]:
    """Apply the missing migrations. The caller has connected tortoise to `url`."""
    missing = await check(url)
    if not missing:
        return []
    command = Command(tortoise_config=tortoise_config(url), app="models", location=str(LOCATION))
    await command.init()
    done = await command.upgrade(run_in_transaction=True)
    return done


# ---- authoring a migration ----------------------------------------------------------


def _forget_the_previous_diff() -> None:
    """aerich keeps the statements it found in class attributes: without this, the second
    dialect's migration would hold the first one's statements too."""
    for operators in ("upgrade_operators", "downgrade_operators", "_upgrade_fk_m2m_index_operators",
                      "_downgrade_fk_m2m_index_operators", "_upgrade_m2m", "_downgrade_m2m"):
        setattr(Migrate, operators, [])
    Migrate._rename_fields = {}
    Migrate._rename_models = {}
    Migrate._last_version_content = None


async def _generate(url: str, workdir: Path, name: str) -> Path | None:
    _forget_the_previous_diff()
    location = workdir / "migrations"
    shutil.copytree(LOCATION, location, dirs_exist_ok=True)
    config = tortoise_config(url)
    # aerich sets tortoise up only when it is not set up yet: after the first dialect's
    # scratch database it would go on with that one's connection, so start afresh here
    await db.connect(url)
    command = Command(tortoise_config=config, app="models", location=str(location))
    try:
        if not known_versions():
            await command.init_migrations(safe=True)
        else:
            await command.init()
            await command.upgrade(run_in_transaction=True)
            # aerich read the last applied version's models when the scratch database was
            # still empty: read them again now that every known migration is applied
            await command.init()
            await command.migrate(name)
    finally:
        await db.disconnect()
    new = sorted({p.name for p in (location / "models").glob("*.py")} - set(known_versions()) - {"__init__.py"})
    return (location / "models" / new[-1]) if new else None


def _sql(text: str, function: str) -> str:
    match = re.search(rf'async def {function}\(db: BaseDBAsyncClient\) -> str:\n    return """(.*?)"""', text, re.DOTALL)
    return match.group(1) if match else ""


async def new_migration(name: str, pg_admin_url: str) -> Path | None:
    with tempfile.TemporaryDirectory() as tmp:
        lite = await _generate(normalise_url(f"sqlite://{tmp}/scratch.db"), Path(tmp) / "lite", name)
        scratch = f"assemblee_scratch_{uuid.uuid4().hex[:8]}"
        import asyncpg

        admin = await asyncpg.connect(pg_admin_url)
        await admin.execute(f'CREATE DATABASE "{scratch}"')
        try:
            base = pg_admin_url.rsplit("/", 1)[0]
            pg = await _generate(f"{base}/{scratch}", Path(tmp) / "pg", name)
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
            await admin.close()
        if lite is None or pg is None:
            return None
        lite_text, pg_text = lite.read_text(), pg.read_text()
        state = pg_text[pg_text.index("MODELS_STATE") :]
        merged = f'''from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


def _dialect(db: BaseDBAsyncClient) -> str:
    return "postgres" if db.capabilities.dialect == "postgres" else "sqlite"


async def upgrade(db: BaseDBAsyncClient) -> str:
    return UPGRADE[_dialect(db)]


async def downgrade(db: BaseDBAsyncClient) -> str:
    return DOWNGRADE[_dialect(db)]


UPGRADE = {{
    "sqlite": """{_sql(lite_text, "upgrade")}""",
    "postgres": """{_sql(pg_text, "upgrade")}""",
}}

DOWNGRADE = {{
    "sqlite": """{_sql(lite_text, "downgrade")}""",
    "postgres": """{_sql(pg_text, "downgrade")}""",
}}

{state}'''
        target = VERSIONS / lite.name
        target.write_text(merged)
        return target


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] != "new":
        print("usage: python -m storage.migrate new NAME [postgres://user@host:port/db]")
        sys.exit(2)
    admin_url = sys.argv[3] if len(sys.argv) > 3 else "postgres://postgres@127.0.0.1:5432/postgres"
    path = asyncio.run(new_migration(sys.argv[2], admin_url))
    print(f"wrote {path}" if path else "no change in the models")
