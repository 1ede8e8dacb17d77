"""What the adapter remembers between an event and a later one, in bounded memory.

Nothing here is needed for correctness after a restart except poll mappings (see
`PollMapping`): reason prompts are recoverable from the prompt text, replies and topics
fall back to no reply / the main chat. Members' names and usernames are kept in the
database by the pipeline and put back in `names` and `usernames` at start-up
(`TelegramAdapter.recall_names`, `recall_usernames`).
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import structlog

from adapters.bounded import BoundedMap

if TYPE_CHECKING:
    from adapters.telegram.tally import PressedMessage
    from adapters.telegram.translate import PendingPress

@dataclass(frozen=True, slots=True)
class PollMapping:
    """A native poll we sent: where it lives and what each option stands for."""

    chat_id: str
    message_id: int
    payloads: tuple[str, ...]  # one command line per option, in option order
    thread: str | None = None
    # several answers at once: the whole selection stands for this command followed by
    # yes / no per option ("avail #4 yes no yes"), and `options` says how many there are
    select: str = ""
    options: int = 0


@dataclass(frozen=True, slots=True)
class SourceMessage:
    """An inbound message, remembered so that replies to its event land next to it."""

    chat_id: str
    message_id: int
    thread: int | None


PRESSES_KEPT = 2_000  # presses whose confirmation is still to go out (their message's text is kept)
# presses whose callback is still to be answered: each waits at most the adapter's press wait
# (8 s), so this must hold every press of a burst that long (a press forgotten here would never
# be answered, and its button would spin on the presser's screen); a few dozen bytes each
PRESS_ANSWERS_KEPT = 100_000
POLLS_KEPT = 2_000  # native polls remembered on disk; the oldest are forgotten first


class PollFile:
    """The poll mappings on disk (JSON, written whole through a temporary file)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[str, PollMapping]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return {str(poll_id): PollMapping(**{**fields, "payloads": tuple(fields["payloads"])})
                    for poll_id, fields in raw.items()}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
            structlog.get_logger("assemblee.telegram").warning(
                "telegram.polls_file_unreadable", path=str(self.path), error=str(error))
            return {}

    def save(self, polls: dict[str, PollMapping]) -> None:
        kept = dict(list(polls.items())[-POLLS_KEPT:])
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        with temporary.open("w", encoding="utf-8") as handle:
            json.dump({poll_id: asdict(mapping) for poll_id, mapping in kept.items()}, handle)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(self.path)


class AdapterMemory:
    """All the adapter's short-term memory in one place."""

    def __init__(self, capacity: int = 10_000, polls_file: Path | None = None) -> None:
        self._polls_file = PollFile(polls_file) if polls_file is not None else None
        self.polls: BoundedMap[str, PollMapping] = BoundedMap(capacity)  # poll id →
        self.poll_messages: BoundedMap[tuple[str, str], str] = BoundedMap(capacity)
        # (chat, thread_key) → poll id
        self.poll_votes: BoundedMap[tuple[str, int], str] = BoundedMap(capacity)
        # (poll id, user id) → payload last chosen
        self.reason_prompts: BoundedMap[tuple[str, int], str] = BoundedMap(capacity)
        # (chat, prompt message id) → command line waiting for a reason
        self.sources: BoundedMap[str, SourceMessage] = BoundedMap(capacity)  # event id →
        self.topics: BoundedMap[tuple[str, str], int] = BoundedMap(capacity)
        # (chat, thread_key) → forum topic id
        self.seen_callbacks: BoundedMap[str, bool] = BoundedMap(capacity)
        self.poll_answers: BoundedMap[str, int] = BoundedMap(PRESSES_KEPT)
        # event id of a vote given (or taken back) in a native poll → the voter's user id,
        # until the answer to it goes out
        self.pressed: BoundedMap[str, PressedMessage] = BoundedMap(PRESSES_KEPT)
        # press event id → the message whose button was pressed (its tally is drawn there),
        # until its confirmation goes out
        self.names: BoundedMap[int, str] = BoundedMap(capacity)  # user id → display name
        self.room_langs: BoundedMap[str, str] = BoundedMap(capacity)  # chat → the language the core speaks there
        self.press_answers: BoundedMap[str, PendingPress] = BoundedMap(PRESS_ANSWERS_KEPT)
        # press event id → its callback, answered once the core's answer to the press goes out
        self.usernames: BoundedMap[str, int] = BoundedMap(capacity)  # lowercase @name → id
        if self._polls_file is not None:
            for poll_id, mapping in self._polls_file.load().items():
                self.polls.put(poll_id, mapping)

    def room_moved(self, old: str, new: str) -> None:
        """A group became a supergroup (a new chat id): what the adapter says there on its
        own keeps the language the core spoke in the group."""
        lang = self.room_langs.get(old)
        if lang is not None and self.room_langs.get(new) is None:
            self.room_langs.put(new, lang)

    def is_poll(self, chat_id: str, message_id: int) -> bool:
        """Whether that message is a native poll this adapter sent (a vote offered with
        buttons is not: it has no poll to stop, and its text can be redrawn)."""
        return any(poll.chat_id == chat_id and poll.message_id == message_id for _, poll in self.polls.items())

    def remember_poll(self, poll_id: str, mapping: PollMapping) -> None:
        """A poll just sent: remembered here and, when there is a file, on disk."""
        self.polls.put(poll_id, mapping)
        if self._polls_file is not None:
            with contextlib.suppress(OSError):  # a full disk must not stop the message
                self._polls_file.save(dict(self.polls.items()))
