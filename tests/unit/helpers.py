"""Drive the core with the in-memory fakes: a room where people type commands."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from core.clock import FakeClock
from core.dispatch import handle, handle_due
from core.fakes import FakeStore
from core.messages import ROUND_REDRAWS, Action, Inbound, Outbound, Platform, RoomId, UserId

_ids = itertools.count(1)


def shown(messages: list[Outbound]) -> list[Outbound]:
    """What the room reads: without the redraws of a round's message (ROUND_CLOSE, ROUND_TALLY),
    which only networks that drew buttons act on."""
    return [message for message in messages if message.kind not in ROUND_REDRAWS]


class Room:
    def __init__(self, platform: str = "console", room: str = "salon", start: datetime | None = None) -> None:
        self.store = FakeStore()
        self.clock = FakeClock(start or datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
        self.platform = platform
        self.room = room
        self.everything: list[Outbound] = []  # what the last say / advance wrote, redraws included

    def member_id(self, name: str) -> str:
        return name if ":" in name else f"{self.platform}:{name}"

    async def say(self, name: str, text: str, *, action: Action = Action.TEXT, payload: str = "",
                  is_admin: bool = False, thread_key: str | None = None) -> list[Outbound]:
        """`thread_key`: typed in that thread of the bot's ("proposal:3"), as the pipeline
        finds it from the network's thread."""
        inbound = Inbound(
            platform=Platform(self.platform), room=RoomId(self.room), sender=UserId(self.member_id(name)),
            event_id=f"e{next(_ids)}", text=text, action=action, payload=payload, is_admin=is_admin,
            thread="$root" if thread_key else None, thread_key=thread_key,
        )
        self.everything = await handle(self.store.uow, inbound, self.clock.now()) or []
        return shown(self.everything)

    async def text(self, name: str, text: str, *, thread_key: str | None = None) -> str:
        return "\n".join(o.text for o in await self.say(name, text, thread_key=thread_key))

    async def advance(self, delta: timedelta) -> list[Outbound]:
        self.clock.advance(delta)
        sent: list[Outbound] = []
        for row in list(self.store.state.due):
            if not row.done and row.due_at <= self.clock.now():
                sent += await handle_due(self.store.uow, row.kind, row.ref, row.id, self.clock.now()) or []
        self.everything = sent
        return shown(sent)

    def proposal(self, number: int):  # type: ignore[no-untyped-def]
        (assembly_id,) = self.store.state.assemblies
        return self.store.state.proposals[(assembly_id, number)]


def said(outs: list[Outbound], key: str, lang: str = "fr", **params: object) -> bool:
    """One of `outs` is exactly the catalog text of `key` with `params`."""
    from core.i18n import translate

    expected = translate(key, lang, **params)
    return any(o.text == expected for o in outs)


async def assembly(*names: str) -> Room:
    """A room where each of `names` has joined, in order (the first one facilitates)."""
    room = Room()
    for name in names:
        await room.say(name, "!join")
    return room


async def organiser_room(lang: str = "fr") -> Room:
    """A room with alice alone, its facilitator, speaking `lang`."""
    room = Room()
    await room.say("alice", "!rejoindre")
    if lang == "en":
        await room.say("alice", "!lang en")
    return room
