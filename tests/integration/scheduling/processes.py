"""Real `assemblee run` processes for tests: each listens on 127.0.0.1 on a free port, logs
JSON lines to a file, and stops at teardown; as a watchdog it also dies with the test
process (parent-death signal) and after `LIFETIME` seconds whatever happens (`timeout`)."""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

LIFETIME = 180
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class BotProcess:
    process: subprocess.Popen[bytes]
    log: Path

    def events(self) -> list[dict[str, object]]:
        found = []
        for line in self.log.read_text(errors="replace").splitlines():
            try:
                found.append(json.loads(line))
            except ValueError:
                continue
        return found

    def port(self, timeout: float = 30.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.events():
                if event.get("event") == "http.listening":
                    return int(str(event["port"]))
            if self.process.poll() is not None:
                raise RuntimeError(f"assemblee run stopped: {self.log.read_text()[-2000:]}")
            time.sleep(0.1)
        raise TimeoutError(f"no http.listening in {self.log}")


@contextmanager
def bot_processes(count: int, database_url: str, workdir: Path, **settings: str) -> Iterator[list[BotProcess]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSEMBLEE_")}
    env.update({
        "ASSEMBLEE_DATABASE_URL": database_url,
        "ASSEMBLEE_HTTP__HOST": "127.0.0.1",
        "ASSEMBLEE_HTTP__PORT": "0",
        "ASSEMBLEE_SCHEDULER__POLL_SECONDS": "0.2",
        "ASSEMBLEE_LOG_JSON": "true",
        "PYTHONPATH": str(Path(__file__).resolve().parents[3]),
    })
    env.update(settings)
    started: list[BotProcess] = []
    try:
        for index in range(count):
            log = workdir / f"bot-{index}.log"
            handle = log.open("wb")
            process = subprocess.Popen(
                ["timeout", str(LIFETIME), sys.executable, "-m", "app.cli", "run", "--no-console"],
                cwd=workdir, env=env, stdin=subprocess.DEVNULL, stdout=handle, stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,  # noqa: PLW1509 - set before exec, no lock taken
            )
            handle.close()
            started.append(BotProcess(process, log))
        yield started
    finally:
        for bot in started:
            if bot.process.poll() is None:
                bot.process.send_signal(signal.SIGTERM)
        for bot in started:
            try:
                bot.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                bot.process.kill()
                bot.process.wait()
