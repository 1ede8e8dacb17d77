"""The subscribable feed GET /assemblies/<id>/calendar.ics?token=… over real HTTP: the
address `!ics` gives works, a wrong or missing token gets 404 like a missing assembly; once an
organiser typed `!calendrier public` the address without the token works, until `!calendrier privé`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from app import calendar
from app.http import build_app
from storage.models import AssemblyRow, AuditRow

from .conftest import Bot, members, parse_ics

LIFETIME = 60.0


@asynccontextmanager
async def serve(app: web.Application) -> AsyncIterator[str]:
    """On 127.0.0.1, a free port; stopped at the end, or by the watchdog after LIFETIME."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    loop = asyncio.get_running_loop()
    watchdog = loop.call_later(LIFETIME, lambda: loop.create_task(runner.cleanup()))
    try:
        yield f"http://{host}:{port}"
    finally:
        watchdog.cancel()
        await runner.cleanup()


async def test_feed_with_good_and_bad_tokens(bot: Bot) -> None:
    await members(bot, "alice")
    await bot.say("alice", '!reunion AG de quartier 2026-12-08 19:00-21:00 --lieu "Salle des fêtes"')
    await bot.say("alice", '!reunion Permanence 2026-12-10 18:00 --chaque "2e jeudi"')
    await bot.say("alice", "!reunion Bureau 2026-12-12 10:00")
    await bot.say("alice", "!annuler #3")
    await bot.say("bob", "!rejoindre", room="autre-salon")
    await bot.say("bob", "!reunion Autre 2026-12-12 10:00", room="autre-salon")
    (ics,) = await bot.say("alice", "!ics #1")
    url = urlsplit(ics.text.split()[-1])
    assert url.path.endswith("/calendar.ics") and url.query.startswith("token=")
    assembly = await AssemblyRow.get(platform="console", room="salon")
    other = await AssemblyRow.get(platform="console", room="autre-salon")
    assert url.path == f"/assemblies/{assembly.id}/calendar.ics"
    assert url.query == f"token={assembly.feed_token}" and len(assembly.feed_token) >= 32

    async with serve(build_app([], calendar.feed_routes(bot.clock))) as base, aiohttp.ClientSession() as http:
        async with http.get(f"{base}{url.path}?{url.query}") as response:
            assert response.status == 200
            assert response.content_type == "text/calendar"
            body = await response.text()
        calendar_, events = parse_ics(body)
        assert str(calendar_["METHOD"]) == "PUBLISH"
        by_title = {str(e["SUMMARY"]): e for e in events}
        assert set(by_title) == {"AG de quartier", "Permanence", "Bureau"}  # not the other room's
        assert str(by_title["Bureau"]["STATUS"]) == "CANCELLED" and by_title["Bureau"]["SEQUENCE"] == 1
        assert by_title["Permanence"]["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=2TH"
        assert [str(z["TZID"]) for z in calendar_.walk("VTIMEZONE")] == ["Europe/Paris"]

        last = "y" if assembly.feed_token.endswith("x") else "x"  # always differs from the real token
        refused = [
            f"{url.path}?token={assembly.feed_token[:-1]}{last}",
            f"{url.path}",
            f"{url.path}?token=",
            f"/assemblies/{other.id}/calendar.ics?{url.query}",  # the right token, another assembly
            f"/assemblies/{assembly.id + 100}/calendar.ics?{url.query}",
            f"/assemblies/abc/calendar.ics?{url.query}",
            f"/assemblies/99999999999999999999/calendar.ics?{url.query}",
        ]
        for path in refused:
            async with http.get(f"{base}{path}") as response:
                assert response.status == 404, path
                assert await response.text() == "not found\n"
        async with http.get(f"{base}/assemblies/{other.id}/calendar.ics?token={other.feed_token}") as response:
            _, (event,) = parse_ics(await response.text())
            assert str(event["SUMMARY"]) == "Autre"


async def test_a_public_feed_opens_without_the_token_and_closes_again(bot: Bot) -> None:
    await members(bot, "alice", "bob")
    await bot.say("alice", '!reunion AG de quartier 2026-12-08 19:00-21:00 --lieu "Salle des fêtes"')
    await bot.say("carol", "!rejoindre", room="autre-salon")
    await bot.say("carol", "!reunion Autre 2026-12-12 10:00", room="autre-salon")
    assembly = await AssemblyRow.get(platform="console", room="salon")
    other = await AssemblyRow.get(platform="console", room="autre-salon")
    path = f"/assemblies/{assembly.id}/calendar.ics"
    with_token = f"{path}?token={assembly.feed_token}"

    async with serve(build_app([], calendar.feed_routes(bot.clock))) as base, aiohttp.ClientSession() as http:

        async def status(address: str) -> int:
            async with http.get(f"{base}{address}") as response:
                if response.status == 200:
                    _, events = parse_ics(await response.text())
                    assert [str(e["SUMMARY"]) for e in events] == ["AG de quartier"], address
                return response.status

        assert (await status(path), await status(with_token)) == (404, 200)  # private by default
        assert "catalyseur" in await bot.text("bob", "!calendrier public")  # bob may not
        assert await status(path) == 404

        made = await bot.text("alice", "!calendrier public")
        assert made.startswith("🌐") and f"{path}\n" in made and "token" not in made
        assert await bot.audit("public", subject="calendar")
        assert await status(path) == 200
        assert await status(with_token) == 200  # calendars subscribed with the token keep working
        assert await status(f"{path}?token=autre") == 200  # public: the token does not matter
        (ics,) = await bot.say("bob", "!ics #1")
        assert urlsplit(ics.text.split()[-1]).path == path and "token" not in ics.text
        assert await status(f"/assemblies/{other.id}/calendar.ics") == 404  # another room stays private

        await bot.say("alice", "!rappels 2j 30min")  # changing the reminders keeps the feed public
        await bot.restart()
        assert await status(path) == 200
        assert "est public" in await bot.text("bob", "!calendrier")

        back = await bot.text("alice", "!calendrier privé")
        assert back.startswith("🔒") and with_token in back
        assert await status(path) == 404
        assert await status(f"{path}?token=autre") == 404
        assert await status(with_token) == 200
        (ics,) = await bot.say("bob", "!ics #1")
        assert ics.text.split()[-1].endswith(with_token)
    assert [row.kind for row in await AuditRow.filter(subject="calendar").order_by("id")] == ["public", "private"]


async def test_the_feed_is_named_after_the_room_as_its_network_names_it(bot: Bot) -> None:
    """A calendar app shows the feed's name: the room's own name (a Telegram group's title,
    a Matrix room's name, a Discord channel's), kept up to date; its id when it has none."""
    await members(bot, "alice")
    await bot.say("alice", "!reunion AG 2026-12-08 19:00")
    await bot.say("bob", "!rejoindre", room="-1001234567890")
    assembly = await AssemblyRow.get(platform="console", room="salon")
    unnamed = await AssemblyRow.get(platform="console", room="-1001234567890")

    async with serve(build_app([], calendar.feed_routes(bot.clock))) as base, aiohttp.ClientSession() as http:

        async def name(row: AssemblyRow) -> str:
            async with http.get(f"{base}/assemblies/{row.id}/calendar.ics?token={row.feed_token}") as response:
                assert response.status == 200
                calendar_, _ = parse_ics(await response.text())
                return str(calendar_["X-WR-CALNAME"])

        assert await name(unnamed) == "Assemblée — -1001234567890"  # no name known: the id
        await bot.say("alice", "!rsvp #1 oui", room_name="Quartier\nNord\x07 ")
        assert await name(assembly) == "Assemblée — Quartier Nord"  # one line, no control characters
        await bot.say("alice", "!lang en", room_name="Quartier Nord-Est")  # renamed on the network
        assert await name(assembly) == "Assembly — Quartier Nord-Est"
        await bot.say("alice", "!rsvp #1 yes")  # an event without the name changes nothing
        assert await name(assembly) == "Assembly — Quartier Nord-Est"
        await bot.say("alice", "!rsvp #1 yes", room_name="x" * 500)
        stored = await AssemblyRow.get(id=assembly.id)
        assert len(stored.title) == 100 and stored.title.endswith("…")
