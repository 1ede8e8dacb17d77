"""Matrix events (raw JSON dicts) → `Inbound`.

Pure functions plus one small translator that reads and updates the adapter's
remembered maps (consent prompts, reactions, polls). No network here: the adapter
gives each timeline event with what it knows about the sender.

Rules:
- text messages count when they are commands (`!status #3`) or start by naming the bot
  (`assemblee: status #3`, a pill, `@assemblee:example.org status #3`): the name is
  removed and the rest becomes the command (`!status #3`);
- a member mentioned with a pill (`!role Bob Martin catalyseur`, the plain body of
  `!role <a href="https://matrix.to/#/@bob:x.org">Bob Martin</a> catalyseur`) is named by
  their Matrix id in the command (`!role @bob:x.org catalyseur`): clients write the display
  name in the plain body, and a display name is neither unique nor one word;
- an edit (`m.replace`) stands for its new content (`m.new_content`), with the id of the
  message it edits (`Inbound.edits`): the core runs it only while that message changed
  nothing (refused, or no command), so a command that did something runs once, as first sent;
  the adapter gives it the thread and reply of the message it edits;
- ✅ / ⏸️ on a consent prompt the bot sent stand for its consent / stand-aside buttons,
  and removing the reaction undoes it;
- a native poll answer stands for the command line the poll option carries;
- joins and departures of members are passed on; the bot's own events never are.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from core.messages import Action, Inbound, Platform, RoomId, UserId, selection_command

from .state import SessionState

MATRIX = Platform("matrix")

POLL_START_TYPES = ("org.matrix.msc3381.poll.start", "m.poll.start")
POLL_RESPONSE_TYPES = ("org.matrix.msc3381.poll.response", "m.poll.response")
POLL_END_TYPES = ("org.matrix.msc3381.poll.end", "m.poll.end")

CONSENT_KEY = "✅"
STANDASIDE_KEY = "⏸️"
# Reaction key (without emoji variation selector) -> which button of a prompt it presses.
REACTION_BUTTONS = {"✅": "consent", "⏸": "standaside"}

_PILL = re.compile(
    r"""<a\s+href=["'](?:https://matrix\.to/#/|matrix:u/)([^"'?]+)[^"']*["']\s*>(.*?)</a>""",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"<[^>]+>")
_REPLY_QUOTE = re.compile(r"<mx-reply>.*?</mx-reply>", re.IGNORECASE | re.DOTALL)


def relation(content: Mapping[str, Any]) -> Mapping[str, Any]:
    rel = content.get("m.relates_to")
    return rel if isinstance(rel, Mapping) else {}


def is_edit(content: Mapping[str, Any]) -> bool:
    return relation(content).get("rel_type") == "m.replace" or "m.new_content" in content


def edited(content: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]] | None:
    """(id of the edited message, its new content) of a well-formed text edit, else None."""
    rel = relation(content)
    original, new = rel.get("event_id"), content.get("m.new_content")
    if rel.get("rel_type") != "m.replace" or not isinstance(original, str) or not original:
        return None
    if not isinstance(new, Mapping) or new.get("msgtype") != "m.text":
        return None
    return original, new


def thread_root(content: Mapping[str, Any]) -> str | None:
    rel = relation(content)
    if rel.get("rel_type") == "m.thread" and isinstance(rel.get("event_id"), str):
        return str(rel["event_id"])
    return None


def replied_to(content: Mapping[str, Any]) -> str | None:
    """The event a message answers (`m.in_reply_to`), when it is a real reply: in a thread,
    the `m.in_reply_to` that clients without threads read is only a fallback
    (`is_falling_back`), not an answer to that event."""
    rel = relation(content)
    if rel.get("rel_type") == "m.thread" and rel.get("is_falling_back", False) is not False:
        return None
    reply = rel.get("m.in_reply_to")
    event_id = reply.get("event_id") if isinstance(reply, Mapping) else None
    return event_id if isinstance(event_id, str) and event_id else None


def strip_reply_fallback(body: str) -> str:
    """Drop the `> <@someone> quoted text` lines older clients put before a reply."""
    if not body.startswith("> "):
        return body
    lines = body.split("\n")
    index = 0
    while index < len(lines) and lines[index].startswith(">"):
        index += 1
    return "\n".join(lines[index:]).lstrip("\n")


def user_pills(formatted_body: str) -> list[tuple[str, str]]:
    """(Matrix id, visible text) of every user pill in `formatted_body`, in order; the
    quoted message of a reply (`<mx-reply>`) is left out."""
    pills = []
    for target, label in _PILL.findall(_REPLY_QUOTE.sub("", formatted_body)):
        target = unquote(target)
        if target.startswith("u/"):
            target = "@" + target[2:]
        elif not target.startswith("@"):
            target = "@" + target
        pills.append((target, html.unescape(_TAG.sub("", label)).strip()))
    return pills


def bot_pill_names(formatted_body: str, bot_user_id: str) -> set[str]:
    """The visible text of every pill in `formatted_body` that points at the bot."""
    return {label for target, label in user_pills(formatted_body) if target == bot_user_id and label}


def pills_as_ids(command: str, formatted_body: str, bot_user_id: str) -> str:
    """`command` with each member pill's visible text, after the verb, replaced by the
    member's Matrix id (in the order the pills come; a text not found is left alone)."""
    verb = re.match(r"\S*", command)
    position = verb.end() if verb else 0
    for target, label in user_pills(formatted_body):
        if target == bot_user_id or not label or label == target:
            continue
        found = command.find(label, position)
        if found < 0:
            continue
        end = found + len(label)
        if found > position and command[found - 1] == "@":  # "@Bob Martin" in the body
            found -= 1
        command = command[:found] + target + command[end:]
        position = found + len(target)
    return command


def _strip_leading_name(text: str, names: Iterable[str]) -> str | None:
    folded = text.casefold()
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        candidate = name.casefold()
        if not folded.startswith(candidate):
            continue
        rest = text[len(name) :]
        if rest and not (rest[0].isspace() or rest[0] in ":,"):
            continue  # "assembleethings" does not name the bot
        return rest.lstrip(":,").strip()
    return None


def command_text(
    content: Mapping[str, Any], bot_user_id: str, bot_names: Iterable[str] = ()
) -> str | None:
    """The command line a text message stands for, or None if it is plain chat."""
    body = content.get("body")
    if not isinstance(body, str):
        return None
    text = strip_reply_fallback(body).strip()
    formatted = content.get("formatted_body")
    if not isinstance(formatted, str):
        formatted = ""
    if text.startswith("!"):
        return pills_as_ids(text, formatted, bot_user_id)
    localpart = bot_user_id[1:].split(":", 1)[0]
    names = {bot_user_id, "@" + localpart, localpart, *bot_names}
    names |= bot_pill_names(formatted, bot_user_id)
    rest = _strip_leading_name(text, names)
    if rest is None:
        return None
    if not rest:
        return "!help"
    return pills_as_ids(rest if rest.startswith("!") else "!" + rest, formatted, bot_user_id)


@dataclass(frozen=True, slots=True)
class Sender:
    """What the adapter knows about an event's sender in its room."""

    is_admin: bool = False
    display_name: str | None = None
    room_name: str | None = None  # the room's name (m.room.name), if it has one


class EventTranslator:
    def __init__(self, bot_user_id: str, state: SessionState) -> None:
        self.bot_user_id = bot_user_id
        self.state = state
        self.bot_names: set[str] = set()

    def translate(
        self, event: Mapping[str, Any], room_id: str, sender: Sender = Sender()
    ) -> Inbound | None:
        event_type = event.get("type")
        event_id = event.get("event_id")
        user = event.get("sender")
        if not isinstance(event_id, str) or not isinstance(user, str):
            return None
        content = event.get("content")
        if not isinstance(content, Mapping):
            return None
        if event_type == "m.room.member":
            return self._membership(event, content, room_id, event_id)
        if user == self.bot_user_id:
            self._own_event(event_type, content)
            return None

        def inbound(**fields: Any) -> Inbound:
            return Inbound(
                platform=MATRIX,
                room=RoomId(room_id),
                sender=UserId(user),
                event_id=event_id,
                display_name=sender.display_name,
                is_admin=sender.is_admin,
                room_name=sender.room_name,
                **fields,
            )

        if event_type == "m.room.message":
            if content.get("msgtype") != "m.text":
                return None
            if is_edit(content):
                edit = edited(content)
                text = command_text(edit[1], self.bot_user_id, self.bot_names) if edit else None
                if edit is None or text is None:
                    return None
                # its thread and reply are the edited message's (`m.new_content` has none)
                return inbound(text=text, edits=edit[0])
            text = command_text(content, self.bot_user_id, self.bot_names)
            if text is None:
                return None
            # a reply to one of the bot's messages about a proposal, a poll or a meeting says
            # which one a command without a number is about, as typing in its thread does
            return inbound(text=text, thread=thread_root(content), reply_to=replied_to(content))
        if event_type == "m.reaction":
            payload = self._reaction_payload(content)
            if payload is None:
                return None
            self.state.remember_reaction(event_id, room_id, payload, user)
            return inbound(action=Action.BUTTON, payload=payload)
        if event_type == "m.room.redaction":
            redacts = event.get("redacts") or content.get("redacts")
            remembered = self.state.reactions.get(str(redacts))
            if not remembered or len(remembered) < 3 or remembered[2] != user:
                return None  # not one of our reactions, or removed by someone else
            del self.state.reactions[str(redacts)]
            self.state.touch()
            return inbound(action=Action.UNDO, payload=remembered[1])
        if event_type in POLL_RESPONSE_TYPES:
            return self._poll_response(content, user, inbound)
        return None

    # -- pieces

    def _own_event(self, event_type: Any, content: Mapping[str, Any]) -> None:
        if event_type in POLL_END_TYPES:
            poll = self.state.polls.get(str(relation(content).get("event_id")))
            if poll is not None:
                poll.closed = True
                self.state.touch()

    def _membership(
        self, event: Mapping[str, Any], content: Mapping[str, Any], room_id: str, event_id: str
    ) -> Inbound | None:
        member = event.get("state_key")
        if not isinstance(member, str) or member == self.bot_user_id:
            return None
        unsigned = event.get("unsigned") or {}
        previous = (unsigned.get("prev_content") or {}).get("membership", "leave")
        now = content.get("membership")
        if now == "join" and previous != "join":
            action = Action.MEMBER_JOINED
        elif now in ("leave", "ban") and previous == "join":
            action = Action.MEMBER_LEFT
        else:
            return None
        name = content.get("displayname") if now == "join" else None
        return Inbound(
            platform=MATRIX,
            room=RoomId(room_id),
            sender=UserId(member),
            event_id=event_id,
            action=action,
            display_name=name if isinstance(name, str) else None,
        )

    def _reaction_payload(self, content: Mapping[str, Any]) -> str | None:
        rel = relation(content)
        if rel.get("rel_type") != "m.annotation":
            return None
        key = str(rel.get("key", "")).replace("\ufe0f", "").strip()
        button = REACTION_BUTTONS.get(key)
        prompt = self.state.prompts.get(str(rel.get("event_id")))
        if button is None or prompt is None:
            return None
        return prompt.get(button)

    def _poll_response(
        self, content: Mapping[str, Any], user: str, inbound: Callable[..., Inbound]
    ) -> Inbound | None:
        rel = relation(content)
        poll = self.state.polls.get(str(rel.get("event_id")))
        if poll is None or poll.closed:
            return None
        unstable = content.get("org.matrix.msc3381.poll.response")
        if isinstance(unstable, Mapping):
            chosen = unstable.get("answers")
        else:
            chosen = content.get("m.selections")
        if not isinstance(chosen, list):
            return None
        if poll.select:  # a multi-answer poll: the whole selection is one answer
            if not chosen:  # a spoiled (empty) answer: the member's answer stays as it was
                return None
            indices = {int(poll.answers[a]) for a in chosen if isinstance(a, str) and poll.answers.get(a, "").isdigit()}
            payload = selection_command(poll.select, len(poll.answers), indices)
            poll.votes[user] = payload
            self.state.touch()
            return inbound(action=Action.BUTTON, payload=payload)
        picked = [poll.answers[a] for a in chosen if isinstance(a, str) and a in poll.answers]
        if picked:
            poll.votes[user] = picked[0]
            self.state.touch()
            return inbound(action=Action.BUTTON, payload=picked[0])
        if not chosen and user in poll.votes:  # an empty answer withdraws the vote
            self.state.touch()
            return inbound(action=Action.UNDO, payload=poll.votes.pop(user))
        return None
