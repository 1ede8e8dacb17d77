"""Generic webhook end to end: signed JSON messages and Mattermost-style slash commands POSTed
to the real `assemblee run`, answered in the HTTP response; a message the bot sends later
(the outcome at a deadline) delivered, signed, to the integration's outgoing URL, and to
the incoming-webhook URL for the slash-command channel."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from webhooks_clients import generic_signature_ok
from webhooks_networks import INTEGRATION, Networks

from core.i18n import translate

ROOM = "place"  # the room, as the other system names it
CHANNEL = "chan-42"  # the slash-command channel
SETUP_MARGIN = timedelta(seconds=8)  # time the deadline proposals need to reach the decision


def texts(answer: dict[str, Any]) -> list[str]:
    return [reply["text"] for reply in answer["replies"]]


def next_deadline(zone: str) -> tuple[datetime, str]:
    """The first whole minute at least SETUP_MARGIN away (deadlines are given to the
    minute, in the room's time zone)."""
    now = datetime.now(ZoneInfo(zone))
    deadline = (now + SETUP_MARGIN).replace(second=0, microsecond=0) + timedelta(minutes=1)
    return deadline, deadline.strftime("%Y-%m-%dT%H:%M")


async def test_a_round_answered_inline_and_an_outcome_delivered_later(
    networks: Networks,
) -> None:
    g = networks.generic
    bot = networks.bot

    # -- two rooms with a deadline: the outcome will be announced when it passes --------
    for sender in ("alice", "bob", "chloe"):
        answer = await g.say(ROOM, sender, "!join")
        assert answer["duplicate"] is False and answer["deferred"] is False
        assert len(answer["replies"]) == 1
    [(zone,)] = bot.query("SELECT timezone FROM assembly WHERE room = ?", f"{INTEGRATION}:{ROOM}")
    deadline, typed = next_deadline(zone)

    answer = await g.say(ROOM, "alice", f"!propose --deadline {typed} Vélos partagés")
    assert "#1" in texts(answer)[0] and "Vélos partagés" in texts(answer)[0]
    await g.say(ROOM, "alice", "!next #1")
    answer = await g.say(ROOM, "alice", "!next #1")
    prompt = answer["replies"][-1]
    assert prompt["kind"] == "consent_prompt"
    assert {b["payload"] for b in prompt["buttons"]} >= {"consent #1 --version 1", "object #1 --version 1"}
    answer = await g.say(ROOM, "bob", "!consent #1")
    assert answer["replies"]  # alice and chloe let the deadline decide

    for user in ("u-1", "u-2"):
        status, answer = await g.slash(CHANNEL, user, "join")
        assert status == 200 and answer["response_type"] == "in_channel"
    status, answer = await g.slash(CHANNEL, "u-1", f"propose --deadline {typed} Fête de rue")
    assert answer["response_type"] == "in_channel" and "Fête de rue" in answer["text"]
    await g.slash(CHANNEL, "u-1", "next 1")
    status, answer = await g.slash(CHANNEL, "u-1", "!next #1")
    assert "/assemblee consent #1`" in answer["text"]  # buttons become commands to type
    assert "--version" not in answer["text"]  # what a press carries is not for typing
    status, answer = await g.slash(CHANNEL, "u-2", "consent 1")
    assert status == 200 and answer["response_type"] == "in_channel"
    assert datetime.now(ZoneInfo(zone)) < deadline, "the set-up took too long: no deadline left"

    # -- meanwhile a whole round, every answer in its HTTP response ---------------------
    assert "#2" in texts(await g.say(ROOM, "chloe", "!propose Compost collectif"))[0]
    await g.say(ROOM, "chloe", "!suivant #2")
    await g.say(ROOM, "chloe", "!suivant #2")
    await g.say(ROOM, "alice", "!consent #2")
    await g.say(ROOM, "bob", "!consentement #2")
    replayed_id = "last-position"
    last = await g.say(ROOM, "chloe", "!reserve #2 attention aux odeurs", event_id=replayed_id)
    assert any("#2" in text and "adoptée" in text.lower() for text in texts(last)), texts(last)
    # the same event again (the other system retried): nothing done twice
    again = await g.say(ROOM, "chloe", "!reserve #2 attention aux odeurs", event_id=replayed_id)
    assert again == {"duplicate": True, "replies": []}
    status, answer = await g.slash(CHANNEL, "u-1", "status 1", trigger_id="same-trigger")
    status, answer = await g.slash(CHANNEL, "u-1", "status 1", trigger_id="same-trigger")
    assert answer == {
        "response_type": "ephemeral",
        "text": translate("webhook.slash.duplicate", "fr"),
    }

    # -- the deadline passes: both outcomes leave through the outbox --------------------
    receiver = networks.receiver
    wait = (deadline - datetime.now(ZoneInfo(zone))).total_seconds() + 20
    limit = time.monotonic() + max(wait, 5)
    while len(receiver.calls) < 2 and time.monotonic() < limit:
        await asyncio.sleep(0.1)
    by_path = {call.path: call for call in receiver.calls}
    assert sorted(by_path) == ["/hooks/assemblee", "/hooks/mattermost"], [
        (c.path, c.body[:200]) for c in receiver.calls
    ]

    outgoing = by_path["/hooks/assemblee"]
    body = outgoing.json()
    assert generic_signature_ok(networks.webhook_secret, outgoing.headers, outgoing.body)
    assert outgoing.headers["X-Assemblee-Delivery"] == body["delivery"]
    assert body["room"] == ROOM
    assert "#1" in body["text"] and "adoptée" in body["text"].lower()

    incoming = by_path["/hooks/mattermost"].json()
    assert incoming["channel"] == "place-publique"  # as the slash form named it
    assert "Fête de rue" in incoming["text"] and "adoptée" in incoming["text"].lower()
    assert "X-Assemblee-Signature" not in by_path["/hooks/mattermost"].headers

    # -- the state ---------------------------------------------------------------------
    await bot.wait_idle()
    await asyncio.sleep(0.5)
    assert len(receiver.calls) == 2  # what was answered inline never went out again
    state = await bot.export()
    rooms = {(a["platform"], a["room"]): a for a in state["assemblies"]}
    place = rooms[("webhook", f"{INTEGRATION}:{ROOM}")]
    assert [(p["number"], p["status"]) for p in place["proposals"]] == [
        (1, "adopted"),
        (2, "adopted"),
    ]
    velos, compost = place["proposals"]
    assert [(p["member"], p["position"]) for p in velos["positions"]] == [
        (f"webhook:{INTEGRATION}:bob", "consent")
    ]
    assert {p["member"]: (p["position"], p["reason"]) for p in compost["positions"]} == {
        f"webhook:{INTEGRATION}:alice": ("consent", ""),
        f"webhook:{INTEGRATION}:bob": ("consent", ""),
        f"webhook:{INTEGRATION}:chloe": ("concern", "attention aux odeurs"),
    }
    street = rooms[("webhook", f"{INTEGRATION}/slash:{CHANNEL}")]
    assert [(p["title"], p["status"]) for p in street["proposals"]] == [("Fête de rue", "adopted")]
    assert bot.errors() == []


async def test_a_mandate_given_and_the_roles_listed_by_slash_command(networks: Networks) -> None:
    """Mattermost and Slack take the command as typed: `/assemblee role moi catalyseur
    --mandat 6m` gives a mandate, `/assemblee role` lists the roles and the end of each."""
    g = networks.generic
    await g.slash("chan-roles", "alice", "join")
    status, answer = await g.slash("chan-roles", "alice", "role moi catalyseur --mandat 6m")
    assert status == 200, answer
    assert "alice" in answer["text"] and "mandat" in answer["text"], answer
    status, answer = await g.slash("chan-roles", "alice", "role")
    line = next(line for line in answer["text"].splitlines() if "catalyse" in line)
    assert "alice" in line and "mandat jusqu'au" in line
    assert networks.bot.errors() == []


async def test_a_member_mentioned_by_username_in_a_slash_command(networks: Networks) -> None:
    """Mattermost and Slack mention people by username (`@bob.martin`), while the bot knows
    them by their user id: the username they were last seen with names them."""
    g = networks.generic
    await g.slash("chan-mention", "u-ana-1", "join", user_name="ana")
    await g.slash("chan-mention", "u-bob-2", "join", user_name="bob.martin")
    status, answer = await g.slash("chan-mention", "u-ana-1", "role @Bob.Martin catalyseur", user_name="ana")
    assert status == 200, answer
    assert "bob.martin" in answer["text"] and "inconnu" not in answer["text"] and "trouve pas" not in answer["text"]
    status, answer = await g.slash("chan-mention", "u-ana-1", "role", user_name="ana")
    line = next(line for line in answer["text"].splitlines() if "catalyse" in line)
    assert "bob.martin" in line
    # nobody goes by that username: said as typed
    status, answer = await g.slash("chan-mention", "u-ana-1", "role @carol catalyseur", user_name="ana")
    assert "@carol" in answer["text"]
    assert networks.bot.errors() == []
