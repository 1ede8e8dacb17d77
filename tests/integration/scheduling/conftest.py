"""A room driven through the real pipeline pieces: commands go through `core.dispatch.handle`
with the tortoise unit of work, due rows through the real `Scheduler`, all on a fake clock,
on SQLite and on PostgreSQL (the `storage` fixture)."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar, Event

from app.scheduler import Scheduler
from core.clock import FakeClock
from core.dispatch import handle
from core.messages import Inbound, Outbound, OutboundKind, Platform, RoomId, UserId, outbound_from_dict
from storage import db
from storage.models import AuditRow, DueRow, OutboxRow
from storage.uow import TortoiseUnitOfWork

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
_events = itertools.count(1)


class Bot:
    def __init__(self, url: str, start: datetime = NOW, room: str = "salon") -> None:
        self.url = url
        self.clock = FakeClock(start)
        self.lock = db.is_postgres(url)
        self.room = room
        self.scheduler = Scheduler(self.clock, lock_rows=self.lock)

    def uow(self) -> TortoiseUnitOfWork:
        return TortoiseUnitOfWork(self.clock.now(), lock_rows=self.lock)

    async def say(self, name: str, text: str, *, room: str | None = None,
                  room_name: str | None = None) -> list[Outbound]:
        inbound = Inbound(platform=Platform("console"), room=RoomId(room or self.room),
                          sender=UserId(f"console:{name}"), event_id=f"ev{next(_events)}", text=text,
                          room_name=room_name)
        return await handle(self.uow, inbound, self.clock.now()) or []

    async def text(self, name: str, text: str, *, room: str | None = None) -> str:
        return "\n".join(o.text for o in await self.say(name, text, room=room))

    async def run_due(self) -> list[Outbound]:
        """One scheduler pass; the messages it wrote to the outbox."""
        mark = await self.outbox_mark()
        await self.scheduler.run_due()
        return await self.outbox_since(mark)

    async def advance(self, delta: timedelta) -> list[Outbound]:
        self.clock.advance(delta)
        return await self.run_due()

    async def set_time(self, instant: datetime) -> list[Outbound]:
        self.clock.set(instant.astimezone(UTC))  # the system clock reads UTC
        return await self.run_due()

    async def restart(self) -> None:
        """What a restart leaves: the database. New connections, a new scheduler."""
        await db.disconnect()
        await db.connect(self.url)
        self.scheduler = Scheduler(self.clock, lock_rows=self.lock)

    async def outbox_mark(self) -> int:
        last = await OutboxRow.all().order_by("-id").first()
        return last.id if last else 0

    async def outbox_since(self, mark: int) -> list[Outbound]:
        rows = await OutboxRow.filter(id__gt=mark).order_by("id")
        return [outbound_from_dict(r.payload) for r in rows]

    async def audit(self, kind: str, subject: str = "meeting") -> list[AuditRow]:
        return await AuditRow.filter(kind=kind, subject=subject).order_by("id")

    async def due(self, kind: str) -> list[DueRow]:
        return await DueRow.filter(kind=kind).order_by("id")


@pytest.fixture
async def bot(storage: str) -> AsyncIterator[Bot]:
    yield Bot(storage)


async def members(bot: Bot, *names: str) -> None:
    for name in names:
        await bot.say(name, "!rejoindre")


def parse_ics(text: str | None) -> tuple[Calendar, list[Event]]:
    """Parse a calendar file back and check what RFC 5545 needs from us."""
    assert text, "no calendar file"
    calendar = Calendar.from_ical(text)
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar.get("PRODID")
    events = list(calendar.walk("VEVENT"))
    zones = {str(z["TZID"]) for z in calendar.walk("VTIMEZONE")}
    for event in events:
        assert event.get("UID") and event.get("DTSTAMP") and event.get("DTSTART")
        tzid = event["DTSTART"].params.get("TZID")
        assert tzid in zones, (tzid, zones)
    assert calendar.get_missing_tzids() == set()
    return calendar, events


def only(messages: list[Outbound], **where: Any) -> Outbound:
    """The one message matching `where` (the end of a native poll counts only when asked for)."""
    if "kind" not in where:
        messages = [m for m in messages if m.kind is not OutboundKind.POLL_CLOSE]
    found = [m for m in messages if all(getattr(m, k) == v for k, v in where.items())]
    assert len(found) == 1, [m.text for m in messages]
    return found[0]
