"""From the networks to the core and back.

accept()          stores an inbound event (unique by its platform id) and wakes the worker;
worker            handles stored events in order, each in one transaction (core.dispatch);
accept_and_wait() stores an event the same way, then handles it at once, for networks that want
                  replies in the HTTP answer (the worker leaves it alone while it is held);
sender            delivers outbox rows through the adapters, with retries and a stable key.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from tortoise import connections

from adapters.base import (
    DEFERRED,
    DUPLICATE,
    Adapter,
    Delivery,
    FindsByUsername,
    InlineResult,
    SendsInParts,
    ShowsNames,
)
from core import suggestions
from core.clock import Clock
from core.dispatch import handle
from core.errors import PermanentDeliveryError, RetryAfter, TemporaryDeliveryError
from core.messages import (
    ROUND_MESSAGE_EXTRA,
    ROUND_REDRAWS,
    ROUND_VERSION_EXTRA,
    Action,
    Inbound,
    Outbound,
    OutboundKind,
    Platform,
    RoomId,
    UserId,
    inbound_from_dict,
    inbound_to_dict,
    outbound_from_dict,
)
from core.suggestions import Suggestion
from core.threads import may_take_thread_number
from storage import names as member_names
from storage import onetrip
from storage.models import InboxRow, OutboxRow, ThreadRootRow
from storage.onetrip import DirectClient
from storage.repositories import fetch, sql_for, thread_started_by, utc
from storage.uow import TortoiseUnitOfWork

log = structlog.get_logger("assemblee.pipeline")

LEASE = timedelta(seconds=60)
INLINE_SENT_ID = "inline"  # outbox rows delivered in an HTTP answer by accept_and_wait
POLL_SUFFIX = "#poll"  # thread_root rows that remember a native poll's message id
ROUND_SUFFIX = "#v"  # thread_root rows "<thread>#v<version>": the message with that version's buttons
# thread_root rows "<thread>#part<id>": a later part of a message too long to go out as one
# (adapters.base.SendsInParts); answering it is answering the thread, as for its first part
PART_SUFFIX = "#part"
THREAD_KEY_MAX = 64  # thread_root.thread_key's size
MAX_BACKOFF = 300.0
HELD_UNTIL = "held_until"  # in an inbox payload: handled inline until then, the worker waits
UNREACHABLE_MAX_BACKOFF = 60.0  # while a network is down, look again at least this often


# Stored events not handled yet. `NOT handled`, written so, is what lets both databases read
# the inbox's partial index (see the lean_hot_tables migration) instead of the whole table.
_UNHANDLED = "FROM inbox WHERE NOT handled AND payload IS NOT NULL"
PRESSES_KEPT = 1000  # inline events whose outcome a network may still ask for
SUGGEST_TIMEOUT = 2.0  # seconds for the numbers proposed as one types (Discord waits 3)
NAMES_RECALLED = 10_000  # names given back to an adapter at start-up: as many as its memory holds


@dataclass(frozen=True, slots=True)
class PressOutcome:
    """What one inline event did to the round it names (see Pipeline.press_outcome)."""

    refused: bool  # the core refused it: nothing changed
    number: int | None = None
    tally: str | None = None  # the round's tally line now, in the assembly's language
    closed: bool = False  # the round is over: nothing more to press


class Pipeline:
    def __init__(
        self,
        clock: Clock,
        *,
        lock_rows: bool,
        adapters: dict[str, Adapter] | None = None,
        max_attempts: int = 8,
        paused: bool = False,
        poll_seconds: float = 1.0,
    ) -> None:
        self.clock = clock
        self.lock_rows = lock_rows
        self.adapters: dict[str, Adapter] = dict(adapters or {})
        self.max_attempts = max_attempts
        self.paused = paused
        self.poll_seconds = poll_seconds
        self._inbox_wake = asyncio.Event()
        # Events this process just stored: the worker takes them from here, without reading
        # the inbox back. The inbox itself is read at start, after a quiet spell, and when
        # an event was handed back (`_backlog`): a stored row is never left behind.
        self._fresh: deque[Inbound] = deque()
        self._backlog = True
        self._outbox_wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self.on_delivered: list[Callable[[Delivery, str | None], None]] = []
        self._may_wait = True  # some outbox row may be waiting for a later attempt
        self._pressed: OrderedDict[tuple[str, str], bool] = OrderedDict()  # event → refused
        # the networks whose round messages are redrawn (their adapter says so): typed positions
        # there redraw the tally under the round's buttons (ROUND_TALLY), and the message that
        # carries a round's buttons is remembered for that
        self.round_platforms = frozenset(name for name, adapter in self.adapters.items()
                                         if getattr(adapter, "edits_round_messages", False))
        # members' names are kept in the database for the networks whose adapters show them
        self.names = member_names.KnownNames(
            (platform for platform, adapter in self.adapters.items() if isinstance(adapter, ShowsNames)),
            forgotten=self._forget_name)

    # ---- units of work ------------------------------------------------------------

    def uow(self, hold: float = 0.0, client: DirectClient | None = None) -> TortoiseUnitOfWork:
        return TortoiseUnitOfWork(self.clock.now(), lock_rows=self.lock_rows, hold_seconds=hold, client=client,
                                  round_platforms=self.round_platforms, names=self.names)

    def _forget_name(self, platform: str, member: str) -> None:
        """A member's name was erased (`!forget-me`): their network's adapter forgets it too,
        once the unit of work that erased it is done (it runs at once on the loop,
        storage.onetrip, and the adapter's memory is not part of its transaction)."""
        adapter = self.adapters.get(platform)
        if not isinstance(adapter, ShowsNames):
            return
        asyncio.get_running_loop().call_soon(adapter.forget_name, UserId(member))

    async def recall_names(self, limit: int = NAMES_RECALLED) -> int:
        """Before the adapters start: each one that shows people by name gets back the names
        kept in earlier runs (the latest `limit`). How many were given back; a failure to
        read them is logged and leaves the adapters as they were (people shown by id until
        they speak)."""
        conn = connections.get("default")
        recalled = 0
        for platform, adapter in self.adapters.items():
            if not isinstance(adapter, ShowsNames):  # its platform is then one of self.names.platforms
                continue
            try:
                kept = await member_names.latest(conn, platform, limit)
            except Exception:
                log.exception("names.recall_failed", platform=platform)
                continue
            adapter.recall_names((UserId(member), name) for member, name, _ in kept)
            if isinstance(adapter, FindsByUsername):
                adapter.recall_usernames((UserId(member), username) for member, _, username in kept if username)
            for member, name, username in kept:
                self.names.note((platform, member), (name, username))
            recalled += len(kept)
        return recalled

    async def suggest(self, platform: Platform, room: RoomId, verb: str, typed: str) -> list[Suggestion]:
        """The numbers to propose while someone types `verb`'s number in `room` (Discord's
        autocomplete; adapters.base.SuggestsNumbers): one read-only unit of work, run at once
        on SQLite when it can (storage.onetrip). Nothing is stored (no inbox claim, no outbox row, no
        audit line), nothing is locked, no assembly or member is created. Any error, or a read
        longer than SUGGEST_TIMEOUT, gives an empty list and a log line: the network's answer
        must go out within its own deadline whatever happens here."""
        now = self.clock.now()

        async def work(client: DirectClient | None) -> list[Suggestion]:
            # never committed, never locking: it reads what is there and changes nothing
            async with TortoiseUnitOfWork(now, lock_rows=False, client=client) as uow:
                return await suggestions.suggest(uow, platform, room, verb, typed, now)

        try:
            return await asyncio.wait_for(onetrip.run(work), SUGGEST_TIMEOUT)
        except TimeoutError:
            log.warning("suggest.too_slow", platform=platform, room=room, verb=verb[:40])
        except Exception:
            log.exception("suggest.failed", platform=platform, room=room, verb=verb[:40])
        return []

    async def _handle(self, inbound: Inbound, factory: Callable[[DirectClient | None], TortoiseUnitOfWork],
                      ) -> list[Outbound] | None:
        """`handle` the event, at once on SQLite when it can (storage.onetrip)."""
        now = self.clock.now()

        async def work(client: DirectClient | None) -> list[Outbound] | None:
            event = await self._in_thread(inbound, client)
            return await handle(lambda: factory(client), event, now)

        return await onetrip.run(work)

    @staticmethod
    async def _in_thread(inbound: Inbound, client: DirectClient | None) -> Inbound:
        """The event with the bot's thread it was typed in (`thread_key`), when it is a command
        typed in a thread or in answer to a message: the core then knows which proposal, poll
        or meeting a command without a number is about. One indexed read, only for commands
        that may take their number from there (core.threads.may_take_thread_number)."""
        if inbound.action is not Action.TEXT or not (inbound.thread or inbound.reply_to):
            return inbound
        if not may_take_thread_number(inbound.text):
            return inbound
        conn = client if client is not None else connections.get("default")
        # the message answered first: on Telegram a topic holds many proposals, a reply one;
        # any of the bot's messages about a proposal, poll or meeting says which one it is
        candidates = [m for m in (inbound.reply_to, inbound.thread) if m]
        key = await thread_started_by(conn, inbound.platform, inbound.room, candidates, answered=inbound.reply_to)
        return replace(inbound, thread_key=key) if key is not None else inbound

    # ---- inbound ----------------------------------------------------------------

    async def accept(self, inbound: Inbound) -> bool:
        """Store the event durably; False if this platform id was seen before."""
        stored = await self._store(inbound)
        if stored:
            self._fresh.append(inbound)
            self._inbox_wake.set()
        return stored

    async def _store(self, inbound: Inbound, held_until: datetime | None = None) -> bool:
        """Insert the inbox row (committed at once); False if it was there already."""
        sql = (
            "INSERT INTO inbox (platform, event_id, payload, handled, received_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (platform, event_id) DO NOTHING RETURNING id"
        )
        # One statement is atomic by itself: no transaction around it (fewer round trips
        # on the path from a chat message to its answer). execute_query_dict: the asyncpg
        # client drops the rows of an INSERT … RETURNING given through execute_query.
        payload = inbound_to_dict(inbound)
        if held_until is not None:
            payload[HELD_UNTIL] = held_until.isoformat()
        params = [inbound.platform, inbound.event_id, json.dumps(payload), False, self.clock.now()]
        # SQLite: concurrent events share one trip and one commit (group commit)
        rows = await onetrip.execute_batched(sql, params)
        if rows is None:
            conn = connections.get("default")
            rows = await conn.execute_query_dict(sql_for(conn, sql), params)
        return bool(rows)

    async def _unhold(self, inbound: Inbound) -> None:
        """The inline handling failed: the worker takes the stored event from here."""
        with contextlib.suppress(Exception):  # at worst the hold runs out by itself
            await InboxRow.filter(platform=inbound.platform, event_id=inbound.event_id, handled=False).update(
                payload=inbound_to_dict(inbound)
            )
        self._backlog = True
        self._inbox_wake.set()

    async def accept_and_wait(self, inbound: Inbound, timeout: float = 2.5) -> InlineResult:
        """Store, handle now and return the replies, which the caller delivers in its HTTP answer.

        The event is first stored in the inbox like `accept` does, marked as held for the
        time of this handling so that the worker leaves it alone: should the process stop
        or the handling fail before it commits, the worker handles it later, and the
        claim by platform id (`mark_handled`) keeps it from being handled twice.

        The replies are also in the outbox, held back for a moment; claiming them here marks
        them delivered, so exactly one of the two paths delivers each. On timeout the
        handling goes on and the outbox delivers them as soon as it ends (DEFERRED).
        """
        hold = timeout + 5.0
        # Known already (a retry, or stored before a stop): handle() tells handled from not.
        await self._store(inbound, held_until=self.clock.now() + timedelta(seconds=hold))
        created: list[TortoiseUnitOfWork] = []

        def factory(client: DirectClient | None) -> TortoiseUnitOfWork:
            self._may_wait = True  # its replies wait in the outbox while held
            if client is None and any(made.client is not None for made in created):
                created.clear()  # the trip was given up (rolled back): this is a fresh start
            uow = self.uow(hold=hold, client=client)
            created.append(uow)
            return uow

        async def run() -> list[Outbound] | None:
            try:
                return await self._handle(inbound, factory)
            except Exception:
                await self._unhold(inbound)
                raise

        task = asyncio.create_task(run())
        try:
            replies = await asyncio.wait_for(asyncio.shield(task), timeout)
        except TimeoutError:
            task.add_done_callback(lambda _t: self._release_held(created))
            task.add_done_callback(lambda done: self._remember_late_press(inbound, done, created))
            return DEFERRED
        if replies is None:
            return DUPLICATE
        self._remember_press(inbound, refused=len(created) > 1)
        # Only the last unit of work committed (a refused command rolls the first one back).
        keys = list(created[-1].outbox_keys) if created else []
        # what an assembly of several rooms (`!federate`) says in its other rooms is theirs: it
        # leaves through the outbox at once, never in this answer (the replies are this room's)
        rooms = created[-1].outbox_rooms if created else {}
        later = [key for key in keys if rooms[key] != (inbound.platform, inbound.room)]
        keys = [key for key in keys if key not in later]
        if len(keys) == len(replies) and any(r.kind in ROUND_REDRAWS for r in replies):
            # the redraw of a round's message (closed, or with a new tally) is the sender's (it
            # knows that message): it leaves through the outbox at once, not in the answer
            redraws = [key for key, reply in zip(keys, replies, strict=True) if reply.kind in ROUND_REDRAWS]
            later += redraws
            keys = [key for key in keys if key not in redraws]
            replies = [reply for reply in replies if reply.kind not in ROUND_REDRAWS]
        if later:
            await OutboxRow.filter(key__in=later, status="pending").update(next_attempt_at=self.clock.now())
            self._outbox_wake.set()
        if not keys:
            return InlineResult.answered(replies)
        claimed = await OutboxRow.filter(key__in=keys, status="pending").update(
            status="sent", sent_id=INLINE_SENT_ID, sent_at=self.clock.now()
        )
        if claimed != len(keys):
            # The hold ran out and the sender took some of them: hand ours back so that it
            # delivers them all, in order, rather than half inline and half later.
            if claimed:
                await OutboxRow.filter(key__in=keys, status="sent", sent_id=INLINE_SENT_ID).update(
                    status="pending", sent_id=None, sent_at=None
                )
            self._outbox_wake.set()
            return DEFERRED
        return InlineResult.answered(replies)

    def _remember_press(self, inbound: Inbound, *, refused: bool) -> None:
        key = (inbound.platform, inbound.event_id)
        self._pressed[key] = refused
        while len(self._pressed) > PRESSES_KEPT:
            self._pressed.popitem(last=False)

    def _remember_late_press(self, inbound: Inbound, done: asyncio.Task[list[Outbound] | None],
                             created: list[TortoiseUnitOfWork]) -> None:
        """A press answered "deferred": once handled, what it did can still be asked for
        (the network redraws the pressed message when the outbox delivers the replies)."""
        if done.cancelled() or done.exception() is not None or done.result() is None:
            return
        self._remember_press(inbound, refused=len(created) > 1)

    async def press_outcome(self, inbound: Inbound) -> PressOutcome | None:
        """What an event answered inline did to the round it names, for networks that
        redraw the message whose button was pressed (Discord). None when this process did
        not just handle it inline, or when it names no proposal."""
        refused = self._pressed.pop((inbound.platform, inbound.event_id), None)
        if refused is None:
            return None
        if refused:
            return PressOutcome(refused=True)
        from core.commands import parse
        from core.context import Context
        from core.dispatch import command_text
        from core.errors import DomainError
        from core.ids import MemberId
        from core.proposal_handlers import STANCE_FOR, press_tally

        if inbound.action not in (Action.BUTTON, Action.TEXT):
            return None
        try:
            command = parse(command_text(inbound))
        except DomainError:
            return None
        if command is None or command.number is None or command.verb not in STANCE_FOR:
            return None
        async with self.uow() as uow:  # read only: never committed
            assembly = await uow.assemblies.get_or_create(inbound.platform, inbound.room, self.clock.now(),
                                                          MemberId(inbound.sender))
            proposal = await uow.proposals.get(assembly.id, command.number, full=True)
            if proposal is None:
                return None
            ctx = Context(uow=uow, inbound=inbound, assembly=assembly, now=self.clock.now())
            return PressOutcome(refused=False, number=proposal.number, tally=press_tally(ctx, proposal),
                                closed=proposal.is_closed)

    def _release_held(self, created: list[TortoiseUnitOfWork]) -> None:
        """A late event's replies need not wait for the rest of their hold."""
        keys = [key for uow in created for key in uow.outbox_keys]

        async def release() -> None:
            if keys:
                with contextlib.suppress(Exception):  # at worst they wait out the hold
                    await OutboxRow.filter(key__in=keys, status="pending").update(
                        next_attempt_at=self.clock.now()
                    )
            self._outbox_wake.set()

        self._tasks.append(asyncio.create_task(release()))
        self._tasks = [t for t in self._tasks if not t.done()]

    async def handle_pending(self, limit: int = 200) -> int:
        """Handle stored events in arrival order. Returns how many were handled."""
        rows = await fetch(connections.get("default"), InboxRow,
                           f"SELECT * {_UNHANDLED} ORDER BY id LIMIT ?", [limit])
        now = self.clock.now()
        handled = 0
        for row in rows:
            if _held(row.payload, now):
                continue  # accept_and_wait is handling it
            handled += 1
            inbound = inbound_from_dict(row.payload)
            if not await self._handle_logged(inbound):
                await self._fail(row.id, inbound)  # a bug must not stop the room: tell it, move on
        if handled:
            self._outbox_wake.set()
        return handled

    async def _fail(self, row_id: int, inbound: Inbound) -> None:
        from core.dispatch import SYSTEM
        from core.i18n import translate
        from core.messages import Outbound as Out

        async with self.uow() as uow:
            if not await uow.mark_handled(inbound.platform, inbound.event_id):
                return
            assembly = await uow.assemblies.get_or_create(inbound.platform, inbound.room, self.clock.now(), SYSTEM)
            await uow.outbox.add(Out(platform=inbound.platform, room=inbound.room,
                                     text=translate("command.internal_error", assembly.language),
                                     reply_to=inbound.event_id))
            await uow.commit()

    async def _handle_logged(self, inbound: Inbound) -> bool:
        """Handle a stored event; False (and the error logged) when handling it failed."""
        try:
            await self._handle(inbound, lambda client: self.uow(client=client))
        except Exception:
            log.exception("inbound.failed", platform=inbound.platform, room=inbound.room,
                          member=inbound.sender, event_id=inbound.event_id)
            return False
        finally:
            # An event is handled at once on the loop (storage.onetrip): before the next
            # one, the loop serves what waited meanwhile (requests to acknowledge, the sender).
            await asyncio.sleep(0)
        return True

    async def handle_fresh(self) -> int:
        """Handle the events this process just stored, in arrival order."""
        handled = 0
        while self._fresh:
            inbound = self._fresh.popleft()
            if not await self._handle_logged(inbound):
                self._backlog = True  # the inbox scan retries it and, failing again, says so
                continue
            handled += 1
            self._outbox_wake.set()  # its answers go out while the next one is handled
        return handled

    async def inbox_worker(self) -> None:
        while True:
            self._inbox_wake.clear()
            try:
                if self._backlog:
                    self._backlog = False
                    handled = await self.handle_pending()
                    if handled:
                        self._backlog = True  # there may be more than one batch
                else:
                    handled = await self.handle_fresh()
            except Exception:
                log.exception("inbox.loop_error")
                handled = 0
            if handled or self._fresh:
                continue
            try:
                async with asyncio.timeout(self.poll_seconds):  # wakes sooner than wait_for
                    await self._inbox_wake.wait()
            except TimeoutError:
                self._backlog = True

    # ---- outbound ---------------------------------------------------------------

    def wake_sender(self) -> None:
        self._outbox_wake.set()

    async def deliver_pending(self, limit: int = 100) -> int:
        """Deliver what is due in the outbox. Returns how many rows were delivered."""
        if self.paused or not self.adapters:
            return 0
        now = self.clock.now()
        conn = connections.get("default")
        platforms = list(self.adapters)
        rows = await fetch(
            conn, OutboxRow,
            "SELECT * FROM outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= ? "
            f"AND platform IN ({', '.join('?' * len(platforms))}) ORDER BY id LIMIT ?",
            [utc(now), *platforms, limit],
        )
        delivered = 0
        blocked_rooms: set[tuple[str, str]] = set()
        first_waiting: dict[tuple[str, str], int] = {}
        if rows and self._may_wait:
            # A room whose oldest message waits for a retry waits as a whole: its later
            # messages must not overtake it (a thread's root must go out first).
            waiting = await OutboxRow.filter(
                status__in=("pending", "sending"), next_attempt_at__gt=now, platform__in=list(self.adapters)
            ).values_list("platform", "room", "id")
            for platform, room_id, row_id in waiting:
                key = (platform, room_id)
                first_waiting[key] = min(row_id, first_waiting.get(key, row_id))
            # One process on SQLite knows every retry it schedules: until the next one,
            # no row waits and the question need not be asked again.
            self._may_wait = bool(waiting) or self.lock_rows
        for row in rows:
            room = (row.platform, row.room)
            if room in blocked_rooms or first_waiting.get(room, row.id) < row.id:
                continue  # keep each room's messages in order
            if row.status == "sending" and row.lease_until and row.lease_until > now:
                blocked_rooms.add(room)
                continue
            claimed, _ = await conn.execute_query(
                sql_for(conn, "UPDATE outbox SET status = 'sending', lease_until = ?, attempts = ? "
                              "WHERE id = ? AND status = ? AND attempts = ?"),
                [utc(now + LEASE), row.attempts + 1, row.id, row.status, row.attempts],
            )
            if not claimed:
                blocked_rooms.add(room)
                continue
            if await self._deliver(row):
                delivered += 1
            else:
                blocked_rooms.add(room)
        return delivered

    async def _deliver(self, row: OutboxRow) -> bool:
        outbound = outbound_from_dict(row.payload)
        adapter = self.adapters[row.platform]
        root: str | None = None
        if row.thread_key:
            roots = await fetch(connections.get("default"), ThreadRootRow,
                                "SELECT * FROM thread_root WHERE platform = ? AND room = ? AND thread_key = ?",
                                [row.platform, row.room, row.thread_key])
            root = roots[0].message_id if roots else None
            if outbound.kind is OutboundKind.POLL_CLOSE and "poll_event" not in outbound.extra:
                poll = await ThreadRootRow.filter(platform=row.platform, room=row.room,
                                                  thread_key=row.thread_key + POLL_SUFFIX).first()
                if poll is None:  # the poll was never sent as a native poll: nothing to close
                    await OutboxRow.filter(id=row.id).update(status="sent", sent_at=self.clock.now(),
                                                             lease_until=None)
                    return True
                outbound = replace(outbound, extra={**outbound.extra, "poll_event": poll.message_id})
        if outbound.kind in ROUND_REDRAWS:
            shown = await self._round_message(row.platform, row.room, row.thread_key,
                                              outbound.extra.get(ROUND_VERSION_EXTRA))
            if shown is None:  # no message of this round carries buttons here: nothing to redraw
                await OutboxRow.filter(id=row.id).update(status="sent", sent_at=self.clock.now(), lease_until=None)
                return True
            outbound = replace(outbound, extra={**outbound.extra, ROUND_MESSAGE_EXTRA: shown})
        delivery = Delivery(key=row.key, outbound=outbound, thread_root=root, attempt=row.attempts + 1)
        logger = log.bind(platform=row.platform, room=row.room, key=row.key, attempt=delivery.attempt)
        try:
            message_id = await adapter.send(delivery)
        except RetryAfter as exc:
            await self._retry(row, exc.delay, f"rate limited: {exc}")
            logger.info("outbox.rate_limited", delay=exc.delay)
            return False
        except TemporaryDeliveryError as exc:
            # The network as a whole being down (`unreachable`) is not this message's
            # fault: it waits for the network to come back, however long that takes.
            unreachable = bool(getattr(exc, "unreachable", False))
            ceiling = UNREACHABLE_MAX_BACKOFF if unreachable else MAX_BACKOFF
            delay = min(ceiling, 2 ** min(row.attempts, 16) + random.random())
            await self._retry(row, delay, str(exc), final=not unreachable)
            logger.warning("outbox.retry", delay=delay, error=str(exc), unreachable=unreachable)
            return False
        except PermanentDeliveryError as exc:
            await OutboxRow.filter(id=row.id).update(status="failed", last_error=str(exc)[:1000], lease_until=None)
            logger.warning("outbox.failed", error=str(exc))
            return False
        except Exception as exc:  # an adapter bug: retry a few times, then give up loudly
            logger.exception("outbox.adapter_error")
            delay = min(MAX_BACKOFF, 2 ** row.attempts + random.random())
            await self._retry(row, delay, repr(exc))
            return False
        conn = connections.get("default")
        await conn.execute_query(
            sql_for(conn, "UPDATE outbox SET status = 'sent', sent_id = ?, sent_at = ?, lease_until = NULL WHERE id = ?"),
            [message_id, utc(self.clock.now()), row.id],
        )
        if row.thread_key and root is None and message_id:
            with contextlib.suppress(Exception):  # another worker may have set it first
                await ThreadRootRow.create(platform=row.platform, room=row.room, thread_key=row.thread_key,
                                           message_id=message_id)
        if row.thread_key and message_id and outbound.kind is OutboundKind.POLL:
            with contextlib.suppress(Exception):  # remembered so that the close can end it
                await ThreadRootRow.create(platform=row.platform, room=row.room,
                                           thread_key=row.thread_key + POLL_SUFFIX, message_id=message_id)
        buttons_at: str | None = None  # the part under which the buttons are, when not the first
        if isinstance(adapter, SendsInParts):
            await self._remember_parts(row, adapter.parts_sent(row.key))
            buttons_at = adapter.buttons_part(row.key)
        if message_id and outbound.buttons and outbound.kind in (OutboundKind.CONSENT_PROMPT, OutboundKind.POLL):
            await self.remember_round_message(row.platform, row.room, row.thread_key,
                                              outbound.extra.get(ROUND_VERSION_EXTRA), buttons_at or message_id)
        for callback in self.on_delivered:
            callback(delivery, message_id)
        return True

    @staticmethod
    async def _remember_parts(row: OutboxRow, parts: tuple[str, ...]) -> None:
        """The later parts of a message of a thread, sent as several: each one names the
        thread as its first part does (storage.repositories.thread_started_by)."""
        if not row.thread_key:
            return
        for part in parts:
            key = f"{row.thread_key}{PART_SUFFIX}{part}"
            if len(key) > THREAD_KEY_MAX:
                continue
            with contextlib.suppress(Exception):  # a retried delivery: remembered already
                await ThreadRootRow.create(platform=row.platform, room=row.room, thread_key=key, message_id=part)

    async def remember_round_message(self, platform: str, room: str, thread_key: str | None,
                                     version: str | None, message_id: str) -> None:
        """The message that carries the buttons of a round's version, for networks that redraw
        it once that version is over (their adapter says so: `edits_round_messages`)."""
        if not thread_key or not version or platform not in self.round_platforms:
            return
        key = f"{thread_key}{ROUND_SUFFIX}{version}"
        with contextlib.suppress(Exception):  # at worst that message keeps its buttons
            updated = await ThreadRootRow.filter(platform=platform, room=room, thread_key=key).update(
                message_id=message_id)
            if not updated:
                await ThreadRootRow.create(platform=platform, room=room, thread_key=key, message_id=message_id)

    async def _round_message(self, platform: str, room: str, thread_key: str | None,
                             version: str | None) -> str | None:
        if not thread_key or not version:
            return None
        row = await ThreadRootRow.filter(platform=platform, room=room,
                                         thread_key=f"{thread_key}{ROUND_SUFFIX}{version}").first()
        return row.message_id if row is not None else None

    async def _retry(self, row: OutboxRow, delay: float, error: str, *, final: bool = True) -> None:
        self._may_wait = True
        attempts = row.attempts + 1
        if final and attempts >= self.max_attempts:
            await OutboxRow.filter(id=row.id).update(status="failed", last_error=error[:1000], lease_until=None)
            log.error("outbox.gave_up", platform=row.platform, room=row.room, key=row.key, error=error)
            return
        await OutboxRow.filter(id=row.id).update(
            status="pending", next_attempt_at=self.clock.now() + timedelta(seconds=delay),
            last_error=error[:1000], lease_until=None,
        )

    async def sender(self) -> None:
        if not self.lock_rows:
            # SQLite means one bot process: a row still marked "sending" was left so by a
            # previous run that died mid-send. Take it back now rather than after its lease;
            # the stable key makes the resend harmless where the network dedupes (Matrix).
            with contextlib.suppress(Exception):
                released = await OutboxRow.filter(status="sending").update(status="pending", lease_until=None)
                if released:
                    log.info("outbox.released_after_restart", rows=released)
        while True:
            self._outbox_wake.clear()
            try:
                delivered = await self.deliver_pending()
            except Exception:
                log.exception("outbox.loop_error")
                delivered = 0
            if delivered:
                continue
            try:
                async with asyncio.timeout(min(self.poll_seconds, 0.5)):
                    await self._outbox_wake.wait()
            except TimeoutError:
                self._may_wait = True  # look again now and then, whoever wrote the rows

    # ---- quiescence (script mode, tests) ---------------------------------------------

    async def pending_counts(self, platforms: list[str] | None = None) -> tuple[int, int]:
        conn = connections.get("default")
        rows = await conn.execute_query_dict(f"SELECT COUNT(*) AS n {_UNHANDLED}")
        inbox = rows[0]["n"]
        query = OutboxRow.filter(status__in=("pending", "sending"))
        if platforms is not None:
            query = query.filter(platform__in=platforms)
        return inbox, await query.count()

    async def drain(self, platforms: list[str], timeout: float = 60.0) -> bool:
        """Wait until every stored event is handled and every message for `platforms` sent."""
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            inbox, outbox = await self.pending_counts(platforms)
            if inbox == 0 and outbox == 0:
                return True
            self._backlog = True
            self._inbox_wake.set()
            self._outbox_wake.set()
            await asyncio.sleep(0.02)
        return False


def _held(payload: Any, now: datetime) -> bool:
    raw = payload.get(HELD_UNTIL) if isinstance(payload, dict) else None
    if not isinstance(raw, str):
        return False
    try:
        until = datetime.fromisoformat(raw)
    except ValueError:
        return False
    if until.tzinfo is None:
        until = until.replace(tzinfo=UTC)
    return until > now


def utcnow() -> datetime:
    return datetime.now(UTC)


def describe(row: Any) -> str:
    return f"{row.platform}:{row.room}"
