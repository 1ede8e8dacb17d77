"""Fair rotation of meeting roles among the members coming (RSVP yes).

For each role, in the order facilitator, note-taker, time-keeper, the pick is the member:

1. holding the fewest roles at this meeting so far (no one takes two roles while someone
   coming has none);
2. who held *this* role least recently (never = first);
3. who held *any* role least recently (never = first);
4. then at random among equals, with the caller's seeded `random.Random`.

With ``draw=True`` it is a plain lottery (tirage au sort): only rule 1, then chance.
The result depends only on the set of candidates, the history and the seed, never on the
order the candidates are given in.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from core.errors import DomainError
from core.scheduling.roles import MeetingRole, RoleAssignment

_NEVER = (0, datetime.min.replace(tzinfo=UTC))


@dataclass(frozen=True, slots=True)
class Service:
    """One time a member held a role at a past meeting."""

    member: str
    role: MeetingRole
    served_at: datetime


def rotate_roles(
    candidates: Iterable[str],
    history: Iterable[Service],
    rng: random.Random,
    *,
    roles: Sequence[MeetingRole] = tuple(MeetingRole),
    taken: Iterable[RoleAssignment] = (),
    draw: bool = False,
) -> tuple[RoleAssignment, ...]:
    """Assign every role of `roles` not already in `taken` (those are kept as they are)."""
    pool = sorted(set(candidates))
    if not pool:
        raise DomainError("schedule.no_attendees")
    shuffled = pool[:]
    rng.shuffle(shuffled)
    chance = {member: position for position, member in enumerate(shuffled)}

    last_in_role: dict[tuple[str, MeetingRole], datetime] = {}
    last_any: dict[str, datetime] = {}
    for service in history:
        key = (service.member, service.role)
        last_in_role[key] = max(last_in_role.get(key, service.served_at), service.served_at)
        last_any[service.member] = max(
            last_any.get(service.member, service.served_at), service.served_at
        )

    kept = {a.role: a for a in taken if a.role in roles}
    load = Counter(a.member for a in kept.values())
    assigned: dict[MeetingRole, RoleAssignment] = dict(kept)
    for role in roles:
        if role in assigned:
            continue

        def priority(member: str, role: MeetingRole = role) -> tuple[object, ...]:
            if draw:
                return (load[member], chance[member])
            return (
                load[member],
                _recency(last_in_role.get((member, role))),
                _recency(last_any.get(member)),
                chance[member],
            )

        chosen = min(pool, key=priority)
        load[chosen] += 1
        assigned[role] = RoleAssignment(role, chosen)
    return tuple(assigned[role] for role in roles)


def _recency(served_at: datetime | None) -> tuple[int, datetime]:
    return _NEVER if served_at is None else (1, served_at)
