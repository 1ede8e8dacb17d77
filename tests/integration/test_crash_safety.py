"""A bot killed with SIGKILL loses nothing and, once restarted, says everything once.

The bot is a real `assemblee console` process on a SQLite file, fed through its standard
input. With delivery paused (ASSEMBLEE_DELIVERY__PAUSED=true) every answer stays in the
outbox, so the kill always falls between "positions accepted" and "answers delivered".
After the kill, `assemblee console --script <empty file>` (delivery on) handles what was
accepted but not yet handled and delivers every answer: each exactly once."""

from __future__ import annotations

import ctypes
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


_PRCTL = ctypes.CDLL(None, use_errno=True).prctl  # looked up before any fork


def _die_with_parent() -> None:
    """In the child, before exec: get SIGKILL when the test process goes away."""
    _PRCTL(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def cli_env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSEMBLEE_") and k != "_ASSEMBLEE_CONFIG_FILE"}
    env["PYTHONPATH"] = str(REPO)
    env.update(settings)
    return env


def run_cli(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 90) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL, check=False,
                          preexec_fn=_die_with_parent)


def start_bot(cwd: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    """`assemblee console` reading its room from a pipe; output to files."""
    return subprocess.Popen([sys.executable, "-m", "app.cli", "console"], cwd=cwd, env=env,
                            stdin=subprocess.PIPE, stdout=(cwd / "bot.out").open("w"),
                            stderr=(cwd / "bot.err").open("w"), text=True, preexec_fn=_die_with_parent)  # noqa: PLW1509


def kill(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)


def wait_for(check: Callable[[], bool], timeout: float, what: str, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if proc.poll() is not None:
            raise AssertionError(f"the bot exited ({proc.returncode}) while waiting for {what}: "
                                 + (proc.args[0] if isinstance(proc.args, list) else ""))
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    if not db.exists():
        return []
    connection = sqlite3.connect(db, timeout=10)
    try:
        return connection.execute(sql).fetchall()
    except sqlite3.OperationalError:  # before the bot has created its tables
        return []
    finally:
        connection.close()


def inbox(db: Path) -> tuple[int, int]:
    """(accepted, handled) chat events."""
    rows = query(db, "SELECT count(*), coalesce(sum(handled), 0) FROM inbox WHERE payload IS NOT NULL")
    return (rows[0][0], rows[0][1]) if rows else (0, 0)


def rendered(text: str) -> str:
    """How the console prints one message (see adapters/console)."""
    lines = text.splitlines() or [""]
    return "\n".join(["» " + lines[0]] + ["  " + line for line in lines[1:]])


def printed_messages(output: str) -> list[str]:
    """The bot's messages in a console output: a `» ` line and its indented continuation."""
    blocks: list[list[str]] = []
    for line in output.splitlines():
        if line.startswith("» "):
            blocks.append([line])
        elif line.startswith("  ") and blocks:
            blocks[-1].append(line)
    return ["\n".join(block) for block in blocks]


def outbox_messages(db: Path) -> list[str]:
    """Every outgoing message the console prints, as it prints it."""
    messages = []
    for (payload,) in query(db, "SELECT payload FROM outbox ORDER BY id"):
        data = json.loads(payload)
        if data.get("kind") != "poll_close":  # a network gesture, nothing to print on a console
            messages.append(rendered(data["text"]))
    return messages


def export(tmp_path: Path, db: Path) -> dict[str, Any]:
    result = run_cli(["export", "--format", "json"], tmp_path, cli_env(ASSEMBLEE_DATABASE_URL=f"sqlite://{db}"))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def restart_and_deliver(tmp_path: Path, db: Path) -> str:
    """Start again, delivery on, with nothing new to say: returns what it printed."""
    empty = tmp_path / "empty.txt"
    empty.write_text("# rien de neuf\n", encoding="utf-8")
    result = run_cli(["console", "--script", str(empty)], tmp_path, cli_env(ASSEMBLEE_DATABASE_URL=f"sqlite://{db}"))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


MEMBERS = ["alice", "bob", "carol", "dave", "eve", "fanny", "gael", "hugo", "ines", "jules"]
STANCES = ["!consentement #1", "!reserve #1 Le budget", "!objection #1 Pas d'eau", "!abstention #1", "!ok #1"]
EXPECTED_STANCE = {"!consentement #1": ("consent", ""), "!reserve #1 Le budget": ("concern", "Le budget"),
                   "!objection #1 Pas d'eau": ("objection", "Pas d'eau"), "!abstention #1": ("stand_aside", ""),
                   "!ok #1": ("consent", "")}


def script(members: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Joins, a proposal moved to its consent round, then one position per member (one of them
    objects, so the round stays open); returns the lines and the (member, stance) lines."""
    lines = [f"{name}: !rejoindre" for name in members]
    lines += [f"{members[0]}: !proposer Jardin partagé\\nOn cultive le terrain ensemble.",
              f"{members[0]}: !suivant #1", f"{members[0]}: !suivant #1"]
    positions = [(name, STANCES[i % len(STANCES)]) for i, name in enumerate(members)]
    lines += [f"{name}: {stance}" for name, stance in positions]
    return lines, positions


def positions_of(state: dict[str, Any]) -> dict[str, tuple[str, str]]:
    (assembly,) = state["assemblies"]
    (proposal,) = assembly["proposals"]
    return {p["member"].split(":", 1)[1]: (p["position"], p["reason"]) for p in proposal["positions"]}


def test_killed_between_accepting_positions_and_delivering_answers(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    lines, positions = script(MEMBERS[:5])
    bot = start_bot(tmp_path, cli_env(ASSEMBLEE_DATABASE_URL=f"sqlite://{db}", ASSEMBLEE_DELIVERY__PAUSED="true"))
    try:
        assert bot.stdin is not None
        bot.stdin.write("\n".join(lines) + "\n")
        bot.stdin.flush()
        wait_for(lambda: inbox(db) == (len(lines), len(lines)), 60, "every line handled", bot)
        decided = outbox_messages(db)  # every answer decided before the kill
        os.kill(bot.pid, signal.SIGKILL)
        assert bot.wait(timeout=10) == -signal.SIGKILL
    finally:
        kill(bot)
    assert not printed_messages((tmp_path / "bot.out").read_text())  # delivery was paused
    assert len(decided) >= len(lines)
    assert query(db, "SELECT count(*) FROM outbox WHERE status != 'pending'") == [(0,)]

    output = restart_and_deliver(tmp_path, db)
    assert Counter(printed_messages(output)) == Counter(decided)  # each answer once, none lost, none added
    assert query(db, "SELECT count(*) FROM outbox WHERE status != 'sent'") == [(0,)]
    assert positions_of(export(tmp_path, db)) == {name: EXPECTED_STANCE[stance] for name, stance in positions}


def test_killed_at_a_random_moment_while_accepting(tmp_path: Path) -> None:
    seed = random.randrange(1_000_000)
    chance = random.Random(seed)
    db = tmp_path / "a.db"
    lines, positions = script(MEMBERS)
    lines += [f"{name}: !etat #1" for name in MEMBERS] * 2  # a longer tail, more to accept
    setup = len(MEMBERS) + 3
    stop_after = chance.randrange(setup + 1, len(lines) - 5)
    bot = start_bot(tmp_path, cli_env(ASSEMBLEE_DATABASE_URL=f"sqlite://{db}", ASSEMBLEE_DELIVERY__PAUSED="true"))
    try:
        assert bot.stdin is not None
        bot.stdin.write("\n".join(lines) + "\n")
        bot.stdin.flush()
        wait_for(lambda: inbox(db)[0] >= stop_after, 60, f"{stop_after} lines accepted (seed {seed})", bot)
        os.kill(bot.pid, signal.SIGKILL)
        bot.wait(timeout=10)
    finally:
        kill(bot)
    accepted, handled = inbox(db)
    assert setup < accepted <= len(lines), seed
    payloads = [json.loads(p)["text"] for (p,) in query(db, "SELECT payload FROM inbox WHERE payload IS NOT NULL "
                                                           "ORDER BY id")]
    assert payloads == [line.split(": ", 1)[1].replace("\\n", "\n") for line in lines[:accepted]], seed

    output = restart_and_deliver(tmp_path, db)
    assert inbox(db) == (accepted, accepted), f"accepted events were not all handled (seed {seed})"
    assert Counter(printed_messages(output)) == Counter(outbox_messages(db)), seed
    assert query(db, "SELECT count(*) FROM outbox WHERE status != 'sent'") == [(0,)]
    took = {name: EXPECTED_STANCE[stance] for name, stance in positions if f"{name}: {stance}" in lines[:accepted]}
    assert positions_of(export(tmp_path, db)) == took, (seed, accepted, handled)
    # What was accepted before the kill answers after it: one reply per accepted command.
    replies = Counter(json.loads(p).get("reply_to") for (p,) in query(db, "SELECT payload FROM outbox"))
    events = [json.loads(p) for (p,) in query(db, "SELECT payload FROM inbox WHERE payload IS NOT NULL")]
    unanswered = [e["text"] for e in events if not replies[e["event_id"]] and not e["text"].startswith("!suivant")]
    assert unanswered == [], seed  # (opening the round is announced to the room, not as a reply)
