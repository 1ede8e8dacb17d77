"""The interactions endpoint over real HTTP: signatures, slash commands, buttons, modals."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest
from aiohttp import web
from discord_harness import (
    APP_ID,
    SLASH_CASES,
    DiscordHarness,
    ScriptedSink,
    Signer,
    make_settings,
    opt,
    serve,
    slash,
)
from nacl.signing import SigningKey

from adapters.base import Delivery
from core.suggestions import Suggestion
from adapters.discord import DiscordAdapter
from core.messages import Action, Button, Outbound, OutboundKind, Platform, RoomId

DISCORD = Platform("discord")
CHANNEL = "5555555555"


def reply(text: str, **extra: Any) -> Outbound:
    return Outbound(platform=DISCORD, room=RoomId(CHANNEL), text=text, **extra)


def test_every_registered_command_has_a_case() -> None:
    from adapters.discord.commands import COMMANDS

    assert {spec.name for spec in COMMANDS} == {name for name, _, _ in SLASH_CASES}


async def test_ping_answers_pong(discord: DiscordHarness) -> None:
    status, body = await discord.post(
        {"id": discord.next_id(), "type": 1, "application_id": APP_ID}
    )
    assert (status, body) == (200, {"type": 1})
    assert discord.sink.received == []


@pytest.mark.parametrize(("name", "options", "expected"), SLASH_CASES)
async def test_slash_command_becomes_a_text_command(
    discord: DiscordHarness, name: str, options: list[dict[str, Any]], expected: str
) -> None:
    discord.sink.replies = [reply("D'accord")]
    interaction = discord.interaction(2, slash(name, *options))
    status, body = await discord.post(interaction)
    assert status == 200
    assert body == {
        "type": 4,
        "data": {"content": "D'accord", "allowed_mentions": {"parse": [], "users": []}},
    }
    [inbound] = discord.sink.received
    assert inbound.text == expected
    assert inbound.action is Action.TEXT
    assert inbound.platform == "discord"
    assert inbound.room == CHANNEL
    assert inbound.sender == "discord:4242424242"
    assert inbound.event_id == f"interaction:{interaction['id']}"
    assert inbound.display_name == "Alice"
    assert inbound.room_name == "assemblee-generale"  # the channel's name, for the calendar feed
    assert discord.sink.timeouts == [discord.settings.reply_timeout]


@pytest.mark.parametrize(
    ("permissions", "admin"),
    [("0", False), ("8", True), ("32", True), (str(1 << 11 | 1 << 10), False), (None, False)],
)
async def test_admin_flag_comes_from_permission_bits(
    discord: DiscordHarness, permissions: str | None, admin: bool
) -> None:
    await discord.post(discord.interaction(2, slash("join"), permissions=permissions))
    [inbound] = discord.sink.received
    assert inbound.is_admin is admin
    assert inbound.sender == "discord:4242424242"


async def test_several_replies_go_as_followups_after_the_answer(discord: DiscordHarness) -> None:
    long_text = "\n".join(f"ligne {i} " + "x" * 60 for i in range(40))  # > 2000 chars
    discord.sink.replies = [reply(long_text), reply("Deuxième réponse")]
    interaction = discord.interaction(2, slash("status", opt("number", 3)))
    status, body = await discord.post(interaction)
    assert status == 200 and body["type"] == 4
    first = body["data"]["content"]
    assert 0 < len(first) <= 2000 and long_text.startswith(first)
    await discord.wait_for_calls(2)
    await discord.adapter.drain()
    token = interaction["token"]
    assert discord.api.paths() == [("POST", f"/api/v10/webhooks/{APP_ID}/{token}")] * 2
    rest, second = discord.api.calls
    assert rest.query == {"wait": "true"}
    assert "Authorization" not in rest.headers
    assert (first + " " + rest.json["content"]).split() == long_text.split()
    assert second.json["content"] == "Deuxième réponse"


async def test_no_reply_in_time_is_acknowledged(discord: DiscordHarness) -> None:
    discord.sink.replies = []
    status, body = await discord.post(discord.interaction(2, slash("join")))
    assert status == 200
    assert body["type"] == 4 and body["data"]["flags"] == 64
    assert body["data"]["content"] == "C'est noté."


async def test_unknown_command_is_explained_and_not_accepted(discord: DiscordHarness) -> None:
    status, body = await discord.post(discord.interaction(2, slash("frobnicate"), locale="en-US"))
    assert status == 200
    assert body["data"]["flags"] == 64
    assert "/help" in body["data"]["content"] and "don't know" in body["data"]["content"]
    assert discord.sink.received == []


async def test_sink_failure_is_an_apology_not_a_500(discord: DiscordHarness) -> None:
    discord.sink.error = RuntimeError("boom")
    status, body = await discord.post(discord.interaction(2, slash("join")))
    assert status == 200
    assert body["data"]["flags"] == 64 and "Réessayez" in body["data"]["content"]


# --- buttons ---------------------------------------------------------------------------


def button(custom_id: str) -> dict[str, Any]:
    return {"custom_id": custom_id, "component_type": 2}


PROMPT = {"id": "6666666666", "channel_id": CHANNEL, "content": "Proposition #3", "components": []}


async def test_button_press_updates_the_prompt_with_the_tally(discord: DiscordHarness) -> None:
    tally = reply(
        "Proposition #3 — 2 consentements",
        kind=OutboundKind.CONSENT_PROMPT,
        buttons=(Button("Je consens", "consent #3"), Button("Objection", "object #3", True)),
    )
    discord.sink.replies = [tally, reply("Merci Alice")]
    interaction = discord.interaction(3, button("consent #3"), message=PROMPT)
    status, body = await discord.post(interaction)
    assert status == 200
    assert body["type"] == 7
    assert body["data"]["content"] == "Proposition #3 — 2 consentements"
    [row] = body["data"]["components"]
    assert [b["custom_id"] for b in row["components"]] == ["consent #3", "reason:object #3"]
    [inbound] = discord.sink.received
    assert inbound.action is Action.BUTTON and inbound.payload == "consent #3"
    assert inbound.text == ""
    await discord.wait_for_calls(1)
    await discord.adapter.drain()
    assert discord.api.calls[0].path == f"/api/v10/webhooks/{APP_ID}/{interaction['token']}"
    assert discord.api.calls[0].json["content"] == "Merci Alice"


async def test_button_press_without_tally_keeps_the_prompt(discord: DiscordHarness) -> None:
    discord.sink.replies = [reply("Vous n'êtes pas membre : tapez /join")]
    status, body = await discord.post(discord.interaction(3, button("consent #3"), message=PROMPT))
    assert (status, body) == (200, {"type": 6})
    await discord.wait_for_calls(1)
    assert discord.api.calls[0].json["content"] == "Vous n'êtes pas membre : tapez /join"


async def test_slow_button_press_is_a_deferred_update(discord: DiscordHarness) -> None:
    discord.sink.delay = 5.0
    status, body = await discord.post(
        discord.interaction(3, button("standaside #3"), message=PROMPT)
    )
    assert (status, body) == (200, {"type": 6})
    assert [i.payload for i in discord.sink.received] == ["standaside #3"]


async def test_replayed_button_is_processed_once(discord: DiscordHarness) -> None:
    discord.sink.replies = [reply("ok")]
    interaction = discord.interaction(3, button("consent #3"), message=PROMPT)
    await discord.post(interaction)
    status, body = await discord.post(interaction)
    assert (status, body) == (200, {"type": 6})
    assert len(discord.sink.received) == 1


# --- modal for reasons -------------------------------------------------------------------


async def test_objection_button_opens_a_modal_then_submits_the_reason(
    discord: DiscordHarness,
) -> None:
    status, body = await discord.post(
        discord.interaction(3, button("reason:object #3"), message=PROMPT)
    )
    assert status == 200 and body["type"] == 9
    modal = body["data"]
    assert modal["custom_id"] == "object #3"
    assert modal["title"] == "Votre objection sur #3"
    [row] = modal["components"]
    [field] = row["components"]
    assert field["type"] == 4 and field["custom_id"] == "reason" and field["required"] is True
    assert field["label"] == "Votre raison"
    assert discord.sink.received == []  # opening the form changes nothing

    discord.sink.replies = [reply("Objection enregistrée")]
    submit = {
        "custom_id": "object #3",
        "components": [
            {
                "type": 1,
                "components": [{"type": 4, "custom_id": "reason", "value": "  Trop cher  "}],
            }
        ],
    }
    status, body = await discord.post(discord.interaction(5, submit, message=PROMPT))
    assert status == 200
    [inbound] = discord.sink.received
    assert inbound.text == "!object #3 Trop cher"
    assert inbound.action is Action.TEXT
    # no tally in the replies: the prompt stays, the answer comes as a follow-up
    assert body == {"type": 6}
    await discord.wait_for_calls(1)
    assert discord.api.calls[0].json["content"] == "Objection enregistrée"


@pytest.mark.parametrize(
    ("custom_id", "locale", "title", "label"),
    [
        # the button carries the room's language: the form speaks it, whatever the locale
        ("reason:fr:object #1 --version 2", "en-US", "Votre objection sur #1", "Votre raison"),
        ("reason:fr:concern #1 --version 2", "en-US", "Votre réserve sur #1", "Votre raison"),
        ("reason:fr:block #4 --version 1", "fr", "Votre blocage sur #4", "Votre raison"),
        ("reason:fr:advise #2 --version 1", "fr", "Votre avis sur #2", "Votre avis"),
        ("reason:en:object #1 --version 2", "fr", "Your objection to #1", "Your reason"),
        ("reason:en:advise #2 --version 1", "fr", "Your advice on #2", "Your advice"),
        # a button posted before: the member's own language
        ("reason:object #3", "en-US", "Your objection to #3", "Your reason"),
    ],
)
async def test_reason_form_names_the_position_in_plain_words(
    discord: DiscordHarness, custom_id: str, locale: str, title: str, label: str
) -> None:
    status, body = await discord.post(
        discord.interaction(3, button(custom_id), locale=locale, message=PROMPT)
    )
    assert status == 200 and body["type"] == 9
    modal = body["data"]
    command = custom_id.removeprefix("reason:").removeprefix("fr:").removeprefix("en:")
    assert modal["custom_id"] == command
    assert modal["title"] == title
    [row] = modal["components"]
    [field] = row["components"]
    assert field["label"] == label
    shown = modal["title"] + field["label"] + field["placeholder"]
    assert "--version" not in shown and "!" not in shown and command.split(" --")[0] not in shown
    if "advise" in command:
        assert "gêne" not in field["placeholder"] and "bother" not in field["placeholder"]
        assert "onseil" in field["placeholder"] or "advice" in field["placeholder"]


async def test_modal_without_reason_is_refused(discord: DiscordHarness) -> None:
    submit = {
        "custom_id": "object #3",
        "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": "reason", "value": " "}]}
        ],
    }
    status, body = await discord.post(discord.interaction(5, submit, message=PROMPT))
    assert status == 200 and body["data"]["flags"] == 64
    assert "raison" in body["data"]["content"]
    assert discord.sink.received == []


async def test_blank_advice_is_refused_as_advice(discord: DiscordHarness) -> None:
    submit = {
        "custom_id": "advise #2 --version 1",
        "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": "reason", "value": " "}]}
        ],
    }
    status, body = await discord.post(discord.interaction(5, submit, message=PROMPT))
    assert status == 200 and body["data"]["flags"] == 64
    assert body["data"]["content"].startswith("Il faut écrire votre avis.")
    assert discord.sink.received == []


# --- direct messages ---------------------------------------------------------------------


def direct(interaction: dict[str, Any]) -> dict[str, Any]:
    """The same interaction sent from a direct message with the bot: no server, no member."""
    interaction.pop("guild_id")
    interaction["channel"] = {"id": interaction["channel_id"], "type": 1}
    member = interaction.pop("member", None)
    if member is not None:
        interaction["user"] = member["user"]
    return interaction


@pytest.mark.parametrize(
    "data",
    [
        slash("join"),
        slash("propose", opt("title", "En privé")),
        button("consent #1"),
        button("reason:fr:object #1"),
    ],
)
async def test_direct_message_founds_no_assembly(
    discord: DiscordHarness, data: dict[str, Any]
) -> None:
    kind = 3 if "custom_id" in data else 2
    status, body = await discord.post(direct(discord.interaction(kind, data)))
    assert status == 200 and body["type"] == 4 and body["data"]["flags"] == 64
    assert "message privé" in body["data"]["content"]
    assert "salon du serveur Discord" in body["data"]["content"]
    assert discord.sink.received == []


async def test_direct_message_modal_is_not_taken(discord: DiscordHarness) -> None:
    submit = {
        "custom_id": "object #1",
        "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": "reason", "value": "Non"}]}
        ],
    }
    status, body = await discord.post(direct(discord.interaction(5, submit, locale="en-GB")))
    assert status == 200 and body["data"]["flags"] == 64
    assert body["data"]["content"].startswith("I take no commands in direct messages")
    assert discord.sink.received == []


async def test_help_still_answers_in_a_direct_message(discord: DiscordHarness) -> None:
    discord.sink.replies = [reply("Commandes…")]
    status, body = await discord.post(direct(discord.interaction(2, slash("help"))))
    assert status == 200 and body["data"]["content"] == "Commandes…"
    [inbound] = discord.sink.received
    assert inbound.text == "!help"


# --- authenticity ----------------------------------------------------------------------


async def test_signature_from_another_key_is_refused(discord: DiscordHarness) -> None:
    body = json.dumps(discord.interaction(2, slash("join"))).encode()
    headers = Signer(SigningKey.generate()).headers(body)
    status, _ = await discord.post_raw(body, headers)
    assert status == 401
    assert discord.sink.received == []


async def test_tampered_body_is_refused(discord: DiscordHarness) -> None:
    body = json.dumps(discord.interaction(2, slash("join"))).encode()
    headers = discord.signer.headers(body)
    status, _ = await discord.post_raw(body.replace(b"4242424242", b"4242424243"), headers)
    assert status == 401
    assert discord.sink.received == []


@pytest.mark.parametrize("missing", ["X-Signature-Ed25519", "X-Signature-Timestamp"])
async def test_missing_headers_are_refused(discord: DiscordHarness, missing: str) -> None:
    body = json.dumps(discord.interaction(2, slash("join"))).encode()
    headers = discord.signer.headers(body)
    del headers[missing]
    status, _ = await discord.post_raw(body, headers)
    assert status == 401
    assert discord.sink.received == []


@pytest.mark.parametrize("offset", [-400, -301, 301, 3600])
async def test_timestamps_out_of_window_are_refused(discord: DiscordHarness, offset: int) -> None:
    status, _ = await discord.post(
        discord.interaction(2, slash("join")), timestamp=int(time.time()) + offset
    )
    assert status == 401
    assert discord.sink.received == []


async def test_timestamp_inside_window_is_accepted(discord: DiscordHarness) -> None:
    status, _ = await discord.post(
        discord.interaction(2, slash("join")), timestamp=int(time.time()) - 200
    )
    assert status == 200
    assert len(discord.sink.received) == 1


async def test_signature_is_checked_before_json(discord: DiscordHarness) -> None:
    garbage = b"{not json"
    status, _ = await discord.post_raw(garbage, {"Content-Type": "application/json"})
    assert status == 401
    status, _ = await discord.post_raw(garbage, discord.signer.headers(garbage))
    assert status == 400
    assert discord.sink.received == []


async def test_malformed_signature_hex_is_refused(discord: DiscordHarness) -> None:
    body = json.dumps(discord.interaction(2, slash("join"))).encode()
    headers = discord.signer.headers(body)
    headers["X-Signature-Ed25519"] = "zz" * 64
    status, _ = await discord.post_raw(body, headers)
    assert status == 401


async def test_oversized_body_is_refused_unread(discord: DiscordHarness) -> None:
    interaction = discord.interaction(2, slash("propose", opt("title", "x" * 300_000)))
    status, _ = await discord.post(interaction)
    assert status == 413
    assert discord.sink.received == []


async def test_replayed_interaction_is_not_processed_twice(discord: DiscordHarness) -> None:
    discord.sink.replies = [reply("Proposition #1 ouverte")]
    interaction = discord.interaction(2, slash("propose", opt("title", "Vélos")))
    first = await discord.post(interaction)
    second = await discord.post(interaction)  # same id, freshly signed
    assert first[1]["type"] == 4 and first[1]["data"]["content"] == "Proposition #1 ouverte"
    assert second[0] == 200
    assert second[1]["data"]["flags"] == 64 and "déjà reçu" in second[1]["data"]["content"]
    assert len(discord.sink.received) == 1


async def test_replay_after_restart_is_caught_by_the_sink(
    discord: DiscordHarness, signing_key: SigningKey
) -> None:
    """A new adapter (nothing in memory) still refuses to process a seen interaction."""
    discord.sink.replies = [reply("ok")]
    interaction = discord.interaction(2, slash("join"))
    await discord.post(interaction)
    fresh = DiscordAdapter(discord.settings)
    await fresh.start(discord.sink)
    app = web.Application()
    app.add_routes(fresh.routes())
    async with serve(app) as url:
        body = json.dumps(interaction).encode()
        async with discord.client.post(
            url + discord.settings.interactions_path,
            data=body,
            headers=discord.signer.headers(body),
        ) as response:
            answer = await response.json()
    assert answer["type"] == 4 and answer["data"]["flags"] == 64
    assert len(discord.sink.received) == 1
    # replies of that event still on their way can use the token as follow-ups
    event_id = f"interaction:{interaction['id']}"
    await fresh.send(Delivery("outbox-5", reply("Réponse", reply_to=event_id)))
    await fresh.send(Delivery("outbox-6", reply("Autre chose")))
    await fresh.stop()
    assert discord.api.paths() == [
        ("POST", f"/api/v10/webhooks/{APP_ID}/{interaction['token']}"),
        ("POST", f"/api/v10/channels/{CHANNEL}/messages"),
    ]


async def test_a_slow_duplicate_is_still_a_duplicate(
    discord: DiscordHarness, signing_key: SigningKey
) -> None:
    """The sink says which it was; how long it took to say so does not matter."""
    interaction = discord.interaction(2, slash("join"))
    await discord.post(interaction)
    fresh = DiscordAdapter(discord.settings)  # nothing in memory: the sink decides
    await fresh.start(discord.sink)
    discord.sink.duplicate_delay = discord.settings.reply_timeout
    app = web.Application()
    app.add_routes(fresh.routes())
    async with serve(app) as url:
        body = json.dumps(interaction).encode()
        async with discord.client.post(
            url + discord.settings.interactions_path,
            data=body,
            headers=discord.signer.headers(body),
        ) as response:
            answer = await response.json()
    await fresh.stop()
    assert answer["type"] == 4 and "déjà reçu" in answer["data"]["content"]


async def test_a_quick_deferral_is_not_taken_for_a_duplicate(discord: DiscordHarness) -> None:
    discord.sink.defer_at_once = True  # e.g. the outbox sender took the replies first
    status, body = await discord.post(discord.interaction(2, slash("decisions")))
    assert (status, body) == (200, {"type": 5})
    status, body = await discord.post(
        discord.interaction(3, button("consent #3"), message=PROMPT)
    )
    assert (status, body) == (200, {"type": 6})


async def test_not_started_adapter_answers_503(signing_key: SigningKey) -> None:
    adapter = DiscordAdapter(
        make_settings(signing_key.verify_key.encode().hex(), "http://127.0.0.1:9")
    )
    app = web.Application()
    app.add_routes(adapter.routes())
    body = json.dumps({"id": "1234567", "type": 2, "token": "t", "channel_id": "12345"}).encode()
    async with serve(app) as url:
        import aiohttp

        async with aiohttp.ClientSession() as client:
            async with client.post(
                url + "/discord/interactions", data=body, headers=Signer(signing_key).headers(body)
            ) as response:
                assert response.status == 503
            ping = json.dumps({"id": "1234568", "type": 1}).encode()
            async with client.post(
                url + "/discord/interactions", data=ping, headers=Signer(signing_key).headers(ping)
            ) as response:
                assert await response.json() == {"type": 1}
    await adapter.stop()


# --- slow path: deferred answer, then the outbox ---------------------------------------


async def test_slow_command_is_deferred_then_send_edits_the_original(
    discord: DiscordHarness,
) -> None:
    discord.sink.delay = 5.0  # longer than reply_timeout (0.3 s)
    interaction = discord.interaction(2, slash("propose", opt("title", "Cantine")))
    started = time.monotonic()
    status, body = await discord.post(interaction)
    assert time.monotonic() - started < 2.5
    assert (status, body) == (200, {"type": 5})
    assert len(discord.sink.received) == 1
    assert discord.api.calls == []

    token = interaction["token"]
    event_id = f"interaction:{interaction['id']}"
    # the core's replies name the event they answer
    first = Delivery("outbox-1", reply("Proposition #4 ouverte", reply_to=event_id))
    second = Delivery("outbox-2", reply("Clarifications jusqu'à jeudi", reply_to=event_id))
    first_id = await discord.adapter.send(first)
    second_id = await discord.adapter.send(second)
    assert discord.api.paths() == [
        ("PATCH", f"/api/v10/webhooks/{APP_ID}/{token}/messages/@original"),
        ("POST", f"/api/v10/webhooks/{APP_ID}/{token}"),
    ]
    assert discord.api.calls[0].json["content"] == "Proposition #4 ouverte"
    assert discord.api.calls[1].json["content"] == "Clarifications jusqu'à jeudi"
    assert all("Authorization" not in call.headers for call in discord.api.calls)
    assert first_id and second_id and first_id != second_id

    # an unrelated message for the same channel is an ordinary channel message
    await discord.adapter.send(Delivery("outbox-4", reply("Rappel : réunion demain")))
    assert discord.api.paths()[-1] == ("POST", f"/api/v10/channels/{CHANNEL}/messages")

    other_room = Delivery("outbox-3", Outbound(DISCORD, RoomId("8888888888"), "Ailleurs"))
    await discord.adapter.send(other_room)
    last = discord.api.calls[-1]
    assert (last.method, last.path) == ("POST", "/api/v10/channels/8888888888/messages")
    assert last.headers["Authorization"] == "Bot test-bot-token-0123456789abcdef"


async def test_deferred_answer_is_filled_even_without_reply_to(discord: DiscordHarness) -> None:
    discord.sink.delay = 5.0
    interaction = discord.interaction(2, slash("decisions"))
    assert (await discord.post(interaction))[1] == {"type": 5}
    await discord.adapter.send(Delivery("outbox-9", reply("Registre : 3 décisions")))
    assert discord.api.paths() == [
        ("PATCH", f"/api/v10/webhooks/{APP_ID}/{interaction['token']}/messages/@original")
    ]


async def test_sink_that_overruns_still_gets_a_deferred_answer_and_late_replies(
    discord: DiscordHarness,
) -> None:
    """A sink ignoring its timeout: the adapter answers type 5 on its own deadline and
    delivers the replies when they finally come."""
    discord.sink.delay = 1.2
    discord.sink.honour_timeout = False
    discord.sink.replies = [reply("Enfin prêt")]
    interaction = discord.interaction(2, slash("decisions"))
    started = time.monotonic()
    status, body = await discord.post(interaction)
    assert time.monotonic() - started < 1.1
    assert (status, body) == (200, {"type": 5})
    await discord.wait_for_calls(1, timeout=4.0)
    call = discord.api.calls[0]
    assert (call.method, call.path) == (
        "PATCH",
        f"/api/v10/webhooks/{APP_ID}/{interaction['token']}/messages/@original",
    )
    assert call.json["content"] == "Enfin prêt"


async def test_reply_with_a_file_is_deferred_and_uploaded(discord: DiscordHarness) -> None:
    ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    discord.sink.replies = [reply("Réunion #7", attachment_name="meeting-7.ics", attachment=ics)]
    interaction = discord.interaction(2, slash("ics", opt("number", 7)))
    status, body = await discord.post(interaction)
    assert (status, body) == (200, {"type": 5})
    await discord.wait_for_calls(1)
    call = discord.api.calls[0]
    assert call.method == "PATCH" and call.path.endswith("/messages/@original")
    assert call.json["content"] == "Réunion #7"
    assert call.json["attachments"] == [{"id": 0, "filename": "meeting-7.ics"}]
    assert call.files["files[0]"] == ("meeting-7.ics", ics.encode())


def focused(name: str, value: Any) -> dict[str, Any]:
    """The option being typed in an AUTOCOMPLETE interaction: its value as typed, a string."""
    return {"name": name, "type": 4, "value": value, "focused": True}


async def test_autocomplete_proposes_what_the_sink_suggests_for_the_number(discord: DiscordHarness) -> None:
    sink: ScriptedSink = discord.sink
    sink.suggestions = [Suggestion(3, "#3 Jardin partagé — tour de consentement"),
                        Suggestion(1, "#1 " + "x" * 120)]
    status, body = await discord.post(discord.interaction(4, slash("consent", focused("number", "3"))))
    assert status == 200 and body["type"] == 8
    assert body["data"]["choices"][0] == {"name": "#3 Jardin partagé — tour de consentement", "value": 3}
    assert body["data"]["choices"][1] == {"name": ("#1 " + "x" * 120)[:100], "value": 1}
    assert sink.suggested == [("discord", CHANNEL, "consent", "3")]
    # the other options filled in already do not matter; what the number holds is passed as typed
    await discord.post(discord.interaction(
        4, slash("vote", focused("number", "  jardin  partagé "), opt("option", "A"))))
    assert sink.suggested[-1] == ("discord", CHANNEL, "vote", "jardin partagé")
    await discord.post(discord.interaction(4, slash("status", focused("number", ""))))
    assert sink.suggested[-1] == ("discord", CHANNEL, "status", "")
    assert sink.received == []  # nothing stored: not a command


async def test_autocomplete_caps_the_choices_at_25(discord: DiscordHarness) -> None:
    discord.sink.suggestions = [Suggestion(n, f"#{n} Sujet") for n in range(30, 0, -1)]
    _, body = await discord.post(discord.interaction(4, slash("status", focused("number", ""))))
    assert [c["value"] for c in body["data"]["choices"]] == list(range(30, 5, -1))


async def test_autocomplete_proposes_nothing_elsewhere(discord: DiscordHarness) -> None:
    sink: ScriptedSink = discord.sink
    sink.suggestions = [Suggestion(3, "#3 Jardin partagé — tour de consentement")]
    empty = (200, {"type": 8, "data": {"choices": []}})
    assert await discord.post(discord.interaction(4, slash("help"))) == empty
    assert await discord.post(discord.interaction(4, slash("help", focused("command", "ok")))) == empty
    assert await discord.post(discord.interaction(4, slash("nope", focused("number", "3")))) == empty
    unfocused = slash("consent", opt("number", 3))
    assert await discord.post(discord.interaction(4, unfocused)) == empty
    direct = discord.interaction(4, slash("consent", focused("number", "")), permissions=None)
    del direct["guild_id"]
    assert await discord.post(direct) == empty  # no assembly meets in a direct message
    assert sink.suggested == []


async def test_autocomplete_answers_at_once_when_the_sink_fails_or_is_slow(
    discord: DiscordHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    import adapters.discord.adapter as discord_adapter

    sink: ScriptedSink = discord.sink
    empty = (200, {"type": 8, "data": {"choices": []}})

    async def broken(*_: Any) -> list[Suggestion]:
        raise RuntimeError("database gone")

    monkeypatch.setattr(sink, "suggest", broken)
    assert await discord.post(discord.interaction(4, slash("consent", focused("number", "")))) == empty

    async def slow(*_: Any) -> list[Suggestion]:
        await asyncio.sleep(5)
        return [Suggestion(1, "#1 Trop tard")]

    monkeypatch.setattr(sink, "suggest", slow)
    monkeypatch.setattr(discord_adapter, "SUGGEST_TIMEOUT", 0.2)
    started = time.monotonic()
    assert await discord.post(discord.interaction(4, slash("consent", focused("number", "")))) == empty
    assert time.monotonic() - started < 2


async def test_autocomplete_needs_the_signature_like_any_interaction(discord: DiscordHarness) -> None:
    discord.sink.suggestions = [Suggestion(3, "#3 Jardin partagé — tour de consentement")]
    body = json.dumps(discord.interaction(4, slash("consent", focused("number", "")))).encode()
    forged = Signer(SigningKey.generate()).headers(body)
    status, _ = await discord.post_raw(body, forged)
    assert status == 401
    assert discord.sink.suggested == []


async def test_sink_is_waited_with_the_configured_timeout(discord: DiscordHarness) -> None:
    sink: ScriptedSink = discord.sink
    await discord.post(discord.interaction(2, slash("join")))
    await asyncio.sleep(0)
    assert sink.timeouts == [0.3]
