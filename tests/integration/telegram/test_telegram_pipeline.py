"""The Telegram adapter in front of the real pipeline and core, on SQLite."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from fake_bot_api import FakeBotApi, SentMessage
from telegram_harness import BOT_USERNAME, serve_adapter, settings_for
from telegram_updates import GROUP, Updates, user

from adapters.base import InlineResult
from adapters.telegram import TelegramAdapter, TelegramSettings
from adapters.telegram.commands import menu
from app.pipeline import Pipeline
from core.clock import SystemClock
from core.messages import Action, Inbound
from storage import db, migrate
from storage.models import AssemblyRow, AuditRow, PollAnswerRow, PositionRow

AMINA = user(123456789, "Amina")
BOB = user(234567891, "Bob", username="bob_t")
LOU = user(345678912, "Lou")


class RecordingPipeline:
    """Hands every event to the real pipeline and remembers what went through."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.seen: list[Inbound] = []

    async def accept(self, inbound: Inbound) -> bool:
        self.seen.append(inbound)
        return await self.pipeline.accept(inbound)

    async def accept_and_wait(self, inbound: Inbound, timeout: float = 2.5) -> InlineResult:
        self.seen.append(inbound)
        return await self.pipeline.accept_and_wait(inbound, timeout)


@dataclass
class Bot:
    fake: FakeBotApi
    adapter: TelegramAdapter
    pipeline: Pipeline
    recorder: RecordingPipeline
    updates: Updates
    url: str
    secret: str
    client: aiohttp.ClientSession
    settings: TelegramSettings
    running: list[Any]  # the server, its watchdog and the pipeline's workers

    async def post(self, update: dict[str, Any]) -> None:
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.secret}
        async with self.client.post(self.url, json=update, headers=headers) as response:
            assert response.status == 200
            if response.content_type == "application/json":
                self.fake.webhook_reply(await response.json())  # as Telegram would

    async def say(self, sender: dict[str, Any], text: str, **kwargs: Any) -> list[SentMessage]:
        """Post one message, let the core answer, return what the bot sent because of it."""
        before = len(self.fake.sent)
        await self.post(self.updates.message(text, sender=sender, **kwargs))
        await self.settle()
        return self.fake.sent[before:]

    async def settle(self) -> None:
        assert await self.pipeline.drain(["telegram"], timeout=20)
        await self.adapter.flush()

    async def start(self) -> None:
        """A new process: a new adapter (what it remembers is gone, but for its polls file),
        a new pipeline on the same database, served on a new port."""
        self.adapter = TelegramAdapter(self.settings)
        self.pipeline = Pipeline(SystemClock(), lock_rows=False, adapters={"telegram": self.adapter})
        self.recorder = RecordingPipeline(self.pipeline)
        await self.adapter.start(self.recorder)
        server, watchdog = await serve_adapter(self.adapter)
        self.url = str(server.make_url(self.settings.webhook_path))
        self.running = [server, watchdog, asyncio.create_task(self.pipeline.inbox_worker()),
                        asyncio.create_task(self.pipeline.sender())]

    async def stop(self) -> None:
        server, watchdog, *workers = self.running
        for worker in workers:
            worker.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        watchdog.cancel()
        await server.close()
        await self.adapter.stop()

    async def restart(self) -> None:
        await self.stop()
        await self.start()


@pytest.fixture
async def bot(tmp_path: Path, fake_api: FakeBotApi) -> AsyncIterator[Bot]:
    url = f"sqlite://{tmp_path / 'assemblee.db'}"
    await db.connect(url)
    await migrate.apply(url)
    settings = settings_for(fake_api)
    try:
        async with aiohttp.ClientSession() as client:
            bot = Bot(fake=fake_api, adapter=None, pipeline=None, recorder=None,  # type: ignore[arg-type]
                      updates=Updates(fake_api.bot_id, BOT_USERNAME), url="",
                      secret=settings.webhook_secret.get_secret_value(), client=client, settings=settings,
                      running=[])
            await bot.start()
            try:
                yield bot
            finally:
                await bot.stop()
    finally:
        await db.disconnect()


async def test_a_consent_round_from_telegram(bot: Bot) -> None:
    # joining: answers land in the group, as replies, naming people and typed with "/"
    for member in (AMINA, BOB, LOU):
        [welcome] = await bot.say(member, "/join", message_id=len(bot.recorder.seen) + 100)
        assert welcome.chat_id == GROUP
        assert welcome.reply_to == len(bot.recorder.seen) - 1 + 100
        assert member["first_name"] in welcome.text
        assert "/aide" in welcome.text and "!aide" not in welcome.text

    opened = await bot.say(AMINA, f"/propose@{BOT_USERNAME} Jardin partagé\nOn plante en mars.")
    assert any(
        "Jardin partagé" in sent.text and "On plante en mars." in sent.text for sent in opened
    )
    await bot.say(AMINA, "/suivant 1")
    round_open = await bot.say(AMINA, "/next 1")
    prompt = round_open[-1]
    assert prompt.reply_markup is not None
    datas = [b["callback_data"] for row in prompt.reply_markup["inline_keyboard"] for b in row]
    assert "consent #1 --version 1" in datas and "reason:object #1 --version 1" in datas

    # a plain button: stored for the core, answered at once
    press = bot.updates.callback("consent #1 --version 1", message_id=prompt.message_id, sender=BOB)
    bot.fake.register_callback(press["callback_query"]["id"])
    await bot.post(press)
    await bot.settle()
    assert bot.fake.callback_answered(press["callback_query"]["id"])
    button = bot.recorder.seen[-1]
    assert (button.payload, button.sender) == ("consent #1 --version 1", "telegram:234567891")

    # a button that needs a reason: forced reply, then the reply is the objection
    press = bot.updates.callback("reason:object #1 --version 1", message_id=prompt.message_id, sender=LOU)
    bot.fake.register_callback(press["callback_query"]["id"])
    await bot.post(press)
    await bot.settle()
    ask = bot.fake.sent[-1]
    assert ask.reply_markup is not None and ask.reply_markup["force_reply"] is True
    answered = await bot.say(
        LOU,
        "Pas avant l'été.",
        reply_to=bot.updates.bot_message(ask.text, message_id=ask.message_id),
    )
    objection = bot.recorder.seen[-1]
    assert (objection.text, objection.sender) == (
        "!object #1 --version 1 Pas avant l'été.",
        "telegram:345678912",
    )
    assert answered and answered[0].chat_id == GROUP  # the core answered in the group

    # naming someone by @username reaches the core as that member
    [given] = await bot.say(AMINA, "/role @bob_t facilitator")
    assert bot.recorder.seen[-1].text == "!role @234567891 facilitator"
    assert given.text.startswith("Bob ")
    assert '<a href="tg://user?id=234567891">Bob</a>' in given.raw  # mentioned: pinged
    assert bot.fake.rejected == []
    # the group's title names the assembly (its calendar feed shows it)
    assembly = await AssemblyRow.get(platform="telegram", room=str(GROUP))
    assert assembly.title == "Assemblée de quartier"


async def test_a_time_poll_answered_in_a_native_telegram_poll(bot: Bot) -> None:
    """!schedule opens a multi-answer native poll; ticking slots answers yes to them and no
    to the others; fixing the date stops the poll."""
    for member in (AMINA, BOB):
        await bot.say(member, "/join")
    day = (datetime.now(UTC) + timedelta(days=20)).date()
    slots = " | ".join(f"{day + timedelta(days=i)} 18:30-20:30" for i in range(3))
    await bot.say(AMINA, f'/planifier AG de printemps --slots "{slots}"')
    [call] = bot.fake.calls_to("sendPoll")
    assert call.params["allows_multiple_answers"] is True
    assert call.params["is_anonymous"] is False
    native = next(sent for sent in bot.fake.sent if sent.method == "sendPoll")
    assert native.poll_id is not None

    await bot.post(bot.updates.poll_answer(native.poll_id, [0, 2], sender=BOB))
    await bot.settle()
    answer = bot.recorder.seen[-1]
    assert (answer.payload, answer.sender) == ("avail #1 yes no yes", "telegram:234567891")
    thanks = bot.fake.sent[-1]
    assert "Bob" in thanks.text and thanks.text.count("✅") == 2 and thanks.text.count("❌") == 1

    # a retraction takes the answer back, without a word in the group (the poll shows it)
    sent_before = len(bot.fake.sent)
    await bot.post(bot.updates.poll_answer(native.poll_id, [], sender=BOB))
    await bot.settle()
    retracted = bot.recorder.seen[-1]
    assert (retracted.action, retracted.payload) == (Action.UNDO, "avail #1")
    assert await PollAnswerRow.filter(member="telegram:234567891").count() == 0
    assert len(bot.fake.sent) == sent_before
    assert await AuditRow.filter(subject="poll", number=1, kind="answer_withdrawn",
                                 member="telegram:234567891").count() == 1
    [status] = await bot.say(AMINA, "/etat 1")
    assert "0 réponse sur 2" in status.text and "Pas encore répondu : Amina, Bob" in status.text, status.text
    # Telegram sends a retraction before a changed vote: the new choice is the answer
    await bot.post(bot.updates.poll_answer(native.poll_id, [0], sender=BOB))
    await bot.settle()
    assert bot.recorder.seen[-1].payload == "avail #1 yes no no"
    [(choices,)] = await PollAnswerRow.filter(member="telegram:234567891").values_list("choices")
    assert choices == ["yes", "no", "no"]

    [status] = await bot.say(AMINA, "/etat 1")
    assert "Bob" in status.text
    fixed = await bot.say(AMINA, "/finaliser 1 1")
    assert any("Bob" in sent.text for sent in fixed)
    [stop] = bot.fake.calls_to("stopPoll")
    assert stop.params["message_id"] == native.message_id
    assert bot.fake.rejected == []


async def test_presses_are_shown_as_the_tally_under_the_round_message(bot: Bot) -> None:
    """A press is confirmed by its toast; the round's message shows the tally under it
    (edited in place, presses close together drawn by one edit) instead of one message in
    the group per press; once the round is over its buttons go."""
    for member in (AMINA, BOB, LOU):
        await bot.say(member, "/join")
    await bot.say(AMINA, "/propose Jardin partagé\nOn plante en mars.")
    await bot.say(AMINA, "/suivant 1")
    prompt = (await bot.say(AMINA, "/next 1"))[-1]
    keyboard = prompt.reply_markup
    assert keyboard is not None and "inline_keyboard" in keyboard
    title = prompt.text.index("Jardin partagé")
    bold = [{"type": "bold", "offset": title, "length": len("Jardin partagé")}]  # as Telegram shows it

    def press(member: dict[str, Any]) -> dict[str, Any]:
        update = bot.updates.callback("consent #1 --version 1", message_id=prompt.message_id, sender=member,
                                      text=prompt.text, entities=bold, reply_markup=prompt.reply_markup)
        bot.fake.register_callback(update["callback_query"]["id"])
        return update

    original = prompt.text
    sent_before = len(bot.fake.sent)
    await bot.post(press(BOB))
    await bot.settle()
    assert bot.fake.sent[sent_before:] == []  # nothing posted in the group
    assert prompt.edits == 1
    assert prompt.text == original + "\n\n📊 Positions : 1/3 — consentement 1"
    assert prompt.entities == bold and prompt.reply_markup == keyboard  # formatting and buttons kept

    # two presses close together: the second edit waits, then draws both
    bot.adapter.sender.tallies.min_interval = 60.0
    await bot.post(press(LOU))
    assert await bot.pipeline.drain(["telegram"], timeout=20)
    await asyncio.sleep(0.2)
    assert prompt.edits == 1  # spaced: not drawn yet
    await bot.post(press(AMINA))  # the last member: the proposal is adopted
    assert await bot.pipeline.drain(["telegram"], timeout=20)
    assert prompt.edits == 1
    [adopted] = [s for s in bot.fake.sent[sent_before:] if "adoptée" in s.text.lower()]
    assert adopted.chat_id == GROUP  # what the room must hear is still posted
    await bot.adapter.flush()
    assert prompt.edits == 2
    assert prompt.text == original + "\n\n📊 Tour clos : proposition adoptée. Positions : 3/3 — consentement 3"
    assert prompt.reply_markup is None  # the round is over: no more buttons
    assert len(bot.fake.sent[sent_before:]) == 1  # three presses, one message: the adoption
    assert all(bot.fake.callback_answered(c.params["callback_query_id"])
               for c in bot.fake.calls_to("answerCallbackQuery"))
    assert bot.fake.rejected == []


async def test_typed_positions_redraw_the_tally_under_the_round_message(bot: Bot) -> None:
    """Half the group presses, half types: the tally under the buttons counts both. A typed
    position is still confirmed by its message; a changed position, a position given again,
    a withdrawn objection and a position recorded by the facilitator redraw the tally too,
    through the same spaced edits as presses."""
    dave = user(456789123, "Dave")
    for member in (AMINA, BOB, LOU, dave):
        await bot.say(member, "/join")
    await bot.say(AMINA, "/propose Jardin partagé\nOn plante en mars.")
    await bot.say(AMINA, "/suivant 1")
    prompt = prompt_of(await bot.say(AMINA, "/next 1"))
    original, keyboard = prompt.text, prompt.reply_markup
    press = bot.updates.callback("consent #1 --version 1", message_id=prompt.message_id, sender=BOB,
                                 text=prompt.text, reply_markup=prompt.reply_markup)
    bot.fake.register_callback(press["callback_query"]["id"])
    await bot.post(press)
    await bot.settle()
    assert prompt.text == original + "\n\n📊 Positions : 1/4 — consentement 1" and prompt.edits == 1

    [noted] = await bot.say(LOU, "/consent 1")  # typed: confirmed in the group, as before
    assert "Lou" in noted.text and noted.message_id != prompt.message_id
    assert prompt.text == original + "\n\n📊 Positions : 2/4 — consentement 2"
    assert prompt.reply_markup == keyboard and prompt.edits == 2  # the buttons stay

    await bot.say(LOU, "/objection 1 Pas avant l'été.")  # a changed position
    assert prompt.text.endswith("📊 Positions : 2/4 — consentement 1 · objection 1")
    asked = len(bot.fake.calls_to("editMessageText"))
    await bot.say(BOB, "/consent 1")  # given again: the same tally, no edit asked for nothing
    assert prompt.edits == 3 and len(bot.fake.calls_to("editMessageText")) == asked
    await bot.say(LOU, "/lever 1")  # the objection withdrawn: Lou's position with it
    assert prompt.text.endswith("📊 Positions : 1/4 — consentement 1")
    await bot.say(AMINA, "/noter 1 @456789123 abstention")  # given in person, recorded by the proposer
    assert prompt.text.endswith("📊 Positions : 2/4 — consentement 1 · abstention 1")
    assert prompt.edits == 5 and prompt.reply_markup == keyboard
    assert prompt.text.count("📊") == 1 and prompt.text.startswith(original)

    # typed positions close together: one edit draws them, spaced like presses
    bot.adapter.sender.tallies.min_interval = 60.0
    for member in (LOU, AMINA):
        await bot.post(bot.updates.message("/consent 1", sender=member))
        assert await bot.pipeline.drain(["telegram"], timeout=20)
    await asyncio.sleep(0.2)
    assert prompt.edits == 5  # spaced: not drawn yet (the last one closed the round)
    await bot.adapter.flush()
    assert prompt.edits == 6 and prompt.reply_markup is None
    assert prompt.text == original + "\n\n📊 Tour clos : proposition adoptée. Positions : 4/4 — consentement 3 · " \
        "abstention 1"
    assert bot.fake.rejected == []


async def test_a_typed_position_after_a_restart_redraws_the_tally(bot: Bot) -> None:
    """What the new process knows of the round's message is in the database: a typed
    position redraws it all the same, with the round's call and its buttons."""
    for member in (AMINA, BOB, LOU):
        await bot.say(member, "/join")
    await bot.say(AMINA, "/propose Jardin partagé\nOn plante en mars.")
    await bot.say(AMINA, "/suivant 1")
    prompt = prompt_of(await bot.say(AMINA, "/next 1"))
    original, keyboard = prompt.text, prompt.reply_markup
    await bot.restart()
    [noted] = await bot.say(BOB, "/consent 1")
    assert "Bob" in noted.text
    assert prompt.text == original + "\n\n📊 Positions : 1/3 — consentement 1"
    assert prompt.reply_markup == keyboard and prompt.edits == 1
    # a press on the redrawn message is counted and drawn in its place
    press = bot.updates.callback("consent #1 --version 1", message_id=prompt.message_id, sender=LOU,
                                 text=prompt.text, reply_markup=prompt.reply_markup)
    bot.fake.register_callback(press["callback_query"]["id"])
    await bot.post(press)
    await bot.settle()
    assert prompt.text == original + "\n\n📊 Positions : 2/3 — consentement 2"
    assert bot.fake.rejected == []


async def test_an_anonymous_round_redrawn_after_a_typed_position_shows_only_how_many(bot: Bot) -> None:
    for member in (AMINA, BOB, LOU):
        await bot.say(member, "/join")
    await bot.say(AMINA, "/propose Budget --anonymous\nRépartition.")
    await bot.say(AMINA, "/suivant 1")
    prompt = prompt_of(await bot.say(AMINA, "/next 1"))
    original = prompt.text
    await bot.say(BOB, "/objection 1 Trop cher.")
    assert prompt.text == original + "\n\n📊 Positions : 1/3 (anonyme : le détail à la clôture)"
    await bot.say(AMINA, '/propose Local --method vote --options "Salle | Parc" --hide-results\nOù ?')
    vote = prompt_of(bot.fake.sent[-2:])  # buttons, not a native poll, with hidden results
    called = vote.text
    await bot.say(BOB, "/vote 2 Parc")
    assert vote.text == called + "\n\n📊 Positions : 1/3 (résultats masqués jusqu'à la clôture)"
    assert bot.fake.rejected == []


async def test_a_press_whose_message_is_unknown_is_confirmed_in_the_group(bot: Bot) -> None:
    """A press that carries no inline keyboard (or a refused press) is answered by a
    message, as before."""
    for member in (AMINA, BOB):
        await bot.say(member, "/join")
    await bot.say(AMINA, "/propose Fête\nEn juin.")
    await bot.say(AMINA, "/suivant 1")
    prompt = (await bot.say(AMINA, "/next 1"))[-1]
    update = bot.updates.callback("consent #1 --version 1", message_id=prompt.message_id, sender=BOB,
                                  text=prompt.text)  # no keyboard with it
    bot.fake.register_callback(update["callback_query"]["id"])
    before = len(bot.fake.sent)
    await bot.post(update)
    await bot.settle()
    [noted] = bot.fake.sent[before:]
    assert "Bob" in noted.text and "1 personne a pris position sur 2" in noted.text and prompt.edits == 0
    # a press by someone who is not a member: the refusal goes to the presser alone (an
    # alert, never "✓ Reçu"), nothing in the group, the tally untouched
    update = bot.updates.callback("consent #1 --version 1", message_id=prompt.message_id, sender=LOU,
                                  text=prompt.text, reply_markup=prompt.reply_markup)
    callback_id = update["callback_query"]["id"]
    bot.fake.register_callback(callback_id)
    before = len(bot.fake.sent)
    await bot.post(update)
    await bot.settle()
    assert bot.fake.sent[before:] == [] and prompt.edits == 0
    [answer] = [c.params for c in bot.fake.calls_to("answerCallbackQuery") if c.params["callback_query_id"] == callback_id]
    assert answer["show_alert"] is True and "/rejoindre" in answer["text"] and "Reçu" not in answer["text"]
    assert bot.fake.rejected == []


async def test_an_anonymous_round_shows_how_many_took_part_until_its_close(bot: Bot) -> None:
    for member in (AMINA, BOB):
        await bot.say(member, "/join")
    await bot.say(AMINA, "/propose Budget --anonymous\nRépartition.")
    await bot.say(AMINA, "/suivant 1")
    prompt = (await bot.say(AMINA, "/next 1"))[-1]
    original = prompt.text
    for member in (BOB, AMINA):
        update = bot.updates.callback("consent #1 --version 1", message_id=prompt.message_id, sender=member,
                                      text=prompt.text, reply_markup=prompt.reply_markup)
        bot.fake.register_callback(update["callback_query"]["id"])
        await bot.post(update)
        await bot.settle()
        if member is BOB:
            assert prompt.text == original + "\n\n📊 Positions : 1/2 (anonyme : le détail à la clôture)"
    assert prompt.text == original + "\n\n📊 Tour clos : proposition adoptée. Positions : 2/2 — consentement 2"
    assert prompt.reply_markup is None


async def test_an_anonymous_vote_takes_buttons_not_a_native_poll(bot: Bot) -> None:
    """A native Telegram poll that tells the bot who answered also shows the group who chose
    what, and shows its results to whoever answered: an anonymous vote (or hidden results)
    is offered with buttons, whose presses only the bot sees."""
    for member in (AMINA, BOB, LOU):
        await bot.say(member, "/join")
    opened = await bot.say(AMINA, '/propose Local --method vote --options "Salle | Parc" --anonymous\nOù ?')
    assert bot.fake.calls_to("sendPoll") == []
    [prompt] = [sent for sent in opened if sent.reply_markup]
    datas = [b["callback_data"] for row in prompt.reply_markup["inline_keyboard"] for b in row]
    assert datas == ["vote #1 1 --version 1", "vote #1 2 --version 1"]
    update = bot.updates.callback(datas[1], message_id=prompt.message_id, sender=BOB,
                                  text=prompt.text, reply_markup=prompt.reply_markup)
    bot.fake.register_callback(update["callback_query"]["id"])
    before = len(bot.fake.sent)
    await bot.post(update)
    await bot.settle()
    assert bot.fake.sent[before:] == []
    assert prompt.text.endswith("📊 Positions : 1/3 (anonyme : le détail à la clôture)")
    # an ordinary vote is still a native poll
    await bot.say(AMINA, '/propose Date --method vote --options "Mai | Juin"\nQuand ?')
    assert len(bot.fake.calls_to("sendPoll")) == 1


async def test_closing_a_vote_offered_with_buttons_stops_no_poll(bot: Bot) -> None:
    """An anonymous vote went out as buttons: its close takes the buttons away and calls no
    stopPoll on their message (which is no poll: Telegram would answer 400)."""
    for member in (AMINA, BOB):
        await bot.say(member, "/join")
    opened = await bot.say(AMINA, '/propose Local --method vote --options "Salle | Parc" --anonymous\nOù ?')
    [prompt] = [sent for sent in opened if sent.reply_markup]
    for member in (BOB, AMINA):  # the last press closes the vote
        update = bot.updates.callback("vote #1 2 --version 1", message_id=prompt.message_id, sender=member,
                                      text=prompt.text, reply_markup=prompt.reply_markup)
        bot.fake.register_callback(update["callback_query"]["id"])
        await bot.post(update)
        await bot.settle()
    assert any("ADOPTÉE" in sent.text or "Parc" in sent.text for sent in bot.fake.sent if sent is not prompt)
    assert prompt.reply_markup is None and "📊 Tour clos" in prompt.text
    assert bot.fake.calls_to("stopPoll") == []
    assert bot.fake.rejected == []


async def test_a_vote_in_a_native_poll_is_not_confirmed_by_a_message(bot: Bot) -> None:
    """The poll shows each vote and its results: a vote gets no message of its own in the
    group. A vote that does not count (not a member) is answered, and the close is announced."""
    for member in (AMINA, BOB):
        await bot.say(member, "/join")
    await bot.say(AMINA, '/propose Date --method vote --options "Mai | Juin"\nQuand ?')
    native = next(sent for sent in bot.fake.sent if sent.method == "sendPoll")
    assert native.poll_id is not None

    before = len(bot.fake.sent)
    await bot.post(bot.updates.poll_answer(native.poll_id, [1], sender=BOB))
    await bot.settle()
    assert bot.recorder.seen[-1].payload == "vote #1 2 --version 1"
    assert bot.fake.sent[before:] == []  # shown by the poll itself

    await bot.post(bot.updates.poll_answer(native.poll_id, [0], sender=LOU))  # not a member
    await bot.settle()
    [refused] = bot.fake.sent[before:]
    assert refused.text.startswith("Lou : ") and "/rejoindre" in refused.text  # whose vote it was

    await bot.post(bot.updates.poll_answer(native.poll_id, [1], sender=AMINA))  # the last one: closed
    await bot.settle()
    closing = bot.fake.sent[before + 1:]
    assert len(closing) == 1 and "Juin" in closing[0].text
    assert [c.params["message_id"] for c in bot.fake.calls_to("stopPoll")] == [native.message_id]
    [status] = await bot.say(AMINA, "/etat 1")
    assert "2/2" in status.text


def prompt_of(sent: list[SentMessage]) -> SentMessage:
    [prompt] = [s for s in sent if s.reply_markup is not None and "inline_keyboard" in s.reply_markup]
    return prompt


async def test_a_round_closed_by_typed_commands_or_replaced_loses_its_buttons(bot: Bot) -> None:
    """An amendment redraws the call of the replaced version without its buttons; typed
    positions that adopt the proposal do the same to the new call (not only presses)."""
    for member in (AMINA, BOB, LOU):
        await bot.say(member, "/join")
    await bot.say(AMINA, "/propose Jardin partagé\nOn plante en mars.")
    await bot.say(AMINA, "/suivant 1")
    first = prompt_of(await bot.say(AMINA, "/next 1"))
    original = first.text
    await bot.say(LOU, "/objection 1 Pas avant l'été.")
    second = prompt_of(await bot.say(AMINA, "/amend 1 On plante en mai."))
    assert second.message_id != first.message_id and "version 2" in second.text
    assert first.reply_markup is None  # the replaced version: no more buttons
    assert first.text == original + (
        "\n\n📊 Version remplacée : #1 en est à la version 2, les positions se donnent sous son nouveau message.")
    assert second.reply_markup is not None
    for member in (LOU, BOB, AMINA):
        await bot.say(member, "/consent 1")
    assert any("ADOPTÉE" in s.text for s in bot.fake.sent)
    assert second.reply_markup is None
    assert second.text.endswith("\n\n📊 Tour clos : proposition adoptée. Positions : 3/3 — consentement 3")
    assert "version 2" in second.text and "/consentement #1" in second.text  # its call, as it was
    assert bot.fake.rejected == []


async def test_a_round_closed_by_its_deadline_loses_its_buttons(bot: Bot) -> None:
    from app.scheduler import Scheduler
    from core.clock import FakeClock
    from storage.models import OutboxRow

    for member in (AMINA, BOB, LOU):
        await bot.say(member, "/join")
    await bot.say(AMINA, "/propose --deadline 2j Horaires")
    await bot.say(AMINA, "/suivant 1")
    prompt = prompt_of(await bot.say(AMINA, "/next 1"))
    press = bot.updates.callback("consent #1 --version 1", message_id=prompt.message_id, sender=BOB,
                                 text=prompt.text, reply_markup=prompt.reply_markup)
    bot.fake.register_callback(press["callback_query"]["id"])
    await bot.post(press)
    await bot.settle()
    assert prompt.text.endswith("📊 Positions : 1/3 — consentement 1") and prompt.reply_markup is not None

    later = Scheduler(FakeClock(datetime.now(UTC) + timedelta(days=3)), lock_rows=False)
    assert await later.run_due() >= 1
    await OutboxRow.filter(status="pending").update(next_attempt_at=datetime.now(UTC))  # written "in 3 days"
    bot.pipeline.wake_sender()
    await bot.settle()
    assert any("#1" in s.text and "Horaires" in s.text and s.reply_markup is None and s is not prompt
               for s in bot.fake.sent)
    assert prompt.reply_markup is None
    assert "Positions : 1/3 — consentement 1" not in prompt.text.split("📊")[0]
    assert prompt.text.count("📊") == 1 and "📊 Tour clos : proposition " in prompt.text
    assert bot.fake.rejected == []


def alerts(bot: Bot, callback_id: str) -> list[dict[str, Any]]:
    return [c.params for c in bot.fake.calls_to("answerCallbackQuery") if c.params["callback_query_id"] == callback_id]


async def test_a_press_on_a_replaced_version_is_refused_to_the_presser_by_name(bot: Bot) -> None:
    """The presser sees the refusal in an alert (never "✓ Reçu"); what does not fit there goes
    to the group with their name; the hint is typed in the room's language."""
    for member in (AMINA, BOB, LOU):
        await bot.say(member, "/join")
    await bot.say(AMINA, "/propose Jardin\nEn mars.")
    await bot.say(AMINA, "/suivant 1")
    first = prompt_of(await bot.say(AMINA, "/next 1"))
    await bot.say(AMINA, "/amend 1 En mai.")
    press = bot.updates.callback("consent #1 --version 1", message_id=first.message_id, sender=BOB,
                                 text=first.text)
    callback_id = press["callback_query"]["id"]
    bot.fake.register_callback(callback_id)
    before = len(bot.fake.sent)
    await bot.post(press)
    await bot.settle()
    [alert] = alerts(bot, callback_id)
    assert alert["show_alert"] is True and "Reçu" not in alert["text"]
    assert alert["text"].startswith("Ce bouton portait sur la version 1") and len(alert["text"]) <= 200
    [named] = bot.fake.sent[before:]
    assert named.text.startswith("Bob : Ce bouton portait sur la version 1")
    assert '<a href="tg://user?id=234567891">Bob</a>' in named.raw  # Bob is told, by a mention
    assert "/consentement #1" in named.text and "/consent #1" not in named.text
    # an accepted press is still confirmed by the toast
    second = prompt_of(bot.fake.sent)
    press = bot.updates.callback("consent #1 --version 2", message_id=second.message_id, sender=BOB,
                                 text=second.text, reply_markup=second.reply_markup)
    bot.fake.register_callback(press["callback_query"]["id"])
    await bot.post(press)
    await bot.settle()
    assert alerts(bot, press["callback_query"]["id"]) == [
        {"callback_query_id": press["callback_query"]["id"], "text": "✓ Reçu"}]
    assert bot.fake.rejected == []


async def test_the_reason_prompt_speaks_the_rooms_language_in_plain_words(bot: Bot) -> None:
    lou_en = user(345678912, "Lou", language_code="en")
    for member in (AMINA, BOB, lou_en):
        await bot.say(member, "/join")
    await bot.say(AMINA, "/propose Jardin\nEn mars.")
    await bot.say(AMINA, "/suivant 1")
    prompt = prompt_of(await bot.say(AMINA, "/next 1"))
    press = bot.updates.callback("reason:object #1 --version 1", message_id=prompt.message_id, sender=lou_en,
                                 text=prompt.text, reply_markup=prompt.reply_markup)
    bot.fake.register_callback(press["callback_query"]["id"])
    await bot.post(press)
    await bot.settle()
    ask = bot.fake.sent[-1]
    assert ask.text == "✍️ Lou, écrivez votre objection sur #1 en réponse à ce message."
    assert "!" not in ask.text and "--version" not in ask.text
    assert ask.reply_markup is not None and ask.reply_markup["input_field_placeholder"] == "Votre objection…"
    await bot.say(lou_en, "Pas d'eau.", reply_to=bot.updates.bot_message(ask.text, message_id=ask.message_id))
    assert bot.recorder.seen[-1].text == "!object #1 --version 1 Pas d'eau."  # the version pressed


async def test_a_retracted_poll_vote_is_silent_like_the_vote(bot: Bot) -> None:
    for member in (AMINA, BOB):
        await bot.say(member, "/join")
    await bot.say(AMINA, '/propose Date --method vote --options "Mai | Juin | Juillet"\nQuand ?')
    native = next(sent for sent in bot.fake.sent if sent.method == "sendPoll")
    assert native.poll_id is not None
    before = len(bot.fake.sent)
    await bot.post(bot.updates.poll_answer(native.poll_id, [0], sender=AMINA))
    await bot.settle()
    await bot.post(bot.updates.poll_answer(native.poll_id, [], sender=AMINA))
    await bot.settle()
    assert bot.recorder.seen[-1].action.value == "undo"
    assert bot.fake.sent[before:] == []  # the poll shows it: no anonymous "Position retirée"
    [status] = await bot.say(AMINA, "/etat 1")
    assert "En attente : Amina, Bob" in status.text  # the retraction counted


async def test_start_private_chats_anonymous_admins_and_captions(bot: Bot) -> None:
    """/start gets a welcome, not "unknown command"; a private chat points to the group; a
    command posted anonymously gets one answer; a photo's caption is read as a command."""
    [welcome] = await bot.say(AMINA, f"/start@{BOT_USERNAME}")
    assert welcome.chat_id == GROUP and "/rejoindre" in welcome.text and "/aide" in welcome.text
    assert "inconnue" not in welcome.text and "!" not in welcome.text.replace("Bonjour !", "")
    [private] = await bot.say(AMINA, "/start", chat_id=AMINA["id"])
    assert private.chat_id == AMINA["id"] and "groupe" in private.text and "/rejoindre" in private.text
    [elsewhere] = await bot.say(AMINA, "/propose Mon idée", chat_id=AMINA["id"])
    assert "groupe" in elsewhere.text and "membre" not in elsewhere.text
    # the help asked in a private chat is written by the adapter: no assembly for that chat
    helped = await bot.say(AMINA, "/aide", chat_id=AMINA["id"])
    assert helped and "groupe" not in helped[0].text[:40] and "/proposer" in helped[0].text
    assert helped[0].reply_to is not None
    [one] = await bot.say(AMINA, "/aide ok", chat_id=AMINA["id"])
    assert "/ok" in one.text
    [nothing] = await bot.say(AMINA, "/aide zorglub", chat_id=AMINA["id"])
    assert "zorglub" in nothing.text
    assert await AssemblyRow.filter(room=str(AMINA["id"])).count() == 0

    [unknown] = await bot.say(AMINA, "/zorglub")
    assert "/zorglub" in unknown.text and "!zorglub" not in unknown.text
    await bot.say(AMINA, "/join")
    [opened, *_] = await bot.say(AMINA, "/propose\u00a0Jardin")  # a phone's no-break space
    assert "« Jardin »" in opened.text

    anonymous = bot.updates.message("/propose Anonyme", sender=user(1087968824, "Group", is_bot=True),
                                    sender_chat={"id": GROUP, "type": "supergroup", "title": "Assemblée"})
    before = len(bot.fake.sent)
    await bot.post(anonymous)
    await bot.settle()
    [told] = bot.fake.sent[before:]
    assert "anonyme" in told.text and told.reply_to == anonymous["message"]["message_id"]
    await bot.post(bot.updates.message("bonjour", sender=user(1087968824, "Group", is_bot=True),
                                       sender_chat={"id": GROUP, "type": "supergroup", "title": "Assemblée"}))
    await bot.settle()
    assert len(bot.fake.sent) == before + 1  # plain chat posted anonymously: nothing to say

    photo = bot.updates.message(None, sender=AMINA, caption="/propose Photo du local",
                                caption_entities=[{"type": "bot_command", "offset": 0, "length": 8}],
                                photo=[{"file_id": "x", "file_unique_id": "y", "width": 1, "height": 1}])
    before = len(bot.fake.sent)
    await bot.post(photo)
    await bot.settle()
    assert any("« Photo du local »" in s.text for s in bot.fake.sent[before:])
    assert bot.fake.rejected == []


async def test_a_command_answering_a_proposals_message_needs_no_number(bot: Bot) -> None:
    for member in (AMINA, BOB):
        await bot.say(member, "/join")
    first = await bot.say(AMINA, "/propose Jardin partagé")
    second = await bot.say(AMINA, "/propose Cantine")
    opening_1 = next(sent for sent in first if "Proposition #1" in sent.text)
    opening_2 = next(sent for sent in second if "Proposition #2" in sent.text)
    await bot.say(AMINA, "/next 1")
    await bot.say(AMINA, "/next 1")

    answered = await bot.say(BOB, "/ok", reply_to=bot.updates.bot_message(opening_1.text,
                                                                        message_id=opening_1.message_id))
    assert bot.recorder.seen[-1].reply_to == str(opening_1.message_id)
    assert any("#1" in sent.text and "numéro" not in sent.text for sent in answered)
    # answering #2's opening message: about #2, still in its clarification phase
    refused = await bot.say(BOB, "/ok", reply_to=bot.updates.bot_message(opening_2.text,
                                                                       message_id=opening_2.message_id))
    assert any("#2" in sent.text for sent in refused)
    # not answering anything: the number is asked for, with as example the one open to a
    # consent (#1; #2 is still in its clarification phase)
    [missing] = await bot.say(BOB, "/ok")
    assert "/ok #1" in missing.text and "#2" not in missing.text
    assert await PositionRow.all().count() == 1
    assert await PositionRow.filter(member="telegram:234567891", proposal__number=1).count() == 1


async def test_a_command_answering_the_rounds_call_is_about_its_proposal(bot: Bot) -> None:
    """The round's call, with its buttons and its tally, is the message people answer: a
    command sent in answer to it needs no number, and a number that starts a reason is part
    of the reason, as in answer to the opening message."""
    for member in (AMINA, BOB, LOU):
        await bot.say(member, "/join")
    await bot.say(AMINA, "/propose Jardin partagé")
    await bot.say(AMINA, "/propose Cantine")
    for number in (1, 2):
        await bot.say(AMINA, f"/next {number}")
    call_1 = prompt_of(await bot.say(AMINA, "/next 1"))
    prompt_of(await bot.say(AMINA, "/next 2"))  # #2 decides too: a stray number would land there

    def answering(sent: SentMessage) -> dict[str, Any]:
        return bot.updates.bot_message(sent.text, message_id=sent.message_id)

    await bot.say(BOB, "/objection 2 points me gênent", reply_to=answering(call_1))
    await bot.say(LOU, "/ok", reply_to=answering(call_1))
    positions = await PositionRow.all().prefetch_related("proposal").order_by("id")
    assert [(p.member, p.proposal.number, p.stance, p.reason) for p in positions] == [
        ("telegram:234567891", 1, "objection", "2 points me gênent"),
        ("telegram:345678912", 1, "consent", ""),
    ]
    assert call_1.text.endswith("📊 Positions : 2/3 — consentement 1 · objection 1")
    assert bot.fake.rejected == []


async def test_a_command_answering_any_of_the_bots_messages_about_a_proposal_needs_no_number(bot: Bot) -> None:
    for member in (AMINA, BOB, LOU):
        await bot.say(member, "/join")
    await bot.say(AMINA, "/propose Jardin partagé")
    await bot.say(AMINA, "/next 1")
    [call] = [sent for sent in await bot.say(AMINA, "/next 1") if sent.reply_markup]  # the round's buttons
    assert "#1" in call.text
    await bot.say(AMINA, "/propose Cantine")  # the latest proposal is another one

    def answering(sent: SentMessage) -> dict[str, Any]:
        return {"reply_to": bot.updates.bot_message(sent.text, message_id=sent.message_id)}

    [noted] = await bot.say(BOB, "/ok", **answering(call))
    assert "#1" in noted.text and "numéro" not in noted.text
    # answering that confirmation: still #1, and a number that starts a reason is the reason's
    await bot.say(LOU, "/objection 2 arrosoirs manquent", **answering(noted))
    [objection] = await PositionRow.filter(member="telegram:345678912", proposal__number=1)
    assert objection.reason == "2 arrosoirs manquent"
    # answering the overview, about no proposal: the number is asked for, with #1 as example
    # (the one open to a consent; #2 is in its clarification phase)
    overview = await bot.say(AMINA, "/etat")
    [missing] = await bot.say(BOB, "/ok", **answering(overview[0]))
    assert "/ok #1" in missing.text
    # /etat answering the round's call: #1's state, not the overview
    [state] = await bot.say(AMINA, "/etat", **answering(call))
    assert state.text.startswith("#1 « Jardin partagé »")
    assert await PositionRow.filter(proposal__number=2).count() == 0


async def test_a_command_answering_any_part_of_a_message_cut_in_parts_is_about_its_proposal(bot: Bot) -> None:
    """A state too long for one Telegram message goes out in several: answering its last
    part, or one in the middle, is answering it, as answering its first part is."""
    objectors = [user(500_000_000 + i, f"Voisine {i}") for i in range(36)]
    for member in (AMINA, BOB, LOU, *objectors):
        await bot.say(member, "/join")
    await bot.say(AMINA, "/propose Jardin partagé")
    for _ in range(2):
        await bot.say(AMINA, "/next 1")
    for i, member in enumerate(objectors):
        await bot.say(member, f"/objection 1 {i} " + "les bacs gênent le passage des poussettes " * 5)
    await bot.say(AMINA, "/propose Cantine")  # the latest proposal is another one

    parts = await bot.say(AMINA, "/etat 1")
    assert len(parts) >= 3 and parts[0].text.startswith("#1 « Jardin partagé »"), [p.text[:40] for p in parts]

    def answering(sent: SentMessage) -> dict[str, Any]:
        return {"reply_to": bot.updates.bot_message(sent.text, message_id=sent.message_id)}

    [noted] = await bot.say(BOB, "/ok", **answering(parts[-1]))
    assert "#1" in noted.text and "numéro" not in noted.text, noted.text
    await bot.say(LOU, "/ok", **answering(parts[1]))
    consents = await PositionRow.filter(stance="consent").prefetch_related("proposal").order_by("id")
    assert [(p.member, p.proposal.number) for p in consents] == [
        ("telegram:234567891", 1), ("telegram:345678912", 1)]
    assert bot.fake.rejected == []


async def test_a_rounds_call_sent_in_parts_is_redrawn_on_its_last_part_the_one_with_the_buttons(bot: Bot) -> None:
    """A round's call too long for one Telegram message goes out in parts, its buttons under
    the last one: presses, typed positions and the close redraw that part alone (its text, the
    tally under it, within Telegram's 4096 characters); the first part is never edited."""
    from adapters.telegram.render import MESSAGE_LIMIT, utf16_len

    for member in (AMINA, BOB, LOU):
        await bot.say(member, "/join")
    title = "Potager " + "🌱" * 150  # two UTF-16 units each: as long as a message may hold
    options = [f"{i:02d} " + "🌻" * 90 for i in range(1, 21)]
    typed = f'/propose {title} --method vote --options "{" | ".join(options)}"'
    assert utf16_len(typed) <= MESSAGE_LIMIT  # a message Telegram lets a person send
    opened = await bot.say(AMINA, typed)
    call = [sent for sent in opened if "Vote sur #1" in sent.text or sent.reply_markup is not None]
    first, *_, last = [sent for sent in opened if sent.message_id >= call[0].message_id]
    assert first is not last and first.reply_markup is None and last.reply_markup is not None, \
        [(s.text[:30], s.reply_markup is not None) for s in opened]
    assert "Vote sur #1" in first.text and "/vote #1" in last.text
    first_text, tail, keyboard = first.text, last.text, last.reply_markup

    def shows_tally(part: SentMessage, tally: str) -> None:
        text, line = part.text.split("\n\n📊 ")
        assert tally in line and tail.startswith(text.rstrip("…")), part.text
        assert utf16_len(part.text) <= MESSAGE_LIMIT

    press = bot.updates.callback("vote #1 2 --version 1", message_id=last.message_id, sender=BOB,
                                 text=last.text, reply_markup=last.reply_markup)
    bot.fake.register_callback(press["callback_query"]["id"])
    await bot.post(press)
    await bot.settle()
    shows_tally(last, "1/3")
    assert last.reply_markup == keyboard and first.edits == 0

    await bot.restart()  # which part carries the buttons is kept in the database
    [noted] = await bot.say(LOU, "/vote 1 3")  # typed: the tally is redrawn on the same part
    assert "Lou" in noted.text
    shows_tally(last, "2/3")
    assert last.reply_markup == keyboard and last.edits == 2
    assert first.edits == 0 and first.text == first_text and first.reply_markup is None

    await bot.say(AMINA, "/vote 1 3")  # the last voter: the round is over, its buttons go
    shows_tally(last, "Tour clos")
    assert last.reply_markup is None
    assert first.edits == 0 and first.text == first_text and first.reply_markup is None
    assert bot.fake.rejected == []


async def test_a_refused_slash_command_names_commands_as_they_are_typed_on_telegram(bot: Bot) -> None:
    """A command typed with `/` is refused naming it with `/`: an unknown word as it was typed
    (`/mot`, also when asked about with `/aide mot`), and the bot's commands by the names
    Telegram shows as commands (no accent, `_` for `-`), which a tap sends."""
    await bot.say(AMINA, "/join")
    [unknown] = await bot.say(AMINA, "/mot")
    assert "/mot" in unknown.text and "!mot" not in unknown.text, unknown.text
    assert "Tapez /aide" in unknown.text
    [help_unknown] = await bot.say(AMINA, "/aide mot")
    assert "/mot" in help_unknown.text and "!mot" not in help_unknown.text, help_unknown.text
    assert "Tapez /aide" in help_unknown.text
    [english] = await bot.say(AMINA, "/help zorglub")
    assert "/zorglub" in english.text and "!" not in english.text, english.text
    [not_a_number] = await bot.say(AMINA, "/état abc")
    assert "/etat #3" in not_a_number.text and "/état" not in not_a_number.text, not_a_number.text
    assert "!" not in not_a_number.text
    [minutes] = await bot.say(AMINA, "/compte_rendu")
    assert "/compte_rendu" in minutes.text and "compte-rendu" not in minutes.text, minutes.text
    [option] = await bot.say(AMINA, "/propose Jardin --colour vert")
    assert "/propose" in option.text and "!" not in option.text, option.text
    assert bot.fake.rejected == []


async def test_federating_and_linking_name_the_commands_of_the_menu(bot: Bot) -> None:
    """`/federer` and `/lier` are in the menu, and what they answer names commands a tap sends:
    each `/name` of their answers is a command of the French menu."""
    listed = {name for name, _ in menu("fr")}
    assert {"federer", "lier"} <= listed
    await bot.say(AMINA, "/join")
    answers = []
    for typed in ("/federer", "/federer inviter", "/aide federer", "/lier", "/lier retirer"):
        [answer] = await bot.say(AMINA, typed)
        answers.append(answer.text)
    alone, invited, helped, offered, unlink = answers
    assert "/federer inviter" in alone, alone
    assert re.search(r"/federer [A-Z0-9]{4}-[A-Z0-9]{4}\b", invited), invited
    assert helped.startswith("/federer — ") and "/federer retirer [N]" in helped, helped
    assert re.search(r"/lier [A-Z0-9]{4}-[A-Z0-9]{4}\b", offered), offered
    assert "/lier" in unlink, unlink
    for text in answers:
        assert re.search(r"(?<!\w)!\w", text) is None, text  # no command left to type with `!`
        shown = "\n".join(line for line in text.splitlines() if not line.startswith("Alias"))
        named = set(re.findall(r"(?<![\w/])/([a-z_]+)", shown))
        assert named and named <= listed, (named - listed, text)
    assert bot.fake.rejected == []


async def test_a_supergroup_keeps_the_groups_language_before_the_bot_speaks_there(bot: Bot) -> None:
    """Told of the move by the supergroup's first message, the adapter's own notices there
    (before the core has said anything in it) are in the group's language."""
    supergroup = -1005550002
    await bot.say(AMINA, "/join")
    await bot.say(AMINA, "/lang en")
    await bot.post(bot.updates.message(None, chat_id=supergroup, migrate_from_chat_id=GROUP))
    await bot.settle()
    before = len(bot.fake.sent)
    await bot.post(bot.updates.message("/propose Anonymous", chat_id=supergroup,
                                       sender=user(1087968824, "Group", is_bot=True),
                                       sender_chat={"id": supergroup, "type": "supergroup", "title": "Assemblée"}))
    await bot.settle()
    [told] = bot.fake.sent[before:]
    assert told.chat_id == supergroup and "anonymous" in told.text.lower() and "anonyme" not in told.text, told.text


async def test_a_group_that_becomes_a_supergroup_keeps_its_assembly(bot: Bot) -> None:
    """Telegram refuses what is sent to the old id and names the new one: the assembly follows,
    the refused message goes to the supergroup, and the supergroup's members carry on there."""
    supergroup = -1005550001
    await bot.say(AMINA, "/join")
    await bot.say(BOB, "/join")
    bot.fake.fail_next("sendMessage", 400, "Bad Request: group chat was upgraded to a supergroup chat",
                       migrate_to_chat_id=supergroup)
    before = len(bot.fake.sent)
    await bot.post(bot.updates.message("/propose Jardin partagé\nOn plante en mars.", sender=AMINA))
    await bot.settle()
    assert await AssemblyRow.filter(room=str(supergroup)).exists()
    assert not await AssemblyRow.filter(room=str(GROUP)).exists()
    opened = [s for s in bot.fake.sent[before:] if "Jardin partagé" in s.text]
    assert opened and all(s.chat_id == supergroup for s in opened)  # refused once, delivered there
    # the supergroup's own first message tells of the move again: nothing changes
    await bot.post(bot.updates.message(None, chat_id=supergroup, migrate_from_chat_id=GROUP))
    status = await bot.say(BOB, "/etat", chat_id=supergroup)
    assert status and status[0].chat_id == supergroup and "#1" in status[0].text
