"""What the Matrix adapter remembers across restarts, in one small JSON file.

The file lives in `store_path` next to nio's encryption store. It keeps the device
and its access token (so a restart never creates a new device), the sync token (so a
restart resumes where it stopped), the few maps that turn reactions, redactions
and poll answers back into commands, and the direct chats (rooms the bot was invited to
as a direct chat: never an assembly, see the adapter), with the rooms already told apart (a
direct chat or an assembly: a room is looked at once, never again at a restart). Writes are atomic (temp file + rename, flushed to
disk) and the file is private to the bot's user (mode 0600); it is written only when
something in it changed.

The sync token moves on with every sync, so it also has a tiny file of its own,
replaced at each sync without waiting for the disk: if that file is ever lost, the
token in the main file is an older one, and resuming from it only shows the bot
events it has already handled (which the inbox skips).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

SESSION_FILE = "matrix-session.json"
TOKEN_FILE = "matrix-sync-token"
MAX_REMEMBERED = 5000  # reactions / prompts / polls kept; the oldest are forgotten first


def _trim(mapping: dict[str, Any], limit: int = MAX_REMEMBERED) -> None:
    """Dicts keep insertion order: drop the oldest entries beyond `limit`."""
    extra = len(mapping) - limit
    for key in list(mapping)[: max(0, extra)]:
        del mapping[key]


@dataclass
class PollRecord:
    room: str
    answers: dict[str, str]  # answer id -> command line, e.g. "a1" -> "vote #3 B"
    closed: bool = False
    votes: dict[str, str] = field(default_factory=dict)  # sender -> last command line
    # several answers at once: `answers` maps answer id -> option index, and a response
    # stands for this command followed by yes / no per option ("avail #4 yes no yes")
    select: str = ""


@dataclass
class SessionState:
    user_id: str = ""
    device_id: str = ""
    access_token: str = ""
    homeserver: str = ""
    sync_token: str = ""
    first_start_ms: int = 0  # local clock when the bot first ran with this store
    # consent-prompt event id -> {"consent": "consent #3", "standaside": "standaside #3"}
    prompts: dict[str, dict[str, str]] = field(default_factory=dict)
    # reaction event id -> [room id, command line, sender] (undone when the reaction is redacted)
    reactions: dict[str, list[str]] = field(default_factory=dict)
    polls: dict[str, PollRecord] = field(default_factory=dict)
    undecryptable_rooms: list[str] = field(default_factory=list)  # rooms already told
    # direct chats: room id -> whether the bot already said there what it is for
    direct_rooms: dict[str, bool] = field(default_factory=dict)
    # joined rooms already told apart (direct chat or assembly) from the bot's own join:
    # never looked at again (missing from files written before: every room is, once)
    classified_rooms: list[str] = field(default_factory=list)
    changed: bool = field(default=False, compare=False)  # not saved: unsaved changes wait

    @property
    def is_first_start(self) -> bool:
        return not self.sync_token

    def touch(self) -> None:
        """Something worth keeping changed: the next save writes the whole file."""
        self.changed = True

    def begin(self) -> None:
        if not self.first_start_ms:
            self.first_start_ms = int(time.time() * 1000)

    def mark_direct(self, room_id: str) -> None:
        """A direct chat, not greeted yet (a room already known keeps its flag)."""
        if room_id not in self.direct_rooms:
            self.direct_rooms[room_id] = False
            self.touch()

    def mark_greeted(self, room_id: str) -> None:
        if room_id in self.direct_rooms and not self.direct_rooms[room_id]:
            self.direct_rooms[room_id] = True
            self.touch()

    def forget_direct(self, room_id: str) -> None:
        if self.direct_rooms.pop(room_id, None) is not None:
            self.touch()

    def is_classified(self, room_id: str) -> bool:
        return room_id in self.classified_rooms

    def mark_classified(self, room_id: str) -> None:
        if room_id not in self.classified_rooms:
            self.classified_rooms.append(room_id)
            self.touch()

    def forget_room(self, room_id: str) -> None:
        """The bot left the room: a new join is told apart again."""
        self.forget_direct(room_id)
        if room_id in self.classified_rooms:
            self.classified_rooms.remove(room_id)
            self.touch()

    def remember_prompt(self, event_id: str, payloads: dict[str, str]) -> None:
        self.prompts[event_id] = payloads
        _trim(self.prompts)
        self.touch()

    def remember_reaction(self, event_id: str, room: str, payload: str, sender: str) -> None:
        self.reactions[event_id] = [room, payload, sender]
        _trim(self.reactions)
        self.touch()

    def remember_poll(self, event_id: str, room: str, answers: dict[str, str], select: str = "") -> None:
        if event_id not in self.polls:
            self.polls[event_id] = PollRecord(room=room, answers=answers, select=select)
        _trim(self.polls)
        self.touch()


class SessionStore:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory / SESSION_FILE
        self.token_path = directory / TOKEN_FILE

    def load(self) -> SessionState:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return SessionState()
        polls = {
            event_id: PollRecord(**record) for event_id, record in raw.pop("polls", {}).items()
        }
        known = {name for name in SessionState.__dataclass_fields__} - {"changed"}
        state = SessionState(**{k: v for k, v in raw.items() if k in known})
        state.polls = polls
        try:  # "<device> <token>": a token only counts for the device it was saved with
            device, _, newer = self.token_path.read_text(encoding="utf-8").strip().partition(" ")
        except (OSError, UnicodeDecodeError):
            device, newer = "", ""
        if newer and device == state.device_id:
            state.sync_token = newer
        return state

    def save(self, state: SessionState) -> None:
        """Write everything (and wait for the disk): after a login or a remembered change."""
        data = asdict(state)
        data.pop("changed", None)
        self._write(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        self._write_token(state)
        state.changed = False

    def save_token(self, state: SessionState) -> None:
        """After a sync: the whole file if something changed, else only the new token."""
        if state.changed:
            self.save(state)
        else:
            self._write_token(state)

    def _write_token(self, state: SessionState) -> None:
        self._write(self.token_path, f"{state.device_id} {state.sync_token}", durable=False)

    def _write(self, path: Path, text: str, *, durable: bool = True) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".session-", dir=self.directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                if durable:
                    handle.flush()
                    os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
