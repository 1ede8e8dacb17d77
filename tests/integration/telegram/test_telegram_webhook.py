"""Updates POSTed to the adapter's real webhook route become the right `Inbound`s."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import structlog
from adapters.telegram.wire import Update
from telegram_harness import BOT_USERNAME, Harness, TracingSink, serve_adapter, settings_for
from telegram_updates import FORUM, GROUP, text_mention, user

from adapters.base import Delivery
from adapters.telegram import TelegramAdapter
from core.messages import POLL_SELECT, Action, Button, Outbound, OutboundKind, Platform, RoomId

TELEGRAM = Platform("telegram")


async def test_command_message_becomes_inbound(harness: Harness) -> None:
    update = harness.updates.message(
        "/propose Jardin partagé", sender=user(4242, "Amina", last_name="K.", username="amina")
    )
    response = await harness.post(update)

    assert response.status == 200
    [inbound] = harness.sink.received
    assert inbound.platform == "telegram"
    assert inbound.sender == "telegram:4242"
    assert inbound.room == str(GROUP)
    assert inbound.text == "!propose Jardin partagé"
    assert inbound.event_id == f"update:{update['update_id']}"
    assert inbound.action == Action.TEXT
    assert inbound.thread is None
    assert inbound.display_name == "Amina K."


async def test_multiline_proposal_keeps_its_body(harness: Harness) -> None:
    text = "/propose Horaires du local\nOuvrir le samedi.\n\nFermer à 20 h."
    await harness.post(harness.updates.message(text))
    assert (
        harness.sink.received[0].text
        == "!propose Horaires du local\nOuvrir le samedi.\n\nFermer à 20 h."
    )


async def test_command_addressed_to_us_or_to_another_bot(harness: Harness) -> None:
    ours = await harness.post(harness.updates.message(f"/consent@{BOT_USERNAME} #3"))
    shouting = await harness.post(harness.updates.message(f"/Status@{BOT_USERNAME.upper()} 3"))
    other = await harness.post(harness.updates.message("/consent@some_other_bot #3"))

    assert (ours.status, shouting.status, other.status) == (200, 200, 200)
    assert [i.text for i in harness.sink.received] == ["!consent #3", "!status 3"]


async def test_underscore_commands_map_to_dashed_names(harness: Harness) -> None:
    await harness.post(harness.updates.message("/withdraw_objection 3"))
    await harness.post(harness.updates.message("/retirer_objection@" + BOT_USERNAME + " 3"))
    await harness.post(harness.updates.message("/réponse 3 oui, le samedi"))
    assert [i.text for i in harness.sink.received] == [
        "!withdraw-objection 3",
        "!retirer-objection 3",
        "!réponse 3 oui, le samedi",
    ]


async def test_plain_text_and_bang_commands_pass_unchanged(harness: Harness) -> None:
    await harness.post(harness.updates.message("!ok 3"))
    await harness.post(harness.updates.message("bonjour à toutes / tous"))
    assert [i.text for i in harness.sink.received] == ["!ok 3", "bonjour à toutes / tous"]


async def test_messages_from_bots_and_channels_are_ignored(harness: Harness) -> None:
    bot = {"id": 999, "is_bot": True, "first_name": "Other bot"}
    await harness.post(harness.updates.message("/propose spam", sender=bot))
    anonymous_admin = harness.updates.message(
        "/propose anonyme", sender_chat={"id": GROUP, "type": "supergroup", "title": "x"}
    )
    await harness.post(anonymous_admin)
    assert harness.sink.received == []


async def test_forum_topic_sets_thread_and_reply_goes_to_the_topic(harness: Harness) -> None:
    harness.fake.add_forum_topic(FORUM, 77)
    update = harness.updates.message("/status 3", chat_id=FORUM, topic=77, message_id=501)
    await harness.post(update)
    [inbound] = harness.sink.received
    assert inbound.thread == "77"
    assert inbound.room == str(FORUM)

    reply = Outbound(
        platform=TELEGRAM,
        room=inbound.room,
        text="#3 : phase de consentement",
        reply_to=inbound.event_id,
    )
    message_id = await harness.adapter.send(Delivery(key="d-topic", outbound=reply))

    [call] = harness.fake.calls_to("sendMessage")
    assert call.params["message_thread_id"] == 77
    assert call.params["reply_parameters"]["message_id"] == 501
    assert message_id == str(harness.fake.sent[-1].message_id)
    assert harness.fake.rejected == []


async def test_reply_thread_in_plain_group_is_not_a_topic(harness: Harness) -> None:
    update = harness.updates.message("/status 3", message_thread_id=12)  # a reply chain, no forum
    await harness.post(update)
    assert harness.sink.received[0].thread is None


async def test_new_members_become_member_joined(harness: Harness) -> None:
    update = harness.updates.message(
        None,
        new_chat_members=[user(301, "Bob"), {"id": 5, "is_bot": True, "first_name": "Bot"}],
    )
    await harness.post(update)
    [joined] = harness.sink.received
    assert joined.action == Action.MEMBER_JOINED
    assert joined.sender == "telegram:301"
    assert joined.event_id == f"update:{update['update_id']}:member_joined:301"


async def test_a_group_that_became_a_supergroup_says_so_once(harness: Harness) -> None:
    """The old group's last message and the supergroup's first both tell the move: one event."""
    supergroup = -1005550001
    await harness.post(harness.updates.message(None, migrate_to_chat_id=supergroup))
    await harness.post(harness.updates.message(None, chat_id=supergroup, migrate_from_chat_id=GROUP))
    [moved] = harness.sink.received
    assert (moved.action, moved.room, moved.payload) == (Action.ROOM_MOVED, str(supergroup), str(GROUP))
    assert [accepted for _, accepted in harness.sink.answers] == [True, False]


async def test_button_press_becomes_button_inbound_and_is_answered(harness: Harness) -> None:
    update = harness.updates.callback("consent #3", message_id=70, sender=user(4242, "Amina"))
    callback_id = update["callback_query"]["id"]
    harness.fake.register_callback(callback_id)

    response = await harness.post(update)
    await harness.adapter.flush()

    assert response.status == 200
    [inbound] = harness.sink.received
    assert inbound.action == Action.BUTTON
    assert inbound.payload == "consent #3"
    assert inbound.sender == "telegram:4242"
    assert inbound.room == str(GROUP)
    assert inbound.event_id == f"callback:{callback_id}"
    # answered once the core's answer to it goes out (here none comes): without a word, so
    # that a refused press is never first confirmed (see the pipeline tests)
    [answer] = harness.fake.calls_to("answerCallbackQuery")
    assert answer.params == {"callback_query_id": callback_id}
    assert harness.fake.callback_answered(callback_id)
    assert response.content_type != "application/json"  # not in the webhook's reply


async def test_redelivered_update_is_deduplicated_and_still_answered_200(harness: Harness) -> None:
    message = harness.updates.message("/consent 3")
    press = harness.updates.callback("consent #3", message_id=70)
    harness.fake.register_callback(press["callback_query"]["id"])

    statuses = [(await harness.post(body)).status for body in (message, message, press, press)]
    await harness.adapter.flush()

    assert statuses == [200, 200, 200, 200]
    assert len(harness.sink.received) == 2
    assert [accepted for _, accepted in harness.sink.answers] == [True, False, True, False]
    assert len(harness.fake.calls_to("answerCallbackQuery")) == 1  # answered once only
    assert harness.fake.rejected == []


async def test_objection_button_asks_for_a_reason_then_the_reply_is_the_objection(
    harness: Harness,
) -> None:
    prompt = Outbound(
        platform=TELEGRAM,
        room=RoomId(str(GROUP)),
        text="Proposition #3 : où en êtes-vous ?",
        kind=OutboundKind.CONSENT_PROMPT,
        buttons=(
            Button("Je consens", "consent #3"),
            Button("Objection", "object #3", needs_reason=True),
        ),
    )
    prompt_id = await harness.adapter.send(Delivery(key="d-prompt", outbound=prompt))
    keyboard = harness.fake.sent[-1].reply_markup
    assert keyboard is not None
    datas = [button["callback_data"] for row in keyboard["inline_keyboard"] for button in row]
    assert datas == ["consent #3", "reason:object #3"]

    press = harness.updates.callback(
        "reason:object #3", message_id=int(prompt_id or 0), sender=user(4242, "Amina")
    )
    harness.fake.register_callback(press["callback_query"]["id"])
    assert (await harness.post(press)).status == 200
    await harness.adapter.flush()

    assert harness.sink.received == []  # nothing to decide before the reason arrives
    assert harness.fake.callback_answered(press["callback_query"]["id"])
    ask = harness.fake.sent[-1]
    assert ask.reply_markup == {
        "force_reply": True,
        "selective": True,
        "input_field_placeholder": "Votre objection…",
    }
    assert ask.text == "✍️ Amina, écrivez votre objection sur #3 en réponse à ce message."  # plain words
    assert 'href="tg://user?id=4242">Amina</a>' in ask.raw  # mention: the forced reply is hers

    reply = harness.updates.message(
        "Le budget ne suit pas.\nOn peut en reparler en mai.",
        sender=user(4242, "Amina"),
        reply_to=harness.updates.bot_message(ask.text, message_id=ask.message_id),
    )
    assert (await harness.post(reply)).status == 200
    [inbound] = harness.sink.received
    assert inbound.text == "!object #3 Le budget ne suit pas.\nOn peut en reparler en mai."
    assert inbound.sender == "telegram:4242"
    assert harness.fake.rejected == []


async def test_reason_reply_is_understood_after_a_restart(harness: Harness) -> None:
    """A new process has no memory of the prompt: the prompt's own text is enough."""
    fresh = TelegramAdapter(harness.settings)
    sink = TracingSink()
    await fresh.start(sink)
    server, watchdog = await serve_adapter(fresh)
    try:
        prompt_text = "✍️ !object #3\nAmina, écrivez votre raison en réponse à ce message."
        reply = harness.updates.message(
            "trop cher", reply_to=harness.updates.bot_message(prompt_text, message_id=812)
        )
        url = str(server.make_url(harness.settings.webhook_path))
        headers = {
            "X-Telegram-Bot-Api-Secret-Token": harness.settings.webhook_secret.get_secret_value()
        }
        async with harness.client.post(url, json=reply, headers=headers) as response:
            assert response.status == 200
        words = "✍️ Amina, write your concern about #5 as a reply to this message."  # a prompt of now
        reply = harness.updates.message(
            "cher", reply_to=harness.updates.bot_message(words, message_id=813)
        )
        async with harness.client.post(url, json=reply, headers=headers) as response:
            assert response.status == 200
        assert [i.text for i in sink.received] == ["!object #3 trop cher", "!concern #5 cher"]
    finally:
        watchdog.cancel()
        await server.close()
        await fresh.stop()


async def test_replies_that_are_not_reasons(harness: Harness) -> None:
    prompt_text = "✍️ !object #3\nAmina, écrivez votre raison en réponse à ce message."
    # a command typed in reply to the prompt is that command, not a reason
    await harness.post(
        harness.updates.message(
            "/consent 3", reply_to=harness.updates.bot_message(prompt_text, message_id=812)
        )
    )
    # a reply to an ordinary bot message stays plain text
    await harness.post(
        harness.updates.message(
            "merci", reply_to=harness.updates.bot_message("!help : la liste", message_id=813)
        )
    )
    # a reply to a human's message that looks like a prompt is not trusted
    human = harness.updates.message_object(prompt_text, sender=user(7, "Malik"))
    await harness.post(harness.updates.message("d'accord", reply_to=human))
    assert [i.text for i in harness.sink.received] == ["!consent 3", "merci", "d'accord"]


async def test_native_poll_answers_become_buttons(harness: Harness) -> None:
    poll = Outbound(
        platform=TELEGRAM,
        room=RoomId(str(GROUP)),
        text="#5 Quel soir pour l'assemblée ?",
        kind=OutboundKind.POLL,
        poll_options=("Mardi", "Jeudi"),
        buttons=(Button("Mardi", "vote #5 Mardi"), Button("Jeudi", "vote #5 Jeudi")),
        thread_key="poll:5",
    )
    await harness.adapter.send(Delivery(key="d-poll", outbound=poll))
    [call] = harness.fake.calls_to("sendPoll")
    assert call.params["is_anonymous"] is False
    poll_id = harness.fake.sent[-1].poll_id
    assert poll_id is not None

    await harness.post(harness.updates.poll_answer(poll_id, [1], sender=user(4242)))
    await harness.post(harness.updates.poll_answer(poll_id, [], sender=user(4242)))
    await harness.post(harness.updates.poll_answer("unknown-poll", [0], sender=user(4242)))

    vote, retract = harness.sink.received
    assert (vote.action, vote.payload, vote.sender, vote.room) == (
        Action.BUTTON,
        "vote #5 Jeudi",
        "telegram:4242",
        str(GROUP),
    )
    assert (retract.action, retract.payload) == (Action.UNDO, "vote #5 Jeudi")


async def test_forged_or_missing_secret_is_refused(harness: Harness) -> None:
    update = harness.updates.message("/propose pirate")
    missing = await harness.post(update, secret=None)
    forged = await harness.post(update, secret="not-the-secret")
    almost = await harness.post(
        update, secret=harness.settings.webhook_secret.get_secret_value()[:-1]
    )
    assert (missing.status, forged.status, almost.status) == (401, 401, 401)
    assert harness.sink.received == []


async def test_secret_is_checked_before_the_body_is_read(harness: Harness) -> None:
    """An unauthenticated sender cannot make us read, or even wait for, its body."""
    never = asyncio.Event()

    async def stalled_body() -> AsyncIterator[bytes]:
        yield b'{"update_id": 1, '
        await never.wait()  # the rest never comes

    headers = {"X-Telegram-Bot-Api-Secret-Token": "wrong"}
    async with asyncio.timeout(5):
        async with harness.client.post(harness.url, data=stalled_body(), headers=headers) as r:
            assert r.status == 401
    assert harness.sink.received == []


async def test_malformed_bodies_are_refused(harness: Harness) -> None:
    limit = harness.settings.max_body_bytes
    assert (await harness.post(b"{not json")).status == 400
    assert (await harness.post(b"\xff\xfe\x00")).status == 400
    assert (await harness.post(b"[1, 2, 3]")).status == 400
    assert (await harness.post({"message": {"text": "no update_id"}})).status == 400
    assert (await harness.post({"update_id": "douze"})).status == 400
    assert (await harness.post(b"[" * 100_000 + b"]" * 100_000)).status == 400
    big = b'{"update_id": 1, "pad": "' + b"x" * limit + b'"}'
    assert (await harness.post(big)).status == 413

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: the limit holds while reading
        for _ in range(limit // 65536 + 2):
            yield b"x" * 65536

    headers = {
        "X-Telegram-Bot-Api-Secret-Token": harness.settings.webhook_secret.get_secret_value()
    }
    async with harness.client.post(harness.url, data=chunks(), headers=headers) as response:
        assert response.status == 413
    assert harness.sink.received == []


async def test_unsupported_updates_are_acknowledged_and_ignored(harness: Harness) -> None:
    edited = {
        "update_id": harness.updates.next_update_id(),
        "edited_message": harness.updates.message_object("/propose modifié", edit_date=1),
    }
    with structlog.testing.capture_logs() as logs:
        assert (await harness.post(edited)).status == 200
        assert (await harness.post(harness.updates.bot_removed())).status == 200
    assert harness.sink.received == []
    removed = [entry for entry in logs if entry.get("reason", "").startswith("bot removed")]
    assert removed and removed[0]["log_level"] == "warning"
    assert any(entry.get("reason") == "unsupported update kind: edited_message" for entry in logs)


async def test_webhook_before_start_and_storage_failure_ask_telegram_to_retry(
    harness: Harness,
) -> None:
    harness.sink.broken = True
    assert (await harness.post(harness.updates.message("/consent 3"))).status == 503

    idle = TelegramAdapter(settings_for(harness.fake, bot_username=BOT_USERNAME))
    server, watchdog = await serve_adapter(idle)
    try:
        url = str(server.make_url(idle.settings.webhook_path))
        headers = {
            "X-Telegram-Bot-Api-Secret-Token": idle.settings.webhook_secret.get_secret_value()
        }
        async with harness.client.post(
            url, json=harness.updates.message("/ok 3"), headers=headers
        ) as r:
            assert r.status == 503
    finally:
        watchdog.cancel()
        await server.close()
        await idle.stop()


async def test_vote_as_the_core_announces_it(harness: Harness) -> None:
    """Announcement, native poll, a vote, then the close: the shapes the core produces."""
    options = ("Louer une salle", "Rester au parc")
    announce = Outbound(
        platform=TELEGRAM,
        room=RoomId(str(GROUP)),
        text=(
            "🗳️ Vote sur #3 « Lieu de l'assemblée » (5 membres appelés). Options :\n"
            "  1. Louer une salle\n  2. Rester au parc\nVotez avec !vote #3 <option ou numéro>."
        ),
        kind=OutboundKind.POLL,
        thread_key="proposal:3",
        buttons=tuple(Button(o, f"vote #3 {i}") for i, o in enumerate(options, start=1)),
        poll_options=options,
        extra={"poll_payload_0": "vote #3 1", "poll_payload_1": "vote #3 2"},
    )
    poll_message = await harness.adapter.send(Delivery(key="d-vote", outbound=announce))
    intro, native = harness.fake.sent
    assert intro.text.endswith("Votez avec /vote #3 <option ou numéro>.")
    assert poll_message == str(native.message_id)
    assert native.text.startswith("🗳️ Vote sur #3")
    assert native.poll_id is not None

    await harness.post(harness.updates.poll_answer(native.poll_id, [1], sender=user(77, "Lou")))
    [vote] = harness.sink.received
    assert (vote.action, vote.payload, vote.sender) == (Action.BUTTON, "vote #3 2", "telegram:77")

    close = Outbound(
        platform=TELEGRAM,
        room=RoomId(str(GROUP)),
        text="",
        kind=OutboundKind.POLL_CLOSE,
        thread_key="proposal:3",
    )
    # thread_root is the proposal's first message, not the poll: memory finds the poll
    closed = await harness.adapter.send(Delivery(key="d-close", outbound=close, thread_root="1"))
    [stop] = harness.fake.calls_to("stopPoll")
    assert stop.params["message_id"] == native.message_id
    assert closed == str(native.message_id)
    assert len(harness.fake.sent) == 2  # nothing else was posted

    # after a restart the outbox names the poll itself (extra["poll_event"])
    fresh = TelegramAdapter(harness.settings)
    try:
        again = Outbound(
            platform=TELEGRAM,
            room=RoomId(str(GROUP)),
            text="",
            kind=OutboundKind.POLL_CLOSE,
            thread_key="proposal:3",
            extra={"poll_event": poll_message or ""},
        )
        await fresh.send(Delivery(key="d-close-again", outbound=again, thread_root="1"))
    finally:
        await fresh.stop()
    assert [call.params["message_id"] for call in harness.fake.calls_to("stopPoll")] == [
        native.message_id,
        native.message_id,  # already closed: Telegram says so, the adapter shrugs
    ]
    assert harness.fake.rejected == []


async def test_unknown_username_ignores_addressed_commands_only(harness: Harness) -> None:
    harness.fake.fail_next("getMe", 502, "Bad Gateway")
    blind = TelegramAdapter(settings_for(harness.fake))
    sink = TracingSink()
    await blind.start(sink)  # does not fail: the username is learned later
    server, watchdog = await serve_adapter(blind)
    try:
        url = str(server.make_url(blind.settings.webhook_path))
        secret = blind.settings.webhook_secret.get_secret_value()
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
        for text in (f"/consent@{BOT_USERNAME} 3", "/consent 4"):
            body = harness.updates.message(text)
            async with harness.client.post(url, json=body, headers=headers) as response:
                assert response.status == 200
        assert [i.text for i in sink.received] == ["!consent 4"]
    finally:
        watchdog.cancel()
        await server.close()
        await blind.stop()


async def test_mentions_become_member_ids(harness: Harness) -> None:
    lou = user(345678912, "Lou")  # no @username: Telegram sends a text_mention with the user
    text = "/swap 4 🙂 facilitation Lou puis @inconnu_x"
    update = harness.updates.message(text)
    update["message"]["entities"].append(text_mention(text, "Lou", lou))
    await harness.post(update)
    await harness.post(
        harness.updates.message("salut", sender=user(9876543, "Kim", username="Kim_K"))
    )
    await harness.post(harness.updates.message("/record 4 @kim_k consent"))
    assert [i.text for i in harness.sink.received] == [
        "!swap 4 🙂 facilitation @345678912 puis @inconnu_x",
        "salut",
        "!record 4 @9876543 consent",
    ]


async def test_reason_prompt_stays_in_the_forum_topic(harness: Harness) -> None:
    harness.fake.add_forum_topic(FORUM, 77)
    press = harness.updates.callback(
        "reason:block #2", message_id=40, chat_id=FORUM, topic=77, sender=user(555555, "Noé")
    )
    harness.fake.register_callback(press["callback_query"]["id"])
    await harness.post(press)
    await harness.adapter.flush()
    ask = harness.fake.sent[-1]
    assert (ask.chat_id, ask.thread) == (FORUM, 77)
    assert ask.text == "✍️ Noé, écrivez pourquoi vous bloquez #2, en réponse à ce message."

    reply = harness.updates.message(
        "Ça exclut les personnes sans voiture.",
        chat_id=FORUM,
        topic=77,
        sender=user(555555, "Noé"),
        reply_to=harness.updates.bot_message(ask.text, message_id=ask.message_id, chat_id=FORUM),
    )
    await harness.post(reply)
    [inbound] = harness.sink.received
    assert inbound.text == "!block #2 Ça exclut les personnes sans voiture."
    assert inbound.thread == "77"
    assert harness.fake.rejected == []


async def test_poll_answers_still_count_after_a_restart(harness: Harness) -> None:
    """What a native poll stands for is kept on disk: a restarted adapter reads the answers."""
    poll = Outbound(
        platform=TELEGRAM,
        room=RoomId(str(GROUP)),
        text="📅 Sondage #4 « AG »",
        kind=OutboundKind.POLL,
        poll_options=("mar. 8 déc.", "jeu. 10 déc.", "sam. 12 déc."),
        extra={POLL_SELECT: "avail #4", "poll_multiple": "true"},
        thread_key="poll:4",
    )
    await harness.adapter.send(Delivery(key="d-time-poll", outbound=poll))
    [call] = harness.fake.calls_to("sendPoll")
    assert call.params["allows_multiple_answers"] is True
    poll_id = harness.fake.sent[-1].poll_id
    assert poll_id is not None and harness.settings.polls_path.exists()

    fresh = TelegramAdapter(harness.settings)  # a new process: empty memory, same file
    try:
        update = Update.model_validate(harness.updates.poll_answer(poll_id, [2, 0], sender=user(51)))
        translation = fresh.translator.translate(update)
        # the vote taken back: the whole answer goes (the poll keeps no previous choice to undo)
        update = Update.model_validate(harness.updates.poll_answer(poll_id, [], sender=user(51)))
        retraction = fresh.translator.translate(update)
    finally:
        await fresh.stop()
    [answer] = translation.inbounds
    assert (answer.action, answer.payload, answer.room) == (
        Action.BUTTON,
        "avail #4 yes no yes",
        str(GROUP),
    )
    [taken_back] = retraction.inbounds
    assert (taken_back.action, taken_back.payload, taken_back.sender) == (Action.UNDO, "avail #4", "telegram:51")

    harness.settings.polls_path.write_text("{not json", encoding="utf-8")
    broken = TelegramAdapter(harness.settings)  # an unreadable file: started anyway, empty
    try:
        assert broken.memory.polls.get(poll_id) is None
    finally:
        await broken.stop()
