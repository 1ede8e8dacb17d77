"""Round trip through Matrix: a member's `!status #N` to the bot's answer, against the bare stack.

One throw-away Synapse on 127.0.0.1 (rate limits out of reach) serves, in the same run:
- the real bot (`python -m app.cli run --no-console`, SQLite, default settings, end-to-end
  encryption on) in one room, where a proposal is open;
- a bare matrix-nio echo bot, which answers any `!status` as soon as its sync brings it:
  the limit of the stack (Synapse + nio + sync long-polls). In one room it answers the
  way the bot does (a fixed text of the same length, in a thread under an earlier
  message, HTML and plain body): that is the reference. In another room it answers
  with a short plain message, to show what threading itself costs;
- one member, a nio client syncing in the background, who measures from the moment it
  sends `!status #1` to the moment its own sync brings the answer.
Trials rotate between the rooms so that any drift of the machine hits all alike. Then the
member creates more rooms and invites the bot, and the bot's resident memory is read from
/proc once it has joined them all.

    python bench/matrix_roundtrip.py [--trials 100] [--rooms 200]

Last line: `matrix_vs_echo: <median of the bot / median of the echo bot answering alike>`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "e2e"))
sys.path.insert(0, str(REPO))

PLAIN_TEXT = "Proposition #1 : en cours."


# --------------------------------------------------------------------------- echo bot


async def echo_bot(homeserver: str, user_id: str, token: str, device_id: str, size: int) -> None:
    """A bare nio bot: joins when invited; `!root` makes it post a message to thread under;
    `!status…` gets a fixed answer (in that thread, `size` characters, HTML) or a short one."""
    from nio import AsyncClient, AsyncClientConfig, SyncResponse

    config = AsyncClientConfig(store_sync_tokens=False, max_limit_exceeded=0, request_timeout=30)
    client = AsyncClient(homeserver, user_id, config=config)
    client.restore_login(user_id, device_id, token)
    first = await client.sync(timeout=0)
    since = first.next_batch if isinstance(first, SyncResponse) else None
    text = ("Proposition #1 « Mesure » : ouverte, méthode consentement, version 1.\n" * 40)[:size]
    html = text.replace("\n", "<br>\n")
    roots: dict[str, str] = {}
    print("ready", flush=True)
    while True:
        response = await client.sync(timeout=30_000, since=since)
        if not isinstance(response, SyncResponse):
            await asyncio.sleep(0.5)
            continue
        since = response.next_batch
        for room_id in response.rooms.invite:
            await client.join(room_id)
        for room_id, info in response.rooms.join.items():
            for event in info.timeline.events:
                source: dict[str, Any] = getattr(event, "source", {}) or {}
                said = (source.get("content") or {}).get("body", "")
                if source.get("type") != "m.room.message" or source.get("sender") == user_id:
                    continue
                if said == "!root":
                    sent = await client.room_send(
                        room_id, "m.room.message", {"msgtype": "m.text", "body": "Racine"}
                    )
                    roots[room_id] = sent.event_id
                elif isinstance(said, str) and said.startswith("!status"):
                    content: dict[str, Any] = {"msgtype": "m.text", "body": PLAIN_TEXT}
                    if room_id in roots:
                        root = roots[room_id]
                        content = {
                            "msgtype": "m.text",
                            "body": text,
                            "format": "org.matrix.custom.html",
                            "formatted_body": html,
                            "m.mentions": {},
                            "m.relates_to": {
                                "rel_type": "m.thread",
                                "event_id": root,
                                "is_falling_back": True,
                                "m.in_reply_to": {"event_id": root},
                            },
                        }
                    await client.room_send(room_id, "m.room.message", content)


# --------------------------------------------------------------------------- measuring


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


async def round_trip(member: Any, room: str, answerer: str) -> float:
    """Seconds from sending `!status #1` to the answer reaching the member."""
    mark = member.mark(room)
    start = time.perf_counter()
    await member.say(room, "!status #1")
    await member.wait_for(
        room,
        lambda e: e.get("sender") == answerer and e.get("type") == "m.room.message",
        after=mark,
        timeout=30,
        what="the answer",
    )
    return time.perf_counter() - start


async def main(trials: int, rooms: int, warmup: int) -> None:
    from live import BotProcess, Person, body, from_bot
    from live import _die_with_parent as die_with_parent
    from synapse_harness import start_synapse

    workdir = Path(tempfile.mkdtemp(prefix="assemblee-bench-"))
    server = start_synapse(relaxed=True)
    echo: subprocess.Popen[str] | None = None
    bot: BotProcess | None = None
    member: Person | None = None
    try:
        bot_account = server.register_user(f"assemblee-{secrets.token_hex(3)}")
        echo_account = server.register_user(f"echo-{secrets.token_hex(3)}")
        member_account = server.register_user(f"member-{secrets.token_hex(3)}")
        # The bot as deployed: default settings (only the database and store are ours).
        bot = BotProcess(
            workdir / "bot", server, bot_account, SCHEDULER__POLL_SECONDS="1.0"
        ).start()
        bot.wait_started()
        member = await Person(server, member_account).open()
        assert member.client is not None
        bot_room = await member.create_room(name="bot")
        await member.invite_bot(bot_room, bot)
        await member.say(bot_room, "!propose Mesure\nUne proposition pour !status.")
        await member.wait_for(bot_room, from_bot(bot, "Proposition #1"), timeout=30)
        mark = member.mark(bot_room)
        await member.say(bot_room, "!status #1")
        [answer] = await member.wait_for(bot_room, from_bot(bot, "Mesure"), after=mark)
        size = len(body(answer))

        echo = subprocess.Popen(  # noqa: ASYNC220 (set-up, before any measuring)
            [sys.executable, __file__, "--echo-bot", server.url, *echo_account, str(size)],
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            preexec_fn=die_with_parent,  # noqa: PLW1509 (only a prctl call)
        )
        assert echo.stdout is not None and echo.stdout.readline().strip() == "ready"
        echo_rooms = {}
        for name in ("echo", "plain"):
            room = await member.create_room(name=name)
            await member.client.room_invite(room, echo_account.user_id)
            while echo_account.user_id not in member.client.rooms[room].users:
                await asyncio.sleep(0.05)
            echo_rooms[name] = room
        mark = member.mark(echo_rooms["echo"])
        await member.say(echo_rooms["echo"], "!root")
        await member.wait_for(
            echo_rooms["echo"], lambda e: e.get("sender") == echo_account.user_id, after=mark
        )

        runs = (
            ("bot", bot_room, bot_account.user_id),
            ("echo", echo_rooms["echo"], echo_account.user_id),
            ("plain", echo_rooms["plain"], echo_account.user_id),
        )
        timings: dict[str, list[float]] = {name: [] for name, _, _ in runs}
        for n in range(warmup + trials):
            for name, room, answerer in runs:
                took = await round_trip(member, room, answerer)
                if n >= warmup:
                    timings[name].append(took)

        labels = {
            "bot": "Assemblée bot",
            "echo": "echo bot, same answer (thread, HTML)",
            "plain": "echo bot, short plain answer",
        }
        print(f"answers of {size} characters, {trials} round trips each")
        for name, _, _ in runs:
            values = timings[name]
            print(
                f"{labels[name]:>38}: median {statistics.median(values) * 1000:6.1f} ms   "
                f"p95 {percentile(values, 0.95) * 1000:6.1f} ms   "
                f"min {min(values) * 1000:6.1f} ms"
            )
        plain_ratio = statistics.median(timings["bot"]) / statistics.median(timings["plain"])
        print(f"bot vs plain echo: {plain_ratio:.3f}")

        baseline = rss_kib(bot.pid)
        for _ in range(rooms - 1):
            await member.client.room_create(name="salle", invite=[bot_account.user_id])
        deadline = time.monotonic() + 600
        joined: set[str] = set()
        while time.monotonic() < deadline:
            reply = server.request(
                "GET", "/_matrix/client/v3/joined_rooms", token=bot_account.access_token
            )
            joined = set(reply["joined_rooms"])
            if len(joined) >= rooms:
                break
            await asyncio.sleep(0.5)
        while bot.query("SELECT count(*) FROM inbox WHERE handled = 0") != [(0,)]:
            await asyncio.sleep(0.5)
        await asyncio.sleep(2.0)  # the last syncs settle
        print(
            f"bot resident memory: {baseline / 1024:.1f} MiB in 1 room, "
            f"{rss_kib(bot.pid) / 1024:.1f} MiB in {len(joined)} joined rooms"
        )
        ratio = statistics.median(timings["bot"]) / statistics.median(timings["echo"])
        print(f"matrix_vs_echo: {ratio:.3f}")
    finally:
        if member is not None:
            await member.close()
        if echo is not None and echo.poll() is None:
            echo.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                echo.wait(10)
            if echo.poll() is None:
                echo.kill()
        if bot is not None:
            bot.stop()
        server.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--echo-bot":
        homeserver, user_id, token, device_id, size = sys.argv[2:7]
        with contextlib.suppress(KeyboardInterrupt):
            signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
            asyncio.run(echo_bot(homeserver, user_id, token, device_id, int(size)))
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--rooms", type=int, default=200, help="joined rooms for the memory figure")
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(main(args.trials, args.rooms, args.warmup))
