"""The one aiohttp server of `assemblee run`: health check plus every adapter's routes."""

from __future__ import annotations

from collections.abc import Iterable

from aiohttp import web

from adapters.base import Adapter

MAX_BODY = 1024 * 1024


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def build_app(adapters: Iterable[Adapter], extra_routes: Iterable[web.RouteDef] = ()) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_get("/healthz", healthz)
    for adapter in adapters:
        app.router.add_routes(adapter.routes())
    app.router.add_routes(list(extra_routes))
    return app


async def start(app: web.Application, host: str, port: int) -> tuple[web.AppRunner, int]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    sockets = site._server.sockets if site._server else []  # type: ignore[union-attr]
    bound = sockets[0].getsockname()[1] if sockets else port
    return runner, bound
