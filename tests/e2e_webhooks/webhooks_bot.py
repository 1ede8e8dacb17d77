"""The real bot process (`python -m app.cli run --no-console`) for end-to-end webhook tests.

`WebhookBot` starts the bot with its own SQLite database in a directory, the HTTP server on
a port the system chooses (read back from the bot's own log), and only the settings given
by the test. It dies with the test process (parent-death signal), with a watchdog timer,
and at `stop()`; all three end it by its pid. `export()` runs `assemblee export --format
json` against the same database while the bot runs; `query()` reads the database directly.

Waiting is asynchronous: the fake servers the bot talks to run in the test's event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import aiohttp

REPO = Path(__file__).resolve().parents[2]
LIFETIME = 180.0  # the watchdog kills a bot still running after this many seconds


def _die_with_parent() -> None:
    """preexec_fn: the bot gets SIGKILL if the test process dies first."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)


class WebhookBot:
    def __init__(self, directory: Path, settings: dict[str, str]) -> None:
        self.directory = directory
        self.settings = dict(settings)
        self.db_path = directory / "bot.db"
        self.log_path = directory / "bot.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.port: int | None = None
        self._watchdog: threading.Timer | None = None
        self._started_at = 0  # log lines written before the current run
        directory.mkdir(parents=True, exist_ok=True)

    # --- process ---------------------------------------------------------------------
    def env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("ASSEMBLEE_") and key != "_ASSEMBLEE_CONFIG_FILE"
        }
        env.update(
            {
                "PYTHONPATH": str(REPO),
                "ASSEMBLEE_DATABASE_URL": f"sqlite://{self.db_path}",
                "ASSEMBLEE_HTTP__HOST": "127.0.0.1",
                "ASSEMBLEE_HTTP__PORT": "0",  # a free port, chosen by the system at bind time
                "ASSEMBLEE_LOG_JSON": "true",
                "ASSEMBLEE_SCHEDULER__POLL_SECONDS": "0.2",
            }
        )
        env.update(self.settings)
        return env

    async def start(self, timeout: float = 45.0) -> WebhookBot:
        """Start the bot (again, after `stop()`: same directory and database, a new port)."""
        self._started_at = len(self.log())  # this run's lines come after these
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: ASYNC220 - returns at once, never waits
                [sys.executable, "-m", "app.cli", "run", "--no-console"],
                env=self.env(),
                cwd=self.directory,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,  # noqa: PLW1509 (only a prctl call)
            )
        self._watchdog = threading.Timer(LIFETIME, self.kill)
        self._watchdog.daemon = True
        self._watchdog.start()
        self.port = int((await self.wait_log("http.listening", timeout))["port"])
        await self._wait_healthy(timeout)
        return self

    async def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as client:
            while time.monotonic() < deadline:
                with contextlib.suppress(aiohttp.ClientError, OSError, ValueError):
                    async with client.get(self.url("/healthz")) as answer:
                        if answer.status == 200 and await answer.json() == {"status": "ok"}:
                            return
                self._check_running()
                await asyncio.sleep(0.05)
        raise AssertionError(f"GET /healthz never answered:\n{self.log_tail()}")

    def url(self, path: str) -> str:
        assert self.port is not None, "the bot is not started"
        return f"http://127.0.0.1:{self.port}{path}"

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _check_running(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(
                f"the bot exited with {self.process.returncode}:\n{self.log_tail()}"
            )

    async def stop(self, timeout: float = 15.0) -> int | None:
        """SIGTERM (a clean shutdown), SIGKILL if it does not end in time."""
        if self._watchdog is not None:
            self._watchdog.cancel()
        process = self.process
        if process is None or process.poll() is not None:
            return None if process is None else process.returncode
        process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while process.poll() is None and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        if process.poll() is None:
            self.kill()
        return process.returncode

    def kill(self) -> None:
        process = self.process
        if process is not None and process.poll() is None:
            process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(10)

    # --- log -------------------------------------------------------------------------
    def log(self) -> list[dict[str, Any]]:
        if not self.log_path.exists():
            return []
        lines = []
        for text in self.log_path.read_text(errors="replace").splitlines():
            if text.startswith("{"):
                with contextlib.suppress(ValueError):
                    lines.append(json.loads(text))
        return lines

    async def wait_log(self, event: str, timeout: float = 30.0) -> dict[str, Any]:
        """The first line of the current run that logs `event`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.log()[self._started_at:]:
                if line.get("event") == event:
                    return line
            self._check_running()
            await asyncio.sleep(0.05)
        raise AssertionError(f"the bot never logged {event!r}:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def errors(self) -> list[dict[str, Any]]:
        """Log lines at error level or with a traceback (a bug, not bad input)."""
        return [
            line
            for line in self.log()
            if line.get("level") in ("error", "critical") or "exception" in line
        ]

    # --- state -----------------------------------------------------------------------
    async def cli(self, *args: str, timeout: float = 60.0) -> tuple[int, str, str]:
        """Another `assemblee` command with the same settings (same database):
        (exit code, standard output, standard error)."""
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "app.cli",
            *args,
            env=self.env(),
            cwd=self.directory,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=_die_with_parent,
        )
        try:
            out, err = await asyncio.wait_for(process.communicate(), timeout)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise AssertionError(f"assemblee {' '.join(args)} did not finish") from None
        assert process.returncode is not None
        return process.returncode, out.decode(errors="replace"), err.decode(errors="replace")

    async def export(self) -> dict[str, Any]:
        code, out, err = await self.cli("export", "--format", "json")
        assert code == 0, err[-3000:]
        return dict(json.loads(out))

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Read the bot's database (SQLite in WAL mode lets us read while it writes)."""
        connection = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=10)
        try:
            return list(connection.execute(sql, params).fetchall())
        finally:
            connection.close()

    async def wait_idle(self, timeout: float = 20.0) -> None:
        """Every stored event handled and every outgoing message settled."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            [(inbox,)] = self.query(
                "SELECT count(*) FROM inbox WHERE handled = 0 AND payload IS NOT NULL"
            )
            [(outbox,)] = self.query(
                "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')"
            )
            if inbox == 0 and outbox == 0:
                return
            self._check_running()
            await asyncio.sleep(0.05)
        raise AssertionError(f"the bot is still busy after {timeout:.0f}s:\n{self.log_tail()}")
