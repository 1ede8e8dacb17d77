"""Short-term memory for adapters: what a network tells once and the bot needs a little
later (a name, a pressed message, a poll), kept in bounded space."""

from __future__ import annotations

from collections import OrderedDict
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

    def items(self) -> list[tuple[K, V]]:
        """Oldest first."""
        return list(self._items.items())

    def __len__(self) -> int:
        return len(self._items)
