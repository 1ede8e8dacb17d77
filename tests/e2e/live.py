"""The real bot process and real Matrix people, for end-to-end scenarios.

- `BotProcess` runs `python -m app.cli run --no-console` with its own SQLite database and
  Matrix store in a directory, logs to a file, and reads its state back with
  `assemblee export --format json` or straight from the database. The process dies with
  the test process (parent-death signal), and `stop()` / `kill()` end it by its pid.
- `Person` is a logged-in matrix-nio client that keeps syncing in the background and
  records every timeline event it sees (decrypted in encrypted rooms), so a test can
  wait for the bot's answer the way a member would see it.
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
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any, Self

from nio import (
    AsyncClient,
    LocalProtocolError,
    MegolmEvent,
    RoomCreateResponse,
    RoomSendResponse,
    SyncResponse,
)
from synapse_harness import MatrixUser, SynapseServer, login_client

from core.i18n import translate

REPO = Path(__file__).resolve().parents[2]
Event = dict[str, Any]


def _die_with_parent() -> None:
    """preexec_fn: the bot gets SIGKILL if the test process dies first."""
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)


# --------------------------------------------------------------------------- the bot


class BotProcess:
    def __init__(
        self,
        directory: Path,
        server: SynapseServer,
        account: MatrixUser,
        **settings: str,
    ) -> None:
        self.directory = directory
        self.server = server
        self.account = account
        self.settings = dict(settings)
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = directory / "bot.log"
        self.db_path = directory / "bot.db"
        directory.mkdir(parents=True, exist_ok=True)

    @property
    def user_id(self) -> str:
        return self.account.user_id

    def env(self, **overrides: str) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("ASSEMBLEE_") and k != "_ASSEMBLEE_CONFIG_FILE"
        }
        env.update(
            {
                "PYTHONPATH": str(REPO),
                "ASSEMBLEE_DATABASE_URL": f"sqlite://{self.db_path}",
                "ASSEMBLEE_HTTP__PORT": "0",
                "ASSEMBLEE_LOG_JSON": "true",
                "ASSEMBLEE_MATRIX__HOMESERVER": self.server.url,
                "ASSEMBLEE_MATRIX__USER_ID": self.account.user_id,
                "ASSEMBLEE_MATRIX__PASSWORD": self.account.password,
                "ASSEMBLEE_MATRIX__STORE_PATH": str(self.directory / "store"),
                "ASSEMBLEE_SCHEDULER__POLL_SECONDS": "0.2",
            }
        )
        for name, value in {**self.settings, **overrides}.items():
            env[name if name.startswith("ASSEMBLEE_") else f"ASSEMBLEE_{name.upper()}"] = value
        return env

    def start(self, **overrides: str) -> BotProcess:
        """Start the process (not waiting for it: see `wait_started`)."""
        assert self.process is None or self.process.poll() is not None, "already running"
        self._log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "app.cli", "run", "--no-console"],
                env=self.env(**overrides),
                cwd=self.directory,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,  # noqa: PLW1509 (only a prctl call)
            )
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def wait_log(self, event: str, timeout: float = 60.0, *, since_start: bool = True) -> Event:
        """Block until the bot logs `event` (a structlog event name)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.log(since_start=since_start):
                if line.get("event") == event:
                    return line
            if not self.running():
                raise AssertionError(f"the bot exited ({self.exit_code}):\n{self.log_tail()}")
            time.sleep(0.05)
        raise AssertionError(f"the bot did not log {event!r} in {timeout:.0f}s:\n{self.log_tail()}")

    def wait_started(self, timeout: float = 60.0) -> BotProcess:
        self.wait_log("assemblee.started", timeout)
        return self

    def log(self, *, since_start: bool = False) -> list[Event]:
        """The bot's JSON log lines (other lines are skipped)."""
        if not self.log_path.exists():
            return []
        with self.log_path.open("rb") as handle:
            if since_start:
                handle.seek(self._log_offset)
            raw = handle.read().decode(errors="replace")
        lines = []
        for text in raw.splitlines():
            if text.startswith("{"):
                with contextlib.suppress(ValueError):
                    lines.append(json.loads(text))
        return lines

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    @property
    def exit_code(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def stop(self, timeout: float = 20.0) -> int | None:
        """SIGTERM: the bot shuts down cleanly (saves its sync token, keeps its device)."""
        process = self.process
        if process is None or process.poll() is not None:
            return self.exit_code
        process.send_signal(signal.SIGTERM)
        try:
            return process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait(10)

    def kill(self) -> None:
        """SIGKILL: the bot dies at once, wherever it was."""
        process = self.process
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(10)

    def export(self) -> dict[str, Any]:
        done = subprocess.run(
            [sys.executable, "-m", "app.cli", "export", "--format", "json"],
            env=self.env(),
            cwd=self.directory,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return dict(json.loads(done.stdout))

    def assembly(self, room_id: str) -> dict[str, Any]:
        for assembly in self.export()["assemblies"]:
            if assembly["room"] == room_id:
                return dict(assembly)
        raise AssertionError(f"no assembly for {room_id}")

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Read the bot's database (SQLite in WAL mode lets us read while it writes)."""
        connection = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=10)
        try:
            return list(connection.execute(sql, params).fetchall())
        finally:
            connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()


# --------------------------------------------------------------------------- people


class Person:
    """A member of the rooms under test: a nio client syncing in the background."""

    def __init__(
        self,
        server: SynapseServer,
        user: MatrixUser,
        *,
        store: Path | None = None,
        e2e: bool = False,
    ) -> None:
        self.server = server
        self.user = user
        self.store = store
        self.e2e = e2e
        self.client: AsyncClient | None = None
        self.timeline: dict[str, list[Event]] = defaultdict(list)
        self._seen: set[str] = set()
        self._task: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()
        self._lock = asyncio.Lock()  # sends and key chores never overlap

    @property
    def user_id(self) -> str:
        return self.user.user_id

    async def open(self) -> Person:
        self.client = await login_client(self.server, self.user, self.store, e2e=self.e2e)
        first = await self.client.sync(timeout=0, full_state=True)
        if isinstance(first, SyncResponse):
            self._record(first)
        self._task = asyncio.create_task(self._sync_forever(), name=f"sync {self.user_id}")
        return self

    async def close(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self.client is not None:
            await self.client.close()

    async def _sync_forever(self) -> None:
        assert self.client is not None
        while True:
            try:
                response = await self.client.sync(timeout=2000, since=self.client.next_batch)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 (a homeserver restart in a test, say)
                await asyncio.sleep(0.5)
                continue
            if not isinstance(response, SyncResponse):
                await asyncio.sleep(0.5)
                continue
            self._record(response)
            if self.e2e:
                await self._key_chores()

    async def _key_chores(self) -> None:
        client = self.client
        assert client is not None
        async with self._lock:
            with contextlib.suppress(LocalProtocolError):
                await client.send_to_device_messages()
                if client.should_upload_keys:
                    await client.keys_upload()
                if client.should_query_keys:
                    await client.keys_query()
                if client.should_claim_keys:
                    await client.keys_claim(client.get_users_for_key_claiming())

    def _record(self, response: SyncResponse) -> None:
        for room_id, info in response.rooms.join.items():
            for event in info.timeline.events:
                source = getattr(event, "source", None)
                if not isinstance(source, dict) or source.get("event_id") in self._seen:
                    continue
                self._seen.add(str(source.get("event_id")))
                record = dict(source)
                record["undecrypted"] = isinstance(event, MegolmEvent)
                self.timeline[room_id].append(record)
        self._changed.set()

    # -- acting

    async def send(self, room_id: str, event_type: str, content: dict[str, Any]) -> str:
        assert self.client is not None
        async with self._lock:
            response = await self.client.room_send(
                room_id, event_type, content, ignore_unverified_devices=True
            )
        assert isinstance(response, RoomSendResponse), response
        return str(response.event_id)

    async def say(self, room_id: str, body: str, *, thread: str | None = None, **extra: Any) -> str:
        content: dict[str, Any] = {"msgtype": "m.text", "body": body, **extra}
        if thread is not None:
            content["m.relates_to"] = {
                "rel_type": "m.thread",
                "event_id": thread,
                "is_falling_back": True,
                "m.in_reply_to": {"event_id": thread},
            }
        return await self.send(room_id, "m.room.message", content)

    async def react(self, room_id: str, target: str, key: str) -> str:
        rel = {"rel_type": "m.annotation", "event_id": target, "key": key}
        return await self.send(room_id, "m.reaction", {"m.relates_to": rel})

    async def redact(self, room_id: str, event_id: str) -> None:
        assert self.client is not None
        response = await self.client.room_redact(room_id, event_id)
        assert getattr(response, "event_id", None), response

    async def join(self, room_id: str) -> None:
        assert self.client is not None
        response = await self.client.join(room_id)
        assert getattr(response, "room_id", None), response

    async def create_room(
        self,
        *,
        invite: Iterable[Person] = (),
        encrypted: bool = False,
        name: str = "Assemblée de quartier",
        **create: Any,
    ) -> str:
        """A room with `invite` joined (the bot is invited separately)."""
        assert self.client is not None
        initial_state = list(create.pop("initial_state", []))
        if encrypted:
            initial_state.append(
                {
                    "type": "m.room.encryption",
                    "state_key": "",
                    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
                }
            )
        created = await self.client.room_create(name=name, initial_state=initial_state, **create)
        assert isinstance(created, RoomCreateResponse), created
        room_id = str(created.room_id)
        for person in invite:
            await self.client.room_invite(room_id, person.user_id)
            await person.join(room_id)
        return room_id

    async def invite_bot(self, room_id: str, bot: BotProcess, timeout: float = 30.0) -> None:
        """Invite the bot and wait until it has joined."""
        assert self.client is not None
        await self.client.room_invite(room_id, bot.user_id)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            response = await self.client.joined_members(room_id)
            if bot.user_id in {m.user_id for m in getattr(response, "members", [])}:
                return
            await asyncio.sleep(0.1)
        raise AssertionError(f"the bot did not join {room_id}:\n{bot.log_tail()}")

    async def sees_member(self, room_id: str, user_id: str, timeout: float = 30.0) -> None:
        """Wait until this client knows `user_id` is in the room (and, encrypted, their keys),
        so what it sends next is readable by them."""
        client = self.client
        assert client is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            room = client.rooms.get(room_id)
            if room is not None and user_id in room.users:
                break
            if loop.time() > deadline:
                raise AssertionError(f"{self.user_id} never saw {user_id} join {room_id}")
            await asyncio.sleep(0.05)
        if self.e2e:
            async with self._lock:
                with contextlib.suppress(LocalProtocolError):
                    await client.joined_members(room_id)
                    if client.should_query_keys:
                        await client.keys_query()

    # -- watching

    def events(self, room_id: str, *, after: int = 0) -> list[Event]:
        return self.timeline[room_id][after:]

    def mark(self, room_id: str) -> int:
        """A position in the room's timeline: later waits look only after it."""
        return len(self.timeline[room_id])

    async def wait_for(
        self,
        room_id: str,
        predicate: Callable[[Event], bool],
        *,
        after: int = 0,
        count: int = 1,
        timeout: float = 30.0,
        what: str = "an event",
    ) -> list[Event]:
        """Wait until `count` events after `after` match; return them all."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = [e for e in self.events(room_id, after=after) if predicate(e)]
            if len(found) >= count:
                return found
            remaining = deadline - loop.time()
            if remaining <= 0:
                seen = [summary(e) for e in self.events(room_id, after=after)][-15:]
                raise AssertionError(f"{self.user_id} timed out waiting for {what}; saw {seen}")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 1.0))


# --------------------------------------------------------------------------- reading events


def body(event: Event) -> str:
    content = event.get("content") or {}
    text = content.get("body")
    return text if isinstance(text, str) else ""


def relates(event: Event) -> dict[str, Any]:
    rel = (event.get("content") or {}).get("m.relates_to")
    return rel if isinstance(rel, dict) else {}


def thread_of(event: Event) -> str | None:
    rel = relates(event)
    return str(rel["event_id"]) if rel.get("rel_type") == "m.thread" else None


def summary(event: Event) -> str:
    return f"{event.get('type')} {event.get('sender')}: {body(event)[:80]!r}"


def from_bot(
    bot: BotProcess, *needles: str, event_type: str = "m.room.message"
) -> Callable[[Event], bool]:
    """Matches the bot's events of `event_type` whose body contains every needle."""

    def match(event: Event) -> bool:
        return (
            event.get("sender") == bot.user_id
            and event.get("type") == event_type
            and all(needle in body(event) for needle in needles)
        )

    return match


async def open_people(
    server: SynapseServer, users: Iterable[MatrixUser], *, stores: Path | None = None
) -> list[Person]:
    """Log people in (end-to-end encrypted when `stores` is given)."""
    people = []
    for user in users:
        store = stores / user.localpart if stores is not None else None
        people.append(await Person(server, user, store=store, e2e=store is not None).open())
    return people


People = Callable[..., Awaitable[list[Person]]]


def fr(key: str, **params: Any) -> str:
    """The bot's French text for `key` (the rooms' default language)."""
    return translate(key, "fr", **params)


def positions(proposal: dict[str, Any], version: int | None = None) -> dict[str, str]:
    """member -> position on `version` (the current one by default), from an export."""
    version = proposal["version"] if version is None else version
    return {p["member"]: p["position"] for p in proposal["positions"] if p["version"] == version}


async def open_round(bot: BotProcess, chair: Person, room: str, title: str) -> Event:
    """`chair` proposes #1 and moves it to the consent round; returns the consent prompt."""
    start = chair.mark(room)
    await chair.say(room, f"!propose {title}")
    await chair.wait_for(room, from_bot(bot, "📝 Proposition #1"), after=start)
    await chair.say(room, "!suivant #1")
    await chair.say(room, "!suivant #1")
    [prompt] = await chair.wait_for(room, from_bot(bot, "Tour de consentement sur #1"), after=start)
    return prompt
