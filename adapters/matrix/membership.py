"""Who is in a room right now, as `Inbound` membership events (pure: no network).

On networks that list a room's members, the room's joined members are the assembly's
members. The sync loop only sees changes, so when the bot joins a room, and each time
it starts, it passes on the room's current membership: one `MEMBER_JOINED` per joined
member and one `MEMBER_LEFT` per member who left or was banned. Each carries the id of
the `m.room.member` state event it comes from, so the inbox runs each change once,
however often the snapshot is taken.

Members are listed by power level (highest first), then by when they joined: the
room's administrators come first, so the first member of a new assembly, who
facilitates it until they hand the role on, is the room's own administrator.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from core.messages import Action, Inbound, Platform, RoomId, UserId

from . import power

MATRIX = Platform("matrix")


def current_members(state_events: Iterable[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """The latest `m.room.member` event of each user among `state_events` (oldest first)."""
    latest: dict[str, Mapping[str, Any]] = {}
    for source in state_events:
        if source.get("type") != "m.room.member":
            continue
        user = source.get("state_key")
        if isinstance(user, str) and user and isinstance(source.get("event_id"), str):
            latest[user] = source
    return latest


def snapshot(
    room_id: str,
    state_events: Iterable[Mapping[str, Any]],
    *,
    bot_user_id: str,
    power_levels: Mapping[str, Any] | None = None,
    create_event: Mapping[str, Any] | None = None,
) -> list[Inbound]:
    """Membership `Inbound`s for the room's state (the bot itself never counts)."""
    creators = power.room_creators(create_event)
    privileged = power.creators_are_privileged(
        str(((create_event or {}).get("content") or {}).get("room_version", "1"))
    )

    def rank(user: str, source: Mapping[str, Any]) -> tuple[int, int, str]:
        level = power.user_level(user, power_levels, creators)
        if privileged and user in creators:
            level = 1 << 30
        stamp = source.get("origin_server_ts")
        return (-level, stamp if isinstance(stamp, int) else 0, user)

    members = current_members(state_events)
    members.pop(bot_user_id, None)
    inbounds: list[Inbound] = []
    for user, source in sorted(members.items(), key=lambda item: rank(*item)):
        content = source.get("content")
        membership = content.get("membership") if isinstance(content, Mapping) else None
        if membership == "join":
            action = Action.MEMBER_JOINED
        elif membership in ("leave", "ban"):
            action = Action.MEMBER_LEFT
        else:
            continue  # invited or knocking: not a member yet
        name = content.get("displayname") if isinstance(content, Mapping) else None
        inbounds.append(
            Inbound(
                platform=MATRIX,
                room=RoomId(room_id),
                sender=UserId(user),
                event_id=str(source["event_id"]),
                action=action,
                display_name=name
                if action is Action.MEMBER_JOINED and isinstance(name, str)
                else None,
            )
        )
    return inbounds
