"""The real bot process through restarts, crashes, rate limits and a homeserver outage.

Every scenario ends with the same two checks: each answer the bot decided is in the
room exactly once (its outbox row's event id, and no other copy of it), and the
assembly state (`assemblee export`) shows each command applied exactly once.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from live import BotProcess, People, Person, body, fr, from_bot, open_round, positions
from synapse_harness import SynapseServer

pytestmark = pytest.mark.synapse

StartSynapse = Callable[..., SynapseServer]


@pytest.fixture
def new_bot(tmp_path: Path) -> Iterator[Callable[..., BotProcess]]:
    made: list[BotProcess] = []

    def make(server: SynapseServer, **settings: str) -> BotProcess:
        account = server.register_user(f"assemblee-{secrets.token_hex(3)}")
        bot = BotProcess(tmp_path / f"bot{len(made)}", server, account, **settings)
        made.append(bot)
        return bot

    yield make
    for bot in made:
        bot.kill()


def sent_rows(bot: BotProcess) -> list[tuple[str, str, str]]:
    """(key, status, event id) of every outbox row that is a message to the room, oldest
    first. The rows that redraw a closed round's buttons are left out: Matrix has no buttons,
    so they are done without sending anything."""
    return [
        (str(k), str(s), str(e))
        for k, s, e, payload in bot.query("SELECT key, status, sent_id, payload FROM outbox ORDER BY id")
        if json.loads(str(payload)).get("kind") != "round_close"
    ]


def bot_events(person: Person, bot: BotProcess, room: str) -> list[dict[str, object]]:
    return [
        e
        for e in person.events(room)
        if e["sender"] == bot.user_id and e["type"] == "m.room.message"
    ]


def assert_each_answer_once(person: Person, bot: BotProcess, room: str) -> int:
    """Every outbox row was sent, and its event is in the room once; no other messages."""
    rows = sent_rows(bot)
    assert rows and {status for _, status, _ in rows} == {"sent"}, rows
    seen = Counter(str(e["event_id"]) for e in bot_events(person, bot, room))
    assert all(count == 1 for count in seen.values())
    sent_ids = [event_id for _, _, event_id in rows]
    assert len(set(sent_ids)) == len(sent_ids)
    assert set(seen) == set(sent_ids), set(seen) ^ set(sent_ids)
    bodies = Counter(body(e) for e in bot_events(person, bot, room))
    return len(bodies)


async def test_restart_in_the_middle_of_a_round(
    synapse: SynapseServer, people: People, new_bot: Callable[..., BotProcess]
) -> None:
    bot = new_bot(synapse).start().wait_started()
    alice, bob, carol, dan = await people("alice", "bob", "carol", "dan")
    room = await alice.create_room(invite=[bob, carol, dan])
    await alice.invite_bot(room, bot)
    prompt = await open_round(bot, alice, room, "Nouveaux horaires du local")
    session = bot.directory / "store" / "matrix-session.json"
    token_file = bot.directory / "store" / "matrix-sync-token"
    before = json.loads(session.read_text())
    device, token = token_file.read_text().split(" ", 1)
    assert device == before["device_id"] and token

    await bob.react(room, prompt["event_id"], "✅")
    await carol.say(room, "!consentement #1")
    await alice.wait_for(room, from_bot(bot, carol.user_id, "consentement sur #1"))
    assert bot.stop() == 0  # a clean stop: the device is kept, nothing is logged out

    # While the bot is away, a position arrives; and the bot will come back with the
    # sync token it had before bob's and carol's positions, as after a crash that
    # happened before it could save its token: it sees those events again.
    await dan.say(room, "!abstention #1")
    replayed = json.loads(session.read_text())
    assert replayed["device_id"] == before["device_id"]
    assert token_file.read_text() != f"{device} {token}"
    replayed["sync_token"] = token
    session.write_text(json.dumps(replayed))
    token_file.write_text(f"{device} {token}")

    bot.start().wait_started()
    await alice.wait_for(room, from_bot(bot, dan.user_id, "abstention sur #1"))
    await alice.say(room, "!ok #1")
    await alice.wait_for(room, from_bot(bot, "ADOPTÉE"))

    noted = Counter(
        who
        for e in bot_events(alice, bot, room)
        for who in (alice, bob, carol, dan)
        if body(e).startswith(f"{who.user_id} : ")
    )
    assert noted == {alice: 1, bob: 1, carol: 1, dan: 1}
    replays = [
        line
        for line in bot.log(since_start=True)
        if line.get("event") == "matrix.inbound" and line.get("fresh") is False
    ]
    assert len(replays) >= 2  # bob's reaction and carol's command came back, were skipped
    assert_each_answer_once(alice, bot, room)

    [proposal] = bot.assembly(room)["proposals"]
    assert proposal["status"] == "adopted"
    assert positions(proposal) == {
        alice.user_id: "consent",
        bob.user_id: "consent",
        carol.user_id: "consent",
        dan.user_id: "stand_aside",
    }
    assert len(proposal["positions"]) == 4
    devices = synapse.request("GET", "/_matrix/client/v3/devices", token=bot.account.access_token)
    assert len(devices["devices"]) == 2  # the registration's and the bot's one, restarts or not
    assert json.loads(session.read_text())["device_id"] == before["device_id"]


async def test_killed_mid_burst_then_resending_never_duplicates(
    synapse: SynapseServer, people: People, new_bot: Callable[..., BotProcess]
) -> None:
    bot = new_bot(synapse).start().wait_started()
    alice, bob, carol = await people("alice", "bob", "carol")
    room = await alice.create_room(invite=[bob, carol])
    await alice.invite_bot(room, bot)
    await alice.say(room, "!propose Repas partagé")
    await alice.wait_for(room, from_bot(bot, "Phase de clarification"))
    questions = [f"!question #1 Question {n} ?" for n in range(6)]
    for n, line in enumerate(questions):
        await (bob if n % 2 else carol).say(room, line)
    await alice.wait_for(room, from_bot(bot, "Question notée"))
    bot.kill()  # SIGKILL, wherever it was in handling and answering the burst

    bot.start().wait_started()
    await alice.wait_for(room, from_bot(bot, "Question notée"), count=len(questions))
    await alice.say(room, "!etat #1")
    await alice.wait_for(room, from_bot(bot, "Repas partagé", "Phase"))
    assert_each_answer_once(alice, bot, room)
    kinds = Counter(a["kind"] for a in bot.assembly(room)["audit"])
    assert kinds["question"] == len(questions)

    # A crash after the homeserver took a message but before the bot noted it sent:
    # the outbox sends it again with the same key, and the homeserver keeps one copy.
    key, _, event_id = sent_rows(bot)[2]
    bot.stop()
    with sqlite3.connect(bot.db_path) as db:
        db.execute("UPDATE outbox SET status = 'pending', sent_id = NULL WHERE key = ?", (key,))
    bot.start().wait_started()
    for _ in range(200):
        if {k: s for k, s, _ in sent_rows(bot)}[key] == "sent":
            break
        await asyncio.sleep(0.05)
    assert {k: e for k, _, e in sent_rows(bot)}[key] == event_id
    await alice.say(room, "!etat #1")
    await alice.wait_for(room, from_bot(bot, "Repas partagé", "Phase"), count=2)
    assert_each_answer_once(alice, bot, room)


async def test_rate_limits_delay_answers_without_losing_or_repeating_any(
    strict_synapse: SynapseServer, people: People, new_bot: Callable[..., BotProcess]
) -> None:
    bot = new_bot(strict_synapse).start().wait_started()
    alice, bob, carol = await people("alice", "bob", "carol", server=strict_synapse)
    room = await alice.create_room(invite=[bob, carol])
    await alice.invite_bot(room, bot)
    await alice.say(room, "!propose Achat groupé de légumes")
    burst = 12
    for n in range(burst):
        await (alice, bob, carol)[n % 3].say(room, "!etat #1")
    # Synapse lets a user send 10 messages at once, then one every 5 s: the bot's
    # answers go out as fast as the homeserver allows, each once.
    await alice.wait_for(room, from_bot(bot, "Achat groupé"), count=burst + 1, timeout=120)
    await asyncio.sleep(1.0)  # would a duplicate follow?
    limited = [line for line in bot.log() if line.get("event") == "outbox.rate_limited"]
    assert limited, "Synapse never said 429: the test proves nothing"
    assert all(0 < line["delay"] <= 60 for line in limited)
    assert_each_answer_once(alice, bot, room)
    assert len(sent_rows(bot)) == burst + 2  # opening, how-to, and one answer per command
    failed = bot.query("SELECT count(*) FROM outbox WHERE status = 'failed'")
    assert failed == [(0,)]


async def test_homeserver_outage_with_unsent_answers_and_a_bot_restart(
    synapse_factory: StartSynapse, people: People, new_bot: Callable[..., BotProcess]
) -> None:
    server = synapse_factory(relaxed=True)
    # Answers are decided but held (delivery paused), as if the homeserver had not
    # taken them yet when the bot went down.
    bot = new_bot(server, DELIVERY__PAUSED="true").start().wait_started()
    alice, bob, carol = await people("alice", "bob", "carol", server=server)
    room = await alice.create_room(invite=[bob, carol])
    await alice.invite_bot(room, bot)
    start = alice.mark(room)
    await alice.say(room, "!propose Local associatif")
    await bob.say(room, "!question #1 Quel loyer ?")
    await carol.say(room, "!etat #1")
    for _ in range(400):
        pending = bot.query("SELECT count(*) FROM outbox WHERE status = 'pending'")[0][0]
        unhandled = bot.query("SELECT count(*) FROM inbox WHERE handled = 0")[0][0]
        if pending >= 4 and unhandled == 0:
            break
        await asyncio.sleep(0.05)
    assert (pending, unhandled) == (4, 0)
    bot.kill()

    server.stop()  # the homeserver goes away; the bot starts again meanwhile
    del bot.settings["DELIVERY__PAUSED"]
    bot.start().wait_started()
    bot.wait_log("matrix.homeserver_unreachable")
    bot.wait_log("outbox.retry")
    await asyncio.sleep(2.0)
    rows = bot.query("SELECT status, attempts FROM outbox")
    assert {status for status, _ in rows} == {"pending"}

    server.start()  # same port, same database
    await alice.wait_for(room, from_bot(bot), after=start, count=4, timeout=120)
    await alice.say(room, "!etat #1")
    await alice.wait_for(room, from_bot(bot, "Local associatif", "Phase"), after=start, count=2)
    assert_each_answer_once(alice, bot, room)
    said = [body(e) for e in bot_events(alice, bot, room)]
    assert said[0].startswith("📝 Proposition #1")
    assert (
        sum(
            b.startswith(fr("proposal.question_noted", number=1, author=alice.user_id))
            for b in said
        )
        == 1
    )
    [proposal] = bot.assembly(room)["proposals"]
    assert proposal["title"] == "Local associatif" and proposal["status"] == "open"
