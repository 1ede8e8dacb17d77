"""The Matrix adapter: a matrix-nio client behind the small `Adapter` port.

Lifecycle: `start(sink)` logs in (reusing the device kept in `store_path`), runs one
sync, then keeps syncing in a background task; `stop()` ends the loop and closes the
HTTP session without logging out, so the next start reuses the same device and keys.
Wrong credentials stop the start with a clear error; a homeserver that cannot be
reached does not: the adapter keeps trying in the background, with backoff.

Inbound: each sync's timeline events become `Inbound`s handed to the sink, then the
sync token is saved (a crash in between re-delivers events, which the sink dedupes).
Nothing from before the bot's first start, or from before it joined a room, is ever
passed on. Invites are accepted from allowed inviters only; the others are rejected with
a reason the inviter sees (with `allowed_inviters` empty, everyone on the bot's own
homeserver is allowed: the start-up log warns of it, `matrix.inviters_open`). A join that
fails after an accepted invite is tried again on later syncs, after 15 s, 30 s, 1, 2 and 4
minutes, while the invite stays pending, then given up with `matrix.join_given_up` (the
next start tries once more).

Direct chats: a room the bot is invited to as a direct chat (`is_direct` in the bot's own
invite member event; for a room joined earlier, a join that replaced such an invite, in a
room shared with one person at most, looked at once per room, ever: the rooms already told
apart are kept in the session file) is no assembly, until a second person joins it: from that
join on it is an assembly like any other room. The bot joins, says once (French, then English) that
it works in the rooms of assemblies and how to invite it there, and afterwards answers each
command there with that short notice, except `!aide` / `!help`, which gives the help. Nothing
from a direct chat reaches the core: no assembly, no member, no inbox row. The set of
direct chats is kept in the session file (state.py). An edit stands for its new text with the thread and reply of the
message it edits (read from the homeserver), and only when both have one author; an edit
whose message cannot be read is dropped (`matrix.edit_original_unreadable`), never holding up
the sync. When the bot joins a room,
and each time it starts, the room's current members are passed on as membership
events (see `membership`), so the assembly knows everyone already in the room.

Outbound: `send(delivery)` renders the `Outbound` and uses `delivery.key` as the
Matrix transaction id, so a retried delivery never shows twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import fnmatch
import io
import mimetypes
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, NoReturn

import structlog
from aiohttp import ClientError, web
from nio import (  # type: ignore[import-untyped]
    Api,
    AsyncClient,
    AsyncClientConfig,
    ErrorResponse,
    JoinedMembersResponse,
    JoinedRoomsResponse,
    JoinResponse,
    LocalProtocolError,
    LoginResponse,
    MegolmEvent,
    MessageDirection,
    RoomGetEventResponse,
    RoomGetStateResponse,
    RoomLeaveResponse,
    RoomMessagesResponse,
    RoomSendResponse,
    SendRetryError,
    SyncResponse,
    UploadResponse,
    WhoamiResponse,
)
from nio.store import DefaultStore  # type: ignore[import-untyped]

from adapters.base import Delivery, InboundSink
from core.commands import parse
from core.errors import DomainError, PermanentDeliveryError, RetryAfter, TemporaryDeliveryError
from core.i18n import translate
from core.member_handlers import help_answer
from core.messages import POLL_SELECT, Action, Inbound, Outbound, OutboundKind, Platform, RoomId

from . import membership, power, render
from .settings import MatrixSettings
from .state import SessionState, SessionStore
from .translate import (
    CONSENT_KEY,
    MATRIX,
    STANDASIDE_KEY,
    EventTranslator,
    Sender,
    replied_to,
    thread_root,
)

# The first sync of a new bot only learns the rooms' state: its timeline is never run.
_FIRST_SYNC_FILTER: dict[str, Any] = {"room": {"timeline": {"limit": 1}}}
_GAP_MAX_EVENTS = 2000  # after a long downtime, catch up on at most this many per room
_CLOCK_SKEW_MS = 60_000
_NETWORK_ERRORS = (ClientError, TimeoutError, asyncio.TimeoutError, ConnectionError, OSError)
_SEEN_EVENTS = 4096  # event ids recently passed on, skipped when a sync repeats them
_RECONNECT_MAX_DELAY = 60.0
# after a failed join, wait this long (seconds) before each new try; then give up
_JOIN_RETRY_DELAYS: tuple[float, ...] = (15.0, 30.0, 60.0, 120.0, 240.0)
_BILINGUAL = ("fr", "en")  # a direct chat, or a refused invite's room, has no language: French, then English


class _Store(DefaultStore):  # type: ignore[misc]
    """nio's encryption store, minus a database write per sync when no room changed."""

    def save_encrypted_rooms(self, rooms: Any) -> None:
        if rooms:
            super().save_encrypted_rooms(rooms)


class MatrixLoginError(RuntimeError):
    """The bot account could not log in; the message says what to fix."""


class HomeserverUnreachable(TemporaryDeliveryError):
    """The homeserver itself is down or unreachable, not this one message.

    The outbox keeps such deliveries waiting (with backoff) for as long as the outage
    lasts instead of counting them as failed attempts.
    """

    unreachable = True


@dataclass
class _PendingJoin:
    """An accepted invite whose join failed: tried again once `due` (loop time) is past."""

    inviter: str
    retries: int = 0  # tries made after the first one
    due: float = 0.0


class MatrixAdapter:
    platform: Platform = MATRIX

    def __init__(self, settings: MatrixSettings) -> None:
        self.settings = settings
        self._store = SessionStore(settings.store_path)
        self._state = SessionState()
        self._translator = EventTranslator(settings.user_id, self._state)
        self._client: AsyncClient | None = None
        self._sink: InboundSink | None = None
        self._task: asyncio.Task[None] | None = None
        self._rooms: dict[str, dict[str, Any]] = {}  # room id -> {"power": …, "create": …}
        self._synced_once = False
        self._connected = False  # logged in and synced once since start
        self._joined_rooms: set[str] = set()  # rooms whose membership was passed on
        self._seen: dict[str, None] = {}  # recently passed-on event ids, oldest first
        self._pending_joins: dict[str, _PendingJoin] = {}  # room id -> failed join to try again
        self._log = structlog.get_logger("adapters.matrix").bind(platform="matrix")

    # ------------------------------------------------------------------ port

    async def start(self, sink: InboundSink) -> None:
        if self._task is not None:
            raise RuntimeError("the Matrix adapter is already running")
        self._sink = sink
        if not self.settings.allowed_inviters.strip():
            self._log.warning(
                "matrix.inviters_open",
                allowed=self.settings.inviter_globs,
                hint=f"allowed_inviters is empty: anyone with an account on {self.settings.server_name} "
                "may invite the bot into a room and make it an assembly; set allowed_inviters "
                "(MXID globs) to limit who may",
            )
        self._state = self._store.load()
        self._translator = EventTranslator(self.settings.user_id, self._state)
        self._client = self._make_client()
        connected = False
        try:
            await self._connect()
            connected = True
        except (*_NETWORK_ERRORS, TemporaryDeliveryError, RetryAfter) as error:
            # Not a reason to stop the whole bot: keep trying in the background.
            self._log.warning("matrix.homeserver_unreachable", error=repr(error))
        except BaseException:
            await self._client.close()
            self._client = None
            raise
        self._task = asyncio.create_task(self._run(connected), name="matrix-sync")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._connected = False
        if self._client is not None:
            self._save()
            await self._client.close()  # never log out: the device must survive restarts
            self._client = None
        self._log.info("matrix.stopped")

    def routes(self) -> list[web.RouteDef]:
        return []

    async def send(self, delivery: Delivery) -> str | None:
        outbound = delivery.outbound
        room = str(outbound.room)
        lang = outbound.extra.get("lang", self.settings.language)
        log = self._log.bind(room=room, delivery=delivery.key, kind=str(outbound.kind))
        if not self._connected:
            raise HomeserverUnreachable("not connected to the homeserver yet")
        try:
            if outbound.kind is OutboundKind.POLL:
                return await self._send_poll(delivery, lang)
            if outbound.kind is OutboundKind.POLL_CLOSE:
                return await self._send_poll_end(delivery, lang)
            if outbound.kind is OutboundKind.MEMBERS:
                await self._pass_on_members_again(room, delivery.key)
                return None
            return await self._send_message(delivery, lang)
        except _NETWORK_ERRORS as error:
            log.warning("matrix.send_failed", error=repr(error))
            raise HomeserverUnreachable(f"Matrix unreachable: {error!r}") from error
        except SendRetryError as error:
            log.warning("matrix.send_failed", error=repr(error))
            raise TemporaryDeliveryError(f"Matrix send failed: {error!r}") from error

    # ------------------------------------------------------------------ queries

    async def joined_members(self, room_id: str) -> list[str]:
        """The MXIDs of the room's joined members, the bot excluded."""
        client = self._require_client()
        try:
            response = await client.joined_members(room_id)
        except _NETWORK_ERRORS as error:
            raise TemporaryDeliveryError(repr(error)) from error
        if not isinstance(response, JoinedMembersResponse):
            self._raise_for(response)
        return sorted(m.user_id for m in response.members if m.user_id != self.settings.user_id)

    async def is_room_admin(self, room_id: str, user_id: str) -> bool:
        """True if `user_id` may change the room's power levels (or created a v12+ room)."""
        known = self._rooms.get(room_id)
        if not known or "create" not in known:
            await self._fetch_room_state(room_id)
            known = self._rooms.get(room_id, {})
        return power.is_room_admin(user_id, known.get("power"), known.get("create"))

    @property
    def device_id(self) -> str:
        return self._state.device_id

    # ------------------------------------------------------------------ login

    def _make_client(self) -> AsyncClient:
        self.settings.store_path.mkdir(parents=True, exist_ok=True, mode=0o700)
        config = AsyncClientConfig(
            encryption_enabled=self.settings.e2e,
            store_sync_tokens=False,  # the adapter saves the token after handling a sync
            max_limit_exceeded=0,  # a 429 is returned to us (RetryAfter), never slept on
            max_timeouts=2,
            request_timeout=30,
            store=_Store,
        )
        return AsyncClient(
            self.settings.homeserver,
            self.settings.user_id,
            store_path=str(self.settings.store_path),
            config=config,
        )

    async def _login(self, client: AsyncClient) -> None:
        state, settings = self._state, self.settings
        if state.user_id and (
            state.user_id != settings.user_id or state.homeserver != settings.homeserver
        ):
            self._log.warning("matrix.store_for_other_account", stored=state.user_id)
            state.device_id = state.access_token = state.sync_token = ""
        state.user_id, state.homeserver = settings.user_id, settings.homeserver
        tokens = [state.access_token]
        if settings.access_token is not None:
            tokens.append(settings.access_token.get_secret_value())
        for token in dict.fromkeys(t for t in tokens if t):
            client.access_token = token
            whoami = await client.whoami()
            if isinstance(whoami, WhoamiResponse) and whoami.user_id == settings.user_id:
                device_id = whoami.device_id or state.device_id
                if not device_id:
                    continue
                if device_id != state.device_id:
                    state.sync_token = ""  # another device: start as new, never replay
                client.restore_login(settings.user_id, device_id, token)
                state.device_id, state.access_token = device_id, token
                break
            if _is_transient(whoami):
                raise TemporaryDeliveryError(f"whoami failed: {whoami}")
            self._log.warning("matrix.token_rejected", error=str(whoami))
        else:
            if settings.password is None:
                raise MatrixLoginError(
                    f"Matrix refused the access token of {settings.user_id}; "
                    "set a new access_token or a password"
                )
            client.access_token = ""
            client.device_id = state.device_id or None  # log in again on the same device
            response = await client.login(
                settings.password.get_secret_value(), device_name=settings.device_name
            )
            if not isinstance(response, LoginResponse):
                if _is_transient(response):
                    raise TemporaryDeliveryError(f"login failed: {response}")
                raise MatrixLoginError(f"Matrix login failed for {settings.user_id}: {response}")
            if response.device_id != state.device_id:
                state.sync_token = ""
            state.device_id, state.access_token = response.device_id, response.access_token
        if client.olm is not None and client.should_upload_keys:
            await client.keys_upload()
        self._log = self._log.bind(device=state.device_id)
        self._log.info("matrix.logged_in", user=settings.user_id)

    async def _learn_own_name(self) -> None:
        assert self._client is not None
        with contextlib.suppress(*_NETWORK_ERRORS):
            response = await self._client.get_displayname(self.settings.user_id)
            name = getattr(response, "displayname", None)
            if isinstance(name, str) and name.strip():
                self._translator.bot_names.add(name.strip())

    async def _connect(self) -> None:
        """Log in and run the first sync (learns the rooms, passes on their members)."""
        assert self._client is not None
        await self._login(self._client)
        self._state.begin()
        self._save()
        await self._learn_own_name()
        self._joined_rooms.clear()  # every room's membership is passed on again
        await self._sync_round(first=True)
        self._save()  # device, token and maps together, once per start
        self._connected = True

    # ------------------------------------------------------------------ sync

    async def _run(self, connected: bool) -> None:
        delay = 1.0
        while not connected:
            try:
                await self._connect()
                connected = True
                self._log.info("matrix.homeserver_reachable")
            except asyncio.CancelledError:
                raise
            except MatrixLoginError as error:
                self._log.error("matrix.login_refused", error=str(error))
                delay = _RECONNECT_MAX_DELAY
            except RetryAfter as error:
                delay = max(error.delay, 1.0)
            except Exception as error:  # noqa: BLE001 (keep trying until it comes back)
                self._log.warning("matrix.connect_failed", error=repr(error), retry_in=delay)
            if not connected:
                await asyncio.sleep(delay)
                delay = min(delay * 2, _RECONNECT_MAX_DELAY)
        await self._sync_loop()

    async def _sync_loop(self) -> None:
        delay = 1.0
        while True:
            try:
                await self._sync_round(first=False)
                delay = 1.0
            except asyncio.CancelledError:
                raise
            except RetryAfter as error:
                await asyncio.sleep(error.delay)
            except Exception as error:  # noqa: BLE001 (the bot stays up whatever a sync did)
                self._log.warning("matrix.sync_failed", error=repr(error), retry_in=delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 60.0)

    async def _sync_round(self, *, first: bool) -> None:
        client = self._require_client()
        state = self._state
        initial = state.is_first_start
        since = state.sync_token or None
        # nio skips a response whose next_batch equals its own: with no token of its own,
        # it reads every response, including one fetched again after a failed round and
        # the full state of the first round after a restart (which may bring no news).
        client.next_batch = None
        response = await client.sync(
            timeout=0 if first else self.settings.sync_timeout_ms,
            sync_filter=_FIRST_SYNC_FILTER if initial else self._sync_filter,
            since=since,
            full_state=True if first and since else None,
        )
        if not isinstance(response, SyncResponse):
            code = response.status_code if isinstance(response, ErrorResponse) else None
            if code == "M_LIMIT_EXCEEDED":
                raise RetryAfter((response.retry_after_ms or 5000) / 1000)
            if code == "M_UNKNOWN_TOKEN":
                # The token was revoked while running: log in again on the same device.
                self._log.warning("matrix.token_revoked")
                state.access_token = ""
                await self._login(client)
                self._save()
                return
            raise TemporaryDeliveryError(f"sync failed: {response}")
        await self._handle_sync(response, initial=initial, since=since)
        await self._retry_joins()
        await asyncio.sleep(0)  # let the pipeline start on what just came in
        state.sync_token = response.next_batch
        self._store.save_token(state)
        self._synced_once = True
        if client.olm is not None:
            await self._encryption_chores(client)

    async def _encryption_chores(self, client: AsyncClient) -> None:
        """What nio's own sync loop does between syncs for end-to-end encryption."""
        await client.send_to_device_messages()
        if client.should_upload_keys:
            await client.keys_upload()
        if client.should_query_keys:
            await client.keys_query()
        if client.should_claim_keys:
            await client.keys_claim(client.get_users_for_key_claiming())

    @property
    def _sync_filter(self) -> dict[str, Any]:
        return {"room": {"timeline": {"limit": self.settings.sync_timeline_limit}}}

    async def _handle_sync(
        self, response: SyncResponse, *, initial: bool, since: str | None
    ) -> None:
        for room_id, invite in response.rooms.invite.items():
            await self._on_invite(room_id, [e for e in invite.invite_state if e is not None])
        for room_id, info in response.rooms.join.items():
            self._pending_joins.pop(room_id, None)
            state = [s for s in (getattr(e, "source", None) for e in info.state) if s]
            for source in state:
                self._absorb_state(room_id, source)
            events = list(info.timeline.events)
            start = self._first_new_index(events)
            if not self._state.is_classified(room_id):
                # once per room, ever: a room joined before direct chats were told apart
                if room_id not in self._state.direct_rooms and self._joined_as_direct_chat(
                    state, events
                ):
                    self._state.mark_direct(room_id)
                    self._log.info("matrix.direct_chat", room=room_id, found_at="join")
                self._state.mark_classified(room_id)
            grown: int | None = None
            if room_id in self._state.direct_rooms:
                grown = self._direct_chat_grows_at(room_id, events)
                if grown is None:
                    await self._on_direct_chat(room_id, events, start, initial=initial)
                    continue
                # a second person joined: an assembly from that join on, like any room
                if grown > 0:
                    await self._on_direct_chat(room_id, events[:grown], start, initial=initial)
                # all its members, not only those this batch names
                try:
                    state = [*await self._fetch_room_state(room_id), *state]
                except (TemporaryDeliveryError, PermanentDeliveryError) as error:
                    # the members this batch names only: the others count from their next move
                    self._log.warning("matrix.room_state_unreadable", room=room_id, error=str(error))
                self._state.forget_direct(room_id)
                self._log.info("matrix.direct_chat_grown", room=room_id)
                start = max(start, grown)
            if info.timeline.limited and not initial and start == 0 and since and grown is None:
                # More happened since the last sync than one response holds (a long
                # downtime): fetch what lies between, so no command is lost.
                missed = await self._fetch_gap(room_id, info.timeline.prev_batch, since)
                events = missed + events
                start = self._first_new_index(events)
            if room_id not in self._joined_rooms or start > 0:
                # Just joined, or first sync since the bot started: who is here now?
                # (State as it was where the new part of the timeline begins; the
                # timeline that follows is passed on event by event.)
                before = events if initial else events[:start]
                await self._pass_on_members(room_id, state, before)
                self._joined_rooms.add(room_id)
            for event, source in self._to_act_on(room_id, events, initial, start):
                await self._on_timeline_event(room_id, event, source)
        for room_id in response.rooms.leave:
            self._rooms.pop(room_id, None)
            self._joined_rooms.discard(room_id)
            self._state.forget_room(room_id)
            if self._pending_joins.pop(room_id, None) is not None:
                self._log.info("matrix.invite_withdrawn", room=room_id)
            self._log.info("matrix.left_room", room=room_id)

    async def _pass_on_members(
        self, room_id: str, state: Sequence[Mapping[str, Any]], timeline: Sequence[Any]
    ) -> None:
        sources = [*state]
        for event in timeline:
            source = getattr(event, "source", None)
            if isinstance(source, dict) and source.get("state_key") is not None:
                self._absorb_state(room_id, source)
                sources.append(source)
        inbounds = self._membership(room_id, sources)
        fresh = 0
        for inbound in inbounds:
            fresh += await self._pass_on(inbound)
        self._log.info("matrix.members", room=room_id, listed=len(inbounds), new=fresh)

    def _membership(self, room_id: str, sources: Sequence[Mapping[str, Any]]) -> list[Inbound]:
        """The room's membership as `sources` (its state events) give it (membership.snapshot)."""
        known = self._rooms.get(room_id, {})
        return membership.snapshot(
            room_id,
            sources,
            bot_user_id=self.settings.user_id,
            power_levels=known.get("power"),
            create_event=known.get("create"),
        )

    async def _pass_on_members_again(self, room_id: str, key: str) -> None:
        """The core starts afresh in the room (it was taken out of a federated assembly) and
        asks who is in it: the room's joined members are passed on again as joins, each
        under an event id of its own for this request (the inbox ran the first ones already);
        a retry of the same request gives the same ids."""
        joined = [replace(inbound, event_id=f"{inbound.event_id}:{key}")
                  for inbound in self._membership(room_id, await self._fetch_room_state(room_id))
                  if inbound.action is Action.MEMBER_JOINED]
        for inbound in joined:
            await self._pass_on(inbound)
        self._log.info("matrix.members_again", room=room_id, listed=len(joined))

    async def _pass_on(self, inbound: Inbound) -> bool:
        """Hand one event to the sink, unless it was passed on a moment ago."""
        if inbound.event_id in self._seen:
            return False
        assert self._sink is not None
        if inbound.action is Action.MEMBER_LEFT and self._client is not None:
            # the rooms the person is still in: one of them may be in the same assembly (nio
            # lists the people invited among a room's users: they are not in it yet)
            still_in = tuple(RoomId(room_id) for room_id, room in self._client.rooms.items()
                             if room_id != inbound.room and inbound.sender in room.users
                             and inbound.sender not in room.invited_users)
            if still_in:
                inbound = replace(inbound, still_in=still_in)
        fresh = await self._sink.accept(inbound)
        self._seen[inbound.event_id] = None
        if len(self._seen) > _SEEN_EVENTS:
            del self._seen[next(iter(self._seen))]
        return fresh

    async def _fetch_gap(self, room_id: str, prev_batch: str | None, since: str) -> list[Any]:
        """Events between the previous sync (`since`) and this limited timeline, oldest first."""
        client = self._require_client()
        collected: list[Any] = []
        token = prev_batch
        while token and len(collected) < _GAP_MAX_EVENTS:
            response = await client.room_messages(
                room_id, start=token, end=since, direction=MessageDirection.back, limit=100
            )
            if not isinstance(response, RoomMessagesResponse) or not response.chunk:
                break
            collected.extend(response.chunk)
            if not response.end or response.end == token:
                break
            token = response.end
        if len(collected) >= _GAP_MAX_EVENTS:
            self._log.warning("matrix.timeline_gap_truncated", room=room_id, kept=len(collected))
        self._log.info("matrix.timeline_gap_filled", room=room_id, events=len(collected))
        return list(reversed(collected))

    def _first_new_index(self, events: Sequence[Any]) -> int:
        """Index after the bot's own join in this batch: what came before is history."""
        start = 0
        for index, event in enumerate(events):
            source = getattr(event, "source", None) or {}
            if (
                source.get("type") == "m.room.member"
                and source.get("state_key") == self.settings.user_id
                and (source.get("content") or {}).get("membership") == "join"
                and ((source.get("unsigned") or {}).get("prev_content") or {}).get("membership")
                != "join"
            ):
                start = index + 1
        return start

    def _too_old(self, source: Mapping[str, Any]) -> bool:
        timestamp = source.get("origin_server_ts")
        if not isinstance(timestamp, int):
            return False
        return timestamp < self._state.first_start_ms - _CLOCK_SKEW_MS

    def _absorb_state(self, room_id: str, source: Mapping[str, Any]) -> None:
        if source.get("state_key") is None:
            return
        kind = source.get("type")
        room = self._rooms.setdefault(room_id, {})
        if kind == "m.room.power_levels" and source.get("state_key") == "":
            room["power"] = source.get("content") or {}
        elif kind == "m.room.create":
            room["create"] = dict(source)
        elif kind == "m.room.member" and source.get("state_key") == self.settings.user_id:
            name = (source.get("content") or {}).get("displayname")
            if isinstance(name, str) and name.strip():
                self._translator.bot_names.add(name.strip())

    async def _on_timeline_event(self, room_id: str, event: Any, source: Mapping[str, Any]) -> None:
        sender = str(source.get("sender", ""))
        log = self._log.bind(room=room_id, member=sender, event_id=source.get("event_id"))
        if isinstance(event, MegolmEvent):
            await self._on_undecryptable(room_id, event, log)
            return
        known = self._rooms.get(room_id, {})
        who = Sender(
            is_admin=power.is_room_admin(sender, known.get("power"), known.get("create")),
            display_name=self._display_name(room_id, sender),
            room_name=self._room_name(room_id),
        )
        try:
            inbound = self._translator.translate(source, room_id, who)
        except Exception as error:  # noqa: BLE001 (bad input is data: log it, go on)
            log.warning("matrix.bad_event", type=source.get("type"), error=repr(error))
            return
        if inbound is not None and inbound.edits is not None and inbound.event_id not in self._seen:
            inbound = await self._as_edit_of_original(room_id, inbound, log)
        if inbound is None:
            return
        fresh = await self._pass_on(inbound)
        log.info("matrix.inbound", action=str(inbound.action), fresh=fresh)

    async def _as_edit_of_original(self, room_id: str, edit: Inbound, log: Any) -> Inbound | None:
        """The edit with the thread and the reply of the message it edits; None when that
        message is not the editor's own (only its author may edit a message) or cannot be read."""
        client = self._require_client()
        original = str(edit.edits)
        try:
            response: Any = await client.room_get_event(room_id, original)
        except _NETWORK_ERRORS as error:
            response = error
        source = getattr(getattr(response, "event", None), "source", None)
        if not isinstance(response, RoomGetEventResponse) or not isinstance(source, dict):
            if isinstance(response, BaseException) or _is_transient(response):
                # dropped, not tried again: one unreadable message never holds up the sync
                log.warning("matrix.edit_original_unreadable", edits=original, error=str(response))
            else:
                log.info("matrix.edit_of_unknown_message", edits=original, error=str(response))
            return None
        if source.get("sender") != edit.sender:
            log.info("matrix.edit_by_someone_else", edits=original)
            return None
        # relations stay readable in an encrypted message: no need to decrypt it
        content = source.get("content")
        content = content if isinstance(content, dict) else {}
        return replace(edit, thread=thread_root(content), reply_to=replied_to(content))

    def _room_name(self, room_id: str) -> str | None:
        room = self._client.rooms.get(room_id) if self._client else None
        name = getattr(room, "name", None)  # m.room.name, not a name made up from the members
        return name if isinstance(name, str) and name else None

    def _display_name(self, room_id: str, user_id: str) -> str | None:
        room = self._client.rooms.get(room_id) if self._client else None
        user = room.users.get(user_id) if room else None
        name = getattr(user, "display_name", None)
        return name if isinstance(name, str) and name else None

    async def _on_invite(self, room_id: str, invite_state: Sequence[Any]) -> None:
        client = self._require_client()
        inviter, direct = "", False
        for event in invite_state:
            # nio keeps the membership and the content on the event object (not in `source`).
            source = getattr(event, "source", None) or {}
            content = getattr(event, "content", None)
            content = content if isinstance(content, dict) else source.get("content") or {}
            membership = getattr(event, "membership", None) or content.get("membership")
            if (
                source.get("type") == "m.room.member"
                and source.get("state_key") == self.settings.user_id
                and membership == "invite"
            ):
                inviter = str(source.get("sender", ""))
                direct = content.get("is_direct") is True
        log = self._log.bind(room=room_id, member=inviter)
        if not self._inviter_allowed(inviter):
            await self._reject_invite(client, room_id, log)
            return
        if direct and room_id not in self._state.direct_rooms:
            self._state.mark_direct(room_id)  # before joining: never an assembly, even for a moment
            self._save()
            log.info("matrix.direct_chat")
        if not await self._join(room_id, log, retries=0):
            self._pending_joins[room_id] = _PendingJoin(inviter, due=self._join_due(0))

    async def _join(self, room_id: str, log: Any, *, retries: int) -> bool:
        """Join after an accepted invite; False when the homeserver refused or did not answer."""
        client = self._require_client()
        try:
            response = await client.join(room_id)
        except _NETWORK_ERRORS as error:
            response = repr(error)
        if isinstance(response, JoinResponse):
            log.info("matrix.invite_accepted", retries=retries)
            return True
        if retries < len(_JOIN_RETRY_DELAYS):
            log.warning("matrix.join_failed", error=str(response), retry_in=_JOIN_RETRY_DELAYS[retries])
        else:
            log.error("matrix.join_given_up", error=str(response), tries=retries + 1,
                      hint="invite the bot again, or restart it, to try once more")
        return False

    def _join_due(self, retries: int) -> float:
        return asyncio.get_running_loop().time() + _JOIN_RETRY_DELAYS[retries]

    async def _retry_joins(self) -> None:
        """Try again the failed joins that are due, while their invite is still pending
        (a withdrawn invite comes in the sync's left rooms, which drops it)."""
        now = asyncio.get_running_loop().time()
        for room_id, pending in list(self._pending_joins.items()):
            if pending.due > now:
                continue
            pending.retries += 1
            log = self._log.bind(room=room_id, member=pending.inviter)
            joined = await self._join(room_id, log, retries=pending.retries)
            if joined or pending.retries >= len(_JOIN_RETRY_DELAYS):
                self._pending_joins.pop(room_id, None)  # joined, or given up
            else:
                pending.due = self._join_due(pending.retries)

    # ------------------------------------------------------------------ direct chats

    async def _on_direct_chat(
        self, room_id: str, events: Sequence[Any], start: int, *, initial: bool
    ) -> None:
        """A direct chat: say once what the bot is for, then answer commands with that
        notice (or the help); nothing is passed on to the core."""
        log = self._log.bind(room=room_id)
        if not self._state.direct_rooms.get(room_id):
            text = self._bilingual("matrix.direct_welcome")
            if await self._say_directly(room_id, text, f"direct.welcome.{room_id}", log):
                self._state.mark_greeted(room_id)
                self._save()
        for event, source in self._to_act_on(room_id, events, initial, start):
            if isinstance(event, MegolmEvent):
                await self._on_undecryptable(room_id, event, log)
                continue
            try:
                inbound = self._translator.translate(source, room_id)
            except Exception as error:  # noqa: BLE001 (bad input is data: log it, go on)
                log.warning("matrix.bad_event", type=source.get("type"), error=repr(error))
                continue
            if (
                inbound is None
                or inbound.action is not Action.TEXT
                or inbound.edits is not None  # the command it edits was answered already
                or inbound.event_id in self._seen
            ):
                continue
            answer = self._direct_answer(inbound.text)
            outbound = Outbound(
                platform=MATRIX,
                room=RoomId(room_id),
                text=answer,
                reply_to=inbound.event_id,
                extra={"msgtype": "m.notice"},
            )
            # the event id is the transaction id: a sync run again never answers twice
            if await self._say_directly(
                room_id, outbound, f"direct.{inbound.event_id}", log, thread_root=inbound.thread
            ):
                self._seen[inbound.event_id] = None
                log.info("matrix.direct_command_answered", event_id=inbound.event_id)

    def _to_act_on(self, room_id: str, events: Sequence[Any], initial: bool,
                   start: int) -> Iterator[tuple[Any, dict[str, Any]]]:
        """The timeline's events, each one's state absorbed; given back, those to act on:
        from `start` on, unless this is the room's first sync, and none too old."""
        for index, event in enumerate(events):
            source = getattr(event, "source", None)
            if not isinstance(source, dict):
                continue
            self._absorb_state(room_id, source)
            if initial or index < start or self._too_old(source):
                continue
            yield event, source

    def _joined_as_direct_chat(self, state: Sequence[Mapping[str, Any]], events: Sequence[Any]) -> bool:
        """The bot joined the room from an invite to a direct chat, and shares it with one
        person at most: so a room joined before direct chats were told apart is one too
        (an assembly that grew from a direct chat keeps being one)."""
        sources = [*state, *(s for s in (getattr(e, "source", None) for e in events) if isinstance(s, dict))]
        members = membership.current_members(sources)
        own = members.get(self.settings.user_id)
        if own is None or (own.get("content") or {}).get("membership") != "join":
            return False
        before = (own.get("unsigned") or {}).get("prev_content") or {}
        if before.get("membership") != "invite" or before.get("is_direct") is not True:
            return False
        others = [
            user for user, source in members.items()
            if user != self.settings.user_id and (source.get("content") or {}).get("membership") == "join"
        ]
        return len(others) <= 1

    def _direct_chat_grows_at(self, room_id: str, events: Sequence[Any]) -> int | None:
        """Where, in this batch, a direct chat comes to be shared with two people or more:
        the index after the join that made it so (0: before the batch); None while the bot
        shares it with one person at most."""
        room = self._client.rooms.get(room_id) if self._client else None
        if room is None:
            return None
        own = self.settings.user_id
        joined = {user for user, member in room.users.items() if not member.invited} - {own}
        if len(joined) < 2:  # the room as it stands after this batch
            return None
        changes = [
            (index, source)
            for index, source in enumerate(getattr(e, "source", None) for e in events)
            if isinstance(source, dict)
            and source.get("type") == "m.room.member"
            and isinstance(source.get("state_key"), str)
            and source.get("state_key") != own
        ]
        for _, source in reversed(changes):  # back to the room as it was before the batch
            before = ((source.get("unsigned") or {}).get("prev_content") or {}).get("membership")
            if before == "join":
                joined.add(source["state_key"])
            else:
                joined.discard(source["state_key"])
        if len(joined) >= 2:
            return 0
        for index, source in changes:
            now = (source.get("content") or {}).get("membership")
            if now == "join":
                joined.add(source["state_key"])
            else:
                joined.discard(source["state_key"])
            if len(joined) >= 2:
                return index + 1
        return 0

    def _direct_answer(self, text: str) -> str:
        """`!aide` / `!help` (with a command's name or not): the help, in French for `!aide`,
        in English for `!help`; any other command: the direct-chat notice."""
        try:
            command = parse(text)
        except DomainError:
            command = None
        if command is None or command.verb != "help":
            return self._bilingual("matrix.direct_chat")
        lang = "en" if command.word.casefold() == "help" else "fr"
        return help_answer(command.text, lang)

    def _bilingual(self, key: str) -> str:
        return "\n\n".join(translate(key, lang, bot=self.settings.user_id) for lang in _BILINGUAL)

    async def _say_directly(
        self,
        room_id: str,
        message: str | Outbound,
        txn: str,
        log: Any,
        *,
        thread_root: str | None = None,
    ) -> bool:
        """Send the adapter's own answer (not through the outbox); False if it could not."""
        client = self._require_client()
        outbound = message if isinstance(message, Outbound) else Outbound(
            platform=MATRIX, room=RoomId(room_id), text=message, extra={"msgtype": "m.notice"}
        )
        contents = render.message_contents(outbound, thread_root=thread_root, lang=_BILINGUAL[0])
        try:
            for index, content in enumerate(contents):
                part = txn if index == 0 else f"{txn}.part{index}"
                await self._room_send(client, room_id, "m.room.message", content, part)
        except Exception as error:  # noqa: BLE001 (a welcome is tried again at the next sync)
            log.warning("matrix.direct_answer_failed", error=repr(error))
            return False
        return True

    async def _reject_invite(self, client: AsyncClient, room_id: str, log: Any) -> None:
        """Leave the room with a reason the inviter sees ("rejected the invite: …").

        The room has no language yet: the reason says it in French, then in English. nio's
        `room_leave` takes no reason, so the request is built here (the spec's `reason`)."""
        reason = " ".join(translate("matrix.invite_refused", lang) for lang in _BILINGUAL)
        path = Api._build_path(["rooms", room_id, "leave"], {"access_token": client.access_token})
        # a network error goes up: the sync is run again, and the invite with it
        response = await client._send(RoomLeaveResponse, "POST", path, Api.to_json({"reason": reason}))
        if isinstance(response, RoomLeaveResponse):
            log.info("matrix.invite_rejected", allowed=self.settings.inviter_globs)
        else:
            log.warning("matrix.invite_reject_failed", error=str(response))

    def _inviter_allowed(self, inviter: str) -> bool:
        if not inviter:
            return False
        return any(fnmatch.fnmatchcase(inviter, glob) for glob in self.settings.inviter_globs)

    async def _on_undecryptable(self, room_id: str, event: MegolmEvent, log: Any) -> None:
        log.warning("matrix.cannot_decrypt", session_id=event.session_id)
        if room_id in self._state.undecryptable_rooms:
            return
        self._state.undecryptable_rooms.append(room_id)
        self._save()
        client = self._require_client()
        content = {
            "msgtype": "m.notice",
            "body": translate("matrix.cannot_decrypt", self.settings.language),
            "m.mentions": {},
        }
        try:
            await self._room_send(client, room_id, "m.room.message", content, None)
        except Exception as error:  # noqa: BLE001 (a courtesy notice never stops the loop)
            log.warning("matrix.notice_failed", error=repr(error))

    # ------------------------------------------------------------------ sending

    async def _send_message(self, delivery: Delivery, lang: str) -> str:
        client = self._require_client()
        outbound = delivery.outbound
        room = str(outbound.room)
        thread_root = delivery.thread_root or outbound.extra.get("thread_root")
        if thread_root is None and outbound.thread_key is None:
            # No thread of its own: answer where the command was typed.
            thread_root = outbound.extra.get("thread")
        text, formatted = None, None
        file_event: dict[str, Any] | None = None
        if outbound.attachment is not None:
            file_event = await self._upload_attachment(client, delivery, thread_root)
            if file_event is None:
                text, formatted = render.inline_attachment(outbound, lang)
        contents = render.message_contents(
            outbound, thread_root=thread_root, lang=lang, text=text, formatted=formatted
        )
        first_id = ""
        for index, content in enumerate(contents):
            txn = delivery.key if index == 0 else f"{delivery.key}.part{index}"
            event_id = await self._room_send(client, room, "m.room.message", content, txn)
            first_id = first_id or event_id
        if file_event is not None:
            await self._room_send(
                client, room, "m.room.message", file_event, f"{delivery.key}.file"
            )
        if outbound.kind is OutboundKind.CONSENT_PROMPT:
            await self._mark_consent_prompt(client, delivery, first_id)
        return first_id

    async def _mark_consent_prompt(
        self, client: AsyncClient, delivery: Delivery, event_id: str
    ) -> None:
        payloads = render.consent_payloads(delivery.outbound.buttons)
        if not payloads:
            return
        self._state.remember_prompt(event_id, payloads)
        self._save()
        hints = [("consent", CONSENT_KEY), ("standaside", STANDASIDE_KEY)]
        for name, key in hints:
            if name not in payloads:
                continue
            content = {
                "m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}
            }
            try:
                await self._room_send(
                    client,
                    str(delivery.outbound.room),
                    "m.reaction",
                    content,
                    f"{delivery.key}.{name}",
                )
            except Exception as error:  # noqa: BLE001 (hints only; the prompt itself is out)
                self._log.info("matrix.hint_reaction_failed", error=repr(error))

    async def _upload_attachment(
        self, client: AsyncClient, delivery: Delivery, thread_root: str | None
    ) -> dict[str, Any] | None:
        outbound = delivery.outbound
        data = (outbound.attachment or "").encode()
        name = outbound.attachment_name or "attachment.txt"
        mimetype = mimetypes.guess_type(name)[0] or "text/plain"
        if name.endswith(".ics"):
            mimetype = "text/calendar"
        room = client.rooms.get(str(outbound.room))
        encrypt = bool(client.olm is not None and room is not None and room.encrypted)
        try:
            response, keys = await client.upload(
                lambda *_: io.BytesIO(data),
                content_type=mimetype,
                filename=name,
                encrypt=encrypt,
                filesize=len(data),
            )
        except Exception as error:  # noqa: BLE001 (no upload: the text carries the file)
            self._log.info("matrix.upload_failed", error=repr(error))
            return None
        if not isinstance(response, UploadResponse):
            self._log.info("matrix.upload_failed", error=str(response))
            return None
        return render.file_content(
            outbound,
            url=response.content_uri,
            size=len(data),
            mimetype=mimetype,
            thread_root=thread_root,
            encryption=keys if encrypt else None,
        )

    async def _send_poll(self, delivery: Delivery, lang: str) -> str:
        client = self._require_client()
        outbound = delivery.outbound
        content, commands = render.poll_start(outbound, thread_root=delivery.thread_root, lang=lang)
        if len(commands) < len(outbound.poll_options):
            self._log.warning("matrix.poll_without_commands", delivery=delivery.key)
        event_id = await self._room_send(
            client, str(outbound.room), render.POLL_START_TYPE, content, delivery.key
        )
        self._state.remember_poll(event_id, str(outbound.room), commands, outbound.extra.get(POLL_SELECT, ""))
        self._save()
        return event_id

    async def _send_poll_end(self, delivery: Delivery, lang: str) -> str:
        client = self._require_client()
        outbound = delivery.outbound
        poll_id = outbound.extra.get("poll_event") or delivery.thread_root
        if not poll_id:
            raise PermanentDeliveryError("poll close without the poll's event id")
        known = self._state.polls.get(poll_id)
        if known is not None and known.closed and not outbound.text:
            return poll_id  # already ended (at its deadline, say): nothing new to tell
        content = render.poll_end(outbound, poll_event_id=poll_id, lang=lang)
        event_id = await self._room_send(
            client, str(outbound.room), render.POLL_END_TYPE, content, delivery.key
        )
        poll = self._state.polls.get(poll_id)
        if poll is not None:
            poll.closed = True
            self._save()
        return event_id

    async def _room_send(
        self,
        client: AsyncClient,
        room_id: str,
        event_type: str,
        content: dict[str, Any],
        txn: str | None,
    ) -> str:
        try:
            response = await client.room_send(
                room_id, event_type, content, tx_id=txn, ignore_unverified_devices=True
            )
        except LocalProtocolError as error:
            # nio knows no such room: either the bot is not (or no longer) in it, or nio
            # has not caught up yet. Only the homeserver can tell which.
            if self._synced_once and not await self._is_joined(client, room_id):
                raise PermanentDeliveryError(f"not in room {room_id}: {error}") from error
            raise TemporaryDeliveryError(f"room {room_id} not synced yet") from error
        if isinstance(response, RoomSendResponse):
            return str(response.event_id)
        self._raise_for(response)

    async def _is_joined(self, client: AsyncClient, room_id: str) -> bool:
        response = await client.joined_rooms()
        if not isinstance(response, JoinedRoomsResponse):
            self._raise_for(response)
        return room_id in response.rooms

    def _raise_for(self, response: Any) -> NoReturn:
        code = getattr(response, "status_code", None)
        transport = getattr(response, "transport_response", None)
        status = getattr(transport, "status", None)
        if code == "M_LIMIT_EXCEEDED" or status == 429:
            retry_ms = getattr(response, "retry_after_ms", None) or 5000
            raise RetryAfter(retry_ms / 1000, str(response))
        if code in ("M_FORBIDDEN", "M_NOT_FOUND", "M_TOO_LARGE", "M_BAD_JSON", "M_NOT_JSON"):
            raise PermanentDeliveryError(str(response))
        if isinstance(status, int) and 400 <= status < 500 and code != "M_UNKNOWN_TOKEN":
            raise PermanentDeliveryError(str(response))
        if status in (502, 503, 504):  # a proxy in front of a homeserver that is down
            raise HomeserverUnreachable(str(response))
        raise TemporaryDeliveryError(str(response))

    # ------------------------------------------------------------------ helpers

    async def _fetch_room_state(self, room_id: str) -> list[dict[str, Any]]:
        """The room's whole current state, read from the homeserver (and absorbed)."""
        client = self._require_client()
        try:
            response = await client.room_get_state(room_id)
        except _NETWORK_ERRORS as error:
            raise TemporaryDeliveryError(repr(error)) from error
        if not isinstance(response, RoomGetStateResponse):
            self._raise_for(response)
        sources = [source for source in response.events if isinstance(source, dict)]
        for source in sources:
            self._absorb_state(room_id, source)
        return sources

    def _require_client(self) -> AsyncClient:
        if self._client is None:
            raise TemporaryDeliveryError("the Matrix adapter is not started")
        return self._client

    def _save(self) -> None:
        self._store.save(self._state)


def _is_transient(response: Any) -> bool:
    """A refusal that says "not now" (rate limit, server error) rather than "never"."""
    if getattr(response, "status_code", None) == "M_LIMIT_EXCEEDED":
        return True
    status = getattr(getattr(response, "transport_response", None), "status", None)
    return not isinstance(status, int) or status == 429 or status >= 500
