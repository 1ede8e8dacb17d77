"""The in-memory fakes the core's unit tests use behave like the database: the same room
history gives the same answers, reminders included, on the fakes, SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from core.clock import FakeClock
from core.dispatch import handle, handle_due
from core.fakes import FakeStore
from core.messages import Inbound, Outbound, Platform, RoomId, UserId

from .conftest import NOW, Bot

PARIS = ZoneInfo("Europe/Paris")
START = datetime(2026, 12, 8, 19, 0, tzinfo=PARIS)
_ids = itertools.count(1)

HISTORY: list[str | timedelta | datetime] = [
    "alice: !rejoindre", "bob: !rejoindre", "carol: !rejoindre",
    'alice: !planifier AG --creneaux "2026-12-08 19:00-21:00 | 2026-12-09 19:00-21:00" --echeance 2026-12-05T12:00',
    "bob: !dispo #1 oui non", "carol: !dispo #1 2 oui", "bob: !fuseau America/Montreal", "bob: !etat #1",
    datetime(2026, 12, 4, 12, 0, tzinfo=PARIS),
    "carol: !dispo #1 oui peut-être",
    datetime(2026, 12, 5, 12, 0, tzinfo=PARIS),
    'alice: !valider #1 --lieu "Salle des fêtes" --chaque hebdomadaire',
    "carol: !present #2 oui", "bob: !odj #2 ajouter Budget", "alice: !proposer Jardin",
    "alice: !odj #2", "alice: !etat #2", "alice: !etat", "alice: !ics #2",
    "bob: !calendrier public", "alice: !calendrier public", "bob: !ics #2", "bob: !calendrier",
    "alice: !calendrier ouvert", "alice: !calendar private", "bob: !ics",
    START - timedelta(days=1),
    "carol: !echanger #2",
    START + timedelta(minutes=10),
    "alice: !suivant #3", "alice: !suivant #3", "alice: !tour #3 --direct", "bob: !ok #3",
    "alice: !noter #3 @carol ok", "alice: !ok #3", "bob: !cr #2 Fini.", "alice: !compte-rendu #2",
    START + timedelta(days=7) - timedelta(hours=1),
    "alice: !reporter #2 2026-12-22 19:00", "alice: !annuler #2", "alice: !etat #2",
]


class FakeBot:
    def __init__(self) -> None:
        self.store = FakeStore()
        self.clock = FakeClock(NOW)

    async def say(self, name: str, text: str) -> list[Outbound]:
        inbound = Inbound(platform=Platform("console"), room=RoomId("salon"), sender=UserId(f"console:{name}"),
                          event_id=f"f{next(_ids)}", text=text)
        return await handle(self.store.uow, inbound, self.clock.now()) or []

    async def set_time(self, instant: datetime) -> list[Outbound]:
        self.clock.set(instant.astimezone(UTC))
        sent: list[Outbound] = []
        while True:
            due = sorted((r for r in self.store.state.due if not r.done and r.due_at <= self.clock.now()),
                         key=lambda r: (r.due_at, r.id))
            if not due:
                return sent
            row = due[0]
            sent += await handle_due(self.store.uow, row.kind, row.ref, row.id, self.clock.now()) or []


def normalise(messages: list[Outbound]) -> list[tuple[str, str | None, str | None, tuple[str, ...]]]:
    def clean(text: str | None) -> str | None:
        return re.sub(r"token=[\w-]+", "token=…", text) if text else text

    return [(clean(m.text) or "", m.thread_key, clean(m.attachment), tuple(m.mentions)) for m in messages]


async def play(bot: Bot | FakeBot) -> list[list[tuple[str, str | None, str | None, tuple[str, ...]]]]:
    transcript = []
    for step in HISTORY:
        if isinstance(step, str):
            name, _, text = step.partition(": ")
            transcript.append(normalise(await bot.say(name, text)))
        elif isinstance(step, timedelta):
            raise TypeError(step)
        else:
            transcript.append(normalise(await bot.set_time(step)))
    return transcript


async def test_fakes_answer_like_the_database(bot: Bot) -> None:
    real = await play(bot)
    fake = await play(FakeBot())
    for step, (expected, got) in enumerate(zip(real, fake, strict=True)):
        assert got == expected, (HISTORY[step], got, expected)
    texts = "\n".join(text for messages in real for text, *_ in messages)
    assert "(fuseau America/Montreal)" in texts and "13:00–15:00" in texts  # bob sees his own time zone
    assert "⏰ Rappel" in texts and "Compte rendu" in texts and "sont closes" in texts
    assert "⏰ Rappel : réunion #2 « AG » dans 1 h" in texts  # the weekly series' second occurrence
    assert "maintenant public" in texts and "calendrier public : http" in texts and "maintenant privé" in texts
