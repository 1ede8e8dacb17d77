"""Discord end to end: interactions signed with a test key pair, POSTed to the real
`assemblee run`; follow-ups and deferred answers seen by a fake Discord REST API."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from webhooks_clients import discord_headers, option, post
from webhooks_networks import DISCORD_APP_ID, Networks, StartBot

from core.i18n import translate

ALINE = ("111111111111111111", "Aline")
BASILE = ("222222222222222222", "Basile")
CHLOE = ("333333333333333333", "Chloé")
GUILD = "7777777777"


async def followups(networks: Networks, token: str, count: int, timeout: float = 10.0) -> list[Any]:
    """The JSON of the first `count` calls made with an interaction's token."""
    deadline = time.monotonic() + timeout
    while True:
        calls = [c for c in networks.discord_api.calls if token in c.path]
        if len(calls) >= count or time.monotonic() > deadline:
            return calls
        await asyncio.sleep(0.05)


async def test_a_consent_round_with_slash_commands_buttons_and_a_modal(
    networks: Networks,
) -> None:
    d = networks.discord
    api = networks.discord_api

    # Discord checks the endpoint with a signed PING before it sends anything else
    assert await d.send({"id": "1000000001", "application_id": DISCORD_APP_ID, "type": 1}) == (
        200,
        {"type": 1},
    )
    # the operator registers the commands for one server, French names included
    code, _, err = await networks.bot.cli("discord", "register-commands", "--guild", GUILD)
    assert code == 0, err
    [put] = [c for c in api.calls if c.method == "PUT"]
    assert put.path == f"/api/v10/applications/{DISCORD_APP_ID}/guilds/{GUILD}/commands"
    names = {c["name"]: c.get("name_localizations", {}).get("fr") for c in put.json}
    assert {"propose", "consent", "object", "join"} <= set(names)
    assert names["join"] == "rejoindre"
    assert put.headers["Authorization"].startswith("Bot ")

    for person in (ALINE, BASILE, CHLOE):
        status, answer = await d.send(d.command("join", person))
        assert status == 200 and answer["type"] == 4
        assert f"<@{person[0]}>" in answer["data"]["content"]

    status, answer = await d.send(d.command("propose", ALINE, option("title", "Cantine solidaire")))
    assert answer["type"] == 4 and "#1" in answer["data"]["content"]
    assert "Cantine solidaire" in answer["data"]["content"]
    await d.send(d.command("next", ALINE, option("number", 1)))
    status, answer = await d.send(d.command("next", ALINE, option("number", 1)))
    assert answer["type"] == 4
    [row] = answer["data"]["components"]
    custom_ids = [button["custom_id"] for button in row["components"]]
    v = " --version 1"
    # a reason button carries the room's language: the form it opens speaks it
    assert custom_ids == [f"consent #1{v}", f"standaside #1{v}", f"reason:fr:concern #1{v}", f"reason:fr:object #1{v}"]
    text = answer["data"]["content"]
    prompt = {"id": "900000000000000001", "channel_id": d.channel_id, "content": text, "components": [row]}

    # a button: the prompt is redrawn with the tally, the position confirmed to the presser alone
    press = d.button(f"consent #1{v}", BASILE, prompt)
    status, redrawn = await d.send(press)
    assert status == 200 and redrawn["type"] == 7
    assert redrawn["data"]["content"].startswith(text) and "1/3" in redrawn["data"]["content"]
    assert redrawn["data"]["components"] == [row]
    [ack] = await followups(networks, press["token"], 1)
    assert (ack.method, ack.path) == ("POST", f"/api/v10/webhooks/{DISCORD_APP_ID}/{press['token']}")
    assert ack.json["flags"] == 64
    assert f"<@{BASILE[0]}>" in ack.json["content"] and "#1" in ack.json["content"]
    # the same press delivered twice (re-signed, same interaction id) counts once
    status, again = await d.send(press)
    assert (status, again) == (200, {"type": 6})

    # a reason: the button opens a modal, its answer is the concern
    status, modal = await d.send(d.button(f"reason:fr:concern #1{v}", CHLOE, prompt))
    assert modal["type"] == 9 and modal["data"]["custom_id"] == f"concern #1{v}"
    assert modal["data"]["title"] == "Votre réserve sur #1"
    submit = d.modal(f"concern #1{v}", "Prévoir des repas végétariens", CHLOE, prompt)
    status, redrawn = await d.send(submit)
    assert status == 200 and redrawn["type"] == 7 and "2/3" in redrawn["data"]["content"]
    await followups(networks, submit["token"], 1)

    # a signature that does not match is refused before anything is read
    forged = d.button(f"consent #1{v}", ALINE, prompt)
    body = json.dumps(forged).encode()
    headers = discord_headers(networks.discord_key, body)
    signature = headers["X-Signature-Ed25519"]
    headers["X-Signature-Ed25519"] = signature[:-2] + f"{int(signature[-2:], 16) ^ 0xFF:02x}"  # never the same byte
    assert (await post(networks.http, d.url, body, headers))[0] == 401

    # the last position adopts the proposal: the buttons go, the outcome is posted
    press = d.button(f"consent #1{v}", ALINE, prompt)
    status, redrawn = await d.send(press)
    assert status == 200 and redrawn["type"] == 7 and redrawn["data"]["components"] == []
    calls = await followups(networks, press["token"], 2)
    texts = [call.json["content"] for call in calls]
    assert any("#1" in text and "adoptée" in text.lower() for text in texts), texts

    # a slash command replayed by an attacker: already received, nothing done
    replay = d.command("consent", BASILE, option("number", 1))
    await d.send(replay)
    status, answer = await d.send(replay)
    assert answer["data"]["flags"] == 64
    assert answer["data"]["content"] == translate("discord.already_received", "fr")

    await networks.bot.wait_idle()
    [assembly] = (await networks.bot.export())["assemblies"]
    assert (assembly["platform"], assembly["room"]) == ("discord", d.channel_id)
    [proposal] = assembly["proposals"]
    assert proposal["status"] == "adopted"
    positions = {p["member"]: (p["position"], p["reason"]) for p in proposal["positions"]}
    assert positions == {
        f"discord:{ALINE[0]}": ("consent", ""),
        f"discord:{BASILE[0]}": ("consent", ""),
        f"discord:{CHLOE[0]}": ("concern", "Prévoir des repas végétariens"),
    }
    # nothing was sent twice: each follow-up went out once
    payloads = [(c.path, json.dumps(c.json, sort_keys=True)) for c in api.calls if c.method == "POST"]
    assert len(payloads) == len(set(payloads))
    assert networks.bot.errors() == []


async def test_a_slow_answer_is_deferred_then_followed_up(start_bot: StartBot) -> None:
    """When the core does not answer in time the interaction is deferred (type 5 / 6) and
    the answer fills the deferred message through the outbox, without waiting long. A reply
    timeout of 0 defers every interaction, however fast the core."""
    networks = await start_bot(ASSEMBLEE_DISCORD__REPLY_TIMEOUT="0")  # always defer: no race with a fast core
    d = networks.discord
    join = d.command("join", ALINE)
    started = time.monotonic()
    assert await d.send(join) == (200, {"type": 5})
    [edit] = await followups(networks, join["token"], 1)
    assert time.monotonic() - started < 4  # not held back for the inline-answer window
    assert (edit.method, edit.path) == (
        "PATCH",
        f"/api/v10/webhooks/{DISCORD_APP_ID}/{join['token']}/messages/@original",
    )
    assert f"<@{ALINE[0]}>" in edit.json["content"]

    # each deferred command gets its answer before the next one is sent
    for command in (
        d.command("propose", ALINE, option("title", "Vélos")),
        d.command("next", ALINE, option("number", 1)),
        d.command("next", ALINE, option("number", 1)),
    ):
        assert await d.send(command) == (200, {"type": 5})
        assert await followups(networks, command["token"], 1)
    await networks.bot.wait_idle()
    await asyncio.sleep(0.3)
    press = d.button("consent #1", ALINE, {"id": "900000000000000002", "channel_id": d.channel_id})
    before = len(networks.discord_api.calls)
    assert await d.send(press) == (200, {"type": 6})
    deadline = time.monotonic() + 10
    while len(networks.discord_api.calls) < before + 4 and time.monotonic() < deadline:
        await asyncio.sleep(0.05)  # the handling goes on after the deferred answer
    calls = networks.discord_api.calls[before:]
    # the pressed message redrawn with the tally (its buttons gone: the round is over), the
    # confirmation to the presser alone through the token, and the announcement, which
    # answers no one in particular, in the channel; then the round's call (the answer to the
    # second /next, whose id the outbox learnt) is drawn closed, with the bot token
    assert [(c.method, c.path) for c in calls] == [
        ("PATCH", f"/api/v10/webhooks/{DISCORD_APP_ID}/{press['token']}/messages/@original"),
        ("POST", f"/api/v10/webhooks/{DISCORD_APP_ID}/{press['token']}"),
        ("POST", f"/api/v10/channels/{d.channel_id}/messages"),
        ("PATCH", f"/api/v10/channels/{d.channel_id}/messages/900000000000000005"),
    ]
    assert calls[3].json["components"] == [] and "📊 Tour clos : proposition adoptée." in calls[3].json["content"]
    assert "📊" in calls[0].json["content"] and "1/1" in calls[0].json["content"]
    assert calls[0].json["components"] == []
    assert calls[1].json["flags"] == 64 and "#1" in calls[1].json["content"]
    assert "adoptée" in calls[2].json["content"].lower()
    assert calls[2].headers["Authorization"].startswith("Bot ")
    [assembly] = (await networks.bot.export())["assemblies"]
    assert assembly["proposals"][0]["status"] == "adopted"
    assert networks.bot.errors() == []


async def test_the_number_is_proposed_as_it_is_typed(networks: Networks) -> None:
    """A signed AUTOCOMPLETE interaction on a command's number is answered at once (type 8)
    with what the command applies to now in this channel's assembly, latest first, narrowed
    by what is typed, in the room's language; nothing is stored for it."""
    d = networks.discord
    api = networks.discord_api
    code, _, err = await networks.bot.cli("discord", "register-commands", "--guild", GUILD)
    assert code == 0, err
    [put] = [c for c in api.calls if c.method == "PUT"]
    consent = next(c for c in put.json if c["name"] == "consent")
    assert consent["options"] == [{**consent["options"][0], "name": "number", "type": 4, "required": True,
                                   "autocomplete": True}]

    def typing(command: str, typed: str, who: tuple[str, str] = ALINE) -> dict[str, Any]:
        focused = {"name": "number", "type": 4, "value": typed, "focused": True}
        return d.interaction(4, {"id": "1", "name": command, "type": 1, "options": [focused]}, who)

    async def choices(command: str, typed: str = "") -> Any:
        status, answer = await d.send(typing(command, typed))
        assert status == 200 and answer["type"] == 8
        return answer["data"]["choices"]

    assert await choices("consent") == []  # no assembly here yet: nothing, and none founded
    for person in (ALINE, BASILE):
        await d.send(d.command("join", person))
    for title in ("Jardin partagé", "Cantine solidaire", "Équipe vélo"):
        await d.send(d.command("propose", ALINE, option("title", title)))
    await d.send(d.command("next", ALINE, option("number", 1)))
    await d.send(d.command("next", ALINE, option("number", 1)))

    assert await choices("consent") == [{"name": "#1 Jardin partagé — tour de consentement", "value": 1}]
    assert await choices("ask") == [{"name": "#3 Équipe vélo — clarification", "value": 3},
                                    {"name": "#2 Cantine solidaire — clarification", "value": 2}]
    assert [c["value"] for c in await choices("status")] == [3, 2, 1]
    assert await choices("status", "2") == [{"name": "#2 Cantine solidaire — clarification", "value": 2}]
    assert await choices("status", "velo") == [{"name": "#3 Équipe vélo — clarification", "value": 3}]
    assert await choices("status", "9") == []

    # another channel of the same server sees nothing of this one
    elsewhere = typing("status", "")
    elsewhere["channel_id"] = "6666666666"
    assert await d.send(elsewhere) == (200, {"type": 8, "data": {"choices": []}})
    # a signature that does not match is refused before anything is read
    body = json.dumps(typing("status", "")).encode()
    headers = discord_headers(networks.discord_key, body)
    signature = headers["X-Signature-Ed25519"]
    headers["X-Signature-Ed25519"] = signature[:-2] + f"{int(signature[-2:], 16) ^ 0xFF:02x}"
    assert (await post(networks.http, d.url, body, headers))[0] == 401

    await d.send(d.command("lang", ALINE, option("language", "en")))
    assert await choices("consent") == [{"name": "#1 Jardin partagé — consent round", "value": 1}]
    assert await choices("react", "jardin") == [{"name": "#1 Jardin partagé — consent round", "value": 1}]

    await networks.bot.wait_idle()
    [assembly] = (await networks.bot.export())["assemblies"]
    assert assembly["room"] == d.channel_id and len(assembly["proposals"]) == 3
    assert networks.bot.errors() == []


async def test_a_mandate_is_given_and_the_roles_listed_by_slash_command(networks: Networks) -> None:
    """`/role` with a term gives a role for a mandate; `/role` alone lists who holds which role
    and until when; the registered command has all three options, none required."""
    d = networks.discord
    code, _, err = await networks.bot.cli("discord", "register-commands", "--guild", GUILD)
    assert code == 0, err
    [put] = [c for c in networks.discord_api.calls if c.method == "PUT"]
    role = next(c for c in put.json if c["name"] == "role")
    assert [(o["name"], o["required"]) for o in role["options"]] == [
        ("member", False), ("role", False), ("term", False)]
    for person in (ALINE, BASILE):
        await d.send(d.command("join", person))
    basile = {"name": "member", "type": 6, "value": BASILE[0]}
    status, answer = await d.send(d.command("role", ALINE, basile, option("role", "catalyseur"),
                                            option("term", "3 semaines")))
    assert status == 200 and answer["type"] == 4
    given = answer["data"]["content"]
    assert f"<@{BASILE[0]}>" in given and "mandat" in given
    status, answer = await d.send(d.command("role", ALINE))
    listed = answer["data"]["content"]
    line = next(line for line in listed.splitlines() if "catalyse" in line)
    assert f"<@{BASILE[0]}>" in line and "mandat jusqu'au" in line
    [assembly] = (await networks.bot.export())["assemblies"]
    [basile_row] = [m for m in assembly["members"] if BASILE[0] in str(m)]
    assert basile_row["mandates"]["catalyser"]["ends"]
    assert networks.bot.errors() == []
