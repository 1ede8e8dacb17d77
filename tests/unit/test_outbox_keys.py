"""Outbox keys: unique within a process, and a forked process does not repeat its parent's."""

from __future__ import annotations

import multiprocessing

from storage.models import OutboxRow
from storage.uow import _KEYS


def _child_key(queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    queue.put(_KEYS.next())


def test_keys_are_unique_short_enough_and_in_order() -> None:
    keys = [_KEYS.next() for _ in range(10_000)]
    assert len(set(keys)) == len(keys)
    assert keys == sorted(keys)  # side by side in the key's index
    assert max(map(len, keys)) <= OutboxRow._meta.fields_map["key"].max_length


def test_a_forked_process_draws_its_own_prefix() -> None:
    mine = _KEYS.next()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_child_key, args=(queue,))
    child.start()
    theirs = queue.get(timeout=10)
    child.join(timeout=10)
    assert theirs != mine and theirs[:24] != mine[:24]
