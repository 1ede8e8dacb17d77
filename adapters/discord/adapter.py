"""Discord through the interactions endpoint: signed HTTP in, REST out (no gateway).

Inbound: slash commands become text command lines, buttons become BUTTON actions,
buttons that need a reason open a modal whose answer becomes a text command. The core
answers within `reply_timeout` → the answer goes in the HTTP response; later → the
interaction is deferred and the outbox delivers through `send`, which edits the
deferred answer while the interaction token is valid, else posts in the channel.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import OrderedDict
from collections.abc import Awaitable, Coroutine
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Any

import structlog
from aiohttp import web

from adapters.base import Delivery, InboundSink
from adapters.discord.commands import UnknownCommand, command_line
from adapters.discord.render import EPHEMERAL, REASON_PREFIX, MessagePart, message_parts, nonce
from adapters.discord.rest import DiscordHTTPError, DiscordRest
from adapters.discord.settings import DiscordSettings
from adapters.discord.signature import MAX_SKEW, InteractionVerifier
from adapters.discord.tokens import InteractionTokens, PendingInteraction
from core.clock import Clock, SystemClock
from core.errors import PermanentDeliveryError, TransportError
from core.i18n import translate
from core.messages import Action, Inbound, Outbound, OutboundKind, Platform, RoomId, UserId

log = structlog.get_logger(__name__)

PLATFORM = Platform("discord")
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
REASON_INPUT_ID = "reason"
REASON_MAX = 1000


class InteractionType(IntEnum):
    PING = 1
    APPLICATION_COMMAND = 2
    MESSAGE_COMPONENT = 3
    AUTOCOMPLETE = 4
    MODAL_SUBMIT = 5


class Callback(IntEnum):
    PONG = 1
    CHANNEL_MESSAGE = 4
    DEFERRED_CHANNEL_MESSAGE = 5
    DEFERRED_UPDATE_MESSAGE = 6
    UPDATE_MESSAGE = 7
    AUTOCOMPLETE_RESULT = 8
    MODAL = 9


class Outcome(StrEnum):
    REPLIES = "replies"
    DUPLICATE = "duplicate"
    DEFERRED = "deferred"


@dataclass(frozen=True, slots=True)
class Submitted:
    outcome: Outcome
    replies: tuple[Outbound, ...] = ()


class BadInteraction(Exception):
    """The signed body is not an interaction we can read."""


@dataclass(frozen=True, slots=True)
class Context:
    """What every interaction we handle carries."""

    interaction_id: str
    token: str
    room: RoomId
    sender: UserId
    display_name: str | None
    is_admin: bool
    lang: str
    from_message: bool

    @property
    def event_id(self) -> str:
        return f"interaction:{self.interaction_id}"


def _language(interaction: dict[str, Any]) -> str:
    for field in ("locale", "guild_locale"):
        value = interaction.get(field)
        if isinstance(value, str):
            if value.startswith("fr"):
                return "fr"
            if value.startswith("en"):
                return "en"
    return "fr"


def _snowflake(value: Any) -> str | None:
    return value if isinstance(value, str) and value.isdigit() and len(value) <= 25 else None


def _is_admin(member: dict[str, Any]) -> bool:
    raw = member.get("permissions")
    if not isinstance(raw, str) or not raw.isdigit():
        return False
    return bool(int(raw) & (ADMINISTRATOR | MANAGE_GUILD))


def read_context(interaction: dict[str, Any]) -> Context:
    interaction_id = _snowflake(interaction.get("id"))
    token = interaction.get("token")
    room = _snowflake(interaction.get("channel_id"))
    if room is None:
        channel = interaction.get("channel")
        room = _snowflake(channel.get("id")) if isinstance(channel, dict) else None
    member = interaction.get("member")
    member = member if isinstance(member, dict) else None
    user = member.get("user") if member is not None else interaction.get("user")
    user = user if isinstance(user, dict) else {}
    user_id = _snowflake(user.get("id"))
    if interaction_id is None or room is None or user_id is None:
        raise BadInteraction("missing id, channel or user")
    if not isinstance(token, str) or not token or len(token) > 500:
        raise BadInteraction("missing token")
    display = None
    for source, field in ((member, "nick"), (user, "global_name"), (user, "username")):
        value = source.get(field) if source is not None else None
        if isinstance(value, str) and value:
            display = value[:100]
            break
    return Context(
        interaction_id=interaction_id,
        token=token,
        room=RoomId(room),
        sender=UserId(f"discord:{user_id}"),
        display_name=display,
        is_admin=_is_admin(member) if member is not None else False,
        lang=_language(interaction),
        from_message=isinstance(interaction.get("message"), dict),
    )


def _reason_from_modal(data: dict[str, Any]) -> str:
    for row in data.get("components") or ():
        if not isinstance(row, dict):
            continue
        for component in row.get("components") or ():
            if (
                isinstance(component, dict)
                and component.get("custom_id") == REASON_INPUT_ID
                and isinstance(component.get("value"), str)
            ):
                return str(component["value"]).strip()[:REASON_MAX]
    return ""


def _is_tally(outbound: Outbound) -> bool:
    return bool(outbound.buttons) or outbound.kind is OutboundKind.CONSENT_PROMPT


async def _read_limited(request: web.Request, limit: int) -> bytes | None:
    if request.content_length is not None and request.content_length > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = await request.content.read(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)


class DiscordAdapter:
    platform: Platform = PLATFORM

    def __init__(
        self,
        settings: DiscordSettings,
        *,
        clock: Clock | None = None,
        rest: DiscordRest | None = None,
    ) -> None:
        self.settings = settings
        self._clock = clock or SystemClock()
        self._verifier = InteractionVerifier(settings.public_key)
        self._rest = rest or DiscordRest(
            settings.api_base, settings.bot_token.get_secret_value(), settings.request_timeout
        )
        self._sink: InboundSink | None = None
        self.tokens = InteractionTokens(settings.followup_window)
        self._recent: OrderedDict[str, float] = OrderedDict()
        self._background: set[asyncio.Task[Any]] = set()

    # --- port ------------------------------------------------------------------------

    async def start(self, sink: InboundSink) -> None:
        self._sink = sink

    async def stop(self) -> None:
        self._sink = None
        tasks = list(self._background)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self._rest.close()

    def routes(self) -> list[web.RouteDef]:
        return [web.post(self.settings.interactions_path, self.handle_interaction)]

    async def send(self, delivery: Delivery) -> str | None:
        outbound = delivery.outbound
        pending = self.tokens.for_outbound(outbound, time.monotonic())
        parts = message_parts(outbound)
        if pending is not None:
            sent_id, remaining = await self._send_via_interaction(pending, outbound, parts)
            if not remaining:
                return sent_id
            parts = remaining
        return await self._send_to_channel(outbound, delivery, parts)

    async def drain(self) -> None:
        """Wait for the follow-ups still being sent (tests, graceful shutdown)."""
        while self._background:
            await asyncio.gather(*list(self._background), return_exceptions=True)

    # --- HTTP entry point ------------------------------------------------------------

    async def handle_interaction(self, request: web.Request) -> web.StreamResponse:
        body = await _read_limited(request, self.settings.max_body_bytes)
        if body is None:
            return web.json_response({"error": "body too large"}, status=413)
        problem = self._verifier.verify(request.headers, body, self._clock.now().timestamp())
        if problem is not None:
            log.info("discord.rejected", reason=problem, remote=request.remote)
            return web.json_response({"error": "invalid request signature"}, status=401)
        try:
            interaction = json.loads(body)
        except ValueError:
            return web.json_response({"error": "malformed JSON"}, status=400)
        if not isinstance(interaction, dict):
            return web.json_response({"error": "not an interaction"}, status=400)
        kind = interaction.get("type")
        if kind == InteractionType.PING:
            return web.json_response({"type": Callback.PONG})
        if kind == InteractionType.AUTOCOMPLETE:
            return web.json_response(
                {"type": Callback.AUTOCOMPLETE_RESULT, "data": {"choices": []}}
            )
        if self._sink is None:
            return web.json_response({"error": "not started"}, status=503)
        try:
            context = read_context(interaction)
        except BadInteraction as error:
            log.warning("discord.bad_interaction", reason=str(error))
            return web.json_response({"error": "unreadable interaction"}, status=400)
        data = interaction.get("data")
        data = data if isinstance(data, dict) else {}
        try:
            if kind == InteractionType.APPLICATION_COMMAND:
                return await self._on_command(request, context, data)
            if kind == InteractionType.MESSAGE_COMPONENT:
                return await self._on_component(request, context, data)
            if kind == InteractionType.MODAL_SUBMIT:
                return await self._on_modal(request, context, data)
        except Exception:
            log.exception("discord.interaction_failed", interaction=context.interaction_id)
            return self._notice(context, "discord.internal_error")
        return web.json_response({"error": "unsupported interaction type"}, status=400)

    # --- one handler per interaction type -------------------------------------------

    async def _on_command(
        self, request: web.Request, context: Context, data: dict[str, Any]
    ) -> web.StreamResponse:
        try:
            line = command_line(data)
        except UnknownCommand as error:
            log.info("discord.unknown_command", name=str(error)[:40])
            return self._notice(context, "discord.unknown_command")
        inbound = self._inbound(context, text=line)
        return await self._answer(request, context, inbound, update_message=False)

    async def _on_component(
        self, request: web.Request, context: Context, data: dict[str, Any]
    ) -> web.StreamResponse:
        payload = data.get("custom_id")
        if not isinstance(payload, str) or not payload.strip() or len(payload) > 100:
            return web.json_response({"error": "missing custom_id"}, status=400)
        if payload.startswith(REASON_PREFIX):
            command = payload[len(REASON_PREFIX) :].strip()
            if not command or "\n" in command:
                return web.json_response({"error": "bad custom_id"}, status=400)
            return web.json_response(self._reason_modal(context, command))
        inbound = self._inbound(context, action=Action.BUTTON, payload=payload.strip())
        return await self._answer(request, context, inbound, update_message=True)

    async def _on_modal(
        self, request: web.Request, context: Context, data: dict[str, Any]
    ) -> web.StreamResponse:
        command = data.get("custom_id")
        if not isinstance(command, str) or not command.strip() or "\n" in command:
            return web.json_response({"error": "missing custom_id"}, status=400)
        reason = _reason_from_modal(data)
        if not reason:
            return self._notice(context, "discord.reason_required")
        line = f"!{command.strip().lstrip('!')} {reason}"
        inbound = self._inbound(context, text=line)
        return await self._answer(request, context, inbound, update_message=context.from_message)

    def _reason_modal(self, context: Context, command: str) -> dict[str, Any]:
        title = translate("discord.modal.title", context.lang, command=command)
        return {
            "type": Callback.MODAL,
            "data": {
                "custom_id": command,
                "title": title[:45],
                "components": [
                    {
                        "type": 1,
                        "components": [
                            {
                                "type": 4,
                                "custom_id": REASON_INPUT_ID,
                                "style": 2,
                                "label": translate("discord.modal.label", context.lang)[:45],
                                "placeholder": translate("discord.modal.placeholder", context.lang)[
                                    :100
                                ],
                                "min_length": 1,
                                "max_length": REASON_MAX,
                                "required": True,
                            }
                        ],
                    }
                ],
            },
        }

    # --- the common answer path -----------------------------------------------------

    def _inbound(
        self, context: Context, *, text: str = "", action: Action = Action.TEXT, payload: str = ""
    ) -> Inbound:
        return Inbound(
            platform=PLATFORM,
            room=context.room,
            sender=context.sender,
            event_id=context.event_id,
            text=text,
            action=action,
            payload=payload,
            display_name=context.display_name,
            is_admin=context.is_admin,
        )

    async def _answer(
        self, request: web.Request, context: Context, inbound: Inbound, *, update_message: bool
    ) -> web.StreamResponse:
        pending = PendingInteraction(
            event_id=context.event_id,
            room=context.room,
            token=context.token,
            created=time.monotonic(),
            from_component=update_message,
            original_pending=not update_message,
        )
        submitted = await self._submit(inbound, pending)
        if submitted.outcome is Outcome.DUPLICATE:
            log.info("discord.duplicate", interaction=context.interaction_id)
            if update_message:
                return web.json_response({"type": Callback.DEFERRED_UPDATE_MESSAGE})
            return self._notice(context, "discord.already_received")
        if submitted.outcome is Outcome.DEFERRED:
            self.tokens.remember(pending)
            deferred = (
                Callback.DEFERRED_UPDATE_MESSAGE
                if update_message
                else Callback.DEFERRED_CHANNEL_MESSAGE
            )
            return web.json_response({"type": deferred})
        replies = list(submitted.replies)
        if update_message:
            return await self._answer_update(request, pending, replies)
        return await self._answer_message(request, context, pending, replies)

    async def _answer_message(
        self,
        request: web.Request,
        context: Context,
        pending: PendingInteraction,
        replies: list[Outbound],
    ) -> web.StreamResponse:
        if not replies:
            return self._notice(context, "discord.received")
        first = replies[0]
        if first.attachment is not None:
            # Files cannot ride in a JSON answer: defer, then fill "@original" with them.
            self.tokens.remember(pending)
            return await self._respond_then(
                request,
                {"type": Callback.DEFERRED_CHANNEL_MESSAGE},
                self._deliver_replies(pending, replies),
            )
        parts = message_parts(first)
        pending.original_pending = False
        self.tokens.remember(pending)
        later = parts[1:]
        return await self._respond_then(
            request,
            {"type": Callback.CHANNEL_MESSAGE, "data": parts[0].payload},
            self._post_followups(pending, later, replies[1:]) if later or replies[1:] else None,
        )

    async def _answer_update(
        self, request: web.Request, pending: PendingInteraction, replies: list[Outbound]
    ) -> web.StreamResponse:
        tally_index = next((i for i, reply in enumerate(replies) if _is_tally(reply)), None)
        self.tokens.remember(pending)
        if tally_index is None:
            return await self._respond_then(
                request,
                {"type": Callback.DEFERRED_UPDATE_MESSAGE},
                self._post_followups(pending, [], replies) if replies else None,
            )
        tally = replies[tally_index]
        others = replies[:tally_index] + replies[tally_index + 1 :]
        parts = message_parts(tally)
        update = dict(parts[0].payload)
        if "components" in parts[-1].payload:
            update["components"] = parts[-1].payload["components"]
        later = [
            MessagePart({k: v for k, v in part.payload.items() if k != "components"})
            for part in parts[1:]
        ]
        return await self._respond_then(
            request,
            {"type": Callback.UPDATE_MESSAGE, "data": update},
            self._post_followups(pending, later, others) if later or others else None,
        )

    async def _respond_then(
        self,
        request: web.Request,
        body: dict[str, Any],
        after: Coroutine[Any, Any, None] | None,
    ) -> web.StreamResponse:
        response = web.json_response(body)
        if after is None:
            return response
        await response.prepare(request)
        await response.write_eof()
        self._spawn(after)
        return response

    def _notice(self, context: Context, key: str) -> web.Response:
        return web.json_response(
            {
                "type": Callback.CHANNEL_MESSAGE,
                "data": {
                    "content": translate(key, context.lang),
                    "flags": EPHEMERAL,
                    "allowed_mentions": {"parse": []},
                },
            }
        )

    async def _submit(self, inbound: Inbound, pending: PendingInteraction) -> Submitted:
        """Hand the event to the sink, waiting at most `reply_timeout` (+ a margin).

        The sink answers None both for a duplicate and for a slow event: a None that
        comes back well before the timeout can only be a duplicate. Ids seen in this
        process during the replay window are known duplicates without asking.
        """
        assert self._sink is not None
        now = time.monotonic()
        self._forget_old(now)
        if inbound.event_id in self._recent:
            return Submitted(Outcome.DUPLICATE)
        self._recent[inbound.event_id] = now
        timeout = self.settings.reply_timeout
        loop = asyncio.get_running_loop()
        started = loop.time()
        task = asyncio.ensure_future(self._sink.accept_and_wait(inbound, timeout=timeout))
        done, _ = await asyncio.wait({task}, timeout=timeout + 0.5)
        if not done:
            self._background.add(task)
            task.add_done_callback(lambda finished: self._late_result(finished, pending))
            return Submitted(Outcome.DEFERRED)
        replies = task.result()
        if replies is None:
            elapsed = loop.time() - started
            return Submitted(Outcome.DUPLICATE if elapsed < 0.9 * timeout else Outcome.DEFERRED)
        return Submitted(Outcome.REPLIES, tuple(replies))

    def _late_result(self, task: asyncio.Task[Any], pending: PendingInteraction) -> None:
        self._background.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            log.error("discord.sink_failed", error=repr(error))
            return
        replies = task.result()
        if replies:
            # The sink handed the replies to us after we answered "deferred".
            self._spawn(self._deliver_replies(pending, list(replies)))

    def _forget_old(self, now: float) -> None:
        horizon = 2 * MAX_SKEW
        while self._recent:
            key, seen = next(iter(self._recent.items()))
            if now - seen <= horizon:
                break
            del self._recent[key]

    def _spawn(self, coroutine: Awaitable[None]) -> None:
        task: asyncio.Task[None] = asyncio.ensure_future(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # --- delivery -------------------------------------------------------------------

    async def _deliver_replies(self, pending: PendingInteraction, replies: list[Outbound]) -> None:
        for reply in replies:
            try:
                parts = message_parts(reply)
                _, remaining = await self._send_via_interaction(pending, reply, parts)
                if remaining:
                    await self._send_to_channel(reply, None, remaining)
            except TransportError as error:  # the HTTP answer is gone; log and go on
                log.warning("discord.reply_failed", error=repr(error), room=reply.room)

    async def _post_followups(
        self, pending: PendingInteraction, parts: list[MessagePart], replies: list[Outbound]
    ) -> None:
        try:
            for part in parts:
                await self._webhook_call(pending, "POST", part, original=False)
        except TransportError as error:
            log.warning("discord.followup_failed", error=repr(error))
        await self._deliver_replies(pending, replies)

    async def _webhook_call(
        self, pending: PendingInteraction, method: str, part: MessagePart, *, original: bool
    ) -> str | None:
        app = self.settings.application_id
        if original:
            path = f"/webhooks/{app}/{pending.token}/messages/@original"
            params = None
        else:
            path = f"/webhooks/{app}/{pending.token}"
            params = {"wait": "true"}
        answer = await self._rest.request(
            method, path, part.payload, attachment=part.attachment, bot_auth=False, params=params
        )
        message_id = answer.get("id") if isinstance(answer, dict) else None
        return message_id if isinstance(message_id, str) else None

    async def _send_via_interaction(
        self, pending: PendingInteraction, outbound: Outbound, parts: list[MessagePart]
    ) -> tuple[str | None, list[MessagePart]]:
        """Send through the interaction webhook; returns the first id and the parts left
        over when the token no longer works (to be posted in the channel)."""
        first_id: str | None = None
        for index, part in enumerate(parts):
            edit_original = index == 0 and (
                pending.original_pending or (pending.from_component and _is_tally(outbound))
            )
            try:
                if edit_original:
                    sent = await self._webhook_call(pending, "PATCH", part, original=True)
                    pending.original_pending = False
                else:
                    sent = await self._webhook_call(pending, "POST", part, original=False)
            except DiscordHTTPError as error:
                if error.status in (401, 404):
                    log.info("discord.token_expired", interaction=pending.event_id)
                    self.tokens.forget(pending)
                    return first_id, parts[index:]
                raise
            if first_id is None:
                first_id = sent
        return first_id, []

    async def _send_to_channel(
        self, outbound: Outbound, delivery: Delivery | None, parts: list[MessagePart]
    ) -> str | None:
        channel = outbound.room
        if not channel.isdigit():
            raise PermanentDeliveryError(f"not a Discord channel id: {channel!r}")
        reference = None
        if delivery is not None and delivery.thread_root and delivery.thread_root.isdigit():
            reference = delivery.thread_root
        elif outbound.reply_to and outbound.reply_to.isdigit():
            reference = outbound.reply_to
        first_id: str | None = None
        for index, part in enumerate(parts):
            payload = dict(part.payload)
            if delivery is not None:
                payload["nonce"] = nonce(delivery.key, index)
                payload["enforce_nonce"] = True
            if index == 0 and reference is not None:
                payload["message_reference"] = {
                    "message_id": reference,
                    "fail_if_not_exists": False,
                }
            answer = await self._rest.request(
                "POST", f"/channels/{channel}/messages", payload, attachment=part.attachment
            )
            if first_id is None and isinstance(answer, dict) and isinstance(answer.get("id"), str):
                first_id = answer["id"]
        return first_id
