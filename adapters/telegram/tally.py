"""A round's tally under the message whose button was pressed, instead of one message per press.

In a group, each press used to be confirmed by a message in the room: noisy, and Telegram
lets a bot post about twenty messages a minute in a group, so a busy round held back every
other message of the room (the close, the reminders). Now the presser gets the toast at
once (see adapter.py), and the confirmation the core writes for a press, which carries the
round's tally line (core.messages.TALLY_EXTRA), is shown by editing the pressed message:
its text, its formatting and its buttons as Telegram sent them with the press, and the
tally line under them, in place of the previous one. Once the round is over its buttons go.
Positions taken otherwise (typed, recorded with `!noter`, an objection withdrawn) are drawn
the same way from the core's ROUND_TALLY (see sender.py): the round's call, its buttons and
the tally line, on the message the outbox found in the database, so after a restart too.
A round closed or replaced otherwise (a command, its deadline, an amendment) is drawn from
the core's ROUND_CLOSE: its call, the closing line, no buttons.

Edits of one message are spaced (`min_interval`): presses that come meanwhile are drawn
together by the next edit, with the latest tally; an edit that would change nothing is not
asked for. The tally is a view: the positions are stored before any of this, and `!status`
tells them at any time. A confirmation that cannot be drawn this way (a press this process
did not see, a message without text) is posted as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import structlog

from adapters.telegram.botapi import BotApi, TelegramBadRequest, TelegramError, TelegramRetryAfter
from adapters.telegram.render import MESSAGE_LIMIT, chat_id_of, truncate, utf16_len
from adapters.telegram.wire import Message

TALLY_SEPARATOR = "\n\n📊 "  # before the tally line, as on Discord
MIN_INTERVAL_S = 3.0  # between two edits of one message: at most twenty a minute
_RETRY_CAP_S = 60.0

log = structlog.get_logger("assemblee.telegram").bind(platform="telegram")


@dataclass(frozen=True, slots=True)
class PressedMessage:
    """The message whose button was pressed, as the press carried it."""

    chat_id: str
    message_id: int
    text: str
    entities: tuple[dict[str, Any], ...]
    keyboard: dict[str, Any]


def pressed_message(message: Message) -> PressedMessage | None:
    """What a redraw needs of the pressed message; None when it cannot be redrawn (no text,
    or a keyboard that is not an inline keyboard)."""
    keyboard = message.reply_markup
    if not message.text or not _is_inline_keyboard(keyboard):
        return None
    entities = tuple(entity.model_dump(exclude_none=True) for entity in message.entities or ())
    return PressedMessage(str(message.chat.id), message.message_id, message.text, entities, keyboard)


def _is_inline_keyboard(value: Any) -> bool:
    rows = value.get("inline_keyboard") if isinstance(value, dict) else None
    return (
        isinstance(rows, list)
        and bool(rows)
        and all(isinstance(row, list) and all(isinstance(b, dict) for b in row) for row in rows)
    )


def with_tally(pressed: PressedMessage, tally: str) -> tuple[str, tuple[dict[str, Any], ...]]:
    """The pressed message's text with `tally` under it, in place of an earlier tally line,
    and the formatting that still applies: when both would not fit in one message, the end
    of the text is cut, never the tally (unless the tally alone is longer than a message)."""
    base = pressed.text.split(TALLY_SEPARATOR, 1)[0].rstrip()
    line = truncate(TALLY_SEPARATOR + " ".join(tally.split()), MESSAGE_LIMIT - 1)
    base = truncate(base, MESSAGE_LIMIT - utf16_len(line))
    kept = utf16_len(base)
    entities = tuple(e for e in pressed.entities if e.get("offset", 0) + e.get("length", 0) <= kept)
    return base + line, entities


@dataclass
class _Pending:
    pressed: PressedMessage
    tally: str
    closed: bool
    version: int = 0
    drawn: int = 0
    task: asyncio.Task[None] | None = field(default=None, repr=False)


class TallyRedrawer:
    """Edits pressed messages with their round's latest tally, each at most once per
    `min_interval` seconds."""

    def __init__(self, bot: BotApi, *, min_interval: float = MIN_INTERVAL_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._bot = bot
        self.min_interval = min_interval
        self._clock = clock
        self._pending: dict[tuple[str, int], _Pending] = {}
        self._last_edit: dict[tuple[str, int], float] = {}
        self._closed: set[tuple[str, int]] = set()  # messages whose buttons are gone
        # what each message shows since its last edit: an edit that would change nothing is
        # not asked for (Telegram would refuse it, "message is not modified")
        self._shown: dict[tuple[str, int], tuple[str, tuple[dict[str, Any], ...], dict[str, Any] | None]] = {}
        self._hurry = asyncio.Event()

    def request(self, pressed: PressedMessage, tally: str, *, closed: bool, final: bool = False) -> None:
        """Draw `tally` under the pressed message, now or with the next edit. `final`: the
        round's own close, drawn even over a close already drawn after a press."""
        key = (pressed.chat_id, pressed.message_id)
        if final:
            self._closed.discard(key)
        elif key in self._closed:
            return  # the round is over and drawn so: a late confirmation changes nothing
        state = self._pending.get(key)
        if state is None:
            state = self._pending[key] = _Pending(pressed, tally, closed)
        else:
            state.pressed, state.tally, state.closed = pressed, tally, state.closed or closed
        state.version += 1
        if state.task is None or state.task.done():
            state.task = asyncio.create_task(self._draw(key, state), name="telegram:tally")

    async def flush(self) -> None:
        """Draw what waits now, without waiting out the interval (the adapter is stopping,
        or a test wants to see the result)."""
        self._hurry.set()
        try:
            while tasks := [s.task for s in self._pending.values() if s.task is not None and not s.task.done()]:
                await asyncio.gather(*tasks, return_exceptions=True)
        finally:
            self._hurry.clear()

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._hurry.wait(), seconds)

    async def _draw(self, key: tuple[str, int], state: _Pending) -> None:
        try:
            while state.drawn < state.version:
                wait = self._last_edit.get(key, float("-inf")) + self.min_interval - self._clock()
                if wait > 0 and not self._hurry.is_set():
                    await self._pause(wait)
                version, closed = state.version, state.closed
                retry_after = await self._edit(state.pressed, state.tally, closed)
                self._last_edit[key] = self._clock()
                if retry_after is not None:
                    if self._hurry.is_set():
                        break  # stopping: the tally stays as last drawn
                    await self._pause(min(retry_after, _RETRY_CAP_S))
                    continue
                state.drawn = version
                if closed:
                    self._closed.add(key)
                    break
        finally:
            if self._pending.get(key) is state and state.drawn >= state.version:
                del self._pending[key]
            if len(self._last_edit) > 10_000:  # forget the oldest: edits long past
                for old in list(self._last_edit)[:5_000]:
                    self._last_edit.pop(old, None)
                    self._shown.pop(old, None)
            if len(self._closed) > 10_000:
                self._closed.clear()

    async def _edit(self, pressed: PressedMessage, tally: str, closed: bool) -> float | None:
        """One edit; the seconds Telegram asks to wait when it refuses for now, else None."""
        key = (pressed.chat_id, pressed.message_id)
        text, entities = with_tally(pressed, tally)
        markup = None if closed else pressed.keyboard
        shown = (text, entities, markup)
        if self._shown.get(key) == shown:  # e.g. a position given again: the same tally
            log.info("telegram.tally_unchanged", room=pressed.chat_id, message_id=pressed.message_id)
            return None
        self._shown.pop(key, None)
        try:
            await self._bot.edit_message_text(
                text=text,
                chat_id=chat_id_of(pressed.chat_id),
                message_id=pressed.message_id,
                entities=list(entities) or None,
                reply_markup=markup,
            )
        except TelegramRetryAfter as error:
            log.info("telegram.tally_rate_limited", retry_after=error.retry_after, room=pressed.chat_id)
            return float(error.retry_after)
        except TelegramBadRequest as error:
            if "not modified" in error.message:  # the same tally already drawn: nothing to do
                self._shown[key] = shown
            else:
                log.warning("telegram.tally_not_drawn", error=error.message, room=pressed.chat_id,
                            message_id=pressed.message_id)
        except TelegramError as error:
            log.warning("telegram.tally_not_drawn", error=repr(error), room=pressed.chat_id,
                        message_id=pressed.message_id)
        else:
            self._shown[key] = shown
            log.info("telegram.tally_drawn", room=pressed.chat_id, message_id=pressed.message_id, closed=closed)
        return None
