"""The calendar feed: GET /assemblies/{id}/calendar.ics?token=… gives every meeting of an
assembly as one iCalendar file that calendar apps subscribe to.

The token is the assembly's unguessable feed token (members get the address with `!ics #N`).
A wrong or missing token answers 404, like an assembly that does not exist, so the address
reveals nothing. An assembly that made its feed public (`!calendar public`) is served without
a token: /assemblies/{id}/calendar.ics (the address with the token keeps working).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

import structlog
from aiohttp import web

from core.clock import Clock
from core.i18n import translate
from core.schedule_app.common import assembly_key, set_public_url
from core.scheduling.ics import assembly_feed
from storage.models import AssemblyRow
from storage.scheduling_repositories import feed_meetings, settings_of

log = structlog.get_logger("assemblee.calendar")

PATH = "/assemblies/{assembly}/calendar.ics"
_ANY_HOST = ("", "0.0.0.0", "::")


def public_base(settings: Any, port: int | None) -> str:
    """settings.http.public_url, or the address the server listens on."""
    if settings.http.public_url:
        return str(settings.http.public_url).rstrip("/")
    host = "127.0.0.1" if settings.http.host in _ANY_HOST else settings.http.host
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port if port is not None else settings.http.port}"


def configure(settings: Any) -> None:
    """Tell the core the address to give members in `!ics` / `!calendar` answers: only
    `http.public_url`. Without it they are told to ask for it to be set (an address on this
    machine would not work from their calendar apps); the terminal room's greeting still
    gives the local address (`public_base`)."""
    set_public_url(str(settings.http.public_url).rstrip("/") if settings.http.public_url else None)


def routes(runtime: Any) -> list[web.RouteDef]:
    """The feed route."""
    configure(runtime.settings)
    return feed_routes(runtime.pipeline.clock)


def feed_routes(clock: Clock) -> list[web.RouteDef]:
    async def handler(request: web.Request) -> web.Response:
        return await feed(request, clock.now())

    return [web.get(PATH, handler)]


def _not_found() -> web.Response:
    return web.Response(status=404, text="not found\n", content_type="text/plain")


async def feed(request: web.Request, now: datetime) -> web.Response:
    try:
        assembly_id = int(request.match_info["assembly"])
    except ValueError:
        return _not_found()
    token = request.query.get("token", "")
    row = await AssemblyRow.filter(id=assembly_id).first() if 0 < assembly_id < 2**31 else None
    # compare_digest even when the assembly is unknown: the timing tells nothing either.
    expected = row.feed_token if row is not None and row.feed_token else secrets.token_urlsafe(24)
    allowed = secrets.compare_digest(token.encode(), expected.encode())
    if row is None or not (allowed or settings_of(row).public_feed):
        log.info("calendar.refused", assembly=assembly_id)
        return _not_found()
    meetings = await feed_meetings(assembly_id)
    text = assembly_feed(
        assembly_key(row.platform, row.room),
        meetings,
        now,
        name=translate("meeting.feed_name", row.language, room=row.title or row.room),
        lang=row.language,
    )
    return web.Response(
        text=text,
        content_type="text/calendar",
        charset="utf-8",
        headers={"Cache-Control": "no-cache", "Content-Disposition": 'inline; filename="assemblee.ics"'},
    )
