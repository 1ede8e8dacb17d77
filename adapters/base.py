"""The small port every chat network implements.

An adapter has two halves:
- inbound: translate each native event into one `core.messages.Inbound` and hand it to the
  `InboundSink` (which deduplicates it by event id, stores it durably, then processes it);
- outbound: render one `core.messages.Outbound` for the network in `send`.

Adapters never decide anything and never touch the database directly; what they need to
remember across restarts (sync tokens, thread roots) goes through the sink or their own
store path. HTTP adapters expose `routes()` that the one aiohttp server of `assemblee run`
mounts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

from aiohttp import web

from core.messages import Inbound, Outbound, Platform, RoomId, UserId
from core.suggestions import Suggestion


@dataclass(frozen=True, slots=True)
class Delivery:
    """One outbox row handed to an adapter.

    `key` is stable across retries (use it as the Matrix txn id, Telegram/Discord
    dedupe hint, webhook `X-Assemblee-Delivery` header). `thread_root` is the platform
    message id of the first message sent with the same `outbound.thread_key` in that
    room, if any (the sender remembers it from what `send` returned).
    """

    key: str
    outbound: Outbound
    thread_root: str | None = None
    attempt: int = 1


class InlineStatus(StrEnum):
    REPLIES = "replies"  # handled in time: `replies` is the whole answer (maybe empty)
    DUPLICATE = "duplicate"  # this event id was seen before: nothing was done again
    DEFERRED = "deferred"  # not answered here: the replies will leave through the outbox


@dataclass(frozen=True, slots=True)
class InlineResult:
    """What `InboundSink.accept_and_wait` did with one event."""

    status: InlineStatus
    replies: tuple[Outbound, ...] = ()

    @classmethod
    def answered(cls, replies: list[Outbound] | tuple[Outbound, ...]) -> InlineResult:
        return cls(InlineStatus.REPLIES, tuple(replies))


DUPLICATE = InlineResult(InlineStatus.DUPLICATE)
DEFERRED = InlineResult(InlineStatus.DEFERRED)


class InboundSink(Protocol):
    async def accept(self, inbound: Inbound) -> bool:
        """Store the event durably and queue it. False if this event id was already seen."""
        ...

    async def accept_and_wait(self, inbound: Inbound, timeout: float = 2.5) -> InlineResult:
        """Store, process now, and return the replies meant for this event's room.

        For networks that want the answer in the HTTP response (generic webhook, slash
        commands, Discord). DUPLICATE if the event was seen before; DEFERRED if it could
        not be answered within `timeout` (its replies then go through the outbox as usual).
        """
        ...


@runtime_checkable
class Adapter(Protocol):
    platform: Platform

    async def start(self, sink: InboundSink) -> None:
        """Begin receiving (sync loop, nothing for webhook adapters)."""
        ...

    async def stop(self) -> None: ...

    async def send(self, delivery: Delivery) -> str | None:
        """Deliver one message; return the platform message id (for threading) if any.

        Raise `core.errors.RetryAfter` when rate limited, `TemporaryDeliveryError` when the
        network is unreachable, `PermanentDeliveryError` when it can never succeed.
        Sending the same `delivery.key` twice must not show the message twice where the
        network offers idempotency (Matrix txn ids).
        """
        ...

    def routes(self) -> list[web.RouteDef]:
        """HTTP routes to mount on the shared server (empty for non-HTTP adapters)."""
        ...


@runtime_checkable
class ShowsNames(Protocol):
    """An adapter that writes members' names in place of their ids itself, from what each
    person's own events told it (Telegram, the generic webhook). The pipeline keeps those
    names in the database and gives the latest ones back before the adapter starts, so that
    a restart does not turn people back into ids until they speak again."""

    def recall_names(self, names: Iterable[tuple[UserId, str]]) -> None:
        """Names kept from earlier runs, oldest first (a name heard since wins)."""
        ...

    def forget_name(self, member: UserId) -> None:
        """A member who asked to be forgotten (`!forget-me`): their name, and the handle others
        mention them by, leave the adapter's memory as they left the database."""
        ...


@runtime_checkable
class SendsInParts(Protocol):
    """An adapter that may send one outbound as several messages (Telegram cuts a text longer
    than 4096 characters): `send` returns the first one's id, and the others are told here,
    so that answering any part of a message about a proposal, a poll or a meeting is about
    that one, as answering its first part is."""

    def parts_sent(self, key: str) -> tuple[str, ...]:
        """The ids of the messages after the first that the delivery `key` just went out as
        (none for a message sent whole); each delivery's are given once."""
        ...

    def buttons_part(self, key: str) -> str | None:
        """The id of the part that carries the buttons of the delivery `key` when it is not
        the first (Telegram puts them under the last part), else None; given once. A round's
        tally and its close are redrawn on that part (see app.pipeline)."""
        ...


@runtime_checkable
class FindsByUsername(Protocol):
    """An adapter that turns `@username` mentions into members itself (Telegram), from the
    usernames people's own events showed it. The pipeline keeps those usernames with the
    names and gives them back before the adapter starts: after a restart `@bob_t` still finds
    Bob, before he speaks again."""

    def recall_usernames(self, usernames: Iterable[tuple[UserId, str]]) -> None:
        """(member, username) kept from earlier runs, oldest first: of two members seen with
        the same username, the later one holds it now; one heard since wins over both."""
        ...


@runtime_checkable
class SuggestsNumbers(Protocol):
    """A sink that proposes, while someone types a command's number (Discord's autocomplete),
    the proposals, polls and meetings of the room's assembly the command applies to now. A
    read only: nothing is stored, no assembly or member is created, and it never fails (an
    error or a slow database gives an empty list, logged)."""

    async def suggest(self, platform: Platform, room: RoomId, verb: str, typed: str) -> list[Suggestion]:
        """At most 25, latest first, in the room's language, narrowed by `typed` (what the
        number's field holds so far: digits of a number or words of a title)."""
        ...


class RecordingSink:
    """An in-memory sink for adapter tests: records what arrives, dedupes by event id."""

    def __init__(self) -> None:
        self.received: list[Inbound] = []
        self._seen: set[tuple[str, str]] = set()
        self.replies: list[Outbound] = []
        self.suggestions: list[Suggestion] = []  # what `suggest` gives
        self.suggested: list[tuple[str, str, str, str]] = []  # what it was asked

    async def accept(self, inbound: Inbound) -> bool:
        key = (inbound.platform, inbound.event_id)
        if key in self._seen:
            return False
        self._seen.add(key)
        self.received.append(inbound)
        return True

    async def accept_and_wait(self, inbound: Inbound, timeout: float = 2.5) -> InlineResult:
        if not await self.accept(inbound):
            return DUPLICATE
        return InlineResult.answered(self.replies)

    async def suggest(self, platform: Platform, room: RoomId, verb: str, typed: str) -> list[Suggestion]:
        self.suggested.append((platform, room, verb, typed))
        return list(self.suggestions)
