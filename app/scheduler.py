"""Wakes up for due rows (deadlines, reminders). The database row is the truth: the loop
only finds rows whose time has come and hands each to the core, which claims it in the same
transaction as its effect, so several workers never handle one row twice."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import structlog

from core.clock import Clock
from core.dispatch import handle_due
from storage.models import DueRow
from storage.uow import TortoiseUnitOfWork

log = structlog.get_logger("assemblee.scheduler")


class Scheduler:
    def __init__(self, clock: Clock, *, lock_rows: bool, poll_seconds: float = 1.0,
                 on_handled: Callable[[], None] | None = None) -> None:
        self.clock = clock
        self.lock_rows = lock_rows
        self.poll_seconds = poll_seconds
        self.on_handled = on_handled
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    def _uow(self) -> TortoiseUnitOfWork:
        return TortoiseUnitOfWork(self.clock.now(), lock_rows=self.lock_rows)

    async def run_due(self, limit: int = 500) -> int:
        """Handle every row due now. Returns how many this worker handled."""
        now = self.clock.now()
        rows = await DueRow.filter(status="pending", due_at__lte=now).order_by("due_at", "id").limit(limit)
        handled = 0
        for row in rows:
            try:
                sent = await handle_due(self._uow, row.kind, row.ref, row.id, self.clock.now())
            except Exception:
                log.exception("due.failed", kind=row.kind, ref=row.ref, due_id=row.id)
                continue
            if sent is not None:
                handled += 1
        if handled and self.on_handled:
            self.on_handled()
        return handled

    async def settle_overdue(self, limit: int = 500) -> int:
        """At start-up, before any event is handled: everything that came due while the bot
        was stopped (a deadline passed during a restart), so that the first answers do not
        show as open a proposal that the next message closes."""
        total = 0
        while True:
            try:
                handled = await self.run_due(limit)
            except Exception:
                log.exception("scheduler.startup_error")
                return total
            total += handled
            if handled < limit:
                return total

    async def loop(self) -> None:
        while True:
            self._wake.clear()
            try:
                handled = await self.run_due()
            except Exception:
                log.exception("scheduler.loop_error")
                handled = 0
            if handled:
                continue  # more may be due already: do not let them wait a whole interval
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
