"""A typed position redraws the tally under the round's buttons only where rounds have buttons
(Telegram, Discord: their adapters redraw round messages); elsewhere nothing is written for it,
so the decision path costs what it did (real pipeline, console adapter, on each database)."""

from __future__ import annotations

import io

from adapters.console.adapter import ConsoleAdapter
from app.pipeline import Pipeline
from core.clock import SystemClock
from storage import db
from storage.models import OutboxRow


async def kinds_written(pipeline: Pipeline, adapter: ConsoleAdapter) -> list[str]:
    await adapter.start(pipeline)
    for name in ("ana", "bob", "cleo"):
        await adapter.say(name, "!join")
    await adapter.say("ana", "!propose Jardin partagé\nOn plante en mars.")
    await adapter.say("ana", "!next #1")
    await adapter.say("ana", "!next #1")
    await adapter.say("bob", "!consent #1")
    await adapter.say("cleo", "!objection #1 Pas d'eau")
    await adapter.say("cleo", "!lever #1")
    assert await pipeline.handle_pending() == 9
    return [row.payload["kind"] for row in await OutboxRow.all().order_by("id")]


async def test_a_typed_position_writes_no_redraw_where_rounds_have_no_buttons(storage: str) -> None:
    out = io.StringIO()
    console = ConsoleAdapter("salon", out=out)
    pipeline = Pipeline(SystemClock(), lock_rows=db.is_postgres(storage), adapters={"console": console})
    assert pipeline.round_platforms == frozenset()
    kinds = await kinds_written(pipeline, console)
    assert "round_tally" not in kinds
    assert kinds.count("consent_prompt") == 1 and len(kinds) >= 9  # the call, the confirmations
    # (on Telegram and Discord the same positions redraw it: see their pipeline tests)
