"""The terminal room greets in the room's language and, when an HTTP server serves it, gives the
address of the room's calendar feed: a real runtime on SQLite, the address fetched over real HTTP."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest

from adapters.console.adapter import ConsoleAdapter
from app.bootstrap import Runtime, build_runtime, open_storage
from app.calendar import public_base
from app.cli import console_welcome
from app.settings import load
from core.i18n import translate
from core.schedule_app.common import set_public_url
from storage.models import AssemblyRow

URL = re.compile(r"(http://\S+/assemblies/(\d+)/calendar\.ics\?token=(\S+))$", re.MULTILINE)


@pytest.fixture
async def runtime(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Runtime]:
    monkeypatch.setenv("ASSEMBLEE_DATABASE_URL", f"sqlite://{clean_env / 'assemblee.db'}")
    monkeypatch.setenv("ASSEMBLEE_HTTP__HOST", "127.0.0.1")
    monkeypatch.setenv("ASSEMBLEE_HTTP__PORT", "0")
    settings = load()
    await open_storage(settings)
    running = build_runtime(settings, [ConsoleAdapter("salon", out=io.StringIO())])
    await running.start(http=True)
    try:
        yield running
    finally:
        await running.stop()
        set_public_url(None)


async def test_the_welcome_gives_a_feed_address_that_serves_the_room_calendar(runtime: Runtime) -> None:
    console = runtime.adapters[0]
    assert isinstance(console, ConsoleAdapter)
    base = public_base(runtime.settings, runtime.http_port)
    assert base == f"http://127.0.0.1:{runtime.http_port}" and runtime.http_port

    banner = await console_welcome(runtime, "salon", base)
    assert banner.startswith(translate("console.welcome", "fr", room="salon"))
    [(url, assembly_id, token)] = URL.findall(banner)
    row = await AssemblyRow.get(platform="console", room="salon")
    assert (int(assembly_id), token) == (row.id, row.feed_token)
    assert f"\n{translate('console.feed', 'fr', url=url)}" in banner

    await console.say("alice", "!rejoindre")
    day = (datetime.now(UTC) + timedelta(days=20)).date().isoformat()
    await console.say("alice", f'!reunion AG de quartier {day} 19:00-21:00 --lieu "Salle des fêtes"')
    await console.say("alice", "!langue en")
    assert await runtime.pipeline.drain(["console"], timeout=30)
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        assert response.status == 200 and response.content_type == "text/calendar"
        assert "AG de quartier" in await response.text()

    # Same room, now in English: same address, English words.
    again = await console_welcome(runtime, "salon", base)
    assert again == "\n".join([translate("console.welcome", "en", room="salon"),
                               translate("console.feed", "en", url=url)])
    # A wrong token gets nothing.
    async with aiohttp.ClientSession() as http, http.get(url[: -len(token)] + "x" * len(token)) as response:
        assert response.status == 404


async def test_without_a_server_serving_the_feed_only_the_welcome(runtime: Runtime) -> None:
    banner = await console_welcome(runtime, "autre", None)
    assert banner == translate("console.welcome", "fr", room="autre")
    assert "calendar.ics" not in banner


async def test_the_welcome_gives_the_address_without_token_once_the_feed_is_public(runtime: Runtime) -> None:
    console = runtime.adapters[0]
    assert isinstance(console, ConsoleAdapter)
    base = public_base(runtime.settings, runtime.http_port)
    await console.say("alice", "!rejoindre")
    day = (datetime.now(UTC) + timedelta(days=20)).date().isoformat()
    await console.say("alice", f"!reunion AG de quartier {day} 19:00-21:00")
    await console.say("alice", "!calendrier public")
    assert await runtime.pipeline.drain(["console"], timeout=30)
    row = await AssemblyRow.get(platform="console", room="salon")
    public = f"{base}/assemblies/{row.id}/calendar.ics"

    banner = await console_welcome(runtime, "salon", base)
    assert banner.endswith(translate("console.feed", "fr", url=public)) and "token" not in banner
    async with aiohttp.ClientSession() as http, http.get(public) as response:
        assert response.status == 200 and "AG de quartier" in await response.text()

    await console.say("alice", "!calendrier privé")
    assert await runtime.pipeline.drain(["console"], timeout=30)
    banner = await console_welcome(runtime, "salon", base)
    [(url, _, token)] = URL.findall(banner)
    assert url == f"{public}?token={row.feed_token}" and token == row.feed_token
    async with aiohttp.ClientSession() as http, http.get(public) as response:
        assert response.status == 404
