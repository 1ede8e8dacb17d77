"""How webhook rooms, senders and events are named inside Assemblée.

Integration names never contain ':' or '/', so every id below reads back unambiguously:

| what                     | JSON webhook `/webhook/<name>`  | slash command `/slash/<name>`          |
|--------------------------|---------------------------------|----------------------------------------|
| room                     | `<name>:<room>`                 | `<name>/slash:<channel_id>`            |
| sender                   | `webhook:<name>:<sender>`       | `webhook:<name>/slash:<user_id>`       |
| event id (dedupe key)    | `<name>:<event_id>`             | `<name>/slash:<trigger_id>`, else      |
|                          |                                 | `<name>/slash:h:<hash>` (see below)    |

The two kinds live in separate namespaces on purpose: a JSON client chooses its sender
strings itself, so it must not be able to speak as a chat user of the same integration.

Mattermost sends no event id with a slash command; `trigger_id` (Mattermost and Slack)
is unique per invocation and is used when present. Without it the key is a hash of
(channel, user, text, minute): the same person sending the same command twice in the
same minute in the same channel is taken as one command.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from core.messages import RoomId, UserId

SLASH_SUFFIX = "/slash"


class RoomKind(StrEnum):
    JSON = "json"
    SLASH = "slash"


@dataclass(frozen=True, slots=True)
class WebhookRoom:
    integration: str
    kind: RoomKind
    native: str  # the room / channel id as the other system names it


def json_room(name: str, room: str) -> RoomId:
    return RoomId(f"{name}:{room}")


def json_sender(name: str, sender: str) -> UserId:
    return UserId(f"webhook:{name}:{sender}")


def json_event(name: str, event_id: str) -> str:
    return f"{name}:{event_id}"


def slash_room(name: str, channel_id: str) -> RoomId:
    return RoomId(f"{name}{SLASH_SUFFIX}:{channel_id}")


def slash_sender(name: str, user_id: str) -> UserId:
    return UserId(f"webhook:{name}{SLASH_SUFFIX}:{user_id}")


def slash_event(
    name: str, trigger_id: str, channel_id: str, user_id: str, text: str, now: float
) -> str:
    if trigger_id:
        return f"{name}{SLASH_SUFFIX}:{trigger_id}"
    minute = int(now // 60)
    material = "\x1f".join((channel_id, user_id, text, str(minute))).encode("utf-8")
    return f"{name}{SLASH_SUFFIX}:h:{hashlib.sha256(material).hexdigest()[:32]}"


def parse_room(room: str) -> WebhookRoom | None:
    head, sep, native = room.partition(":")
    if not sep or not head or not native:
        return None
    if head.endswith(SLASH_SUFFIX):
        return WebhookRoom(head[: -len(SLASH_SUFFIX)], RoomKind.SLASH, native)
    return WebhookRoom(head, RoomKind.JSON, native)


def native_sender(name: str, user: str) -> str | None:
    """The integration's own sender id behind a member id of that integration, if any."""
    prefix = f"webhook:{name}:"
    return user[len(prefix) :] if user.startswith(prefix) else None
