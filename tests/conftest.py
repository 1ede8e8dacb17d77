"""Shared fixtures: real databases.

`database_url` runs a test on SQLite (a fresh file) and on PostgreSQL (a fresh database on
127.0.0.1:5432, dropped afterwards). When PostgreSQL cannot be reached the PostgreSQL half
fails under CI=true and is skipped elsewhere.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PG_ADMIN = os.environ.get("ASSEMBLEE_TEST_PG", "postgres://postgres@127.0.0.1:5432/postgres")
IN_CI = os.environ.get("CI", "").lower() == "true"


def pg_unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"PostgreSQL is required in CI and is not usable: {reason}")
    pytest.skip(f"PostgreSQL not available: {reason}")


async def create_pg_database() -> str:
    import asyncpg

    name = f"assemblee_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = await asyncpg.connect(PG_ADMIN, timeout=5)
    except Exception as exc:  # noqa: BLE001 - any connection failure means the same here
        pg_unavailable(repr(exc))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


async def drop_pg_database(url: str) -> None:
    import asyncpg

    name = url.rsplit("/", 1)[1]
    admin = await asyncpg.connect(PG_ADMIN, timeout=5)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite://{tmp_path}/assemblee.db"
        return
    url = await create_pg_database()
    try:
        yield url
    finally:
        await drop_pg_database(url)


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    url = await create_pg_database()
    try:
        yield url
    finally:
        await drop_pg_database(url)


@pytest.fixture
async def storage(database_url: str) -> AsyncIterator[str]:
    """A connected, migrated database (tortoise initialised for this test)."""
    from storage import db, migrate

    await db.connect(database_url)
    await migrate.apply(database_url)
    try:
        yield database_url
    finally:
        await db.disconnect()


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """No ASSEMBLEE_* variable leaks into a test; the working directory is empty."""
    for key in list(os.environ):
        if key.startswith("ASSEMBLEE_") or key == "_ASSEMBLEE_CONFIG_FILE":
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)
    yield tmp_path


@dataclass
class Served:
    """An adapter running with the real pipeline on a fresh SQLite file, its routes served
    over real HTTP on 127.0.0.1."""

    root: str
    client: Any
    pipeline: Any
    adapter: Any


ServeAdapter = Callable[[Any, str], AbstractAsyncContextManager[Served]]


@pytest.fixture
def served(tmp_path: Path) -> ServeAdapter:
    """`async with served(adapter, "discord") as s:`: migrate, start, serve; then drain, stop."""
    import aiohttp
    from aiohttp import web

    from app.pipeline import Pipeline
    from core.clock import SystemClock
    from storage import db, migrate

    @asynccontextmanager
    async def run(adapter: Any, name: str) -> AsyncIterator[Served]:
        url = f"sqlite://{tmp_path / 'assemblee.db'}"
        await db.connect(url)
        await migrate.apply(url)
        pipeline = Pipeline(SystemClock(), lock_rows=False, adapters={name: adapter})
        await adapter.start(pipeline)
        app = web.Application()
        app.add_routes(adapter.routes())
        runner = web.AppRunner(app, access_log=None)
        try:
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            host, port = runner.addresses[0][:2]
            loop = asyncio.get_running_loop()  # the server stops by itself if a test hangs
            watchdog = loop.call_later(600, lambda: loop.create_task(runner.cleanup()))
            async with aiohttp.ClientSession() as client:
                yield Served(f"http://{host}:{port}", client, pipeline, adapter)
                drain = getattr(adapter, "drain", None)
                if drain is not None:
                    await drain()
        finally:
            if "watchdog" in locals():
                watchdog.cancel()
            await runner.cleanup()
            await adapter.stop()
            await db.disconnect()

    return run


FEED_BASE = "https://assemblee.example.org"  # http.public_url of the tests


@pytest.fixture(autouse=True)
def feed_address() -> Iterator[None]:
    """Calendar addresses are given only when the server's public address is set: tests set
    one, and leave none behind them."""
    from core.schedule_app.common import set_public_url

    set_public_url(FEED_BASE)
    yield
    set_public_url(None)
