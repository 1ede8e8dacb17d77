"""Tuples of per-member records (poll answers, RSVPs), kept immutable."""

from __future__ import annotations

from typing import Protocol, TypeVar


class _ByMember(Protocol):
    @property
    def member(self) -> str: ...


R = TypeVar("R", bound=_ByMember)


def upsert_by_member(records: tuple[R, ...], new: R) -> tuple[R, ...]:
    """`records` with `new` in place of the same member's record, or appended."""
    if any(r.member == new.member for r in records):
        return tuple(new if r.member == new.member else r for r in records)
    return (*records, new)
