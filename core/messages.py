"""What crosses the boundary between the networks and the core: plain frozen data.

An adapter turns each native event into one `Inbound`; the core answers with
`Outbound` messages (as data, written to the outbox); an adapter renders each
`Outbound` for its network. Nothing here knows about any network library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NewType

Platform = NewType("Platform", str)  # "console", "matrix", "telegram", "discord", "webhook"
RoomId = NewType("RoomId", str)  # the platform's own room / chat / channel id
UserId = NewType("UserId", str)  # stable platform id, e.g. "console:alice", "@alice:example.org"


class Action(StrEnum):
    """Chat-native gestures that stand for a command (buttons, reactions, poll answers)."""

    TEXT = "text"  # a plain text message, possibly a command
    BUTTON = "button"  # a button / reaction / poll answer carrying `payload`
    UNDO = "undo"  # a reaction was removed: undo what `payload` did
    MEMBER_JOINED = "member_joined"
    MEMBER_LEFT = "member_left"


@dataclass(frozen=True, slots=True)
class Inbound:
    platform: Platform
    room: RoomId
    sender: UserId
    event_id: str  # unique per platform: dedupe key
    text: str = ""
    action: Action = Action.TEXT
    payload: str = ""  # for BUTTON/UNDO: a command line such as "consent #3"
    thread: str | None = None  # platform thread / topic the event came from
    display_name: str | None = None  # informative only, never used as identity
    is_admin: bool = False  # the network says this sender administers the room


class OutboundKind(StrEnum):
    MESSAGE = "message"
    CONSENT_PROMPT = "consent_prompt"  # a message that invites positions (buttons / reactions)
    POLL = "poll"  # a native poll where the network has one
    POLL_CLOSE = "poll_close"


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    payload: str  # the command line the press stands for, e.g. "consent #3"
    needs_reason: bool = False  # open a reason prompt (forced reply / modal) first


@dataclass(frozen=True, slots=True)
class Outbound:
    platform: Platform
    room: RoomId
    text: str  # plain text, already in the room's language
    html: str | None = None
    kind: OutboundKind = OutboundKind.MESSAGE
    thread_key: str | None = None  # e.g. "proposal:3": adapters thread messages sharing a key
    reply_to: str | None = None  # platform event id this answers
    mentions: tuple[UserId, ...] = ()
    buttons: tuple[Button, ...] = ()
    poll_options: tuple[str, ...] = ()
    attachment_name: str | None = None  # e.g. "meeting-3.ics"
    attachment: str | None = None  # text content of the attachment
    extra: dict[str, str] = field(default_factory=dict)
