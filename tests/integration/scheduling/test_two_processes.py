"""Two real `assemblee run` processes on one PostgreSQL database: every reminder is sent
once (one outbox row, one audit line, one claimed due row), whichever process wakes first.
The feed is served by each of them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from storage import db, migrate
from storage.models import AssemblyRow, AuditRow, DueRow, InboxRow, OutboxRow

from .conftest import Bot, parse_ics
from .processes import bot_processes

ROOMS = 8
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
async def pg(pg_url: str) -> AsyncIterator[str]:
    await db.connect(pg_url)
    await migrate.apply(pg_url)
    try:
        yield pg_url
    finally:
        await db.disconnect()


async def wait_until_done(kinds: tuple[str, ...], expected: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await DueRow.filter(kind__in=kinds, status="done").count() >= expected:
            return
        await asyncio.sleep(0.2)
    raise TimeoutError(f"{kinds}: not all {expected} rows handled")


async def test_two_processes_send_each_reminder_once(pg: str, tmp_path: Path) -> None:
    bot = Bot(pg, start=datetime.now(UTC))
    start = (bot.clock.now() + timedelta(days=2)).astimezone(PARIS)
    when = f"{start:%Y-%m-%d %H:%M}"
    for index in range(ROOMS):
        room = f"salle-{index}"
        for name in ("alice", "bob", "carol"):
            await bot.say(name, "!rejoindre", room=room)
        await bot.say("alice", f'!reunion AG {index} {when} --rappel "1d 1h"', room=room)
        await bot.say("bob", "!present #1 oui", room=room)
        await bot.say("alice", f'!planifier Fête {index} --creneaux "{when}-23:59" --echeance 36h --rappel 12h',
                      room=room)
        await bot.say("bob", "!dispo #2 oui", room=room)
    pending = await DueRow.filter(kind__in=("meeting.reminder", "poll.reminder"), status="pending")
    assert len(pending) == 2 * ROOMS
    # Bring every reminder due in a few seconds: the due row is what the bots obey.
    soon = datetime.now(UTC) + timedelta(seconds=4)
    await DueRow.filter(id__in=[r.id for r in pending]).update(due_at=soon)

    with bot_processes(2, pg, tmp_path) as processes:
        ports = [p.port() for p in processes]
        await wait_until_done(("meeting.reminder", "poll.reminder"), 2 * ROOMS)
        await asyncio.sleep(1.5)  # both keep polling: nothing may come twice
        assembly = await AssemblyRow.get(room="salle-0")
        async with aiohttp.ClientSession() as http:
            for port in ports:
                url = f"http://127.0.0.1:{port}/assemblies/{assembly.id}/calendar.ics"
                async with http.get(f"{url}?token={assembly.feed_token}") as response:
                    assert response.status == 200
                    _, (event,) = parse_ics(await response.text())
                    assert str(event["SUMMARY"]) == "AG 0"
                async with http.get(f"{url}?token=wrong") as response:
                    assert response.status == 404
        for process in processes:
            assert process.process.poll() is None, process.log.read_text()[-2000:]

    for index in range(ROOMS):
        room = f"salle-{index}"
        meeting = [r for r in await OutboxRow.filter(room=room, thread_key="meeting:1") if "⏰" in r.payload["text"]]
        poll = [r for r in await OutboxRow.filter(room=room, thread_key="poll:2") if "⏰" in r.payload["text"]]
        assert len(meeting) == 1 and len(poll) == 1, room
        assert meeting[0].status == "pending"  # no console attached: kept for delivery
        assert set(poll[0].payload["mentions"]) == {"console:alice", "console:carol"}  # bob answered
        assembly_id = (await AssemblyRow.get(room=room)).id
        for subject in ("meeting", "poll"):
            sent = await AuditRow.filter(assembly_id=assembly_id, subject=subject, kind="reminder_sent").count()
            assert sent == 1, (room, subject)
    assert await DueRow.filter(kind__in=("meeting.reminder", "poll.reminder"), status="done").count() == 2 * ROOMS
    claimed = await InboxRow.filter(platform="due").values_list("event_id", flat=True)
    assert len(claimed) == len(set(claimed)) == 2 * ROOMS
    # Each meeting's next reminder (one hour before) was planned once.
    assert await DueRow.filter(kind="meeting.reminder", status="pending").count() == ROOMS
