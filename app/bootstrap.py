"""Composition root: settings → storage → adapters → pipeline, scheduler and HTTP server."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from dataclasses import dataclass, field
from typing import Any

import structlog
from aiohttp import web
from tortoise import connections

from adapters.base import Adapter
from app.pipeline import Pipeline
from app.scheduler import Scheduler
from app.settings import Settings, SettingsError
from core.clock import Clock, SystemClock
from storage import db, migrate

log = structlog.get_logger("assemblee")


async def open_storage(settings: Settings, *, apply_migrations: bool = True) -> None:
    try:
        await db.connect(settings.database_url)
        # tortoise connects lazily: reach the database now, so that a wrong address is named here.
        await connections.get("default").execute_query("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure to reach the database stops start-up, named
        # let go of what was opened while the event loop still runs: a connection that failed to
        # open stops its thread when collected, and after the loop it would print a traceback
        with contextlib.suppress(Exception):
            await db.disconnect()
        gc.collect()
        await asyncio.sleep(0)
        raise SettingsError(
            f"setting database_url (ASSEMBLEE_DATABASE_URL): cannot connect: {_first_line(exc)}"
        ) from None
    try:
        missing = await migrate.check(settings.database_url)
    except migrate.SchemaNewerThanCode as exc:
        await db.disconnect()
        raise SettingsError(str(exc)) from None
    if missing:
        if not apply_migrations:
            await db.disconnect()
            raise SettingsError("the database schema is not up to date: run `assemblee migrate` first")
        applied = await migrate.apply(settings.database_url)
        log.info("storage.migrated", applied=applied)


def network_adapters(settings: Settings) -> list[Adapter]:
    """Adapters for every network with a settings block. Each validates its own block."""
    adapters: list[Adapter] = []
    builders = {
        "matrix": ("adapters.matrix", "build"),
        "telegram": ("adapters.telegram", "build"),
        "discord": ("adapters.discord", "build"),
        "webhook": ("adapters.webhook", "build"),
    }
    for name, (module_name, function) in builders.items():
        block: dict[str, Any] | None = getattr(settings, name)
        if not block:
            continue
        import importlib

        module = importlib.import_module(module_name)
        build = getattr(module, function, None)
        if build is None:
            raise SettingsError(f"setting {name}: this version of Assemblée cannot connect to {name} yet")
        try:
            adapters.append(build(block))
        except SettingsError:
            raise
        except Exception as exc:  # noqa: BLE001 - a network that cannot start stops start-up, named
            raise SettingsError(f"setting {name} (ASSEMBLEE_{name.upper()}__…): {_first_line(exc)}") from None
    return adapters


def _first_line(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        try:
            first = errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            return f"{where}: {first['msg']}"
        except (LookupError, TypeError, AttributeError):  # not pydantic's shape: use the message
            pass
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


@dataclass
class Runtime:
    settings: Settings
    pipeline: Pipeline
    scheduler: Scheduler
    adapters: list[Adapter]
    http_runner: web.AppRunner | None = None
    http_port: int | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def start(self, *, http: bool = True) -> None:
        # Deadlines that passed while the bot was stopped are settled before anything is
        # answered (their announcements wait in the outbox, ahead of the answers).
        settled = await self.scheduler.settle_overdue()
        if settled:
            log.info("scheduler.settled_at_startup", handled=settled)
        recalled = await self.pipeline.recall_names()  # people shown by name, not by id, from the start
        if recalled:
            log.info("names.recalled", names=recalled)
        for adapter in self.adapters:
            await adapter.start(self.pipeline)
        self.tasks = [
            asyncio.create_task(self.pipeline.inbox_worker(), name="inbox"),
            asyncio.create_task(self.pipeline.sender(), name="outbox"),
            asyncio.create_task(self.scheduler.loop(), name="scheduler"),
        ]
        if http:
            from app import calendar
            from app import http as http_server

            app = http_server.build_app(self.adapters, calendar.routes(self))
            self.http_runner, self.http_port = await http_server.start(
                app, self.settings.http.host, self.settings.http.port
            )
            log.info("http.listening", host=self.settings.http.host, port=self.http_port)
        settle_heap()

    async def stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self.http_runner is not None:
            await self.http_runner.cleanup()
        for adapter in self.adapters:
            with contextlib.suppress(Exception):
                await adapter.stop()
        await db.disconnect()


def settle_heap() -> None:
    """What start-up made (modules, models, adapters, clients) lives as long as the process.
    Frozen, it is left out of the cyclic collector's full passes, which would otherwise walk
    all of it each time: pauses of 80 to 130 ms during which no event and no webhook is
    answered. Garbage is collected first, so that none of it is kept for good."""
    gc.collect()
    gc.freeze()


def build_runtime(settings: Settings, adapters: list[Adapter], clock: Clock | None = None) -> Runtime:
    from app import calendar

    calendar.configure(settings)  # the calendar address members are given (run and console alike)
    clock = clock or SystemClock()
    lock_rows = db.is_postgres(settings.database_url)
    pipeline = Pipeline(
        clock,
        lock_rows=lock_rows,
        adapters={a.platform: a for a in adapters},
        max_attempts=settings.delivery.max_attempts,
        paused=settings.delivery.paused,
        poll_seconds=settings.scheduler.poll_seconds,
    )
    scheduler = Scheduler(clock, lock_rows=lock_rows, poll_seconds=settings.scheduler.poll_seconds,
                          on_handled=pipeline.wake_sender)
    return Runtime(settings=settings, pipeline=pipeline, scheduler=scheduler, adapters=adapters)
