"""The tally drawn under a pressed round message (adapters/telegram/tally.py): the text it
draws, and its edits through the Bot API (the fake one, over real HTTP)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from fake_bot_api import FakeBotApi
from telegram_harness import settings_for
from telegram_updates import GROUP, Updates

from adapters.telegram import TelegramAdapter
from adapters.telegram.tally import TALLY_SEPARATOR, PressedMessage, pressed_message, with_tally
from adapters.telegram.wire import parse_update

KEYBOARD = {"inline_keyboard": [[{"text": "Consentir", "callback_data": "consent #1 --version 1"}]]}


def pressed(text: str, entities: tuple[dict[str, Any], ...] = (), message_id: int = 1000) -> PressedMessage:
    return PressedMessage(str(GROUP), message_id, text, entities, KEYBOARD)


def test_the_tally_goes_under_the_text_in_place_of_the_previous_one() -> None:
    bold = ({"type": "bold", "offset": 0, "length": 5},)
    text, entities = with_tally(pressed("Tour #1\n\nJardin", bold), "Positions : 1/3")
    assert text == "Tour #1\n\nJardin" + TALLY_SEPARATOR + "Positions : 1/3"
    assert entities == bold
    again, _ = with_tally(pressed(text, bold), "Positions :\n2/3 ")
    assert again == "Tour #1\n\nJardin" + TALLY_SEPARATOR + "Positions : 2/3"  # one line, the latest


def test_a_long_text_is_cut_to_leave_room_for_the_tally_and_its_formatting_follows() -> None:
    long = "🌱" * 3000  # 6,000 UTF-16 units: Telegram counts those, up to 4,096
    entities = ({"type": "italic", "offset": 0, "length": 10}, {"type": "bold", "offset": 5000, "length": 4})
    text, kept = with_tally(pressed(long, entities), "Positions : 3/3")
    units = len(text.encode("utf-16-le")) // 2
    assert units <= 4096 and text.endswith("…" + TALLY_SEPARATOR + "Positions : 3/3")
    assert kept == entities[:1]  # the bold part was cut away with its text


def test_a_tally_longer_than_a_message_still_makes_a_message_telegram_takes() -> None:
    """The text gives way to the tally first; only a tally that alone would not hold in a
    message (a vote's long options, each named with its count) is cut too."""
    tally = "Positions : 3/3 — " + " · ".join(f"{i:02d} " + "🌻" * 99 + " 1" for i in range(1, 21))
    text, _ = with_tally(pressed("Votez avec /vote #1."), tally)
    assert len(text.encode("utf-16-le")) // 2 <= 4096
    assert TALLY_SEPARATOR + "Positions : 3/3 — 01 🌻" in text and text.endswith("…")


def test_only_a_pressed_message_with_text_and_an_inline_keyboard_can_be_redrawn() -> None:
    updates = Updates(1, "bot")

    def message(**fields: Any) -> Any:
        update = updates.callback("consent #1", message_id=7, **fields)
        parsed = parse_update(update)
        assert parsed.callback_query is not None and parsed.callback_query.message is not None
        return parsed.callback_query.message

    found = pressed_message(message(text="Tour", reply_markup=KEYBOARD,
                                    entities=[{"type": "text_link", "offset": 0, "length": 4,
                                               "url": "https://example.org"}]))
    assert found == PressedMessage(str(GROUP), 7, "Tour",
                                   ({"type": "text_link", "offset": 0, "length": 4, "url": "https://example.org"},),
                                   KEYBOARD)
    assert pressed_message(message(text="Tour")) is None  # no keyboard with it
    assert pressed_message(message(text="Tour", reply_markup={"force_reply": True})) is None
    assert pressed_message(message(text="Tour", reply_markup={"inline_keyboard": "oops"})) is None
    assert pressed_message(message(text="Tour", reply_markup="oops")) is None


async def test_edits_are_spaced_a_refusal_for_now_is_waited_out_and_the_latest_tally_wins(
    fake_api: FakeBotApi,
) -> None:
    adapter = TelegramAdapter(settings_for(fake_api))
    try:
        sent = await adapter.bot.send_message(chat_id=GROUP, text="Tour #1", reply_markup=KEYBOARD)
        message = fake_api.message(GROUP, sent["message_id"])
        tallies = adapter.sender.tallies
        tallies.min_interval = 0.2
        target = pressed("Tour #1", message_id=sent["message_id"])
        fake_api.fail_next("editMessageText", 429, "Too Many Requests: retry after 1", retry_after=1)
        started = time.monotonic()
        tallies.request(target, "Positions : 1/3", closed=False)
        tallies.request(target, "Positions : 2/3", closed=False)  # before the first edit: drawn together
        while message.edits < 1 and time.monotonic() - started < 10:
            await asyncio.sleep(0.05)
        assert time.monotonic() - started >= 0.9  # Telegram's retry_after was honoured
        assert message.text == "Tour #1" + TALLY_SEPARATOR + "Positions : 2/3"
        tallies.request(target, "Positions : 2/3", closed=False)
        tallies.request(target, "Positions : 3/3", closed=True)  # within the interval: only this is drawn
        await tallies.flush()
        assert message.text == "Tour #1" + TALLY_SEPARATOR + "Positions : 3/3"
        assert message.reply_markup is None and message.edits == 2
        tallies.request(target, "Positions : 2/3", closed=False)  # late: the round is over
        await tallies.flush()
        assert message.edits == 2
        edits = fake_api.calls_to("editMessageText")
        assert len(edits) == 3  # one refused for now, then two
        assert fake_api.rejected == []
    finally:
        await adapter.stop()
