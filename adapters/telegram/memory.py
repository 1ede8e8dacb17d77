"""What the adapter remembers between an event and a later one, in bounded memory.

Nothing here is needed for correctness after a restart except poll mappings (see
`PollMapping`): reason prompts are recoverable from the prompt text, replies and topics
fall back to no reply / the main chat.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedMap(Generic[K, V]):
    """A dict that forgets its oldest entries beyond `capacity`."""

    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._items: OrderedDict[K, V] = OrderedDict()

    def put(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self._capacity:
            self._items.popitem(last=False)

    def get(self, key: K) -> V | None:
        return self._items.get(key)

    def pop(self, key: K) -> V | None:
        return self._items.pop(key, None)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)


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


class AdapterMemory:
    """All the adapter's short-term memory in one place."""

    def __init__(self, capacity: int = 10_000) -> None:
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
        self.names: BoundedMap[int, str] = BoundedMap(capacity)  # user id → display name
        self.usernames: BoundedMap[str, int] = BoundedMap(capacity)  # lowercase @name → id
