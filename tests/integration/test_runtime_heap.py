"""After start-up, what the runtime made is kept out of the cyclic collector's full passes
(gc.freeze), and garbage made before is collected rather than kept: a real runtime on SQLite."""

from __future__ import annotations

import gc
import io
import weakref
from pathlib import Path

import pytest

from adapters.console.adapter import ConsoleAdapter
from app.bootstrap import build_runtime, open_storage
from app.settings import load
from core.schedule_app.common import set_public_url


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


async def test_start_up_freezes_what_it_made_and_collects_its_garbage(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSEMBLEE_DATABASE_URL", f"sqlite://{clean_env / 'assemblee.db'}")
    monkeypatch.setenv("ASSEMBLEE_HTTP__HOST", "127.0.0.1")
    monkeypatch.setenv("ASSEMBLEE_HTTP__PORT", "0")
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    settings = load()
    await open_storage(settings)
    running = build_runtime(settings, [ConsoleAdapter("salon", out=io.StringIO())])
    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle nobody refers to once the names are gone
    gone = weakref.ref(a)
    del a, b
    try:
        await running.start(http=True)
        assert gc.get_freeze_count() > 10_000  # modules, models, adapters, the server
        assert gone() is None  # collected before the freeze, not kept for good
    finally:
        await running.stop()
        gc.unfreeze()
        set_public_url(None)  # the runtime set the feed address from its settings
