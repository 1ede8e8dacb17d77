"""The embedded default network: a terminal room where several members can speak.

Interactive: type `name: message` (or just `message` to speak as the last member named).
A command may start with `/` as on Telegram (`alice: /etat`).
Script mode: each non-empty line of a file is `name: message`, with a literal `\\n` for a
newline. A name is letters of any language, digits, `-`, `_` and `.` (`Hélène`,
`jean-pierre`); a line that gives a command under anything else is refused with the reason.
The bot's messages are printed as they are delivered.
"""

from __future__ import annotations

import re
import sys
import unicodedata
import uuid
from typing import TextIO

from aiohttp import web

from adapters.base import Delivery, InboundSink
from core.messages import Action, Inbound, OutboundKind, Platform, RoomId, UserId

PLATFORM = Platform("console")
NAME_MAX = 64
# A member's name: letters of any language (Hélène, François), digits, `-`, `_` and `.`.
_NAME_CHARACTER = re.compile(r"[\w.\-]")
_NAME = re.compile(rf"^([\w.\-]{{1,{NAME_MAX}}})\s*:\s?(.*)$", re.DOTALL)
# What someone meant as a name but is not one (`Jean Pierre: !join`, `🐝abeille: !join`).
_ATTEMPT = re.compile(r"^([^:\n]{1,80}?)\s*:\s?(.*)$", re.DOTALL)
# `/etat`, as people used to Telegram type a command: a `/` and a word that starts with a
# letter, then a space, a new line or the end. `/ hello`, `/home/alice` or `/2` are chat.
_SLASH_COMMAND = re.compile(r"^/[^\W\d_][^\s/]*(?=\s|$)")


class ConsoleLineError(ValueError):
    """A line that is not `name: message`. `reason` is a catalog key (`console.not_a_line`,
    `console.name_space`, `console.name_characters`), `name` the name as typed and
    `example` a name that would do."""

    def __init__(self, line: str, reason: str = "console.not_a_line", name: str = "", example: str = "") -> None:
        super().__init__(line)
        self.line = line
        self.reason = reason
        self.name = name
        self.example = example

    @property
    def is_command(self) -> bool:
        """The line gives a command under a name that is not one (not ordinary text)."""
        return self.reason != "console.not_a_line"


def command_text(text: str) -> str:
    """`/etat #1` → `!etat #1`, read as Telegram reads it (an unknown word is then answered as
    an unknown command, named as typed: `/mot`); any other text as it is."""
    return "!" + text[1:] if _SLASH_COMMAND.match(text) else text


def parse_line(line: str) -> tuple[str, str] | None:
    """`alice: !propose X` → ('alice', '!propose X'). None for blank lines and comments."""
    stripped = line.rstrip("\n")
    if not stripped.strip() or stripped.lstrip().startswith("#"):
        return None
    text = unicodedata.normalize("NFC", stripped.strip())  # an accent typed as two code points is one
    match = _NAME.match(text)
    if match:
        return match.group(1), match.group(2).replace("\\n", "\n")
    attempt = _ATTEMPT.match(text)
    if attempt and command_text(attempt.group(2).lstrip()).startswith("!"):
        name = attempt.group(1).strip()
        if len(name.split()) > 1 and all(_NAME_CHARACTER.fullmatch(c) for c in "".join(name.split())):
            raise ConsoleLineError(text[:80], "console.name_space", name, "-".join(name.split())[:NAME_MAX])
        kept = "".join(c for c in name if _NAME_CHARACTER.fullmatch(c))[:NAME_MAX]
        raise ConsoleLineError(text[:80], "console.name_characters", name[:80], kept or "alice")
    raise ConsoleLineError(text[:80])


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
        core_text = command_text(text)
        return Inbound(
            platform=PLATFORM,
            room=self.room,
            sender=UserId(f"console:{name}"),
            event_id=f"{uuid.uuid4().hex}",
            text=core_text,
            action=Action.TEXT,
            display_name=name,
            prefix="/" if core_text != text else "!",  # a refusal names `/mot` as typed
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
