"""Meeting roles (facilitation, note-taking, time-keeping) and handing one to someone."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from core.errors import DomainError
from core.scheduling.texts import plain, quote


class MeetingRole(StrEnum):
    FACILITATOR = "facilitator"  # animation / facilitation
    NOTE_TAKER = "note_taker"  # prise de notes / secrétariat
    TIME_KEEPER = "time_keeper"  # gardien·ne du temps


_ALIASES = {
    MeetingRole.FACILITATOR: (
        "facilitator", "facilitation", "facilitateur", "facilitatrice", "facilitateur ice",
        "animation", "animateur", "animatrice", "animateur ice", "anim", "chair",
    ),
    MeetingRole.NOTE_TAKER: (
        "note taker", "notetaker", "note", "notes", "minutes", "prise de notes",
        "preneur de notes", "preneuse de notes", "secretaire", "secretary", "scribe",
    ),
    MeetingRole.TIME_KEEPER: (
        "time keeper", "timekeeper", "time", "gardien du temps", "gardienne du temps",
        "gardien ne du temps", "maitre du temps", "maitresse du temps", "temps", "chrono",
    ),
}  # fmt: skip
_BY_ALIAS = {alias: role for role, aliases in _ALIASES.items() for alias in aliases}


@dataclass(frozen=True, slots=True)
class RoleAssignment:
    role: MeetingRole
    member: str


def parse_role(text: str) -> MeetingRole:
    """ "animation", "prise de notes", "gardien·ne du temps", "time-keeper", ..."""
    words = re.sub(r"[\s\-_.·•'’/]+", " ", plain(text)).strip()
    role = _BY_ALIAS.get(words)
    if role is None:
        raise DomainError("schedule.role_unknown", role=quote(text))
    return role


def holder(assignments: Iterable[RoleAssignment], role: MeetingRole) -> str | None:
    return next((a.member for a in assignments if a.role is role), None)


def hand_over(
    assignments: tuple[RoleAssignment, ...],
    role: MeetingRole,
    by: str,
    to: str,
    *,
    may_override: bool = False,
) -> tuple[RoleAssignment, ...]:
    """`by` hands `role` to `to`: only that role moves. Whoever held it loses it, and nobody
    else's roles change; `to` keeps any other role they hold (a person may hold several).

    Only the holder may hand a held role, unless `may_override` (a facilitator or catalyser,
    decided by the caller); a free role may be taken by anyone.
    """
    current = holder(assignments, role)
    if current == to:
        raise DomainError("schedule.role_already_held", role=role.value, member=to)
    if current is not None and current != by and not may_override:
        raise DomainError("schedule.role_not_yours", role=role.value, member=current)
    kept = [a for a in assignments if a.role is not role]
    kept.append(RoleAssignment(role, to))
    order = list(MeetingRole)
    return tuple(sorted(kept, key=lambda a: order.index(a.role)))
