"""The embedded default network: a terminal room where several members can speak.

Interactive: type `name: message` (or just `message` to speak as the current member;
`/as name` switches). Script mode: each non-empty line of a file is `name: message`, with a
literal `\\n` for a newline. The bot's messages are printed as they are delivered.
"""

from __future__ import annotations

import re
import sys
import uuid
from typing import TextIO

from aiohttp import web

from adapters.base import Delivery, InboundSink
from core.messages import Action, Inbound, OutboundKind, Platform, RoomId, UserId

PLATFORM = Platform("console")
_NAME = re.compile(r"^([A-Za-z0-9_.\-]{1,64})\s*:\s?(.*)$", re.DOTALL)


class ConsoleLineError(ValueError):
    pass


def parse_line(line: str) -> tuple[str, str] | None:
    """`alice: !propose X` → ('alice', '!propose X'). None for blank lines and comments."""
    stripped = line.rstrip("\n")
    if not stripped.strip() or stripped.lstrip().startswith("#"):
        return None
    match = _NAME.match(stripped.strip())
    if not match:
        raise ConsoleLineError(stripped[:80])
    return match.group(1), match.group(2).replace("\\n", "\n")


class ConsoleAdapter:
    platform = PLATFORM

    def __init__(self, room: str = "salon", out: TextIO | None = None) -> None:
        self.room = RoomId(room)
        self.out = out or sys.stdout
        self.sink: InboundSink | None = None
        self._counter = 0

    async def start(self, sink: InboundSink) -> None:
        self.sink = sink

    async def stop(self) -> None:
        self.sink = None

    def routes(self) -> list[web.RouteDef]:
        return []

    def inbound(self, name: str, text: str) -> Inbound:
        self._counter += 1
        return Inbound(
            platform=PLATFORM,
            room=self.room,
            sender=UserId(f"console:{name}"),
            event_id=f"{uuid.uuid4().hex}",
            text=text,
            action=Action.TEXT,
            display_name=name,
        )

    async def say(self, name: str, text: str) -> bool:
        assert self.sink is not None, "start() first"
        return await self.sink.accept(self.inbound(name, text))

    async def send(self, delivery: Delivery) -> str | None:
        outbound = delivery.outbound
        if outbound.kind is OutboundKind.POLL_CLOSE:
            return None
        room = "" if outbound.room == self.room else f"[{outbound.room}] "
        lines = outbound.text.splitlines() or [""]
        text = "\n".join(["» " + room + lines[0]] + ["  " + line for line in lines[1:]])
        if outbound.attachment_name:
            text += f"\n  📎 {outbound.attachment_name}\n" + "\n".join(
                "  | " + line for line in (outbound.attachment or "").splitlines()
            )
        print(text, file=self.out, flush=True)
        return f"console-{delivery.key}"
