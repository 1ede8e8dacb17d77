"""Who administers a Matrix room, from its create and power-levels state events.

A member administers the room when their power level reaches the level needed to
change `m.room.power_levels`. Since room version 12 (MSC4289) the room's creators —
the sender of `m.room.create` and the `additional_creators` it lists — have a power
above every level and are not listed in the power-levels event at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Room versions in which creators hold implicit, unlimited power (MSC4289).
_PRIVILEGED_CREATOR_VERSIONS = frozenset({"org.matrix.hydra.11"})
_FIRST_NUMERIC_PRIVILEGED_VERSION = 12


def creators_are_privileged(room_version: str) -> bool:
    if room_version in _PRIVILEGED_CREATOR_VERSIONS:
        return True
    return room_version.isdigit() and int(room_version) >= _FIRST_NUMERIC_PRIVILEGED_VERSION


def room_creators(create_event: Mapping[str, Any] | None) -> set[str]:
    if not create_event:
        return set()
    content = create_event.get("content") or {}
    creators = {str(create_event.get("sender", ""))} - {""}
    # Room versions before 11 also name the creator in the content.
    if isinstance(content.get("creator"), str):
        creators.add(content["creator"])
    additional = content.get("additional_creators")
    if isinstance(additional, list):
        creators.update(str(user) for user in additional if isinstance(user, str))
    return creators


def _level(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def user_level(user_id: str, power_levels: Mapping[str, Any] | None, creators: set[str]) -> int:
    """The user's power level as the spec computes it (without MSC4289)."""
    if power_levels is None:
        # No power-levels event: the creator has 100, everybody else 0.
        return 100 if user_id in creators else 0
    users = power_levels.get("users") or {}
    return _level(users.get(user_id), _level(power_levels.get("users_default"), 0))


def level_to_change_power(power_levels: Mapping[str, Any]) -> int:
    events = power_levels.get("events") or {}
    state_default = _level(power_levels.get("state_default"), 50)
    return _level(events.get("m.room.power_levels"), state_default)


def is_room_admin(
    user_id: str,
    power_levels: Mapping[str, Any] | None,
    create_event: Mapping[str, Any] | None,
) -> bool:
    """`power_levels` is the content of `m.room.power_levels`; `create_event` the full event."""
    creators = room_creators(create_event)
    room_version = str(((create_event or {}).get("content") or {}).get("room_version", "1"))
    if creators_are_privileged(room_version) and user_id in creators:
        return True
    if power_levels is None:
        # Rooms always get a power-levels event at creation; without one, trust the creator only.
        return user_id in creators
    return user_level(user_id, power_levels, creators) >= level_to_change_power(power_levels)
