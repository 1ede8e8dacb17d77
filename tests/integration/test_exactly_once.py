"""Two bots on one PostgreSQL close each proposal exactly once.

200 consent proposals in their consent round, all with the same deadline a minute ago,
are written beforehand through the core (`core.dispatch.handle` with a clock in the past).
Two real `assemblee run --no-console` processes then start on the same database and race
for the due rows. Each proposal must end with one "closed" audit event, one closing
announcement in the outbox (no console is attached, so announcements stay there) and one
"due" claim in the inbox."""

from __future__ import annotations

import asyncio
import ctypes
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg

from core.clock import FakeClock
from core.dispatch import handle
from core.messages import Inbound, Platform, RoomId, UserId

REPO = Path(__file__).resolve().parents[2]
ROOMS = ("salon-nord", "salon-sud", "salon-est", "salon-ouest")
PER_ROOM = 50
MEMBERS = ("alice", "bob", "carol")


_PRCTL = ctypes.CDLL(None, use_errno=True).prctl  # looked up before any fork


def _die_with_parent() -> None:
    """In the child, before exec: get SIGKILL when the test process goes away."""
    _PRCTL(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def start_worker(url: str, cwd: Path, name: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSEMBLEE_") and k != "_ASSEMBLEE_CONFIG_FILE"}
    env.update(PYTHONPATH=str(REPO), ASSEMBLEE_DATABASE_URL=url, ASSEMBLEE_HTTP__PORT="0",
               ASSEMBLEE_SCHEDULER__POLL_SECONDS="0.2")
    return subprocess.Popen([sys.executable, "-m", "app.cli", "run", "--no-console"], cwd=cwd, env=env,
                            stdin=subprocess.DEVNULL, stdout=(cwd / f"{name}.out").open("w"),
                            stderr=(cwd / f"{name}.err").open("w"), text=True, preexec_fn=_die_with_parent)  # noqa: PLW1509


async def prepare(url: str, start: datetime) -> None:
    """Write the proposals through the core, as the bot would have, with the clock at `start`."""
    from storage import db, migrate
    from storage.uow import TortoiseUnitOfWork

    clock = FakeClock(start)
    counter = iter(range(1_000_000))

    def factory() -> TortoiseUnitOfWork:
        return TortoiseUnitOfWork(clock.now(), lock_rows=True)

    async def say(room: str, name: str, text: str) -> None:
        event = Inbound(platform=Platform("console"), room=RoomId(room), sender=UserId(f"console:{name}"),
                        event_id=f"prep-{next(counter)}", text=text)
        sent = await handle(factory, event, clock.now())
        assert sent, text

    async def fill(room: str) -> None:
        for name in MEMBERS:
            await say(room, name, "!rejoindre")
        for number in range(1, PER_ROOM + 1):
            await say(room, "alice", f"!proposer --echeance 1h Proposition {number}")
            await say(room, "alice", f"!suivant #{number}")
            await say(room, "alice", f"!suivant #{number}")
            await say(room, "bob", f"!consentement #{number}")
            if number % 4 == 0:
                await say(room, "carol", f"!objection #{number} Pas comme ça")

    await db.connect(url)
    try:
        await migrate.apply(url)
        await asyncio.gather(*(fill(room) for room in ROOMS))
    finally:
        await db.disconnect()


async def test_two_workers_close_each_proposal_exactly_once(pg_url: str, tmp_path: Path) -> None:
    now = datetime.now(UTC)
    await prepare(pg_url, now - timedelta(minutes=61))  # every deadline: one minute ago
    conn = await asyncpg.connect(pg_url.replace("postgres://", "postgresql://", 1))
    try:
        proposals = await conn.fetch(
            "SELECT p.id, p.number, a.room, p.status, p.deadline FROM proposal p JOIN assembly a ON a.id = p.assembly_id")
        assert len(proposals) == len(ROOMS) * PER_ROOM
        assert {p["status"] for p in proposals} == {"open"}
        assert len({p["deadline"] for p in proposals}) == 1 and proposals[0]["deadline"] < datetime.now(UTC)
        # each proposal: its deadline, and the reminder to those who have not positioned (a quarter
        # of the hour before it), both come due at once
        assert await conn.fetchval(
            "SELECT count(*) FROM due WHERE status = 'pending' AND kind = 'proposal.deadline'") == len(proposals)
        assert await conn.fetchval(
            "SELECT count(*) FROM due WHERE status = 'pending' AND kind = 'proposal.reminder'") == len(proposals)

        workers = [start_worker(pg_url, tmp_path, f"worker{i}") for i in (1, 2)]
        try:
            deadline = time.monotonic() + 90
            while await conn.fetchval("SELECT count(*) FROM due WHERE status = 'pending'"):
                assert time.monotonic() < deadline, "the due rows were not all handled in time"
                for worker in workers:
                    assert worker.poll() is None, (tmp_path / f"worker{workers.index(worker) + 1}.err").read_text()
                await asyncio.sleep(0.2)
            await asyncio.sleep(1)  # let both pass over the rows once more
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
            for worker in workers:
                assert await asyncio.to_thread(worker.wait, 20) == 0
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.kill()
                worker.wait(timeout=10)
        for i in (1, 2):
            errors = (tmp_path / f"worker{i}.err").read_text()
            assert "Traceback" not in errors and "due.failed" not in errors, errors[-2000:]

        closed = await conn.fetch(
            "SELECT a.room, e.number FROM audit_event e JOIN assembly a ON a.id = e.assembly_id "
            "WHERE e.subject = 'proposal' AND e.kind = 'closed'")
        per_proposal = Counter((row["room"], row["number"]) for row in closed)
        expected = {(room, number) for room in ROOMS for number in range(1, PER_ROOM + 1)}
        assert set(per_proposal) == expected and set(per_proposal.values()) == {1}

        final = {(p["room"], p["number"]): (p["status"], p["outcome"], p["decided_at"]) for p in await conn.fetch(
            "SELECT a.room, p.number, p.status, p.outcome, p.decided_at FROM proposal p "
            "JOIN assembly a ON a.id = p.assembly_id")}
        for (room, number), (status, outcome, decided_at) in final.items():
            assert decided_at is not None
            assert (status, outcome) == (("expired", "objection") if number % 4 == 0 else ("adopted", "")), (
                room, number)

        announcements: Counter[tuple[str, str]] = Counter()
        reminded: Counter[tuple[str, str]] = Counter()
        for row in await conn.fetch("SELECT room, thread_key, payload FROM outbox"):
            text = json.loads(row["payload"])["text"]
            if row["thread_key"] and ("ADOPTÉE" in text or "EXPIRÉE" in text):
                announcements[(row["room"], row["thread_key"])] += 1
            if row["thread_key"] and text.startswith("⏰"):
                reminded[(row["room"], row["thread_key"])] += 1
        assert set(announcements) == {(room, f"proposal:{n}") for room, n in expected}
        assert set(announcements.values()) == {1}
        # a reminder handled after its proposal closed says nothing; none is said twice
        assert set(reminded) <= set(announcements) and set(reminded.values()) <= {1}
        assert await conn.fetchval("SELECT count(*) FROM outbox WHERE status != 'pending'") == 0

        claims: Counter[tuple[str, int]] = Counter()
        for row in await conn.fetch("SELECT event_id FROM inbox WHERE platform = 'due'"):
            kind, ref, _ = row["event_id"].split(":")
            claims[(kind, int(ref))] += 1
        assert set(claims) == {(kind, p["id"]) for p in proposals for kind in ("proposal.deadline", "proposal.reminder")}
        assert set(claims.values()) == {1}
        assert await conn.fetchval("SELECT count(*) FROM due WHERE status = 'done'") == 2 * len(proposals)
    finally:
        await conn.close()


async def test_an_inbound_event_is_accepted_once_and_handled_once(storage: str) -> None:
    """On SQLite and on PostgreSQL: a new event is reported new (so adapters answer and the
    worker wakes up), the same platform id again is a duplicate, and it is handled once."""
    from app.pipeline import Pipeline
    from storage.db import is_postgres
    from storage.models import InboxRow, OutboxRow

    pipeline = Pipeline(FakeClock(datetime.now(UTC)), lock_rows=is_postgres(storage))
    event = Inbound(platform=Platform("console"), room=RoomId("salon"), sender=UserId("console:alice"),
                    event_id="evt-1", text="!rejoindre")
    assert await pipeline.accept(event) is True
    assert await pipeline.accept(event) is False
    assert await pipeline.handle_pending() == 1
    assert await pipeline.accept(event) is False  # handled already: still a duplicate
    assert await pipeline.handle_pending() == 0
    assert await InboxRow.filter(platform="console", event_id="evt-1", handled=True).count() == 1
    assert await OutboxRow.all().count() == 1  # one welcome
