"""Script-mode scenarios: the real command line (`assemblee console --script`) on a fresh
SQLite file, then `assemblee export --format json` to see what was stored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parents[2]
PARIS = ZoneInfo("Europe/Paris")


@dataclass
class Cli:
    workdir: Path

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ASSEMBLEE_")}
        env["ASSEMBLEE_DATABASE_URL"] = f"sqlite://{self.workdir}/a.db"
        env["PYTHONPATH"] = str(ROOT)
        env["ASSEMBLEE_HTTP__PUBLIC_URL"] = "https://assemblee.example.org"  # calendar addresses are given
        return env

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=self.workdir, env=self._env(),
                              capture_output=True, text=True, timeout=180, check=False)

    def script(self, lines: list[str], name: str = "script.txt") -> str:
        path = self.workdir / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        done = self.run("console", "--script", str(path))
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def export(self) -> dict[str, Any]:
        done = self.run("export", "--format", "json")
        assert done.returncode == 0, done.stderr[-3000:]
        state: dict[str, Any] = json.loads(done.stdout)
        return state


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


def replies(output: str, command: str) -> str:
    """What the bot printed in answer to the script line `command` (up to the next line)."""
    lines = output.splitlines()
    start = lines.index(command) + 1
    end = start
    while end < len(lines) and (lines[end].startswith(("» ", "  ")) or not lines[end]):
        end += 1
    return "\n".join(lines[start:end])


def calendars(output: str) -> list[str]:
    """The calendar files the console printed (`📎 name` then `  | ` lines)."""
    found: list[str] = []
    current: list[str] | None = None
    for line in output.splitlines():
        if line.startswith("  | "):
            if current is not None:
                current.append(line[4:])
            continue
        if current:
            found.append("\r\n".join(current) + "\r\n")
        current = [] if line.strip().startswith("📎") and line.strip().endswith(".ics") else None
    if current:
        found.append("\r\n".join(current) + "\r\n")
    return found


def local(instant: datetime) -> str:
    return f"{instant.astimezone(PARIS):%Y-%m-%d %H:%M}"


def soon_slot(minutes: int = 20, hours: int = 2) -> str:
    """A slot starting in a few minutes (so the meeting is in session during the script)."""
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=minutes)
    return f"{local(start)} - {local(start + timedelta(hours=hours))}"


def day(days: int) -> str:
    return f"{(datetime.now(UTC) + timedelta(days=days)).astimezone(PARIS):%Y-%m-%d}"
