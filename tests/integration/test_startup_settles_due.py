"""Deadlines that passed while the bot was stopped are settled at start-up, before the first
event is answered: `!etat` right after a restart never lists as open a proposal that the
next message announces closed. A real runtime on SQLite, restarted with its clock moved on."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.console.adapter import ConsoleAdapter
from app.bootstrap import build_runtime, open_storage
from app.settings import load
from core.clock import FakeClock
from storage.models import ProposalRow


async def test_a_restart_settles_the_deadlines_already_due(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSEMBLEE_DATABASE_URL", f"sqlite://{clean_env / 'assemblee.db'}")
    settings = load()
    clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    out = io.StringIO()
    await open_storage(settings)
    first = build_runtime(settings, [ConsoleAdapter("salon", out=out)], clock=clock)
    await first.start(http=False)
    console = first.adapters[0]
    assert isinstance(console, ConsoleAdapter)
    for name, line in (("alice", "!rejoindre"), ("bob", "!rejoindre"),
                       ("alice", "!proposer --methode consensus --echeance 1h Silence vaut accord")):
        await console.say(name, line)
    assert await first.pipeline.drain(["console"], timeout=30)
    assert (await ProposalRow.get(number=1)).status == "open"
    await first.stop()

    clock.advance(timedelta(hours=2))  # the bot was stopped when the deadline passed
    out.truncate(0)
    await open_storage(settings)
    second = build_runtime(settings, [ConsoleAdapter("salon", out=out)], clock=clock)
    await second.start(http=False)
    try:
        # Settled before start() returns, so before any event can be handled.
        assert (await ProposalRow.get(number=1)).status != "open"
        console = second.adapters[0]
        assert isinstance(console, ConsoleAdapter)
        await console.say("alice", "!etat")
        assert await second.pipeline.drain(["console"], timeout=30)
        printed = out.getvalue()
        assert "#1 Silence vaut accord" not in printed.split("Assemblée de ce salon")[-1]
        assert printed.index("« Silence vaut accord »") < printed.index("Assemblée de ce salon")
    finally:
        await second.stop()
