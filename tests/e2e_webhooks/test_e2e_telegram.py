"""Telegram end to end: updates POSTed to the real `assemblee run`, its Bot API calls seen by
a fake Bot API that checks every request against the documented parameters."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from webhooks_networks import BOT_USERNAME, Networks

from core.i18n import translate
from tests.integration.telegram.fake_bot_api import SentMessage
from tests.integration.telegram.telegram_updates import FORUM, user

TOPIC = 77  # a forum topic of the group: the whole round happens in it
AMINA = user(123456789, "Amina")
BOB = user(234567891, "Bob", username="bob_quartier")
LOU = user(345678912, "Lou", language_code="en")


async def wait_for(condition: Callable[[], Any], what: str, timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


class Room:
    """People of a forum topic talking to the bot over its webhook."""

    def __init__(self, networks: Networks) -> None:
        self.n = networks
        self.api = networks.telegram_api
        self.api.add_forum_topic(FORUM, TOPIC)

    async def post(self, update: dict[str, Any]) -> None:
        assert await self.n.telegram.send(update) == 200

    async def say(self, sender: dict[str, Any], text: str, **extra: Any) -> list[SentMessage]:
        """One message in the topic; what the bot sent because of it."""
        before = len(self.api.sent)
        await self.post(
            self.n.updates.message(text, sender=sender, chat_id=FORUM, topic=TOPIC, **extra)
        )
        await self.n.bot.wait_idle()
        return self.api.sent[before:]

    def press(self, data: str, prompt: SentMessage, sender: dict[str, Any]) -> dict[str, Any]:
        """A press, carrying the pressed message as Telegram shows it at that moment."""
        update = self.n.updates.callback(
            data, message_id=prompt.message_id, chat_id=FORUM, sender=sender, topic=TOPIC,
            text=prompt.text, entities=prompt.entities, reply_markup=prompt.reply_markup,
        )
        self.api.register_callback(update["callback_query"]["id"])
        return update

    def answers_to(self, callback_id: str) -> list[dict[str, Any]]:
        return [
            call.params
            for call in self.api.calls_to("answerCallbackQuery")
            if call.params["callback_query_id"] == callback_id
        ]


def buttons(message: SentMessage) -> list[str]:
    assert message.reply_markup is not None, message.text
    return [b["callback_data"] for row in message.reply_markup["inline_keyboard"] for b in row]


async def test_a_consent_round_in_a_forum_topic(networks: Networks) -> None:
    room = Room(networks)
    api = networks.telegram_api
    # the bot learnt its own name from Telegram when it started
    assert api.calls_to("getMe")
    # the operator points Telegram at the bot: the secret Telegram will send back is the
    # one the running bot requires, and the command menu is published in French and English
    code, out, err = await networks.bot.cli("telegram", "set-webhook")
    assert code == 0, err
    webhook_url = "https://assemblee.quartier.test/telegram/webhook"
    assert api.webhook["url"] == webhook_url and webhook_url in out
    assert api.webhook["secret_token"] == networks.telegram.secret
    assert {("default", ""), ("default", "fr")} <= set(api.commands)

    for member in (AMINA, BOB, LOU):
        [welcome] = await room.say(member, "/join")
        assert (welcome.chat_id, welcome.thread) == (FORUM, TOPIC)  # answered in the topic
        assert member["first_name"] in welcome.text

    opened = await room.say(AMINA, f"/propose@{BOT_USERNAME} Jardin partagé\nOn plante en mars.")
    assert any("Jardin partagé" in sent.text for sent in opened)
    await room.say(AMINA, "/suivant 1")
    decision = await room.say(AMINA, "/next 1")
    [prompt] = [sent for sent in decision if sent.reply_markup]
    assert prompt.thread == TOPIC
    assert {"consent #1 --version 1", "reason:concern #1 --version 1", "reason:object #1 --version 1"} <= set(buttons(prompt))

    # Bob consents with a button: stored, answered once, the press counted once
    press = room.press("consent #1 --version 1", prompt, BOB)
    callback_id = press["callback_query"]["id"]
    await room.post(press)
    await wait_for(lambda: api.callback_answered(callback_id), "the answer to Bob's press")
    [answer] = room.answers_to(callback_id)
    assert answer["text"] == translate("telegram.button_received", "fr")
    # the press is not confirmed by a message in the topic: the round's message shows the tally
    await wait_for(lambda: prompt.edits == 1, "the tally under the round's message")
    assert prompt.text.endswith("📊 Positions : 1/3 — consentement 1") and buttons(prompt)
    assert not [s for s in api.sent if "Bob" in s.text and "consentement" in s.text]
    # Telegram redelivers the same update (e.g. our 200 got lost): nothing happens twice
    await room.post(press)
    await networks.bot.wait_idle()
    await asyncio.sleep(0.3)
    assert len(room.answers_to(callback_id)) == 1
    assert prompt.edits == 1

    # Lou's concern needs a reason: a forced reply in the topic, then Lou's answer
    press = room.press("reason:concern #1 --version 1", prompt, LOU)
    await room.post(press)
    ask = await wait_for(
        lambda: next((s for s in api.sent if s.reply_markup and "force_reply" in s.reply_markup), None),
        "the reason prompt",
    )
    assert ask.thread == TOPIC and ask.reply_markup["selective"] is True
    assert '<a href="tg://user?id=345678912">Lou</a>' in ask.raw
    await wait_for(lambda: api.callback_answered(press["callback_query"]["id"]), "Lou's answer")
    [answer] = room.answers_to(press["callback_query"]["id"])
    assert answer["text"] == translate("telegram.reason_prompted", "en")  # Lou's own language
    reply_to = networks.updates.bot_message(ask.text, message_id=ask.message_id, chat_id=FORUM)
    await room.say(LOU, "Only if we share the watering.", reply_to=reply_to)
    # a position typed (here, the reason's reply) redraws the tally under the buttons too,
    # spaced from the previous edit like presses
    await wait_for(lambda: prompt.edits == 2, "the tally redrawn after Lou's typed concern")
    assert prompt.text.endswith("\n\n📊 Positions : 2/3 — réserve 1 · consentement 1") and buttons(prompt)

    # Telegram is busy when the outcome is announced: the bot waits as told, sends once
    api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    press = room.press("consent #1 --version 1", prompt, AMINA)
    calls_before, sent_before = len(api.calls_to("sendMessage")), len(api.sent)
    started = time.monotonic()
    await room.post(press)
    adopted = await wait_for(
        lambda: [s for s in api.sent if "#1" in s.text and "adoptée" in s.text.lower()],
        "the adoption announcement",
    )
    assert time.monotonic() - started >= 0.9  # retry_after was honoured
    await networks.bot.wait_idle()
    assert len(adopted) == 1 and adopted[0].thread == TOPIC
    attempts = [c.params["text"] for c in api.calls_to("sendMessage")[calls_before:]]
    delivered = [s.raw for s in api.sent[sent_before:]]
    assert len(attempts) == len(delivered) + 1  # one refused with 429, then sent again
    assert attempts[0] == attempts[1] == delivered[0]
    assert len(set(delivered)) == len(delivered)  # nothing shown twice
    # the round is over: its message shows the final tally, without buttons
    await wait_for(lambda: prompt.reply_markup is None, "the round's message without its buttons")
    assert prompt.text.count("📊") == 1 and "3/3" in prompt.text

    # the state, as `assemblee export` tells it
    [assembly] = (await networks.bot.export())["assemblies"]
    assert (assembly["platform"], assembly["room"]) == ("telegram", str(FORUM))
    [proposal] = assembly["proposals"]
    assert (proposal["title"], proposal["status"]) == ("Jardin partagé", "adopted")
    positions = {p["member"]: (p["position"], p["reason"]) for p in proposal["positions"]}
    assert positions == {
        "telegram:123456789": ("consent", ""),
        "telegram:234567891": ("consent", ""),
        "telegram:345678912": ("concern", "Only if we share the watering."),
    }
    assert len(proposal["positions"]) == 3  # the redelivered press counted once
    assert api.rejected == []  # every Bot API call followed the documentation
    assert networks.bot.errors() == []
