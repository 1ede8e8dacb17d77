"""Sending to Discord: through the interaction webhook while its token works, else as
channel messages with the bot token."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

import structlog

from adapters.base import Delivery
from adapters.discord.render import EPHEMERAL, MessagePart, message_parts, nonce, with_tally
from adapters.discord.rest import DiscordHTTPError, DiscordRest
from adapters.discord.tokens import InteractionTokens, PendingInteraction
from core.errors import PermanentDeliveryError, TransportError
from core.messages import (
    ROUND_MESSAGE_EXTRA,
    ROUND_VERSION_EXTRA,
    TALLY_EXTRA,
    Outbound,
    OutboundKind,
)

log = structlog.get_logger(__name__)


def is_tally(outbound: Outbound) -> bool:
    """A message that shows positions with buttons: it replaces the prompt it updates."""
    return bool(outbound.buttons) or outbound.kind is OutboundKind.CONSENT_PROMPT


def is_round_call(outbound: Outbound) -> bool:
    """The call of a round: the message whose buttons go once that version is over."""
    return (
        bool(outbound.buttons)
        and outbound.kind in (OutboundKind.CONSENT_PROMPT, OutboundKind.POLL)
        and bool(outbound.thread_key)
        and ROUND_VERSION_EXTRA in outbound.extra
    )


class DiscordSender:
    def __init__(self, rest: DiscordRest, application_id: str, tokens: InteractionTokens) -> None:
        self.rest = rest
        self._app = application_id
        self.tokens = tokens
        # told the id of a round's call sent as an answer to an interaction (the outbox
        # learns the others from `send`), so that it can be redrawn once the round is over
        self.on_round_call: Callable[[Outbound, str], Awaitable[None]] | None = None

    async def redraw_round(self, outbound: Outbound) -> None:
        """A round's call shows the tally line the core gives: after a ROUND_TALLY with its
        buttons (positions taken by slash commands, not by a press on it, which redraws it
        itself), after a ROUND_CLOSE without them (the round is over or replaced). An edit
        with the bot token: interaction tokens last 15 minutes, rounds days."""
        message_id = outbound.extra.get(ROUND_MESSAGE_EXTRA, "")
        channel = outbound.room
        if not message_id.isdigit() or not channel.isdigit():
            return
        parts = message_parts(outbound)
        closed = outbound.kind is OutboundKind.ROUND_CLOSE
        payload = {
            "content": with_tally(parts[0].payload["content"], outbound.extra.get(TALLY_EXTRA, "")),
            "components": [] if closed else parts[-1].payload.get("components", []),
            "allowed_mentions": {"parse": []},
        }
        try:
            await self.rest.request("PATCH", f"/channels/{channel}/messages/{message_id}", payload)
        except DiscordHTTPError as error:  # deleted, or no longer ours to edit: nothing to redraw
            log.info("discord.round_not_redrawn", error=str(error), room=channel, message=message_id)

    async def remember_round_call(self, outbound: Outbound, message_id: str | None) -> None:
        if message_id and self.on_round_call is not None and is_round_call(outbound):
            try:
                await self.on_round_call(outbound, message_id)
            except Exception:  # at worst its buttons stay after the close
                log.exception("discord.round_call_not_remembered", room=outbound.room)

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

    async def deliver_replies(self, pending: PendingInteraction, replies: list[Outbound]) -> None:
        for reply in replies:
            try:
                parts = message_parts(reply)
                sent, remaining = await self._send_via_interaction(pending, reply, parts)
                if remaining:
                    sent = await self._send_to_channel(reply, None, remaining) or sent
                await self.remember_round_call(reply, sent)
            except TransportError as error:  # the HTTP answer is gone; log and go on
                log.warning("discord.reply_failed", error=repr(error), room=reply.room)

    async def edit_original(self, pending: PendingInteraction, payload: dict[str, Any]) -> None:
        """Redraw the message the interaction answers (for a press: the pressed message)."""
        await self._webhook_call(pending, "PATCH", MessagePart(payload), original=True)

    async def post_followups(
        self, pending: PendingInteraction, parts: list[MessagePart], replies: list[Outbound]
    ) -> None:
        try:
            for part in parts:
                await self._webhook_call(pending, "POST", part, original=False)
        except TransportError as error:
            log.warning("discord.followup_failed", error=repr(error))
        await self.deliver_replies(pending, replies)

    async def post_ephemeral(
        self, pending: PendingInteraction, parts: list[MessagePart], replies: list[Outbound]
    ) -> None:
        """Follow-ups only the member who interacted sees (flags 64); none go to the
        channel when the token no longer works, they were meant for one person."""
        every = list(parts) + [part for reply in replies for part in message_parts(reply)]
        try:
            for part in every:
                payload = dict(part.payload, flags=EPHEMERAL)
                payload.pop("components", None)
                await self._webhook_call(pending, "POST", MessagePart(payload), original=False)
        except TransportError as error:
            log.warning("discord.ephemeral_failed", error=repr(error))

    async def _webhook_call(
        self, pending: PendingInteraction, method: str, part: MessagePart, *, original: bool
    ) -> str | None:
        app = self._app
        if original:
            path = f"/webhooks/{app}/{pending.token}/messages/@original"
            params = None
        else:
            path = f"/webhooks/{app}/{pending.token}"
            params = {"wait": "true"}
        answer = await self.rest.request(
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
                pending.original_pending or (pending.from_component and is_tally(outbound))
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
            answer = await self.rest.request(
                "POST", f"/channels/{channel}/messages", payload, attachment=part.attachment
            )
            if first_id is None and isinstance(answer, dict) and isinstance(answer.get("id"), str):
                first_id = answer["id"]
        return first_id
