"""`Outbound` → Bot API calls (sendMessage, sendPoll, stopPoll, sendDocument).

Transport failures are mapped to the core's error tree: 429 → `RetryAfter`, a bot removed
from the chat or a request Telegram will never accept → `PermanentDeliveryError`, network or
server trouble → `TemporaryDeliveryError`.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import structlog

from adapters.base import Delivery
from adapters.bounded import BoundedMap
from adapters.telegram.botapi import (
    BotApi,
    JsonObject,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramError,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from adapters.telegram.commands import slash_hints
from adapters.telegram.memory import AdapterMemory, PollMapping
from adapters.telegram.render import (
    CALLBACK_DATA_LIMIT,
    CAPTION_LIMIT,
    CHAT_ID_RE,
    MESSAGE_LIMIT,
    POLL_MAX_OPTIONS,
    POLL_MIN_OPTIONS,
    POLL_OPTION_LIMIT,
    POLL_QUESTION_LIMIT,
    chat_id_of,
    members_by_name,
    split_text,
    telegram_html,
    truncate,
    utf16_len,
)
from adapters.telegram.tally import PressedMessage, TallyRedrawer
from adapters.telegram.translate import (
    PROMPT_MARK,
    REASON_PREFIX,
    REASON_VERBS,
    Notice,
    PendingPress,
    ReasonRequest,
    telegram_user,
)
from core.errors import PermanentDeliveryError, RetryAfter, TemporaryDeliveryError
from core.i18n import DEFAULT_LANGUAGE, translate
from core.messages import (
    POLL_HIDDEN_EXTRA,
    POLL_SELECT,
    REFUSAL_EXTRA,
    ROUND_CLOSED_EXTRA,
    ROUND_MESSAGE_EXTRA,
    ROUND_REDRAWS,
    TALLY_EXTRA,
    Button,
    Outbound,
    OutboundKind,
    UserId,
    extra_flag,
)
from core.render import colon

_BUTTONS_PER_ROW = 2
_PLACEHOLDER_LIMIT = 64
CALLBACK_TEXT_LIMIT = 200  # answerCallbackQuery's text
_NAME_MARK = "\ue000"  # stands for the mention while the prompt text is escaped


class TelegramUnreachable(TemporaryDeliveryError):
    """Telegram itself cannot be reached (network, 5xx): not this message's fault, so the
    outbox keeps it until Telegram is back."""

    unreachable = True


@dataclass(frozen=True, slots=True)
class _Target:
    chat_id: int | str
    thread: int | None
    reply_to: int | None

    def reply(self) -> JsonObject | None:
        if self.reply_to is None:
            return None
        return {"message_id": self.reply_to, "allow_sending_without_reply": True}


@dataclass(frozen=True, slots=True)
class _Piece:
    text: str
    parse_mode: str | None  # "HTML" or None for plain text


def _as_int(value: str | None) -> int | None:
    return int(value) if value is not None and CHAT_ID_RE.match(value) else None


class ChatMigrated(Exception):
    """The group became a supergroup: `new` is its id now (see TelegramAdapter.send)."""

    def __init__(self, old: str, new: int) -> None:
        super().__init__(f"chat {old} became supergroup {new}")
        self.old = old
        self.new = new


class TelegramSender:
    def __init__(self, bot: BotApi, memory: AdapterMemory) -> None:
        self._bot = bot
        self._memory = memory
        # (delivery key, step) → message id: a retried delivery does not resend what
        # already went out before the failure (Telegram has no idempotency key).
        self._done: BoundedMap[tuple[str, str], int] = BoundedMap(10_000)
        # delivery key → the messages after the first that it went out as (a text too long
        # for one message), until the pipeline takes them (TelegramAdapter.parts_sent)
        self.parts: BoundedMap[str, tuple[int, ...]] = BoundedMap(1_000)
        # delivery key → the part that carries its buttons when it is not the first (the last
        # part of a text too long for one message), until the pipeline takes it (buttons_part)
        self.buttons_at: BoundedMap[str, int] = BoundedMap(1_000)
        self._log = structlog.get_logger("assemblee.telegram").bind(platform="telegram")
        self.tallies = TallyRedrawer(bot)

    # --- entry point -----------------------------------------------------------------------
    async def send(self, delivery: Delivery) -> str | None:
        outbound = delivery.outbound
        self.parts.pop(delivery.key)  # an earlier attempt's: this one tells them again
        self.buttons_at.pop(delivery.key)
        log = self._log.bind(room=outbound.room, delivery=delivery.key, kind=str(outbound.kind))
        lang = outbound.extra.get("lang")
        if lang:
            self._memory.room_langs.put(outbound.room, lang)
        refusal = extra_flag(outbound, REFUSAL_EXTRA)
        if outbound.reply_to and not refusal and TALLY_EXTRA not in outbound.extra \
                and self._memory.poll_answers.pop(outbound.reply_to):
            log.info("telegram.retraction_shown_by_poll")  # silent like the vote it undoes
            return None
        press = self._memory.press_answers.pop(outbound.reply_to) if outbound.reply_to else None
        voter = self._memory.poll_answers.pop(outbound.reply_to) if refusal and outbound.reply_to else None
        if voter is not None:  # a vote in a poll that does not count: the group hears whose
            delivery = dataclasses.replace(delivery, outbound=self._named(PendingPress("", voter, ""), outbound))
        if press is not None:
            if refusal:
                if await self._refuse_press(press, outbound):
                    self._memory.pressed.pop(outbound.reply_to or "")
                    log.info("telegram.press_refused_to_presser")
                    return None
                delivery = dataclasses.replace(delivery, outbound=self._named(press, outbound))
            else:
                await self._answer_press(press, translate("telegram.button_received", press.lang))
        shown, message_id = self._shown_otherwise(delivery)
        if shown:
            return str(message_id) if message_id is not None else None
        try:
            message_id = await self._dispatch(delivery)
        except TelegramRetryAfter as error:
            log.info("telegram.rate_limited", retry_after=error.retry_after)
            raise RetryAfter(float(error.retry_after), error.message) from error
        except TelegramForbiddenError as error:
            log.warning("telegram.forbidden", error=error.message)
            raise PermanentDeliveryError(f"telegram refused: {error.message}") from error
        except TelegramMigrateToChat as error:
            log.warning("telegram.chat_migrated", new_chat_id=error.migrate_to_chat_id)
            raise ChatMigrated(str(delivery.outbound.room), error.migrate_to_chat_id) from error
        except (TelegramBadRequest, TelegramEntityTooLarge) as error:
            log.error("telegram.bad_request", error=error.message)
            raise PermanentDeliveryError(f"telegram rejected: {error.message}") from error
        except (TelegramUnauthorizedError, TelegramNotFound) as error:
            log.error("telegram.token_rejected", error=error.message)
            raise TemporaryDeliveryError(f"telegram token rejected: {error.message}") from error
        except (TelegramNetworkError, TelegramServerError) as error:
            log.warning("telegram.unreachable", error=error.message)
            raise TelegramUnreachable(f"telegram unreachable: {error.message}") from error
        except TelegramAPIError as error:  # conflicts, unexpected statuses
            log.warning("telegram.temporary_failure", error=error.message)
            raise TemporaryDeliveryError(f"telegram refused for now: {error.message}") from error
        except TelegramError as error:  # no answer we could read
            log.warning("telegram.bad_answer", error=str(error))
            raise TemporaryDeliveryError(f"telegram answered oddly: {error}") from error
        log.info("telegram.sent", message_id=message_id)
        return str(message_id) if message_id is not None else None

    # --- answers to presses ---------------------------------------------------------------
    async def _answer_press(self, press: PendingPress, text: str, *, alert: bool = False) -> bool:
        """Answer a press's callback; False when Telegram no longer takes the answer."""
        params: dict[str, object] = {"callback_query_id": press.callback_id}
        if text:
            params["text"] = truncate(text, CALLBACK_TEXT_LIMIT)
        if alert:
            params["show_alert"] = True
        try:
            await self._bot.answer_callback_query(**params)
        except TelegramError as error:
            self._log.info("telegram.press_not_answered", error=repr(error))
            return False
        return True

    async def _refuse_press(self, press: PendingPress, outbound: Outbound) -> bool:
        """A refused press is explained to the presser alone, in an alert. True when the whole
        explanation fits there; else the alert gives what fits and the message goes to the
        group, naming the presser."""
        text = self._prepared(outbound).text.strip()
        if utf16_len(text) <= CALLBACK_TEXT_LIMIT:
            return await self._answer_press(press, text, alert=True)
        first = ""
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if utf16_len(first + " " + sentence) > CALLBACK_TEXT_LIMIT - 2:
                break
            first = f"{first} {sentence}".strip()
        await self._answer_press(press, first or text, alert=True)
        return False

    def _named(self, press: PendingPress, outbound: Outbound) -> Outbound:
        """The message of a refused press, in the group: it says whom it is for."""
        mention = UserId(f"telegram:{press.user_id}")  # shown by name, as a link (see _prepared)
        said = colon(outbound.extra.get("lang", DEFAULT_LANGUAGE))
        return dataclasses.replace(outbound, text=f"telegram:{press.user_id}{said} {outbound.text}",
                                   html=None, mentions=(*outbound.mentions, mention))

    async def answer_late_press(self, event_id: str) -> None:
        """The core said nothing to a press yet: its callback is answered without a word
        (Telegram stops waiting for it); the answer, if one comes, goes to the group."""
        press = self._memory.press_answers.pop(event_id)
        if press is not None:
            await self._answer_press(press, "")

    # --- the adapter's own short answers ------------------------------------------------------
    async def post_notice(self, notice: Notice) -> int:
        """The adapter's own answer, in as many messages as its length needs (the help is
        long); the first one answers the message it is about. Returns the first one's id."""
        text = slash_hints(notice.text if notice.text is not None else translate(notice.key, notice.lang))
        reply = {"message_id": notice.reply_to, "allow_sending_without_reply": True} if notice.reply_to else None
        first: int | None = None
        for part in split_text(text):
            message = await self._bot.send_message(
                chat_id=chat_id_of(notice.chat_id), text=part, message_thread_id=notice.thread,
                reply_parameters=reply if first is None else None,
            )
            first = int(message["message_id"]) if first is None else first
        return first or 0

    def _shown_otherwise(self, delivery: Delivery) -> tuple[bool, int | None]:
        """(True, the message that shows it) for the confirmation of a position that needs
        no message of its own: a press this process saw, whose round's tally is drawn under
        the pressed message instead (see tally.py), or a vote given in a native poll, which
        the poll shows already. (False, None): it goes out as a message."""
        outbound = delivery.outbound
        tally = outbound.extra.get(TALLY_EXTRA)
        if tally is None or not outbound.reply_to:
            return False, None
        log = self._log.bind(room=outbound.room, delivery=delivery.key)
        if self._memory.poll_answers.pop(outbound.reply_to):
            poll = self._poll_message_id(delivery)
            log.info("telegram.vote_shown_by_poll", message_id=poll)
            return True, poll
        pressed = self._memory.pressed.pop(outbound.reply_to)
        if pressed is None or pressed.chat_id != outbound.room:
            return False, None
        self.tallies.request(pressed, tally, closed=outbound.extra.get(ROUND_CLOSED_EXTRA) == "1")
        log.info("telegram.tally_queued", message_id=pressed.message_id)
        return True, pressed.message_id

    async def _dispatch(self, delivery: Delivery) -> int | None:
        outbound = self._prepared(delivery.outbound)
        delivery = dataclasses.replace(delivery, outbound=outbound)
        if outbound.kind in ROUND_REDRAWS:
            self._redraw_round(outbound)
            return None
        target = self._target(delivery)
        if outbound.kind == OutboundKind.POLL:
            return await self._poll(delivery, target)
        if outbound.kind == OutboundKind.POLL_CLOSE:
            return await self._poll_close(delivery, target)
        if outbound.attachment is not None:
            return await self._document(delivery, target)
        return await self._text(delivery, target, self._keyboard(outbound.buttons))

    def _redraw_round(self, outbound: Outbound) -> None:
        """The message with a round's buttons (the last part of a call sent in several: the
        others are never edited) shows its call, or that part of it, and the tally line the core
        gives, drawn like a press's tally (spaced edits, see tally.py), after a ROUND_TALLY
        with its buttons (the positions changed by a typed command, not by a press on it),
        after a ROUND_CLOSE without them (the round is over or replaced). A native poll has
        no text to redraw: it shows its votes itself, and its POLL_CLOSE stops it."""
        message_id = _as_int(outbound.extra.get(ROUND_MESSAGE_EXTRA))
        if message_id is None or self._memory.is_poll(outbound.room, message_id):
            return
        text = self._buttons_text(outbound)
        closed = outbound.kind is OutboundKind.ROUND_CLOSE
        keyboard = {} if closed else self._keyboard(outbound.buttons)
        if keyboard is None:  # no button left to draw: the message is left as it is
            return
        pressed = PressedMessage(outbound.room, message_id, text.strip(), (), keyboard)
        self.tallies.request(pressed, outbound.extra.get(TALLY_EXTRA, ""), closed=closed, final=closed)
        event = "telegram.round_close_queued" if closed else "telegram.round_tally_queued"
        self._log.info(event, room=outbound.room, message_id=message_id)

    def _buttons_text(self, outbound: Outbound) -> str:
        """The text of the message under which a round's call put its buttons: the whole call,
        or its last part when it was too long for one message (the other parts are never
        redrawn). Cut as the call was (_pieces), shown without its formatting as a press's
        redraw shows it."""
        pieces = self._pieces(outbound)
        if not pieces:
            return ""
        last = pieces[-1]
        return telegram_html(outbound.html or "")[1] if last.parse_mode == "HTML" else last.text

    # --- text as Telegram users expect it ------------------------------------------------
    def _prepared(self, outbound: Outbound) -> Outbound:
        """Command hints typed with `/`, members shown by name (mentioned ones as links)."""
        text = slash_hints(outbound.text)
        if outbound.html is not None:
            return dataclasses.replace(outbound, text=text, html=slash_hints(outbound.html))
        mentioned = {user for user in map(telegram_user, outbound.mentions) if user is not None}
        plain, markup = members_by_name(text, self._memory.names.get, mentioned)
        return dataclasses.replace(outbound, text=plain, html=markup)

    # --- where a message goes ---------------------------------------------------------------
    def _target(self, delivery: Delivery) -> _Target:
        outbound = delivery.outbound
        source = self._memory.sources.get(outbound.reply_to) if outbound.reply_to else None
        if source is not None and source.chat_id != outbound.room:
            source = None
        thread = _as_int(outbound.extra.get("telegram_thread") or outbound.extra.get("thread"))
        if thread is None and source is not None:
            thread = source.thread
        topic_key = (outbound.room, outbound.thread_key) if outbound.thread_key else None
        if thread is None and topic_key is not None:
            thread = self._memory.topics.get(topic_key)
        if thread is not None and topic_key is not None:
            self._memory.topics.put(topic_key, thread)
        if source is not None:
            reply_to: int | None = source.message_id
        else:
            reply_to = _as_int(outbound.reply_to) or _as_int(delivery.thread_root)
        return _Target(chat_id_of(outbound.room), thread, reply_to)

    # --- plain messages and keyboards ----------------------------------------------------------
    def _pieces(self, outbound: Outbound, limit: int = MESSAGE_LIMIT) -> list[_Piece]:
        if outbound.html:
            markup, visible = telegram_html(outbound.html)
            if markup and utf16_len(visible) <= limit:
                return [_Piece(markup, "HTML")]
            fallback = outbound.text or visible
        else:
            fallback = outbound.text
        return [_Piece(piece, None) for piece in split_text(fallback, limit)]

    def _keyboard(self, buttons: tuple[Button, ...]) -> JsonObject | None:
        row: list[JsonObject] = []
        rows: list[list[JsonObject]] = []
        for button in buttons:
            data = (REASON_PREFIX if button.needs_reason else "") + button.payload
            if not button.payload or len(data.encode("utf-8")) > CALLBACK_DATA_LIMIT:
                self._log.error("telegram.button_dropped", payload=button.payload)
                continue
            row.append({"text": button.label, "callback_data": data})
            if len(row) == _BUTTONS_PER_ROW:
                rows.append(row)
                row = []
        if row:
            rows.append(row)
        return {"inline_keyboard": rows} if rows else None

    async def _text(
        self,
        delivery: Delivery,
        target: _Target,
        markup: JsonObject | None,
    ) -> int | None:
        pieces = self._pieces(delivery.outbound)
        if not pieces:
            self._log.warning("telegram.nothing_to_send", delivery=delivery.key)
            return None
        first: int | None = None
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1

            async def send_piece(
                piece: _Piece = piece, index: int = index, last: bool = last
            ) -> int:
                message = await self._send_message(
                    target,
                    piece,
                    reply=target.reply() if index == 0 else None,
                    markup=markup if last else None,
                )
                return int(message["message_id"])

            message_id = await self._once(delivery.key, f"text:{index}", send_piece)
            if first is None:
                first = message_id
            else:
                self._part_sent(delivery.key, message_id)
                if last and markup is not None:
                    self.buttons_at.put(delivery.key, message_id)
        return first

    def _part_sent(self, key: str, message_id: int) -> None:
        self.parts.put(key, (*(self.parts.get(key) or ()), message_id))

    async def _send_message(
        self,
        target: _Target,
        piece: _Piece,
        reply: JsonObject | None,
        markup: JsonObject | None,
    ) -> JsonObject:
        try:
            return await self._bot.send_message(
                chat_id=target.chat_id,
                text=piece.text,
                parse_mode=piece.parse_mode,
                message_thread_id=target.thread,
                reply_parameters=reply,
                reply_markup=markup,
            )
        except TelegramBadRequest as error:
            if piece.parse_mode is None or "parse entities" not in error.message:
                raise
            self._log.warning("telegram.html_refused", error=error.message)
            _, visible = telegram_html(piece.text)
            return await self._bot.send_message(
                chat_id=target.chat_id,
                text=truncate(visible, MESSAGE_LIMIT),
                message_thread_id=target.thread,
                reply_parameters=reply,
                reply_markup=markup,
            )

    async def _once(self, key: str, step: str, action: Callable[[], Awaitable[int]]) -> int:
        done = self._done.get((key, step))
        if done is not None:
            return done
        message_id = await action()
        self._done.put((key, step), message_id)
        return message_id

    # --- native polls ------------------------------------------------------------------------
    def _poll_payloads(self, outbound: Outbound) -> tuple[str, ...]:
        """One command line per option: `extra["poll_payload_<i>"]`, else the buttons when
        there is one per option, else `extra["poll_command"] + " " + option`."""
        options = outbound.poll_options
        from_extra = [outbound.extra.get(f"poll_payload_{i}") for i in range(len(options))]
        if options and all(from_extra):
            return tuple(payload for payload in from_extra if payload)
        if len(outbound.buttons) == len(options):
            return tuple(button.payload for button in outbound.buttons)
        command = outbound.extra.get("poll_command")
        if command:
            return tuple(f"{command} {option}" for option in options)
        return ()

    def _poll_question(self, outbound: Outbound) -> tuple[str, bool]:
        """(question, whether the full text must go first in a message of its own)."""
        text = outbound.text.strip() or telegram_html(outbound.html or "")[1]
        if text and "\n" not in text and utf16_len(text) <= POLL_QUESTION_LIMIT:
            return text, False
        first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
        question = first_line or translate(
            "telegram.poll_question", outbound.extra.get("lang", "fr")
        )
        return truncate(question, POLL_QUESTION_LIMIT), bool(text)

    async def _poll(self, delivery: Delivery, target: _Target) -> int | None:
        outbound = delivery.outbound
        options = outbound.poll_options
        payloads = self._poll_payloads(outbound)
        # The bot learns who answered a native poll only when the poll shows every voter's
        # choice to the group, and a poll shows its results to whoever answered: an anonymous
        # vote or hidden results take buttons instead (a press is seen by the bot alone).
        private = extra_flag(outbound, POLL_HIDDEN_EXTRA)
        if private or not (
            POLL_MIN_OPTIONS <= len(options) <= POLL_MAX_OPTIONS
            and all(1 <= utf16_len(option) <= POLL_OPTION_LIMIT for option in options)
        ):
            self._log.info("telegram.poll_as_keyboard", options=len(options), private=private)
            buttons = outbound.buttons or tuple(
                Button(label=option, payload=payload)
                for option, payload in zip(options, payloads, strict=False)
            )
            return await self._text(delivery, target, self._keyboard(buttons))
        select = outbound.extra.get(POLL_SELECT, "")
        if not payloads and not select:
            self._log.warning("telegram.poll_unmapped", delivery=delivery.key)

        question, text_first = self._poll_question(outbound)
        intro: int | None = None
        if text_first:  # the announcement is too long for a poll question: it goes above
            intro = await self._text(delivery, target, None)
        poll_target = _Target(target.chat_id, target.thread, intro or target.reply_to)

        async def send_poll() -> int:
            message = await self._bot.send_poll(
                chat_id=poll_target.chat_id,
                question=question,
                options=[{"text": option} for option in options],
                is_anonymous=False,
                allows_multiple_answers=outbound.extra.get("poll_multiple") == "true",
                message_thread_id=poll_target.thread,
                reply_parameters=poll_target.reply(),
            )
            poll = message.get("poll")
            if isinstance(poll, dict) and isinstance(poll.get("id"), str):
                self._memory.remember_poll(
                    poll["id"],
                    PollMapping(
                        chat_id=outbound.room,
                        message_id=int(message["message_id"]),
                        payloads=() if select else payloads,
                        thread=str(target.thread) if target.thread is not None else None,
                        select=select,
                        options=len(options),
                    ),
                )
                if outbound.thread_key:
                    key = (outbound.room, outbound.thread_key)
                    self._memory.poll_messages.put(key, poll["id"])
            return int(message["message_id"])

        # the poll's own id: the outbox hands it back to close the poll
        return await self._once(delivery.key, "poll", send_poll)

    def _poll_message_id(self, delivery: Delivery) -> int | None:
        outbound = delivery.outbound
        for key in ("telegram_poll_message", "poll_event"):  # poll_event: set by the outbox
            explicit = _as_int(outbound.extra.get(key))
            if explicit is not None:
                return explicit
        if outbound.thread_key:
            poll_id = self._memory.poll_messages.get((outbound.room, outbound.thread_key))
            mapping = self._memory.polls.get(poll_id) if poll_id else None
            if mapping is not None:
                return mapping.message_id
        return _as_int(delivery.thread_root)

    async def _poll_close(self, delivery: Delivery, target: _Target) -> int | None:
        message_id = self._poll_message_id(delivery)
        if message_id is not None and self._memory.is_poll(delivery.outbound.room, message_id):

            async def stop() -> int:
                try:
                    await self._bot.stop_poll(chat_id=target.chat_id, message_id=message_id)
                except TelegramBadRequest as error:  # already closed
                    self._log.info("telegram.poll_not_stopped", error=error.message)
                return message_id

            await self._once(delivery.key, "stop", stop)
        elif message_id is not None:
            # a vote offered with buttons (anonymous, hidden results, options a poll cannot
            # hold) is no poll: nothing to stop, its ROUND_CLOSE takes the buttons away
            self._log.info("telegram.no_poll_to_stop", room=delivery.outbound.room, message_id=message_id)
        if not (delivery.outbound.text or delivery.outbound.html):
            return message_id
        reply = message_id if message_id is not None else target.reply_to
        return await self._text(delivery, _Target(target.chat_id, target.thread, reply), None)

    # --- files -----------------------------------------------------------------------------
    async def _document(self, delivery: Delivery, target: _Target) -> int | None:
        outbound = delivery.outbound
        markup = self._keyboard(outbound.buttons)
        caption = self._pieces(outbound, CAPTION_LIMIT) if outbound.text or outbound.html else []
        first: int | None = None
        if len(caption) > 1:  # too long for a caption: the text goes first, on its own
            first = await self._text(delivery, target, None)
            caption = []
        content = (outbound.attachment or "").encode("utf-8")
        name = outbound.attachment_name or "assemblee.txt"

        async def send_document() -> int:
            message = await self._bot.send_document(
                chat_id=target.chat_id,
                document=(name, content),
                caption=caption[0].text if caption else None,
                parse_mode=caption[0].parse_mode if caption else None,
                message_thread_id=target.thread,
                reply_parameters=target.reply() if first is None else None,
                reply_markup=markup,
            )
            return int(message["message_id"])

        document_id = await self._once(delivery.key, "document", send_document)
        if first is not None:  # the file came after the text: one more part of the message
            self._part_sent(delivery.key, document_id)
            if markup is not None:
                self.buttons_at.put(delivery.key, document_id)
        return first if first is not None else document_id

    # --- reason prompts ------------------------------------------------------------------------
    async def ask_reason(self, request: ReasonRequest) -> int:
        """Send the forced-reply prompt that collects the reason of `request.command`: in the
        room's language and in plain words ("Lou, write your objection to #1 as a reply to
        this message"), the command it completes remembered here."""
        words = request.command.lstrip("!").split()
        verb = words[0] if words and words[0] in REASON_VERBS else "object"
        number = next((w.lstrip("#") for w in words[1:] if w.lstrip("#").isdigit()), "?")
        mention = f'<a href="tg://user?id={request.user_id}">{html.escape(request.user_name)}</a>'
        question = html.escape(translate(f"telegram.ask_reason.{verb}", request.lang, name=_NAME_MARK, number=number))
        text = f"{PROMPT_MARK} " + question.replace(_NAME_MARK, mention)
        placeholder = truncate(
            translate(f"telegram.reason_placeholder.{verb}", request.lang), _PLACEHOLDER_LIMIT
        )
        chat_id = chat_id_of(request.chat_id)
        message = await self._bot.send_message(
            chat_id=chat_id,
            text=text,
            parse_mode="HTML",
            message_thread_id=request.thread,
            reply_markup={"force_reply": True, "selective": True, "input_field_placeholder": placeholder},
        )
        message_id = int(message["message_id"])
        self._memory.reason_prompts.put((request.chat_id, message_id), request.command)
        return message_id
