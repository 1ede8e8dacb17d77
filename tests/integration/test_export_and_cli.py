"""The `assemblee` command line as people run it: wrong settings stop startup with one
clear line, `run --no-console` serves its health check and stops cleanly on SIGTERM,
`export` reads a database that a running bot is using, and script mode with delivery
paused handles every line and keeps the answers for later.

Every process here is a real subprocess (`python -m app.cli …`) started in a temporary
directory; it dies with the test process (PR_SET_PDEATHSIG) and is killed in `finally`."""

from __future__ import annotations

import csv
import ctypes
import io
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

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


def run_cli(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL, check=False,
                          preexec_fn=_die_with_parent)


def start_cli(args: list[str], cwd: Path, env: dict[str, str], name: str,
              stdin: int = subprocess.DEVNULL) -> subprocess.Popen[str]:
    """A long-running process; its output goes to files (a full pipe would block it)."""
    out = (cwd / f"{name}.out").open("w")
    err = (cwd / f"{name}.err").open("w")
    return subprocess.Popen([sys.executable, "-m", "app.cli", *args], cwd=cwd, env=env, stdin=stdin, stdout=out,
                            stderr=err, text=True, preexec_fn=_die_with_parent)  # noqa: PLW1509


def kill(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)


def wait_for(check: Callable[[], bool], timeout: float, what: str, proc: subprocess.Popen[str] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the process exited ({proc.returncode}) while waiting for {what}")
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    """Read the bot's SQLite file with the standard library, as any other reader would."""
    if not db.exists():
        return []
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return connection.execute(sql).fetchall()
    except sqlite3.OperationalError:  # the schema is not there yet
        return []
    finally:
        connection.close()


def inbox_settled(db: Path, expected: int) -> Callable[[], bool]:
    def check() -> bool:
        rows = query(db, "SELECT count(*), coalesce(sum(handled), 0) FROM inbox WHERE payload IS NOT NULL")
        return bool(rows) and rows[0][0] >= expected and rows[0][0] == rows[0][1]
    return check


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def check_export_shape(state: dict[str, Any]) -> None:
    """The documented shape of `assemblee export --format json` (COMMANDS.md)."""
    assert isinstance(state["assemblies"], list)
    for assembly in state["assemblies"]:
        assert isinstance(assembly["meetings"], list) and isinstance(assembly["polls"], list)
        for proposal in assembly["proposals"]:
            for key in ("number", "title", "status", "method", "phase", "version", "positions", "objections",
                        "outcome", "decided_at"):
                assert key in proposal, key
            assert proposal["status"] in ("open", "adopted", "rejected", "withdrawn", "expired")
            assert proposal["method"] in ("consent", "consensus", "vote", "advice")
            assert isinstance(proposal["number"], int) and isinstance(proposal["version"], int)
            for position in proposal["positions"]:
                assert {"member", "position", "reason", "version"} <= position.keys()
            for objection in proposal["objections"]:
                assert {"member", "reason", "status"} <= objection.keys()
                assert objection["status"] in ("open", "integrated", "withdrawn")


# ---- settings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "value", "named"),
    [
        ("ASSEMBLEE_HTTP__PORT", "abc", "ASSEMBLEE_HTTP__PORT"),
        ("ASSEMBLEE_HTTP__PORT", "70000", "ASSEMBLEE_HTTP__PORT"),
        ("ASSEMBLEE_DATABASE_URL", "mysql://localhost/assemblee", "ASSEMBLEE_DATABASE_URL"),
        ("ASSEMBLEE_DATABASE_URL", "postgres://nobody@127.0.0.1:1/nothing", "ASSEMBLEE_DATABASE_URL"),
        # a SQLite file in a folder that does not exist: the connection that failed must not
        # print a traceback from its thread once the event loop is closed
        ("ASSEMBLEE_DATABASE_URL", "sqlite:///no/such/folder/a.db", "ASSEMBLEE_DATABASE_URL"),
        ("ASSEMBLEE_SCHEDULER__POLL_SECONDS", "0", "ASSEMBLEE_SCHEDULER__POLL_SECONDS"),
        ("ASSEMBLEE_LOG_LEVEL", "loud", "ASSEMBLEE_LOG_LEVEL"),
    ],
)
def test_a_wrong_setting_stops_startup_with_one_clear_line(tmp_path: Path, setting: str, value: str,
                                                             named: str) -> None:
    env = cli_env(**{"ASSEMBLEE_DATABASE_URL": f"sqlite://{tmp_path}/a.db", setting: value})
    result = run_cli(["run", "--no-console"], tmp_path, env, timeout=30)
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("assemblee: setting ") and named in lines[0], lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_wrong_setting_also_stops_console_and_export(tmp_path: Path) -> None:
    env = cli_env(ASSEMBLEE_DATABASE_URL="sqlite:relative.db")
    for args in (["console", "--script", "none.txt"], ["export", "--format", "json"]):
        result = run_cli(args, tmp_path, env, timeout=30)
        assert result.returncode == 2 and "ASSEMBLEE_DATABASE_URL" in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_export_refuses_a_database_without_schema(tmp_path: Path) -> None:
    (tmp_path / "empty.db").write_bytes(b"")
    result = run_cli(["export"], tmp_path, cli_env(ASSEMBLEE_DATABASE_URL=f"sqlite://{tmp_path}/empty.db"))
    assert result.returncode == 2 and "assemblee migrate" in result.stderr


def test_export_says_there_is_no_database_and_creates_none(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    result = run_cli(["export"], tmp_path, cli_env(ASSEMBLEE_DATABASE_URL=f"sqlite://{missing}"))
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == (f"assemblee: no database at {missing} (setting database_url, "
                                     "ASSEMBLEE_DATABASE_URL): nothing to export")
    assert not missing.exists() and list(tmp_path.iterdir()) == []


# ---- run: health check and clean stop --------------------------------------------------------


def test_run_serves_healthz_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    env = cli_env(ASSEMBLEE_DATABASE_URL=f"sqlite://{tmp_path}/a.db", ASSEMBLEE_HTTP__PORT=str(port),
                  ASSEMBLEE_HTTP__HOST="127.0.0.1")
    proc = start_cli(["run", "--no-console"], tmp_path, env, "run")
    try:
        answer: dict[str, Any] = {}

        def healthy() -> bool:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    answer.update(status=response.status, body=json.loads(response.read()))
                    return True
            except OSError:
                return False

        wait_for(healthy, 30, "GET /healthz", proc)
        assert answer == {"status": 200, "body": {"status": "ok"}}
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
        stderr = (tmp_path / "run.err").read_text()
        assert "Traceback" not in stderr and "Error" not in stderr
        with pytest.raises(OSError):  # the port is released
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
    finally:
        kill(proc)


# ---- export while a bot runs ----------------------------------------------------------------


BOT_LINES = [
    "alice: !rejoindre",
    "bob: !join",
    "carol: !rejoindre",
    "alice: !proposer Jardin partagé\\nOn cultive le terrain ensemble.",
    "alice: !suivant #1",
    "alice: !suivant #1",
    "alice: !consentement #1",
    "bob: !objection #1 Pas d'eau",
    'alice: !propose --method vote --options "Rouge | Vert" Couleur',
    "bob: !vote #2 Vert",
    "carol: !vote #2 Vert",
    "alice: !vote #2 Rouge",
]


def test_export_reads_the_database_of_a_running_bot(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    env = cli_env(ASSEMBLEE_DATABASE_URL=f"sqlite://{db}")
    bot = start_cli(["console"], tmp_path, env, "bot", stdin=subprocess.PIPE)
    try:
        assert bot.stdin is not None
        bot.stdin.write("\n".join(BOT_LINES) + "\n")
        bot.stdin.flush()
        wait_for(inbox_settled(db, len(BOT_LINES)), 60, "the bot to handle every line", bot)
        # The bot keeps working while the exports read.
        bot.stdin.write("".join(f"carol: !etat #{1 + i % 2}\n" for i in range(30)))
        bot.stdin.flush()
        result = run_cli(["export", "--format", "json"], tmp_path, env)
        assert result.returncode == 0, result.stderr
        state = json.loads(result.stdout)
        check_export_shape(state)
        (assembly,) = state["assemblies"]
        assert [m["member"] for m in assembly["members"]] == ["console:alice", "console:bob", "console:carol"]
        garden, colour = assembly["proposals"]
        assert (garden["number"], garden["title"], garden["status"], garden["method"], garden["phase"],
                garden["version"]) == (1, "Jardin partagé", "open", "consent", "decision", 1)
        assert [(p["member"], p["position"], p["reason"], p["version"]) for p in garden["positions"]] == [
            ("console:alice", "consent", "", 1), ("console:bob", "objection", "Pas d'eau", 1)]
        assert garden["objections"] == [{"member": "console:bob", "reason": "Pas d'eau", "status": "open",
                                         "version": 1, "resolved_version": None}]
        assert garden["outcome"] is None and garden["decided_at"] is None
        assert (colour["status"], colour["outcome"]) == ("adopted", "Vert") and colour["decided_at"]
        assert {p["member"]: p["option"] for p in colour["positions"]} == {
            "console:bob": "Vert", "console:carol": "Vert", "console:alice": "Rouge"}

        markdown = run_cli(["export", "--format", "markdown"], tmp_path, env)
        assert markdown.returncode == 0, markdown.stderr
        assert "# Assemblée « salon » — registre" in markdown.stdout
        assert "## Décisions (1)\n\n### #2 Couleur — adoptée\n" in markdown.stdout
        assert "## En cours (1)\n\n### #1 Jardin partagé — ouverte\n" in markdown.stdout
        assert "  - bob : objection — Pas d'eau" in markdown.stdout
        assert "- Option retenue : Vert." in markdown.stdout

        table = run_cli(["export", "--format", "csv"], tmp_path, env)
        assert table.returncode == 0, table.stderr
        rows = list(csv.DictReader(io.StringIO(table.stdout)))
        assert {(r["number"], r["member"], r["position"], r["option"]) for r in rows} == {
            ("1", "console:alice", "consent", ""), ("1", "console:bob", "objection", ""),
            ("2", "console:bob", "vote", "Vert"), ("2", "console:carol", "vote", "Vert"),
            ("2", "console:alice", "vote", "Rouge")}

        target = tmp_path / "etat.json"
        written = run_cli(["export", "--format", "json", "--output", str(target)], tmp_path, env)
        assert written.returncode == 0 and written.stdout == ""
        assert json.loads(target.read_text())["assemblies"][0]["proposals"][1]["outcome"] == "Vert"

        assert bot.poll() is None, "the bot stopped while exports read its database"
        wait_for(inbox_settled(db, len(BOT_LINES) + 30), 60, "the later lines", bot)
        bot.stdin.close()  # end of input: the console stops by itself
        assert bot.wait(timeout=30) == 0
        printed = (tmp_path / "bot.out").read_text()
        assert printed.count("#1 « Jardin partagé » — ouverte") == 15 and printed.count("#2 « Couleur » — adoptée") == 15
    finally:
        kill(bot)


# ---- script mode ----------------------------------------------------------------------------------


def test_script_mode_with_delivery_paused_handles_every_line_and_keeps_the_answers(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    script = tmp_path / "script.txt"
    script.write_text("\n".join(BOT_LINES[:8]) + "\n", encoding="utf-8")
    paused = cli_env(ASSEMBLEE_DATABASE_URL=f"sqlite://{db}", ASSEMBLEE_DELIVERY__PAUSED="true")
    started = time.monotonic()
    result = run_cli(["console", "--script", str(script)], tmp_path, paused, timeout=50)
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 30
    assert "»" not in result.stdout  # nothing delivered
    assert query(db, "SELECT count(*), sum(handled) FROM inbox WHERE payload IS NOT NULL") == [(8, 8)]
    held = query(db, "SELECT count(*) FROM outbox WHERE status = 'pending'")[0][0]
    assert held >= 8
    # Delivery resumes: each held answer is printed once.
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    resumed = run_cli(["console", "--script", str(empty)], tmp_path, cli_env(ASSEMBLEE_DATABASE_URL=f"sqlite://{db}"))
    assert resumed.returncode == 0, resumed.stderr
    assert sum(line.startswith("» ") for line in resumed.stdout.splitlines()) == held
    assert resumed.stdout.count("Bienvenue alice") == 1
    assert query(db, "SELECT count(*) FROM outbox WHERE status != 'sent'") == [(0,)]
