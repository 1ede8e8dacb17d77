"""The Telegram adapter: a webhook route for updates, the Bot API for replies.

Inbound: Telegram POSTs each update to `settings.webhook_path`. The handler checks the secret
header first, reads at most `max_body_bytes`, validates the body as an `Update`, hands the
translated `Inbound`s to the sink (which stores and dedupes them) and answers 200 at once;
processing and replies happen later through the outbox. Bad input gets a 4xx, never a 500.

Outbound: `send` renders one `Outbound` with the Bot API (see `sender.py`).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
from collections.abc import Coroutine, Iterable
from typing import Any

import structlog
from aiohttp import ClientPayloadError, web

from adapters.base import Delivery, InboundSink
from adapters.telegram.botapi import BotApi, TelegramError
from adapters.telegram.memory import AdapterMemory
from adapters.telegram.render import chat_id_of
from adapters.telegram.sender import ChatMigrated, TelegramSender
from adapters.telegram.settings import TelegramSettings
from adapters.telegram.setup import set_my_commands, set_webhook
from adapters.telegram.translate import (
    PLATFORM,
    ReasonRequest,
    Translator,
    room_moved,
    telegram_user,
)
from adapters.telegram.wire import Update, parse_update
from core.errors import RetryAfter
from core.i18n import translate
from core.messages import Platform, UserId

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_READ_CHUNK = 64 * 1024
_USERNAME_RETRY_DELAYS = (5.0, 30.0, 120.0, 600.0)
# A press's callback is answered with the core's answer (a refusal goes to the presser alone);
# past this many seconds without one, it is answered without a word so that Telegram stops waiting.
PRESS_ANSWER_WAIT = 8.0


class TelegramAdapter:
    platform: Platform = PLATFORM
    edits_round_messages = True  # a round's buttons go once it is over (see sender.py)

    def __init__(self, settings: TelegramSettings, *, memory: AdapterMemory | None = None) -> None:
        self.settings = settings
        self.bot = BotApi(settings.token.get_secret_value(), api_base=settings.api_base,
                          timeout=settings.request_timeout)
        self.memory = memory or AdapterMemory(polls_file=settings.polls_path)
        self.translator = Translator(settings.bot_id, settings.bot_username, self.memory)
        self.sender = TelegramSender(self.bot, self.memory)
        self._secret = settings.webhook_secret.get_secret_value().encode("ascii")
        self._sink: InboundSink | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._username_task: asyncio.Task[None] | None = None
        self._hurry = asyncio.Event()  # flush: presses still waiting are answered now
        self.press_answer_wait = PRESS_ANSWER_WAIT
        self._log = structlog.get_logger("assemblee.telegram").bind(platform="telegram")

    # --- lifecycle -------------------------------------------------------------------------
    async def start(self, sink: InboundSink) -> None:
        self._sink = sink
        if self.translator.bot_username is None and not await self._learn_username():
            self._username_task = asyncio.create_task(self._learn_username_later())

    async def stop(self) -> None:
        if self._username_task is not None:
            self._username_task.cancel()
            self._username_task = None
        await self.flush()
        await self.bot.close()

    async def flush(self) -> None:
        """Wait for the side requests (button answers, reason prompts) still running, and
        draw the tallies that wait for their next edit."""
        self._hurry.set()
        try:
            while self._tasks:
                await asyncio.gather(*list(self._tasks), return_exceptions=True)
        finally:
            self._hurry.clear()
        await self.sender.tallies.flush()

    async def _learn_username(self) -> bool:
        try:
            me = await self.bot.get_me()
        except TelegramError as error:
            self._log.warning("telegram.get_me_failed", error=str(error))
            return False
        username = me.get("username")
        self.translator.bot_username = username if isinstance(username, str) else None
        self._log.info("telegram.identity", username=username, bot_id=me["id"])
        return True

    async def _learn_username_later(self) -> None:
        for delay in _USERNAME_RETRY_DELAYS:
            await asyncio.sleep(delay)
            if await self._learn_username():
                return
        self._log.error("telegram.username_unknown", hint="set telegram.bot_username")

    def recall_names(self, names: Iterable[tuple[UserId, str]]) -> None:
        """Names kept from earlier runs (see adapters.base.ShowsNames): members are shown by
        name from the start, not only once they speak again."""
        for member, name in names:
            user = telegram_user(member)
            if user is not None and user not in self.memory.names:
                self.memory.names.put(user, name)

    def forget_name(self, member: UserId) -> None:
        """See adapters.base.ShowsNames: shown by id from now on, and `@username` finds
        nobody until they speak again."""
        user = telegram_user(member)
        if user is None:
            return
        self.memory.names.pop(user)
        for username, holder in self.memory.usernames.items():
            if holder == user:
                self.memory.usernames.pop(username)

    def recall_usernames(self, usernames: Iterable[tuple[UserId, str]]) -> None:
        """Usernames kept from earlier runs (see adapters.base.FindsByUsername): `@bob_t`
        finds Bob from the start. Oldest first: a username seen with two people is the later
        one's; one heard since this process started wins."""
        holders: dict[str, int] = {}
        for member, username in usernames:
            user = telegram_user(member)
            if user is not None and username:
                holders.pop(username.lower(), None)  # kept in the order they were seen
                holders[username.lower()] = user
        for username, user_id in holders.items():
            if username not in self.memory.usernames:
                self.memory.usernames.put(username, user_id)

    # --- one-off configuration ------------------------------------------------------------
    async def set_webhook(self) -> None:
        await set_webhook(self.bot, self.settings)
        self._log.info("telegram.webhook_set", url=self.settings.webhook_url)

    async def set_my_commands(self) -> None:
        await set_my_commands(self.bot)
        self._log.info("telegram.commands_published")

    # --- outbound --------------------------------------------------------------------------
    async def send(self, delivery: Delivery) -> str | None:
        try:
            return await self.sender.send(delivery)
        except ChatMigrated as moved:
            # the group became a supergroup: the assembly follows its new id (the messages
            # still to deliver, this one included, go there), then this one is tried again
            self.memory.room_moved(moved.old, str(moved.new))
            if self._sink is not None and moved.old.lstrip("-").isdigit():
                await self._sink.accept(room_moved(int(moved.old), moved.new))
            raise RetryAfter(1.0, str(moved)) from moved

    def parts_sent(self, key: str) -> tuple[str, ...]:
        """The messages after the first that a text too long for one went out as (see
        adapters.base.SendsInParts): a reply to any of them is about the same proposal."""
        return tuple(str(message_id) for message_id in self.sender.parts.pop(key) or ())

    def buttons_part(self, key: str) -> str | None:
        """The part of a text sent in several that carries its buttons, the last one (see
        adapters.base.SendsInParts): the one a round's tally and close redraw."""
        message_id = self.sender.buttons_at.pop(key)
        return str(message_id) if message_id is not None else None

    # --- inbound ---------------------------------------------------------------------------
    def routes(self) -> list[web.RouteDef]:
        return [web.post(self.settings.webhook_path, self.handle_webhook)]

    async def handle_webhook(self, request: web.Request) -> web.Response:
        log = self._log
        given = request.headers.get(SECRET_HEADER)
        if given is None or not hmac.compare_digest(
            given.encode("utf-8", "surrogateescape"), self._secret
        ):
            log.warning("telegram.webhook_unauthorized", remote=request.remote)
            return web.Response(status=401, text="unauthorized")

        limit = self.settings.max_body_bytes
        if request.content_length is not None and request.content_length > limit:
            log.warning("telegram.webhook_too_large", length=request.content_length)
            return web.Response(status=413, text="too large")
        body = await self._read_body(request, limit)
        if body is None:
            log.warning("telegram.webhook_too_large")
            return web.Response(status=413, text="too large")

        update = self._parse(body)
        if update is None:
            return web.Response(status=400, text="not a Telegram update")
        update_event = f"update:{update.update_id}"

        sink = self._sink
        if sink is None:
            log.warning("telegram.webhook_before_start", event_id=update_event)
            return web.Response(status=503, text="starting")

        try:
            translation = self.translator.translate(update)
        except Exception:  # a bug of ours must not make Telegram resend forever
            log.exception("telegram.translate_failed", event_id=update_event)
            return web.Response(status=200)
        if translation.ignored is not None:
            level = log.warning if translation.warning else log.info
            level("telegram.update_ignored", reason=translation.ignored, event_id=update_event)

        accepted_any = False
        for inbound in translation.inbounds:
            try:
                accepted = await sink.accept(inbound)
            except Exception:  # any storage failure: Telegram must resend later
                log.exception("telegram.sink_failed", room=inbound.room, member=inbound.sender,
                              event_id=inbound.event_id)
                return web.Response(status=503, text="storage unavailable")
            log.info("telegram.inbound", room=inbound.room, member=inbound.sender, event_id=inbound.event_id,
                     action=str(inbound.action), new=accepted)
            accepted_any = accepted_any or accepted

        if translation.reason_request is not None:
            self._start_reason_prompt(translation.reason_request)
        if translation.notice is not None:
            self._spawn(self.sender.post_notice(translation.notice), "notice")
        if translation.press is not None and accepted_any:
            event_id = translation.inbounds[0].event_id
            self.memory.press_answers.put(event_id, translation.press)
            self._spawn(self._answer_press_later(event_id), "press_answer")
        answer = translation.callback_answer
        if answer is not None and (accepted_any or not translation.inbounds):
            # Answered inside the webhook's reply, as the Bot API allows: Telegram calls
            # answerCallbackQuery itself, one request fewer for us per button press.
            reply: dict[str, str] = {"method": "answerCallbackQuery", "callback_query_id": answer.callback_id}
            if answer.text:
                reply["text"] = answer.text
            return web.json_response(reply)
        return web.Response(status=200)

    async def _read_body(self, request: web.Request, limit: int) -> bytes | None:
        body = bytearray()
        while True:
            try:
                chunk = await request.content.read(_READ_CHUNK)
            except (ClientPayloadError, ConnectionError):
                return b""  # a broken upload: parsed as an empty body, refused with 400
            if not chunk:
                return bytes(body)
            body.extend(chunk)
            if len(body) > limit:
                return None

    def _parse(self, body: bytes) -> Update | None:
        try:  # the usual case, read straight from the bytes (half the time of the two steps below)
            return Update.model_validate_json(body)
        except (ValueError, RecursionError):  # anything unusual is read again as before: same verdict, same log
            pass
        try:
            data = json.loads(body)
        except (ValueError, RecursionError) as error:
            self._log.warning("telegram.webhook_not_json", error=type(error).__name__)
            return None
        if not isinstance(data, dict):
            self._log.warning("telegram.webhook_not_object")
            return None
        try:
            return parse_update(data)
        except (ValueError, TypeError, RecursionError) as error:  # ValidationError is a ValueError
            self._log.warning("telegram.webhook_not_update", error=type(error).__name__)
            return None

    # --- side requests ---------------------------------------------------------------------
    def _spawn(self, coroutine: Coroutine[Any, Any, Any], name: str) -> None:
        task = asyncio.create_task(coroutine, name=f"telegram:{name}")
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self._log.warning(
                "telegram.side_request_failed",
                task=task.get_name(),
                error=repr(task.exception()),
            )

    def _start_reason_prompt(self, request: ReasonRequest) -> None:
        if request.callback_id in self.memory.seen_callbacks:
            self._log.info("telegram.reason_button_repeated", room=request.chat_id)
            return
        self.memory.seen_callbacks.put(request.callback_id, True)
        self._spawn(self._ask_reason(request), "ask_reason")

    async def _answer_press_later(self, event_id: str) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._hurry.wait(), self.press_answer_wait)
        await self.sender.answer_late_press(event_id)

    async def _ask_reason(self, request: ReasonRequest) -> None:
        await self.bot.answer_callback_query(
            callback_query_id=request.callback_id,
            text=translate("telegram.reason_prompted", request.presser_lang),
        )
        prompt_id = await self.sender.ask_reason(request)
        self._log.info(
            "telegram.reason_asked",
            room=request.chat_id,
            member=f"telegram:{request.user_id}",
            prompt=prompt_id,
            chat=chat_id_of(request.chat_id),
        )
