"""What crosses the boundary between the networks and the core: plain frozen data.

An adapter turns each native event into one `Inbound`; the core answers with
`Outbound` messages (as data, written to the outbox); an adapter renders each
`Outbound` for its network. Nothing here knows about any network library.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
    # the network gave the room a new id (a Telegram group that became a supergroup): `room` is
    # the new id, `payload` the old one; the assembly follows it
    ROOM_MOVED = "room_moved"


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
    # the sender's handle, where the network has one (a Telegram @username, without the @):
    # kept with their name, so that `@handle` still finds them after a restart
    username: str | None = None
    is_admin: bool = False  # the network says this sender administers the room
    room_name: str | None = None  # the room's own name on its network (a group's title), if it has one
    reply_to: str | None = None  # the platform message this one answers, where the network says so
    # the bot's own thread the event was typed in ("proposal:3", "poll:4", "meeting:5"), found by
    # the pipeline from `thread` or `reply_to` when the event is a command (see core.threads)
    thread_key: str | None = None
    # the prefix the person typed the command with, where the adapter read another as `!` (the
    # console reads `/etat` as `!etat`): a refusal names the command back as it was typed
    prefix: str = "!"
    # the platform message this one is an edit of (a Matrix `m.replace`): the new text runs as a
    # command only while that message had changed nothing (see core.dispatch.handle)
    edits: str | None = None
    # for MEMBER_LEFT: the other rooms of the same network where the person is still a room
    # member, as far as the adapter sees (Matrix): someone who leaves one room of a federated
    # assembly while still in another of its rooms stays a member
    still_in: tuple[RoomId, ...] = ()


class OutboundKind(StrEnum):
    MESSAGE = "message"
    CONSENT_PROMPT = "consent_prompt"  # a message that invites positions (buttons / reactions)
    POLL = "poll"  # a native poll where the network has one
    POLL_CLOSE = "poll_close"
    # a round is over, or replaced by a newer version: networks that drew buttons under its
    # message (ROUND_VERSION_EXTRA says which version's) redraw that message closed, its text
    # (the round's call as it was) with TALLY_EXTRA under it, and no buttons; the others show nothing
    ROUND_CLOSE = "round_close"
    # a round's positions changed otherwise than by a press on its message (a typed position,
    # one recorded for a member, a withdrawn objection, a removed reaction): networks that drew
    # buttons under its message (ROUND_VERSION_EXTRA says which version's) redraw that message,
    # its text (the round's call) with TALLY_EXTRA under it and its buttons kept, as a press
    # on it would have; it is written only for those networks (core.ports.Outbox.redraws_rounds)
    ROUND_TALLY = "round_tally"
    # the room starts afresh (taken out of a federated assembly): on a network that lists a
    # room's members, its adapter passes the room's current members on again, as joins; the
    # core writes it only for such rooms, and it shows nothing
    MEMBERS = "members"


# what redraws a round's message rather than saying something of its own
ROUND_REDRAWS = frozenset({OutboundKind.ROUND_CLOSE, OutboundKind.ROUND_TALLY})


# extra of the confirmation of a button press: the round's tally line after it, and "1" once
# the round is over; a network may show these under the pressed message instead of posting
# the confirmation (see adapters/telegram/tally.py)
TALLY_EXTRA = "tally"
ROUND_CLOSED_EXTRA = "round_closed"
# extra of the answer that explains why a command or a press was refused (nothing changed): "1";
# a network may show it to the presser alone (see adapters/telegram/sender.py)
REFUSAL_EXTRA = "refusal"
# extra of the call of a round (its buttons) and of its ROUND_CLOSE / ROUND_TALLY: the version it is for
ROUND_VERSION_EXTRA = "round_version"
# extra the outbox adds to a ROUND_CLOSE / ROUND_TALLY: the network's id of the message that
# carries the buttons of that version (see app.pipeline)
ROUND_MESSAGE_EXTRA = "round_message"
# extra of a poll whose running results, or who chose what, must not show until its close
# (an anonymous vote, hidden results): "1"
POLL_HIDDEN_EXTRA = "poll_hidden"
POLL_SELECT = "poll_select"  # extra: a multi-answer poll stands for this command + yes/no per option


def extra_flag(message: Outbound, name: str) -> bool:
    """Whether the flag `name` of `message.extra` is set ("1", "true" or "yes")."""
    return message.extra.get(name, "").lower() in ("1", "true", "yes")


def selection_command(template: str, count: int, selected: Iterable[int]) -> str:
    """The command a multi-answer native poll answer stands for: `template`, then for each
    option in order `yes` when it is ticked and `no` otherwise ("avail #4 yes no yes").
    Ticking nothing answers no everywhere."""
    ticked = {index for index in selected if 0 <= index < count}
    return " ".join([template, *("yes" if index in ticked else "no" for index in range(count))])


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    payload: str  # the command line the press stands for, e.g. "consent #3"
    needs_reason: bool = False  # open a reason prompt (forced reply / modal) first

    @property
    def typed(self) -> str:
        """The command as a person would type it: without the version a press carries."""
        return typed_form(self.payload)


_VERSION_FLAG = re.compile(r"\s+--version\s+\d+\b")


def typed_form(payload: str) -> str:
    """`consent #3 --version 2` → `consent #3`: hints show what to type, the version goes
    with presses only (see core.proposal_handlers)."""
    return _VERSION_FLAG.sub("", payload)


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


def outbound_to_dict(message: Outbound) -> dict[str, object]:
    """Plain JSON-able form, for the outbox."""
    return {
        "platform": message.platform,
        "room": message.room,
        "text": message.text,
        "html": message.html,
        "kind": message.kind.value,
        "thread_key": message.thread_key,
        "reply_to": message.reply_to,
        "mentions": list(message.mentions),
        "buttons": [[b.label, b.payload, b.needs_reason] for b in message.buttons],
        "poll_options": list(message.poll_options),
        "attachment_name": message.attachment_name,
        "attachment": message.attachment,
        "extra": dict(message.extra),
    }


def outbound_from_dict(data: dict[str, object]) -> Outbound:
    def text(name: str) -> str | None:
        value = data.get(name)
        return None if value is None else str(value)

    buttons = data.get("buttons") or []
    assert isinstance(buttons, list)
    mentions = data.get("mentions") or []
    assert isinstance(mentions, list)
    options = data.get("poll_options") or []
    assert isinstance(options, list)
    extra = data.get("extra") or {}
    assert isinstance(extra, dict)
    return Outbound(
        platform=Platform(str(data["platform"])),
        room=RoomId(str(data["room"])),
        text=str(data.get("text", "")),
        html=text("html"),
        kind=OutboundKind(str(data.get("kind", "message"))),
        thread_key=text("thread_key"),
        reply_to=text("reply_to"),
        mentions=tuple(UserId(str(m)) for m in mentions),
        buttons=tuple(Button(str(b[0]), str(b[1]), bool(b[2])) for b in buttons),
        poll_options=tuple(str(o) for o in options),
        attachment_name=text("attachment_name"),
        attachment=text("attachment"),
        extra={str(k): str(v) for k, v in extra.items()},
    )


def inbound_to_dict(event: Inbound) -> dict[str, object]:
    return {
        "platform": event.platform, "room": event.room, "sender": event.sender, "event_id": event.event_id,
        "text": event.text, "action": event.action.value, "payload": event.payload, "thread": event.thread,
        "display_name": event.display_name, "is_admin": event.is_admin,
        **({"room_name": event.room_name} if event.room_name is not None else {}),
        **({"username": event.username} if event.username is not None else {}),
        **({"reply_to": event.reply_to} if event.reply_to is not None else {}),
        **({"prefix": event.prefix} if event.prefix != "!" else {}),
        **({"edits": event.edits} if event.edits is not None else {}),
        **({"still_in": list(event.still_in)} if event.still_in else {}),
    }


def inbound_from_dict(data: dict[str, object]) -> Inbound:
    thread = data.get("thread")
    name = data.get("display_name")
    room_name = data.get("room_name")
    reply_to = data.get("reply_to")
    username = data.get("username")
    edits = data.get("edits")
    still_in = data.get("still_in")
    return Inbound(
        platform=Platform(str(data["platform"])), room=RoomId(str(data["room"])),
        sender=UserId(str(data["sender"])), event_id=str(data["event_id"]), text=str(data.get("text", "")),
        action=Action(str(data.get("action", "text"))), payload=str(data.get("payload", "")),
        thread=None if thread is None else str(thread), display_name=None if name is None else str(name),
        is_admin=bool(data.get("is_admin", False)), room_name=None if room_name is None else str(room_name),
        reply_to=None if reply_to is None else str(reply_to), prefix=str(data.get("prefix", "!")),
        username=None if username is None else str(username), edits=None if edits is None else str(edits),
        still_in=tuple(RoomId(str(room)) for room in still_in) if isinstance(still_in, list) else (),
    )
