"""Reminders at scale: 100,000 pending reminders across 10,000 assemblies in the database.

For SQLite and PostgreSQL, in the same run:

- the bot: a separate process starts like `assemblee run` (storage opened and checked,
  scheduler, outbox sender, HTTP server) with a recording adapter for the rooms; we measure
  its start-up time, its resident memory, and for 1,000 reminders coming due within the same
  minute (in 1,000 different assemblies) the lag between each due time and the delivery of
  its message to the adapter;
- the bare stack: a separate process that does the least a scheduler can do with the raw
  driver (aiosqlite / asyncpg): poll the same due table every second for rows that came due,
  claim each with one conditional UPDATE and count it delivered, for another 1,000 rows due
  in the same minute. Same start-up, memory and lag figures.

    python bench/scheduler_scale.py [--assemblies 10000] [--reminders 100000] [--hot 1000]
                                    [--window 60] [--no-postgres]

Last line: `reminder_lag_p99_s: <value>` (the worse backend's p99 lag of the bot).
Targets: p99 lag under 2 s, start-up under 5 s, resident memory under 300 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_ADMIN = os.environ.get("ASSEMBLEE_TEST_PG", "postgres://postgres@127.0.0.1:5432/postgres")
PLATFORM = "bench"
MEMBERS = ("alice", "bob", "carol")
LEAD = 25.0  # seconds between the end of seeding and the first hot reminder
BARE_KIND = "bench.bare"
BARE_STATUS = "bench"  # the bot's scheduler never looks at these rows


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process, in MB."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


# ---- seeding (raw driver: this is set-up, not measured) ----------------------------------------------


def plan(assemblies: int, reminders: int, hot: int, window: float, t0: datetime) -> dict[str, Any]:
    """Rows to insert. Meeting reminders one hour before each meeting; `hot` of them (in
    distinct assemblies) come due within `window` seconds from t0, the others in 1-300 days.
    Another `hot` rows for the bare stack come due in the same window."""
    rng = random.Random(7)
    per_assembly = max(1, reminders // assemblies)
    hot_assemblies = set(rng.sample(range(assemblies), hot))
    now = t0 - timedelta(seconds=LEAD)
    assembly_rows, member_rows, meeting_rows, due_meta, rsvp_rows = [], [], [], [], []
    hot_due: dict[str, float] = {}
    bare_due: list[datetime] = []
    meeting_id = 0
    for a in range(assemblies):
        assembly_rows.append((a + 1, PLATFORM, f"room-{a}", "fr", "Europe/Paris", "explicit", per_assembly + 1,
                              secrets.token_urlsafe(24), "{}", now))
        for name in MEMBERS:
            member_rows.append((a + 1, f"{PLATFORM}:{name}", '["facilitator"]' if name == "alice" else "[]",
                                True, now))
        for n in range(per_assembly):
            meeting_id += 1
            if n == 0 and a in hot_assemblies:
                due = t0 + timedelta(seconds=rng.uniform(0, window))
                hot_due[f"room-{a}"] = due.timestamp()
                for name in MEMBERS:
                    rsvp_rows.append((meeting_id, "", f"{PLATFORM}:{name}", "yes", now))
            else:
                due = now + timedelta(days=rng.uniform(1, 300))
            start = due + timedelta(hours=1)
            meeting_rows.append((meeting_id, a + 1, n + 1, f"Réunion {n + 1}", start, start + timedelta(hours=2),
                                 "Europe/Paris", f"bench{a}-meeting-{n + 1}@assemblee", f"{PLATFORM}:alice",
                                 "Maison du peuple", "scheduled", 0, "[3600]", False, now, now))
            data = {"number": n + 1, "occurrence": start.isoformat(), "offset": 3600, "sequence": 0}
            due_meta.append(("meeting.reminder", meeting_id, due, "pending", json.dumps(data), now))
    for _ in range(hot):
        due = t0 + timedelta(seconds=rng.uniform(0, window))
        bare_due.append(due)
        due_meta.append((BARE_KIND, 0, due, BARE_STATUS, "{}", now))
    return {"assembly": assembly_rows, "membership": member_rows, "meeting": meeting_rows,
            "meeting_rsvp": rsvp_rows, "due": due_meta, "hot": hot_due, "bare": len(bare_due)}


COLUMNS = {
    "assembly": ("id", "platform", "room", "language", "timezone", "mode", "next_number", "feed_token", "settings",
                 "created_at"),
    "membership": ("assembly_id", "member", "roles", "active", "joined_at"),
    "meeting": ("id", "assembly_id", "number", "title", "start", "end", "timezone", "uid", "organizer", "place",
                "status", "sequence", "reminder_offsets", "draw", "created_at", "updated_at"),
    "meeting_rsvp": ("meeting_id", "occurrence", "member", "answer", "answered_at"),
    "due": ("kind", "ref", "due_at", "status", "data", "created_at"),
}


async def seed_sqlite(path: str, rows: dict[str, Any]) -> None:
    import aiosqlite

    def cell(value: Any) -> Any:
        return value.isoformat(" ") if isinstance(value, datetime) else value

    async with aiosqlite.connect(path) as conn:
        for table, columns in COLUMNS.items():
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            await conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})',
                                   [tuple(cell(v) for v in row) for row in rows[table]])
        await conn.commit()


async def seed_postgres(url: str, rows: dict[str, Any]) -> None:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        for table, columns in COLUMNS.items():
            await conn.copy_records_to_table(table, records=rows[table], columns=list(columns))
        for table in ("assembly", "meeting"):
            await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


# ---- the two measured processes ----------------------------------------------------------------------------


async def bot_child(url: str, hot: dict[str, float], expected: int, timeout: float) -> dict[str, Any]:
    """Start like `assemblee run`, then record when each hot room gets its message."""
    from app.bootstrap import build_runtime, open_storage
    from app.settings import Settings

    class Recorder:
        platform = PLATFORM

        def __init__(self) -> None:
            self.delivered: dict[str, float] = {}

        async def start(self, sink: Any) -> None: ...

        async def stop(self) -> None: ...

        def routes(self) -> list[Any]:
            return []

        async def send(self, delivery: Any) -> str | None:
            room = delivery.outbound.room
            if room in hot and "⏰" in delivery.outbound.text and room not in self.delivered:
                self.delivered[room] = time.time()
            return f"bench-{delivery.key}"

    settings = Settings(database_url=url, http={"host": "127.0.0.1", "port": 0})
    recorder = Recorder()
    await open_storage(settings)
    runtime = build_runtime(settings, [recorder])  # type: ignore[list-item]
    await runtime.start(http=True)
    ready = time.time()
    rss_ready, _ = rss_mb()
    deadline = time.monotonic() + timeout
    while len(recorder.delivered) < expected and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.5)
    rss_now, rss_peak = rss_mb()
    from storage.models import OutboxRow

    # When each reminder was handled (its outbox row written): splits the lag in two.
    handled = {row.room: row.created_at.timestamp()
               for row in await OutboxRow.filter(platform=PLATFORM, thread_key="meeting:1")}
    await runtime.stop()
    return {"ready": ready, "rss_ready": rss_ready, "rss": rss_now, "rss_peak": rss_peak,
            "delivered": recorder.delivered, "handled": handled}


async def bare_child(url: str, expected: int, timeout: float, poll: float) -> dict[str, Any]:
    """The bare stack: raw driver, same table, one conditional UPDATE per row."""
    lags: list[float] = []
    deadline = time.monotonic() + timeout
    if url.startswith("sqlite://"):
        import aiosqlite

        conn = await aiosqlite.connect(url.removeprefix("sqlite://"))
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA busy_timeout=10000")
        pending = (await (await conn.execute("SELECT count(*) FROM due WHERE status = 'pending'")).fetchone())[0]
        ready = time.time()
        rss_ready, _ = rss_mb()
        while len(lags) < expected and time.monotonic() < deadline:
            now = datetime.now(UTC)
            rows = await (await conn.execute(
                "SELECT id, due_at FROM due WHERE status = ? AND due_at <= ? ORDER BY due_at, id LIMIT 500",
                (BARE_STATUS, now.isoformat(" ")))).fetchall()
            for row_id, due_at in rows:
                claimed = await conn.execute("UPDATE due SET status = 'done' WHERE id = ? AND status = ?",
                                             (row_id, BARE_STATUS))
                await conn.commit()
                if claimed.rowcount:
                    lags.append(time.time() - datetime.fromisoformat(due_at).timestamp())
            if not rows:
                await asyncio.sleep(poll)
        await conn.close()
    else:
        import asyncpg

        conn = await asyncpg.connect(url)
        pending = await conn.fetchval("SELECT count(*) FROM due WHERE status = 'pending'")
        ready = time.time()
        rss_ready, _ = rss_mb()
        while len(lags) < expected and time.monotonic() < deadline:
            rows = await conn.fetch("SELECT id, due_at FROM due WHERE status = $1 AND due_at <= now() "
                                    "ORDER BY due_at, id LIMIT 500", BARE_STATUS)
            for row in rows:
                status = await conn.execute("UPDATE due SET status = 'done' WHERE id = $1 AND status = $2",
                                            row["id"], BARE_STATUS)
                if status.endswith(" 1"):
                    lags.append(time.time() - row["due_at"].timestamp())
            if not rows:
                await asyncio.sleep(poll)
        await conn.close()
    rss_now, rss_peak = rss_mb()
    return {"ready": ready, "rss_ready": rss_ready, "rss": rss_now, "rss_peak": rss_peak, "lags": lags,
            "pending": pending}


def child_main(argv: list[str]) -> None:
    role, url, spec_path = argv
    spec = json.loads(Path(spec_path).read_text())
    import logging

    logging.disable(logging.WARNING)
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.ERROR))
    if role == "bot":
        result = asyncio.run(bot_child(url, spec["hot"], len(spec["hot"]), spec["timeout"]))
    else:
        result = asyncio.run(bare_child(url, spec["bare"], spec["timeout"], spec["poll"]))
    print(json.dumps(result))


def spawn(role: str, url: str, spec_path: Path) -> tuple[float, subprocess.Popen[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSEMBLEE_")}
    started = time.time()
    process = subprocess.Popen([sys.executable, __file__, "--child", role, url, str(spec_path)], cwd=ROOT,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return started, process


# ---- one backend ------------------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


async def run_backend(label: str, url: str, sqlite_path: str | None, args: argparse.Namespace) -> dict[str, Any]:
    from storage import db, migrate

    await db.connect(url)
    await migrate.apply(url)
    await db.disconnect()
    seed_started = time.monotonic()
    t0 = datetime.now(UTC)
    rows = plan(args.assemblies, args.reminders, args.hot, args.window, t0)
    if sqlite_path:
        await seed_sqlite(sqlite_path, rows)
    else:
        await seed_postgres(url, rows)
    # The hot window starts LEAD seconds after seeding, whatever seeding took.
    offset = (datetime.now(UTC) + timedelta(seconds=LEAD)) - t0
    await shift_hot(url, sqlite_path, offset)
    hot = {room: due + offset.total_seconds() for room, due in rows["hot"].items()}
    seeded_s = time.monotonic() - seed_started
    total = len(rows["due"])
    print(f"{label}: seeded {args.assemblies:,} assemblies, {len(rows['meeting']):,} meetings, "
          f"{total - rows['bare']:,} pending reminders (+{rows['bare']:,} for the bare stack) in {seeded_s:.1f} s",
          flush=True)
    spec = {"hot": hot, "bare": rows["bare"], "timeout": LEAD + args.window + 60, "poll": 1.0}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(spec, handle)
        spec_path = Path(handle.name)
    try:
        bot_started, bot = spawn("bot", url, spec_path)
        bare_started, bare = spawn("bare", url, spec_path)
        bot_out, bot_err = bot.communicate(timeout=spec["timeout"] + 120)
        bare_out, bare_err = bare.communicate(timeout=spec["timeout"] + 120)
    finally:
        spec_path.unlink(missing_ok=True)
    if bot.returncode != 0 or bare.returncode != 0:
        raise RuntimeError(f"{label}: child failed\n{bot_err[-3000:]}\n{bare_err[-3000:]}")
    bot_result = json.loads(bot_out.strip().splitlines()[-1])
    bare_result = json.loads(bare_out.strip().splitlines()[-1])
    lags = [at - hot[room] for room, at in bot_result["delivered"].items()]
    handled = bot_result["handled"]
    handle_lags = [handled[room] - hot[room] for room in bot_result["delivered"] if room in handled]
    send_lags = [at - handled[room] for room, at in bot_result["delivered"].items() if room in handled]
    return {
        "label": label,
        "startup": bot_result["ready"] - bot_started,
        "bare_startup": bare_result["ready"] - bare_started,
        "rss": bot_result["rss"], "rss_peak": bot_result["rss_peak"],
        "bare_rss": bare_result["rss"], "bare_rss_peak": bare_result["rss_peak"],
        "delivered": len(lags), "expected": len(hot),
        "lags": lags, "bare_lags": bare_result["lags"], "pending": bare_result["pending"],
        "handle_lags": handle_lags, "send_lags": send_lags,
    }


async def shift_hot(url: str, sqlite_path: str | None, offset: timedelta) -> None:
    """Bring the hot reminders (and their meetings, and the bare rows) `offset` earlier or later."""
    seconds = offset.total_seconds()
    if sqlite_path:
        import aiosqlite

        async with aiosqlite.connect(sqlite_path) as conn:
            rows = await (await conn.execute(
                "SELECT d.id, d.due_at, d.data, d.ref FROM due d WHERE (d.kind = ? AND d.status = ?) OR d.ref IN "
                "(SELECT meeting_id FROM meeting_rsvp)", (BARE_KIND, BARE_STATUS))).fetchall()
            for row_id, due_at, data, ref in rows:
                due = datetime.fromisoformat(due_at) + timedelta(seconds=seconds)
                if ref:
                    info = json.loads(data)
                    start = due + timedelta(hours=1)
                    info["occurrence"] = start.isoformat()
                    await conn.execute('UPDATE meeting SET start = ?, "end" = ? WHERE id = ?',
                                       (start.isoformat(" "), (start + timedelta(hours=2)).isoformat(" "), ref))
                    data = json.dumps(info)
                await conn.execute("UPDATE due SET due_at = ?, data = ? WHERE id = ?",
                                   (due.isoformat(" "), data, row_id))
            await conn.commit()
        return
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch("SELECT id, due_at, data, ref FROM due WHERE (kind = $1 AND status = $2) OR ref IN "
                                "(SELECT meeting_id FROM meeting_rsvp)", BARE_KIND, BARE_STATUS)
        async with conn.transaction():
            for row in rows:
                due = row["due_at"] + timedelta(seconds=seconds)
                data = row["data"]
                if row["ref"]:
                    info = json.loads(data)
                    start = due + timedelta(hours=1)
                    info["occurrence"] = start.astimezone(UTC).isoformat()
                    await conn.execute('UPDATE meeting SET start = $1, "end" = $2 WHERE id = $3',
                                       start, start + timedelta(hours=2), row["ref"])
                    data = json.dumps(info)
                await conn.execute("UPDATE due SET due_at = $1, data = $2 WHERE id = $3", due, data, row["id"])
    finally:
        await conn.close()


def report(result: dict[str, Any]) -> None:
    label = result["label"]
    lags, bare = result["lags"], result["bare_lags"]
    p50, p99, worst = percentile(lags, 0.5), percentile(lags, 0.99), max(lags, default=float("nan"))
    b50, b99 = percentile(bare, 0.5), percentile(bare, 0.99)
    print(f"{label}: start-up {result['startup']:.2f} s (bare stack {result['bare_startup']:.2f} s, "
          f"×{result['startup'] / result['bare_startup']:.1f})")
    print(f"{label}: resident memory {result['rss']:.0f} MB, peak {result['rss_peak']:.0f} MB "
          f"(bare stack {result['bare_rss']:.0f} MB, peak {result['bare_rss_peak']:.0f} MB, "
          f"×{result['rss_peak'] / result['bare_rss_peak']:.1f})")
    print(f"{label}: {result['delivered']}/{result['expected']} reminders delivered; lag p50 {p50:.2f} s, "
          f"p99 {p99:.2f} s, max {worst:.2f} s (bare stack: {len(bare)} rows, p50 {b50:.2f} s, p99 {b99:.2f} s; "
          f"p99 ×{p99 / b99:.1f})")
    print(f"{label}: of which due → handled (outbox row written) p50 {percentile(result['handle_lags'], 0.5):.2f} s, "
          f"p99 {percentile(result['handle_lags'], 0.99):.2f} s; handled → delivered p50 "
          f"{percentile(result['send_lags'], 0.5):.2f} s, p99 {percentile(result['send_lags'], 0.99):.2f} s")
    print(f"{label}: the bare stack counted {result['pending']:,} pending reminders at start", flush=True)


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


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assemblies", type=int, default=10_000)
    parser.add_argument("--reminders", type=int, default=100_000)
    parser.add_argument("--hot", type=int, default=1_000)
    parser.add_argument("--window", type=float, default=60.0, help="seconds over which the hot reminders fall due")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    results = []
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            path = f"{tmp}/bench.db"
            results.append(await run_backend("sqlite", f"sqlite://{path}", path, args))
        report(results[-1])
    if not args.no_postgres:
        results.append(await with_pg_database(lambda url: run_backend("postgres", url, None, args)))
        report(results[-1])
    worst = max(percentile(r["lags"], 0.99) for r in results)
    missing = sum(r["expected"] - r["delivered"] for r in results)
    if missing:
        print(f"reminders not delivered in time: {missing}")
        worst = float("inf")
    print(f"reminder_lag_p99_s: {worst:.3f}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_main(sys.argv[2:])
    else:
        asyncio.run(main())
