"""`TelegramAdapter.send` against the fake Bot API: rendering, limits, errors."""

from __future__ import annotations

import pytest
from adapters.telegram.wire import Update
from fake_bot_api import FakeBotApi, utf16_len
from telegram_harness import Harness, make_token, settings_for
from telegram_updates import FORUM, GROUP, user

from adapters.base import Delivery
from adapters.telegram import TelegramAdapter
from core.errors import PermanentDeliveryError, RetryAfter, TemporaryDeliveryError
from core.messages import Action, Button, Outbound, OutboundKind, Platform, RoomId, UserId

TELEGRAM = Platform("telegram")
ROOM = RoomId(str(GROUP))


def outbound(text: str = "Bonjour l'assemblée", **kwargs: object) -> Outbound:
    return Outbound(platform=TELEGRAM, room=kwargs.pop("room", ROOM), text=text, **kwargs)  # type: ignore[arg-type]


async def send(
    harness: Harness, message: Outbound, key: str = "d1", **kwargs: object
) -> str | None:
    return await harness.adapter.send(Delivery(key=key, outbound=message, **kwargs))  # type: ignore[arg-type]


async def test_plain_message(harness: Harness) -> None:
    message_id = await send(harness, outbound("Proposition #3 adoptée <enfin> & merci"))
    [call] = harness.fake.calls_to("sendMessage")
    assert call.params == {"chat_id": GROUP, "text": "Proposition #3 adoptée <enfin> & merci"}
    assert message_id == str(harness.fake.sent[-1].message_id)
    assert harness.fake.rejected == []


async def test_html_message_is_rewritten_into_telegram_html(harness: Harness) -> None:
    html = (
        "<h3>Proposition #3</h3><p>Jardin <b>partagé</b> & <em>compost</em></p>"
        "<ul><li>Phase : consentement</li><li>1 < 2 > 0</li></ul>"
        '<p><a href="https://assemblee.quartier.test/p/3?x=1&y=2">détails</a><br/>fin</p>'
    )
    await send(harness, outbound("texte brut", html=html))
    [call] = harness.fake.calls_to("sendMessage")
    assert call.params["parse_mode"] == "HTML"
    assert harness.fake.rejected == []  # the fake's strict HTML parser accepted it
    assert harness.fake.sent[-1].text == (
        "Proposition #3\n\nJardin partagé & compost\n\n• Phase : consentement\n• 1 < 2 > 0"
        "\n\ndétails\nfin"
    )


async def test_consent_prompt_renders_an_inline_keyboard(harness: Harness) -> None:
    prompt = outbound(
        "Proposition #3 : votre position ?",
        kind=OutboundKind.CONSENT_PROMPT,
        buttons=(
            Button("✅ Je consens", "consent #3"),
            Button("🤔 Réserve", "concern #3", needs_reason=True),
            Button("✋ Objection", "object #3", needs_reason=True),
            Button("Abstention", "standaside #3"),
            Button("Trop long", "consent #3 " + "x" * 70),  # cannot fit in 64 bytes
        ),
    )
    await send(harness, prompt)
    keyboard = harness.fake.sent[-1].reply_markup
    assert keyboard == {
        "inline_keyboard": [
            [
                {"text": "✅ Je consens", "callback_data": "consent #3"},
                {"text": "🤔 Réserve", "callback_data": "reason:concern #3"},
            ],
            [
                {"text": "✋ Objection", "callback_data": "reason:object #3"},
                {"text": "Abstention", "callback_data": "standaside #3"},
            ],
        ]
    }
    assert harness.fake.rejected == []


async def test_long_text_is_split_and_keeps_reply_and_keyboard_in_place(harness: Harness) -> None:
    paragraphs = [f"Paragraphe {n} : " + "la parole circule 🙂 " * 30 for n in range(40)]
    text = "\n\n".join(paragraphs)
    assert utf16_len(text) > 3 * 4096
    prompt = outbound(text, kind=OutboundKind.CONSENT_PROMPT, buttons=(Button("OK", "consent #3"),))
    first_id = await send(harness, prompt, thread_root="55")

    calls = harness.fake.calls_to("sendMessage")
    assert len(calls) >= 4
    assert all(utf16_len(call.params["text"]) <= 4096 for call in calls)
    assert " ".join(call.params["text"] for call in calls).split() == text.split()
    assert calls[0].params["reply_parameters"] == {
        "message_id": 55,
        "allow_sending_without_reply": True,
    }
    assert all("reply_parameters" not in call.params for call in calls[1:])
    assert all("reply_markup" not in call.params for call in calls[:-1])
    assert "reply_markup" in calls[-1].params
    assert first_id == str(harness.fake.sent[-len(calls)].message_id)
    assert harness.adapter.parts_sent("d1") == tuple(str(sent.message_id) for sent in harness.fake.sent[1:])
    assert harness.adapter.buttons_part("d1") == str(harness.fake.sent[-1].message_id)  # under the last part
    assert harness.adapter.buttons_part("d1") is None  # told once
    assert harness.fake.rejected == []


async def test_a_round_call_sent_in_parts_is_redrawn_on_its_last_part_cut_to_leave_room_for_the_tally(
    harness: Harness,
) -> None:
    """The redraw of a round's call sent in two messages edits the last one, which carries the
    buttons: its own text (the end of the call) with the tally under it, cut at its end when
    both would not hold in 4096 characters, never the tally; the first part stays as it is."""
    from core.messages import ROUND_MESSAGE_EXTRA, TALLY_EXTRA

    head = "Début de l'appel. " + "premier " * 480
    tail = "Fin de l'appel. " + "dernier " * 508
    text = f"{head.strip()}\n\n{tail.strip()}"
    assert utf16_len(tail.strip()) < 4096 < utf16_len(text)
    buttons = (Button("✅ Je consens", "consent #3 --version 1"), Button("🤚 Objection", "object #3 --version 1"))
    await send(harness, outbound(text, kind=OutboundKind.CONSENT_PROMPT, buttons=buttons), key="call")
    first, last = harness.fake.sent
    assert first.reply_markup is None and last.reply_markup is not None and last.text == tail.strip()
    assert harness.adapter.buttons_part("call") == str(last.message_id)
    keyboard, first_text = last.reply_markup, first.text

    tally = "Positions : 1/3 — consentement 1"
    redraw = outbound(text, kind=OutboundKind.ROUND_TALLY, buttons=buttons,
                      extra={ROUND_MESSAGE_EXTRA: str(last.message_id), TALLY_EXTRA: tally})
    assert await send(harness, redraw, key="tally") is None
    await harness.adapter.flush()
    shown, line = last.text.split("\n\n📊 ")
    assert line == tally and utf16_len(last.text) <= 4096
    assert shown.endswith("…") and tail.startswith(shown[:-1])  # the end of the part made room
    assert last.reply_markup == keyboard and last.edits == 1
    assert first.edits == 0 and first.text == first_text and first.reply_markup is None

    closing = outbound(text, kind=OutboundKind.ROUND_CLOSE,
                       extra={ROUND_MESSAGE_EXTRA: str(last.message_id), TALLY_EXTRA: "Tour clos : adoptée."})
    await send(harness, closing, key="close")
    await harness.adapter.flush()
    assert last.text.endswith("\n\n📊 Tour clos : adoptée.") and last.reply_markup is None
    assert utf16_len(last.text) <= 4096
    assert first.edits == 0 and first.text == first_text
    assert len(harness.fake.sent) == 2 and harness.fake.rejected == []


async def test_long_html_falls_back_to_split_plain_text(harness: Harness) -> None:
    html = "<p>" + "<b>gras</b> et texte " * 600 + "</p>"
    await send(harness, outbound("gras et texte " * 600, html=html))
    calls = harness.fake.calls_to("sendMessage")
    assert len(calls) == 3
    assert all("parse_mode" not in call.params for call in calls)
    assert harness.fake.rejected == []


async def test_rate_limit_raises_retry_after_and_retry_does_not_duplicate(harness: Harness) -> None:
    text = "\n\n".join(f"partie {n} " + "mot " * 900 for n in range(3))  # three messages
    harness.fake.fail_next(
        "sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7, after=1
    )
    delivery = Delivery(key="d-429", outbound=outbound(text))

    with pytest.raises(RetryAfter) as raised:
        await harness.adapter.send(delivery)
    assert raised.value.delay == 7
    assert len(harness.fake.sent) == 1

    first_id = await harness.adapter.send(delivery)  # the outbox retries the same delivery
    texts = [sent.text for sent in harness.fake.sent]
    assert [t.split()[:2] for t in texts] == [["partie", "0"], ["partie", "1"], ["partie", "2"]]
    assert first_id == str(harness.fake.sent[0].message_id)
    # the later parts are told once, all of them, although the first attempt sent one part only
    assert harness.adapter.parts_sent("d-429") == tuple(str(sent.message_id) for sent in harness.fake.sent[1:])
    assert harness.adapter.parts_sent("d-429") == ()


async def test_a_message_sent_whole_has_no_later_parts(harness: Harness) -> None:
    delivery = Delivery(key="d-whole", outbound=outbound("Bonjour"))
    assert await harness.adapter.send(delivery) == str(harness.fake.sent[0].message_id)
    assert harness.adapter.parts_sent("d-whole") == ()
    assert harness.adapter.buttons_part("d-whole") is None


async def test_rate_limit_on_a_single_message(harness: Harness) -> None:
    harness.fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 31", retry_after=31)
    with pytest.raises(RetryAfter) as raised:
        await send(harness, outbound())
    assert raised.value.delay == 31
    assert harness.fake.sent == []


async def test_bot_kicked_is_permanent(harness: Harness) -> None:
    harness.fake.kicked_chats.add(GROUP)
    with pytest.raises(PermanentDeliveryError):
        await send(harness, outbound())


async def test_forbidden_and_chat_not_found_are_permanent(harness: Harness) -> None:
    harness.fake.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    with pytest.raises(PermanentDeliveryError):
        await send(harness, outbound(room=RoomId("4242")))
    harness.fake.fail_next("sendMessage", 400, "Bad Request: chat not found")
    with pytest.raises(PermanentDeliveryError):
        await send(harness, outbound(), key="d2")


async def test_a_group_upgraded_to_a_supergroup_moves_the_assembly_and_retries(harness: Harness) -> None:
    harness.fake.fail_next(
        "sendMessage",
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=-1005550001,
    )
    with pytest.raises(RetryAfter, match="-1005550001"):
        await send(harness, outbound())
    [moved] = harness.sink.received
    assert (moved.action, moved.room, moved.payload) == (Action.ROOM_MOVED, "-1005550001", str(GROUP))
    assert moved.event_id == f"moved:{GROUP}:-1005550001"  # the same as the supergroup's first message says


async def test_server_errors_and_unreachable_api_are_temporary(fake_api: FakeBotApi) -> None:
    fake_api.fail_next("sendMessage", 502, "Bad Gateway")
    adapter = TelegramAdapter(settings_for(fake_api, bot_username="assemblee_test_bot"))
    try:
        with pytest.raises(TemporaryDeliveryError) as server_error:
            await adapter.send(Delivery(key="d1", outbound=outbound()))
        assert getattr(server_error.value, "unreachable", False)  # kept until Telegram is back
        fake_api.fail_next("sendMessage", 409, "Conflict: something odd")
        with pytest.raises(TemporaryDeliveryError) as odd:
            await adapter.send(Delivery(key="d2", outbound=outbound()))
        assert not getattr(odd.value, "unreachable", False)
    finally:
        await adapter.stop()

    closed = FakeBotApi(make_token())
    base = await closed.start()
    await closed.stop()  # nothing listens there any more
    offline = TelegramAdapter(
        settings_for(closed, api_base=base, bot_username="assemblee_test_bot")
    )
    try:
        with pytest.raises(TemporaryDeliveryError) as raised:
            await offline.send(Delivery(key="d1", outbound=outbound()))
        assert getattr(raised.value, "unreachable", False)
    finally:
        await offline.stop()


async def test_topic_from_extra_and_remembered_by_thread_key(harness: Harness) -> None:
    harness.fake.add_forum_topic(FORUM, 9)
    room = RoomId(str(FORUM))
    await send(
        harness,
        outbound("ouverture", room=room, thread_key="proposal:3", extra={"telegram_thread": "9"}),
    )
    await send(harness, outbound("suite", room=room, thread_key="proposal:3"), key="d2")
    await send(harness, outbound("ailleurs", room=room, thread_key="proposal:4"), key="d3")
    threads = [sent.thread for sent in harness.fake.sent]
    assert threads == [9, 9, None]
    assert harness.fake.rejected == []


async def test_unknown_topic_is_refused_by_telegram(harness: Harness) -> None:
    with pytest.raises(PermanentDeliveryError):
        await send(harness, outbound(room=RoomId(str(FORUM)), extra={"telegram_thread": "404"}))


async def test_native_poll(harness: Harness) -> None:
    poll = outbound(
        "#2 Quelle date pour l'assemblée de juin ?",
        kind=OutboundKind.POLL,
        poll_options=("3 juin 18:30", "5 juin 18:30", "10 juin 19:00"),
        extra={"poll_command": "vote #2"},
    )
    message_id = await send(harness, poll)
    [call] = harness.fake.calls_to("sendPoll")
    assert call.params["question"] == "#2 Quelle date pour l'assemblée de juin ?"
    assert [o["text"] for o in call.params["options"]] == list(poll.poll_options)
    assert call.params["is_anonymous"] is False
    sent = harness.fake.sent[-1]
    assert message_id == str(sent.message_id)
    assert sent.poll_id is not None
    mapping = harness.adapter.memory.polls.get(sent.poll_id)
    assert mapping is not None
    assert mapping.payloads == (
        "vote #2 3 juin 18:30",
        "vote #2 5 juin 18:30",
        "vote #2 10 juin 19:00",
    )


async def test_poll_with_too_many_options_becomes_a_keyboard(harness: Harness) -> None:
    options = tuple(f"Option {n}" for n in range(13))
    buttons = tuple(Button(option, f"vote #4 {option}") for option in options)
    await send(
        harness,
        outbound("#4 Choix ?", kind=OutboundKind.POLL, poll_options=options, buttons=buttons),
    )
    await send(
        harness,
        outbound(
            "#6 Choix ?",
            kind=OutboundKind.POLL,
            poll_options=("Oui", "N" * 101),  # an option longer than Telegram allows
            extra={"poll_command": "vote #6"},
        ),
        key="d2",
    )
    assert harness.fake.calls_to("sendPoll") == []
    first, second = harness.fake.sent
    assert first.reply_markup is not None
    assert sum(len(row) for row in first.reply_markup["inline_keyboard"]) == 13
    assert second.reply_markup is not None
    # "vote #6 NNN…" is longer than the 64 bytes of callback data: that button is dropped
    datas = [b["callback_data"] for row in second.reply_markup["inline_keyboard"] for b in row]
    assert datas == ["vote #6 Oui"]
    assert harness.fake.rejected == []


async def test_long_poll_announcement_goes_above_the_poll(harness: Harness) -> None:
    text = "🗳️ Vote sur #3 « Budget du local »\n" + "Détail des options, " * 30
    poll = outbound(text, kind=OutboundKind.POLL, poll_options=("Oui", "Non"))
    first_id = await send(harness, poll)
    intro, native = harness.fake.sent
    assert (intro.method, native.method) == ("sendMessage", "sendPoll")
    assert intro.text == text.strip()
    assert native.text == "🗳️ Vote sur #3 « Budget du local »"
    assert native.reply_to == intro.message_id
    assert first_id == str(native.message_id)  # the poll's id: the one to stop later
    assert harness.fake.rejected == []


async def test_poll_close_stops_the_poll_and_announces(harness: Harness) -> None:
    poll = outbound(
        "#2 Date ?", kind=OutboundKind.POLL, poll_options=("A", "B"), thread_key="poll:2"
    )
    poll_message = await send(harness, poll)
    close = outbound(
        "#2 est clos : A l'emporte.", kind=OutboundKind.POLL_CLOSE, thread_key="poll:2"
    )
    announce_id = await send(harness, close, key="d-close")

    [stop] = harness.fake.calls_to("stopPoll")
    assert stop.params == {"chat_id": GROUP, "message_id": int(poll_message or 0)}
    announce = harness.fake.sent[-1]
    assert announce_id == str(announce.message_id)
    assert announce.text == "#2 est clos : A l'emporte."
    assert announce.reply_to == int(poll_message or 0)

    # closing again (a retry, or another worker) is harmless
    again = await send(harness, close, key="d-close-2", thread_root=poll_message)
    assert again is not None
    assert len(harness.fake.calls_to("stopPoll")) == 2


async def test_attachment_is_sent_as_a_document(harness: Harness) -> None:
    ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    message_id = await send(
        harness,
        outbound("Réunion #4 : le fichier agenda", attachment_name="meeting-4.ics", attachment=ics),
    )
    [call] = harness.fake.calls_to("sendDocument")
    assert call.params["caption"] == "Réunion #4 : le fichier agenda"
    sent = harness.fake.sent[-1]
    assert sent.file == ("meeting-4.ics", ics.encode())
    assert message_id == str(sent.message_id)
    assert harness.fake.rejected == []


async def test_attachment_with_long_text_sends_text_then_document(harness: Harness) -> None:
    text = "Ordre du jour : " + "point à discuter, " * 100
    first = await send(
        harness, outbound(text, attachment_name="meeting-4.ics", attachment="BEGIN:VCALENDAR")
    )
    methods = [sent.method for sent in harness.fake.sent]
    assert methods == ["sendMessage", "sendDocument"]
    assert first == str(harness.fake.sent[0].message_id)
    assert harness.adapter.parts_sent("d1") == (str(harness.fake.sent[1].message_id),)  # the file
    assert harness.fake.rejected == []


async def test_empty_message_sends_nothing(harness: Harness) -> None:
    assert await send(harness, outbound("  ")) is None
    assert harness.fake.calls_to("sendMessage") == []


async def test_command_hints_are_shown_with_a_slash(harness: Harness) -> None:
    await send(harness, outbound("Tapez !état #3, !withdraw-objection #3 ou !aide. Et !x ?"))
    assert harness.fake.sent[-1].text == (
        "Tapez /etat #3, /withdraw_objection #3 ou /aide. Et !x ?"
    )


async def test_members_are_shown_by_name_and_mentioned_ones_linked(harness: Harness) -> None:
    amina, bob, stranger = 123456789, 234567891, 987654321
    for uid, name in ((amina, "Amina"), (bob, "Bob <3")):
        update = harness.updates.message("bonjour", sender=user(uid, name))
        update_object = harness.adapter.translator.translate(Update.model_validate(update))
        assert update_object.inbounds
    text = f"#3 proposé par {amina}. Objection de telegram:{bob}; {stranger} et 20261203."
    await send(harness, outbound(text, mentions=(UserId(f"telegram:{amina}"),)))

    sent = harness.fake.sent[-1]
    assert sent.parse_mode == "HTML"
    assert sent.text == f"#3 proposé par Amina. Objection de Bob <3; {stranger} et 20261203."
    assert f'<a href="tg://user?id={amina}">Amina</a>' in sent.raw
    assert "tg://user?id=234567891" not in sent.raw  # named, but not pinged
    assert harness.fake.rejected == []
