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
from collections.abc import Awaitable, Coroutine, Iterable
from typing import Any, Protocol

import structlog
from aiohttp import web

from adapters.base import (
    DEFERRED,
    DUPLICATE,
    Delivery,
    InboundSink,
    InlineResult,
    InlineStatus,
    SuggestsNumbers,
)
from adapters.discord.commands import UnknownCommand, command_line, number_being_typed
from adapters.discord.interaction import (
    BadInteraction,
    Callback,
    Context,
    InteractionType,
    read_context,
    reason_from_modal,
    reason_modal,
    reason_required,
)
from adapters.discord.outgoing import DiscordSender, is_round_call, is_tally
from adapters.discord.render import (
    EPHEMERAL,
    MessagePart,
    message_parts,
    reason_request,
    with_tally,
)
from adapters.discord.rest import DiscordRest
from adapters.discord.settings import DiscordSettings
from adapters.discord.signature import MAX_SKEW, InteractionVerifier
from adapters.discord.tokens import InteractionTokens, PendingInteraction
from core.clock import Clock, SystemClock
from core.errors import TransportError
from core.i18n import translate
from core.messages import (
    ROUND_REDRAWS,
    ROUND_VERSION_EXTRA,
    Action,
    Inbound,
    Outbound,
    OutboundKind,
    Platform,
)

log = structlog.get_logger(__name__)


class PressOutcome(Protocol):
    """What a sink that can tell says a press did to its round (app.pipeline.PressOutcome)."""

    refused: bool
    tally: str | None
    closed: bool

PLATFORM = Platform("discord")
SHUTDOWN_GRACE = 5.0
PRESS_OUTCOME_TIMEOUT = 0.4  # seconds to read a round's tally after a press
SUGGEST_TIMEOUT = 2.2  # seconds to read what to propose as a number is typed (Discord waits 3)
MAX_CHOICES = 25  # Discord's limits on an autocomplete answer
CHOICE_NAME_MAX = 100
HELP_COMMAND = "help"  # the one command that also answers in a direct message
_ANSWERED_TYPES = (
    InteractionType.APPLICATION_COMMAND,
    InteractionType.MESSAGE_COMPONENT,
    InteractionType.MODAL_SUBMIT,
)


def tally_update(message: dict[str, Any], outcome: PressOutcome) -> dict[str, Any]:
    """The pressed round message, redrawn with its tally line (its buttons gone once closed)."""
    assert outcome.tally is not None
    content = message.get("content")
    rows = message.get("components")
    return {
        "content": with_tally(content if isinstance(content, str) else "", outcome.tally),
        "components": [] if outcome.closed or not isinstance(rows, list) else rows,
        "allowed_mentions": {"parse": []},
    }


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
    edits_round_messages = True  # a round's call shows its tally, its buttons go once it is over (redraw_round)

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
        rest = rest or DiscordRest(
            settings.api_base, settings.bot_token.get_secret_value(), settings.request_timeout
        )
        self.tokens = InteractionTokens(settings.followup_window)
        self.sender = DiscordSender(rest, settings.application_id, self.tokens)
        self.sender.on_round_call = self._remember_round_call
        self._sink: InboundSink | None = None
        self._recent: OrderedDict[str, float] = OrderedDict()
        self._background: set[asyncio.Task[Any]] = set()

    # --- port ------------------------------------------------------------------------

    async def start(self, sink: InboundSink) -> None:
        self._sink = sink

    async def stop(self) -> None:
        """Stop taking interactions; give pending work a few seconds, then cancel it."""
        self._sink = None
        tasks = list(self._background)
        if tasks:
            _, late = await asyncio.wait(tasks, timeout=SHUTDOWN_GRACE)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        await self.sender.rest.close()

    def routes(self) -> list[web.RouteDef]:
        return [web.post(self.settings.interactions_path, self.handle_interaction)]

    async def send(self, delivery: Delivery) -> str | None:
        if delivery.outbound.kind in ROUND_REDRAWS:
            await self.sender.redraw_round(delivery.outbound)
            return None
        if delivery.outbound.kind is OutboundKind.POLL_CLOSE:
            return None  # a vote here is buttons, not a native poll: see _messages
        pending = self.tokens.for_outbound(delivery.outbound, time.monotonic())
        if pending is not None and await self._redraw_deferred_press(pending, delivery.outbound):
            return None  # the presser's confirmation went to them alone
        return await self.sender.send(delivery)

    async def _redraw_deferred_press(self, pending: PendingInteraction, own: Outbound) -> bool:
        """A press answered "deferred" is now handled: its message shows the tally, as for
        a prompt press, and the answer meant for the presser is for them alone. False for
        any other answer, or when the round cannot be read back: it goes out as usual."""
        press, message = pending.press, pending.message
        if press is None or own.reply_to != pending.event_id:
            return False
        pending.press = pending.message = None  # once: the next replies are ordinary ones
        outcome = await self._press_outcome(press)
        if outcome is None or message is None or (not outcome.refused and not outcome.tally):
            return False
        if not outcome.refused:
            try:
                await self.sender.edit_original(pending, tally_update(message, outcome))
            except TransportError as error:  # the confirmation still goes out
                log.warning("discord.redraw_failed", error=repr(error), event=press.event_id)
        await self.sender.post_ephemeral(pending, [], [own])
        return True

    async def _remember_round_call(self, outbound: Outbound, message_id: str) -> None:
        """Tell the sink which message carries a round's buttons, when it keeps that."""
        remember = getattr(self._sink, "remember_round_message", None)
        if remember is not None:
            await remember(outbound.platform, outbound.room, outbound.thread_key,
                           outbound.extra.get(ROUND_VERSION_EXTRA), message_id)

    async def _learn_original(self, pending: PendingInteraction, call: Outbound) -> None:
        """The round's call went out as the interaction's answer, whose id the answer does
        not give: read it back while the token works."""
        try:
            answer = await self.sender.rest.request(
                "GET", f"/webhooks/{self.settings.application_id}/{pending.token}/messages/@original",
                bot_auth=False,
            )
        except TransportError as error:
            log.info("discord.original_unknown", error=repr(error))
            return
        message_id = answer.get("id") if isinstance(answer, dict) else None
        if isinstance(message_id, str):
            await self.sender.remember_round_call(call, message_id)

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
        except (ValueError, RecursionError):
            return web.json_response({"error": "malformed JSON"}, status=400)
        if not isinstance(interaction, dict):
            return web.json_response({"error": "not an interaction"}, status=400)
        kind = interaction.get("type")
        if kind == InteractionType.PING:
            return web.json_response({"type": Callback.PONG})
        if kind == InteractionType.AUTOCOMPLETE:
            choices = await self._choices(interaction)
            return web.json_response(
                {"type": Callback.AUTOCOMPLETE_RESULT, "data": {"choices": choices}}
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
        message = interaction.get("message")
        message = message if isinstance(message, dict) else None
        if (
            not context.in_guild
            and kind in _ANSWERED_TYPES
            and not (kind == InteractionType.APPLICATION_COMMAND and data.get("name") == HELP_COMMAND)
        ):
            # No assembly meets in a direct message: one person alone would found one there.
            log.info("discord.direct_message", interaction=context.interaction_id)
            return self._notice(context, "discord.direct_message")
        try:
            if kind == InteractionType.APPLICATION_COMMAND:
                return await self._on_command(request, context, data)
            if kind == InteractionType.MESSAGE_COMPONENT:
                return await self._on_component(request, context, data, message)
            if kind == InteractionType.MODAL_SUBMIT:
                return await self._on_modal(request, context, data, message)
        except Exception:
            log.exception("discord.interaction_failed", interaction=context.interaction_id)
            return self._notice(context, "discord.internal_error")
        return web.json_response({"error": "unsupported interaction type"}, status=400)

    # --- one handler per interaction type -------------------------------------------

    async def _choices(self, interaction: dict[str, Any]) -> list[dict[str, Any]]:
        """What Discord proposes as a command's number is typed: the proposals, polls or
        meetings of this channel's assembly the command applies to now (the sink reads them),
        narrowed by what is typed. Empty in a direct message, for any other option, and
        whenever the sink cannot tell within SUGGEST_TIMEOUT: Discord then proposes nothing,
        and the number can still be typed."""
        sink = self._sink
        if not isinstance(sink, SuggestsNumbers):
            return []
        try:
            context = read_context(interaction)
        except BadInteraction as error:
            log.info("discord.bad_autocomplete", reason=str(error))
            return []
        data = interaction.get("data")
        typing = number_being_typed(data) if isinstance(data, dict) and context.in_guild else None
        if typing is None:
            return []
        verb, typed = typing
        try:
            found = await asyncio.wait_for(sink.suggest(PLATFORM, context.room, verb, typed), SUGGEST_TIMEOUT)
        except Exception:  # the answer goes out all the same, with nothing to propose
            log.exception("discord.autocomplete_failed", interaction=context.interaction_id)
            return []
        return [
            {"name": suggestion.name[:CHOICE_NAME_MAX], "value": suggestion.number}
            for suggestion in found[:MAX_CHOICES]
        ]

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
        self,
        request: web.Request,
        context: Context,
        data: dict[str, Any],
        message: dict[str, Any] | None,
    ) -> web.StreamResponse:
        payload = data.get("custom_id")
        if not isinstance(payload, str) or not payload.strip() or len(payload) > 100:
            return web.json_response({"error": "missing custom_id"}, status=400)
        reason = reason_request(payload)
        if reason is not None:
            command, lang = reason
            if not command or "\n" in command:
                return web.json_response({"error": "bad custom_id"}, status=400)
            return web.json_response(reason_modal(context, command, lang))
        inbound = self._inbound(context, action=Action.BUTTON, payload=payload.strip())
        return await self._answer(request, context, inbound, update_message=True, message=message)

    async def _on_modal(
        self,
        request: web.Request,
        context: Context,
        data: dict[str, Any],
        message: dict[str, Any] | None,
    ) -> web.StreamResponse:
        command = data.get("custom_id")
        if not isinstance(command, str) or not command.strip() or "\n" in command:
            return web.json_response({"error": "missing custom_id"}, status=400)
        reason = reason_from_modal(data)
        if not reason:
            return self._ephemeral(reason_required(command, context.lang))
        line = f"!{command.strip().lstrip('!')} {reason}"
        inbound = self._inbound(context, text=line)
        return await self._answer(
            request, context, inbound, update_message=context.from_message, message=message
        )

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
            room_name=context.room_name,
        )

    async def _answer(
        self,
        request: web.Request,
        context: Context,
        inbound: Inbound,
        *,
        update_message: bool,
        message: dict[str, Any] | None = None,
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
        if submitted.status is InlineStatus.DUPLICATE:
            log.info("discord.duplicate", interaction=context.interaction_id)
            if context.event_id not in self.tokens:
                # Should the sink's "already seen" hide replies still on their way through
                # the outbox, they can use this token as follow-ups.
                pending.original_pending = False
                self.tokens.remember(pending)
            if update_message:
                return web.json_response({"type": Callback.DEFERRED_UPDATE_MESSAGE})
            return self._notice(context, "discord.already_received")
        if submitted.status is InlineStatus.DEFERRED:
            if update_message and message is not None:
                pending.press, pending.message = inbound, message
            self.tokens.remember(pending)
            deferred = (
                Callback.DEFERRED_UPDATE_MESSAGE
                if update_message
                else Callback.DEFERRED_CHANNEL_MESSAGE
            )
            return web.json_response({"type": deferred})
        replies = _messages(submitted.replies)
        if update_message:
            outcome = await self._press_outcome(inbound)
            if outcome is not None and outcome.refused:
                return await self._answer_privately(request, context, pending, replies)
            if outcome is not None and outcome.tally and message is not None:
                return await self._answer_tally(request, inbound, pending, replies, outcome, message)
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
                self.sender.deliver_replies(pending, replies),
            )
        parts = message_parts(first)
        pending.original_pending = False
        self.tokens.remember(pending)
        later = parts[1:]

        async def after() -> None:
            if is_round_call(first):
                await self._learn_original(pending, first)
            if later or replies[1:]:
                await self.sender.post_followups(pending, later, replies[1:])

        return await self._respond_then(
            request,
            {"type": Callback.CHANNEL_MESSAGE, "data": parts[0].payload},
            after() if later or replies[1:] or is_round_call(first) else None,
        )

    async def _answer_update(
        self, request: web.Request, pending: PendingInteraction, replies: list[Outbound]
    ) -> web.StreamResponse:
        tally_index = next((i for i, reply in enumerate(replies) if is_tally(reply)), None)
        self.tokens.remember(pending)
        if tally_index is None:
            return await self._respond_then(
                request,
                {"type": Callback.DEFERRED_UPDATE_MESSAGE},
                self.sender.post_followups(pending, [], replies) if replies else None,
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
            self.sender.post_followups(pending, later, others) if later or others else None,
        )

    async def _press_outcome(self, inbound: Inbound) -> PressOutcome | None:
        """Ask the sink what the press did to its round, when the sink can tell."""
        ask = getattr(self._sink, "press_outcome", None)
        if ask is None:
            return None
        try:
            # Within Discord's three seconds: a slow read leaves the message as it was.
            outcome = await asyncio.wait_for(ask(inbound), PRESS_OUTCOME_TIMEOUT)
        except Exception:  # the answer still goes out, only without the redrawn tally
            log.exception("discord.press_outcome_failed", event=inbound.event_id)
            return None
        return outcome if hasattr(outcome, "refused") else None

    async def _answer_privately(
        self,
        request: web.Request,
        context: Context,
        pending: PendingInteraction,
        replies: list[Outbound],
    ) -> web.StreamResponse:
        """A refused press changed nothing: only the member who pressed reads why."""
        if not replies:
            return self._notice(context, "discord.press_refused")
        parts = message_parts(replies[0])
        first = dict(parts[0].payload, flags=EPHEMERAL)
        first.pop("components", None)
        self.tokens.remember(pending)
        later = [MessagePart(part.payload) for part in parts[1:]]
        return await self._respond_then(
            request,
            {"type": Callback.CHANNEL_MESSAGE, "data": first},
            self.sender.post_ephemeral(pending, later, replies[1:])
            if later or replies[1:]
            else None,
        )

    async def _answer_tally(
        self,
        request: web.Request,
        inbound: Inbound,
        pending: PendingInteraction,
        replies: list[Outbound],
        outcome: PressOutcome,
        message: dict[str, Any],
    ) -> web.StreamResponse:
        """The round's message shows the tally now (UPDATE_MESSAGE); the confirmation of
        the member's own position is for them alone (ephemeral), what the room must hear
        (an objection to answer, the close) is posted in the channel as before."""
        update = tally_update(message, outcome)
        own = [reply for reply in replies if reply.reply_to == inbound.event_id]
        public = [reply for reply in replies if reply.reply_to != inbound.event_id]
        self.tokens.remember(pending)

        async def after() -> None:
            await self.sender.post_ephemeral(pending, [], own)
            if public:
                await self.sender.post_followups(pending, [], public)

        return await self._respond_then(
            request, {"type": Callback.UPDATE_MESSAGE, "data": update}, after() if replies else None
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
        return self._ephemeral(translate(key, context.lang))

    @staticmethod
    def _ephemeral(text: str) -> web.Response:
        return web.json_response(
            {
                "type": Callback.CHANNEL_MESSAGE,
                "data": {
                    "content": text,
                    "flags": EPHEMERAL,
                    "allowed_mentions": {"parse": []},
                },
            }
        )

    async def _submit(self, inbound: Inbound, pending: PendingInteraction) -> InlineResult:
        """Hand the event to the sink, waiting at most `reply_timeout` (+ a margin).

        Ids seen in this process during the replay window are known duplicates without
        asking. A sink that overruns its timeout gets a deferred answer all the same; its
        replies are delivered as follow-ups when they come.
        """
        assert self._sink is not None
        now = time.monotonic()
        self._forget_old(now)
        if inbound.event_id in self._recent:
            return DUPLICATE
        self._recent[inbound.event_id] = now
        timeout = self.settings.reply_timeout
        task = asyncio.ensure_future(self._sink.accept_and_wait(inbound, timeout=timeout))
        done, _ = await asyncio.wait({task}, timeout=timeout + 0.5)
        if not done:
            self._background.add(task)
            task.add_done_callback(lambda finished: self._late_result(finished, pending))
            return DEFERRED
        try:
            return task.result()
        except Exception:
            self._recent.pop(inbound.event_id, None)
            raise

    def _late_result(self, task: asyncio.Task[InlineResult], pending: PendingInteraction) -> None:
        self._background.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            log.error("discord.sink_failed", error=repr(error))
            return
        result = task.result()
        if result.status is InlineStatus.REPLIES and result.replies:
            # The sink handed the replies to us after we answered "deferred".
            self._spawn(self._deliver_late(pending, _messages(result.replies)))

    async def _deliver_late(self, pending: PendingInteraction, replies: list[Outbound]) -> None:
        rest = []
        for reply in replies:
            if not await self._redraw_deferred_press(pending, reply):
                rest.append(reply)
        if rest:
            await self.sender.deliver_replies(pending, rest)

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


def _messages(replies: Iterable[Outbound]) -> list[Outbound]:
    """The replies to post: a vote on Discord is buttons, not a native poll, so the close of
    a native poll has nothing to post (an empty message, which Discord refuses); the round's
    call is redrawn closed by its ROUND_CLOSE."""
    return [reply for reply in replies if reply.kind is not OutboundKind.POLL_CLOSE]
