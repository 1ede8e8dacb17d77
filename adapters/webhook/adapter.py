"""Generic signed JSON webhook and Mattermost/Slack-style slash commands.

`POST /webhook/<name>`: a signed JSON message (see `signing`), answered with the bot's
replies. `POST /slash/<name>`: a slash-command form, answered in the Mattermost/Slack
format. Messages the bot sends later (deadlines, reminders) leave through `send`: a
signed JSON POST to the integration's outgoing URL, or `{"text", "channel"}` to the
incoming webhook for slash-command channels. Ids: see `identity`.
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qs

import aiohttp
import structlog
from aiohttp import web
from pydantic import ValidationError

from adapters.base import DUPLICATE, Delivery, InboundSink, InlineResult, InlineStatus
from adapters.webhook import identity
from adapters.webhook.bodies import MAX_BODY_BYTES, SlashRequest, WebhookMessage, reply_json
from adapters.webhook.identity import RoomKind
from adapters.webhook.names import MemberNames
from adapters.webhook.settings import IntegrationSettings, WebhookSettings
from adapters.webhook.signing import (
    DELIVERY_HEADER,
    MAX_SKEW,
    SLACK_SIGNATURE_HEADER,
    same_token,
    signed_headers,
    verify,
    verify_slack,
)
from adapters.webhook.slash_text import slash_text
from core.clock import Clock, SystemClock
from core.errors import PermanentDeliveryError, RetryAfter, TemporaryDeliveryError
from core.i18n import translate
from core.messages import ROUND_REDRAWS, Inbound, Outbound, OutboundKind, Platform, UserId

log = structlog.get_logger(__name__)
# what the core sends to close a native poll or redraw a round's message: integrations have neither
NOT_MESSAGES = frozenset({OutboundKind.POLL_CLOSE, *ROUND_REDRAWS})

PLATFORM = Platform("webhook")
_TEMPORARY_STATUSES = {408, 425, 429}
# `@bob` in a slash command: a Mattermost or Slack username (letters, digits, . _ -), not part
# of an address or of an id already written out (`@quartier:carol`, `ana@example.org`)
_USERNAME_MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9_]|[A-Za-z0-9])(?![\w:@])")


class BodyTooLarge(Exception):
    pass


async def _read_limited(request: web.Request, limit: int) -> bytes:
    if request.content_length is not None and request.content_length > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = await request.content.read(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def _too_long(error: ValidationError) -> bool:
    return any(
        item.get("loc") == ("text",) and "longer than" in str(item.get("msg", ""))
        for item in error.errors()
    )


class WebhookAdapter:
    platform: Platform = PLATFORM

    def __init__(self, settings: WebhookSettings, *, clock: Clock | None = None) -> None:
        self.settings = settings
        self._clock = clock or SystemClock()
        self._sink: InboundSink | None = None
        self._session: aiohttp.ClientSession | None = None
        self._recent: OrderedDict[str, float] = OrderedDict()
        self._channel_names: dict[tuple[str, str], str] = {}
        self.names = MemberNames()

    # --- port ------------------------------------------------------------------------

    async def start(self, sink: InboundSink) -> None:
        self._sink = sink

    async def stop(self) -> None:
        self._sink = None
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    def recall_names(self, names: Iterable[tuple[UserId, str]]) -> None:
        """Names kept from earlier runs (see adapters.base.ShowsNames)."""
        for member, name in names:
            if self.names.get(member) is None:
                self.names.remember(member, name)

    def forget_name(self, member: UserId) -> None:
        """See adapters.base.ShowsNames."""
        self.names.forget(member)

    def routes(self) -> list[web.RouteDef]:
        return [
            web.post("/webhook/{name}", self.handle_webhook),
            web.post("/slash/{name}", self.handle_slash),
        ]

    async def send(self, delivery: Delivery) -> str | None:
        outbound = delivery.outbound
        if outbound.kind in NOT_MESSAGES:
            return None  # nothing for an integration to show: it has no poll or buttons to close
        room = identity.parse_room(outbound.room)
        integration = self.settings.integrations.get(room.integration) if room else None
        if room is None or integration is None:
            log.warning("webhook.unknown_room", room=outbound.room)
            raise PermanentDeliveryError(f"no webhook integration for room {outbound.room!r}")
        outbound = self._named(outbound, room.integration)
        if room.kind is RoomKind.SLASH:
            return await self._send_incoming_webhook(integration, room, outbound)
        url = integration.room_urls.get(room.native) or integration.outgoing_url
        if url is None:
            log.warning("webhook.no_outgoing_url", integration=room.integration, room=room.native)
            raise PermanentDeliveryError(f"integration {room.integration!r} has no outgoing URL")
        body = reply_json(outbound, room.integration)
        body["room"] = room.native
        body["delivery"] = delivery.key
        if delivery.thread_root is not None:
            body["thread_root"] = delivery.thread_root
        raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = signed_headers(
            integration.secret.get_secret_value(), raw, self._clock.now().timestamp()
        )
        headers[DELIVERY_HEADER] = delivery.key
        headers["Content-Type"] = "application/json"
        return await self._post(url, raw, headers)

    # --- POST /webhook/<name> ---------------------------------------------------------

    async def handle_webhook(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        integration = self.settings.integrations.get(name)
        if integration is None:
            return _error(404, "unknown integration")
        try:
            body = await _read_limited(request, MAX_BODY_BYTES)
        except BodyTooLarge:
            return _error(413, f"body larger than {MAX_BODY_BYTES} bytes")
        now = self._clock.now().timestamp()
        problem = verify(integration.secret.get_secret_value(), request.headers, body, now)
        if problem is not None:
            log.info("webhook.rejected", integration=name, reason=problem, remote=request.remote)
            return _error(401, "invalid signature")
        try:
            message = WebhookMessage.model_validate_json(body)
        except ValidationError as error:
            if _too_long(error):
                return _error(413, "text too long")
            log.info("webhook.bad_body", integration=name, errors=error.error_count())
            return _error(400, "body must be {room, sender, text, event_id} strings")
        if self._sink is None:
            return _error(503, "not started")
        inbound = Inbound(
            platform=PLATFORM,
            room=identity.json_room(name, message.room),
            sender=identity.json_sender(name, message.sender),
            event_id=identity.json_event(name, message.event_id),
            text=message.text,
            display_name=message.display_name,
        )
        self.names.remember(inbound.sender, inbound.display_name)
        try:
            submitted = await self._submit(inbound)
        except Exception:
            log.exception("webhook.sink_failed", integration=name)
            return _error(500, "internal error")
        if submitted.status is InlineStatus.DUPLICATE:
            return web.json_response({"duplicate": True, "replies": []})
        return web.json_response(
            {
                "duplicate": False,
                "deferred": submitted.status is InlineStatus.DEFERRED,
                "replies": [
                    reply_json(self._named(reply, name), name)
                    for reply in submitted.replies
                    if reply.kind not in NOT_MESSAGES
                ],
            }
        )

    # --- POST /slash/<name> -----------------------------------------------------------

    def _mentions_as_ids(self, line: str, integration: str) -> str:
        """`@bob` typed in a slash command (Mattermost and Slack mention people by username,
        which is the name the bot keeps for them) becomes the member it names, when exactly
        one person of this integration's chat goes by it; anything else stays as typed."""
        if "@" not in line:
            return line

        def member(match: re.Match[str]) -> str:
            found = self.names.holders(identity.slash_sender(integration, ""), match.group(1))
            return f"@{found[0]}" if len(found) == 1 else match.group(0)

        return _USERNAME_MENTION.sub(member, line)

    async def handle_slash(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        integration = self.settings.integrations.get(name)
        if integration is None or (
            integration.slash_token is None and integration.slack_signing_secret is None
        ):
            return _error(404, "unknown integration")
        try:
            body = await _read_limited(request, MAX_BODY_BYTES)
        except BodyTooLarge:
            return _error(413, f"body larger than {MAX_BODY_BYTES} bytes")
        now = self._clock.now().timestamp()
        slack_ok = False
        if (
            integration.slack_signing_secret is not None
            and SLACK_SIGNATURE_HEADER in request.headers
        ):
            problem = verify_slack(
                integration.slack_signing_secret.get_secret_value(), request.headers, body, now
            )
            if problem is not None:
                log.info("webhook.slash_rejected", integration=name, reason=problem)
                return _error(401, "invalid signature")
            slack_ok = True
        try:
            form = SlashRequest.from_form(body)
        except (ValidationError, ValueError) as error:
            if not slack_ok and not self._token_in_form(integration, body):
                return _error(401, "invalid token")
            if isinstance(error, ValidationError) and _too_long(error):
                return _error(413, "text too long")
            return _error(400, "malformed slash command")
        if not slack_ok:
            expected = integration.slash_token
            if expected is None or not same_token(form.token, expected.get_secret_value()):
                log.info("webhook.slash_rejected", integration=name, reason="bad token")
                return _error(401, "invalid token")
        if self._sink is None:
            return _error(503, "not started")
        if form.channel_name:
            self._channel_names[(name, form.channel_id)] = form.channel_name
        line = self._mentions_as_ids(form.command_line(), name)
        inbound = Inbound(
            platform=PLATFORM,
            room=identity.slash_room(name, form.channel_id),
            sender=identity.slash_sender(name, form.user_id),
            event_id=identity.slash_event(
                name, form.trigger_id, form.channel_id, form.user_id, line, now
            ),
            text=line,
            display_name=form.user_name or None,
        )
        self.names.remember(inbound.sender, inbound.display_name)
        lang = integration.language
        try:
            submitted = await self._submit(inbound)
        except Exception:
            log.exception("webhook.sink_failed", integration=name)
            return self._ephemeral(translate("webhook.slash.error", lang))
        if submitted.status is InlineStatus.DUPLICATE:
            return self._ephemeral(translate("webhook.slash.duplicate", lang))
        if submitted.status is InlineStatus.DEFERRED:
            return self._ephemeral(translate("webhook.slash.deferred", lang))
        if not submitted.replies:
            return self._ephemeral(translate("webhook.slash.received", lang))
        command = form.command or integration.slash_command
        text = "\n\n".join(
            slash_text(self._named(reply, name), command, lang) for reply in submitted.replies
        )
        return web.json_response({"response_type": "in_channel", "text": text})

    @staticmethod
    def _token_in_form(integration: IntegrationSettings, body: bytes) -> bool:
        """Whether a form we could not fully read still carries the right token (so that
        a stranger gets 401, not details about what is malformed)."""
        if integration.slash_token is None:
            return False
        try:
            tokens = parse_qs(body.decode("utf-8", "replace"), max_num_fields=64).get("token", [])
        except ValueError:
            return False
        expected = integration.slash_token.get_secret_value()
        return len(tokens) == 1 and same_token(tokens[0], expected)

    @staticmethod
    def _ephemeral(text: str) -> web.Response:
        return web.json_response({"response_type": "ephemeral", "text": text})

    # --- shared -----------------------------------------------------------------------

    def _named(self, outbound: Outbound, integration: str) -> Outbound:
        """The message with members shown by the names they go by (see `names`)."""
        text = self.names.shown(outbound.text, integration)
        html = outbound.html and self.names.shown(outbound.html, integration, markup=True)
        if text == outbound.text and html == outbound.html:
            return outbound
        return dataclasses.replace(outbound, text=text, html=html)

    async def _submit(self, inbound: Inbound) -> InlineResult:
        """Hand the event to the sink and wait for its replies.

        Ids seen by this process in the replay window are known duplicates without asking.
        """
        assert self._sink is not None
        now = time.monotonic()
        while self._recent:
            key, seen = next(iter(self._recent.items()))
            if now - seen <= 2 * MAX_SKEW:
                break
            del self._recent[key]
        if inbound.event_id in self._recent:
            return DUPLICATE
        self._recent[inbound.event_id] = now
        try:
            return await self._sink.accept_and_wait(inbound, timeout=self.settings.reply_timeout)
        except Exception:
            self._recent.pop(inbound.event_id, None)
            raise

    async def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.settings.request_timeout)
            )
        return self._session

    async def _send_incoming_webhook(
        self, integration: IntegrationSettings, room: identity.WebhookRoom, outbound: Outbound
    ) -> str | None:
        url = integration.incoming_webhook_url
        if url is None:
            log.warning("webhook.no_incoming_webhook", integration=room.integration)
            raise PermanentDeliveryError(
                f"integration {room.integration!r} has no incoming_webhook_url"
            )
        body: dict[str, Any] = {
            "text": slash_text(outbound, integration.slash_command, integration.language)
        }
        channel = integration.channel_names.get(room.native) or self._channel_names.get(
            (room.integration, room.native)
        )
        if channel:
            body["channel"] = channel
        raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
        return await self._post(url, raw, {"Content-Type": "application/json"})

    async def _post(self, url: str, raw: bytes, headers: dict[str, str]) -> str | None:
        session = await self._client()
        try:
            async with session.post(url, data=raw, headers=headers) as response:
                status = response.status
                retry_after = response.headers.get("Retry-After")
                answer = await response.read()
        except (aiohttp.ClientError, TimeoutError) as error:
            raise TemporaryDeliveryError(f"webhook receiver unreachable: {error!r}") from error
        if status == 429:
            try:
                delay = max(0.0, float(retry_after)) if retry_after else 30.0
            except ValueError:
                delay = 30.0
            raise RetryAfter(delay, "webhook receiver rate limit")
        if status >= 500 or status in _TEMPORARY_STATUSES:
            raise TemporaryDeliveryError(f"webhook receiver answered {status}")
        if status >= 400:
            raise PermanentDeliveryError(f"webhook receiver refused with {status}")
        try:
            decoded = json.loads(answer) if answer else None
        except ValueError:
            return None
        message_id = decoded.get("id") if isinstance(decoded, dict) else None
        return str(message_id) if isinstance(message_id, str | int) else None
