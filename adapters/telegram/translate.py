"""Native Telegram updates → `Inbound` events (plus the small answers Telegram expects).

Pure translation: no network. The adapter hands the `Inbound`s to the sink and performs the
`CallbackAnswer` / `ReasonRequest` side requests itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from adapters.telegram.commands import ForeignCommand, to_core_text
from adapters.telegram.memory import AdapterMemory, BoundedMap, SourceMessage
from adapters.telegram.tally import pressed_message
from adapters.telegram.wire import (
    CallbackQuery,
    ChatMemberUpdated,
    Message,
    MessageEntity,
    PollAnswer,
    Update,
    User,
)
from core.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from core.messages import Action, Inbound, Platform, RoomId, UserId, selection_command

PLATFORM = Platform("telegram")
REASON_PREFIX = "reason:"
# First line of a reason prompt: the mark, then the command the reason completes.
PROMPT_MARK = "\u270d\ufe0f"
_PROMPT_LINE_RE = re.compile(r"^\u270d\ufe0f?[ \u00a0]+(![^\s#][^\n]*)$")


@dataclass(frozen=True, slots=True)
class CallbackAnswer:
    """answerCallbackQuery to send once the press is safely stored."""

    callback_id: str
    text: str


@dataclass(frozen=True, slots=True)
class ReasonRequest:
    """A button that needs a reason was pressed: ask for it with a forced reply."""

    callback_id: str
    chat_id: str
    command: str  # e.g. "!object #3"
    user_id: int
    user_name: str
    lang: str
    thread: int | None = None
    message_id: int | None = None  # the message holding the buttons


@dataclass(slots=True)
class Translation:
    inbounds: list[Inbound] = field(default_factory=list)
    callback_answer: CallbackAnswer | None = None
    reason_request: ReasonRequest | None = None
    ignored: str | None = None  # why nothing came out, for the logs
    warning: bool = False  # the reason deserves a warning in the logs


def user_id(user: User) -> UserId:
    return UserId(f"telegram:{user.id}")


def display_name(user: User) -> str:
    name = " ".join(part for part in (user.first_name, user.last_name) if part).strip()
    return name or (user.username or str(user.id))


def user_lang(user: User) -> str:
    code = (user.language_code or "")[:2].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def prompt_first_line(command: str) -> str:
    return f"{PROMPT_MARK} {command}"


def command_from_prompt(text: str | None) -> str | None:
    """The command a reason prompt waits for, read back from the prompt's own text."""
    if not text:
        return None
    match = _PROMPT_LINE_RE.match(text.split("\n", 1)[0].strip())
    return match.group(1).strip() if match else None


def with_member_ids(
    text: str, entities: list[MessageEntity] | None, usernames: BoundedMap[str, int]
) -> str:
    """Mentions become `@<user id>`, which is how the core finds a member.

    A tapped name (`text_mention`) carries the user; an `@username` is looked up among the
    users seen so far and left as typed when unknown. Offsets count UTF-16 units.
    """
    if not entities:
        return text
    encoded = text.encode("utf-16-le", "surrogatepass")
    pieces: list[str] = []
    last = 0
    try:
        for entity in sorted(entities, key=lambda e: e.offset):
            start, end = entity.offset * 2, (entity.offset + entity.length) * 2
            if start < last or end > len(encoded) or entity.length <= 0:
                continue
            if entity.type == "text_mention" and entity.user is not None:
                member: int | None = entity.user.id
            elif entity.type == "mention":
                name = encoded[start:end].decode("utf-16-le").removeprefix("@").lower()
                member = usernames.get(name)
            else:
                continue
            if member is None:
                continue
            pieces += [encoded[last:start].decode("utf-16-le"), f"@{member}"]
            last = end
        pieces.append(encoded[last:].decode("utf-16-le"))
    except UnicodeDecodeError:  # offsets that cut a character in two: keep the text as is
        return text
    return "".join(pieces)


def _topic(message: Message) -> int | None:
    if message.is_topic_message and message.message_thread_id is not None:
        return message.message_thread_id
    return None


class Translator:
    """Turns one validated `Update` into a `Translation`."""

    def __init__(self, bot_id: int, bot_username: str | None, memory: AdapterMemory) -> None:
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.memory = memory

    def _person(self, user: User) -> tuple[UserId, str]:
        """Identity and display name; the name is remembered to show the member later."""
        name = display_name(user)
        self.memory.names.put(user.id, name)
        if user.username:
            self.memory.usernames.put(user.username.lower(), user.id)
        return user_id(user), name

    def translate(self, update: Update) -> Translation:
        event_id = f"update:{update.update_id}"
        if update.message is not None:
            return self._message(event_id, update.message)
        if update.callback_query is not None:
            return self._callback(update.callback_query)
        if update.poll_answer is not None:
            return self._poll_answer(event_id, update.poll_answer)
        if update.my_chat_member is not None:
            return self._my_membership(update.my_chat_member)
        return Translation(ignored=f"unsupported update kind: {update.kind()}")

    # --- messages ------------------------------------------------------------------------
    def _message(self, event_id: str, message: Message) -> Translation:
        sender = message.from_user
        if sender is None or message.sender_chat is not None or message.is_automatic_forward:
            return Translation(ignored="message without a personal sender")
        room = RoomId(str(message.chat.id))
        topic = _topic(message)
        thread = str(topic) if topic is not None else None
        if message.new_chat_members:
            joined = [
                self._membership(event_id, room, member, Action.MEMBER_JOINED, thread)
                for member in message.new_chat_members
                if not member.is_bot
            ]
            return Translation(inbounds=joined, ignored=None if joined else "bots joined")
        if message.left_chat_member is not None:
            member = message.left_chat_member
            if member.is_bot:
                return Translation(ignored="a bot left")
            return Translation(
                inbounds=[self._membership(event_id, room, member, Action.MEMBER_LEFT, thread)]
            )
        if sender.is_bot:
            return Translation(ignored="message from a bot")
        if not message.text:
            return Translation(ignored="message without text")

        identity, name = self._person(sender)
        typed = with_member_ids(message.text, message.entities, self.memory.usernames)
        text = self._reason_reply(message, typed) or self._command_text(typed)
        if text is None:
            return Translation(ignored="command addressed to another bot")
        self.memory.sources.put(event_id, SourceMessage(room, message.message_id, topic))
        inbound = Inbound(
            platform=PLATFORM,
            room=room,
            sender=identity,
            event_id=event_id,
            text=text,
            thread=thread,
            display_name=name,
            room_name=message.chat.title,
        )
        return Translation(inbounds=[inbound])

    def _command_text(self, text: str) -> str | None:
        try:
            return to_core_text(text, self.bot_username)
        except ForeignCommand:
            return None

    def _reason_reply(self, message: Message, typed: str) -> str | None:
        """`!object #3 <reason>` when the message answers one of our reason prompts."""
        prompt = message.reply_to_message
        text = typed.strip()
        if (
            prompt is None
            or prompt.from_user is None
            or prompt.from_user.id != self.bot_id
            or not text
            or text.startswith(("/", "!"))  # a command of its own, not a reason
        ):
            return None
        key = (str(message.chat.id), prompt.message_id)
        command = self.memory.reason_prompts.get(key) or command_from_prompt(prompt.text)
        if command is None:
            return None
        return f"{command} {text}"

    def _membership(
        self, event_id: str, room: RoomId, member: User, action: Action, thread: str | None
    ) -> Inbound:
        identity, name = self._person(member)
        return Inbound(
            platform=PLATFORM,
            room=room,
            sender=identity,
            event_id=f"{event_id}:{action.value}:{member.id}",
            action=action,
            thread=thread,
            display_name=name,
        )

    # --- buttons -------------------------------------------------------------------------
    def _callback(self, query: CallbackQuery) -> Translation:
        lang = user_lang(query.from_user)
        silent = CallbackAnswer(query.id, "")
        message = query.message
        if message is None or not query.data:
            return Translation(callback_answer=silent, ignored="button without message or data")
        room = str(message.chat.id)
        topic = _topic(message)  # None for an inaccessible message: it carries no topic
        if query.data.startswith(REASON_PREFIX):
            command = query.data[len(REASON_PREFIX) :].strip()
            if not command:
                return Translation(callback_answer=silent, ignored="empty reason button")
            request = ReasonRequest(
                callback_id=query.id,
                chat_id=room,
                command="!" + command,
                user_id=query.from_user.id,
                user_name=display_name(query.from_user),
                lang=lang,
                thread=topic,
                message_id=message.message_id,
            )
            return Translation(reason_request=request)
        identity, name = self._person(query.from_user)
        inbound = Inbound(
            platform=PLATFORM,
            room=RoomId(room),
            sender=identity,
            event_id=f"callback:{query.id}",
            action=Action.BUTTON,
            payload=query.data,
            thread=str(topic) if topic is not None else None,
            display_name=name,
            room_name=message.chat.title,
        )
        pressed = pressed_message(message)
        if pressed is not None:  # the confirmation of this press is drawn under it (tally.py)
            self.memory.pressed.put(inbound.event_id, pressed)
        answer = CallbackAnswer(query.id, translate("telegram.button_received", lang))
        return Translation(inbounds=[inbound], callback_answer=answer)

    # --- native polls --------------------------------------------------------------------
    def _poll_answer(self, event_id: str, answer: PollAnswer) -> Translation:
        mapping = self.memory.polls.get(answer.poll_id)
        if mapping is None:
            return Translation(ignored="answer to a poll this process did not send", warning=True)
        voter = answer.user
        if voter is None:
            return Translation(ignored="poll answered on behalf of a chat")

        identity, name = self._person(voter)

        def inbound(event: str, action: Action, payload: str) -> Inbound:
            return Inbound(
                platform=PLATFORM,
                room=RoomId(mapping.chat_id),
                sender=identity,
                event_id=event,
                action=action,
                payload=payload,
                thread=mapping.thread,
                display_name=name,
            )

        if mapping.select:  # a multi-answer poll: the whole selection is one answer
            if not answer.option_ids:  # a retraction comes before a new choice: the answer stays
                return Translation(ignored="multi-answer poll vote retracted")
            payload = selection_command(mapping.select, mapping.options, answer.option_ids)
            return Translation(inbounds=[inbound(event_id, Action.BUTTON, payload)])
        vote_key = (answer.poll_id, voter.id)
        if not answer.option_ids:
            previous = self.memory.poll_votes.pop(vote_key)
            if previous is None:
                return Translation(ignored="vote retracted, previous choice unknown")
            return Translation(inbounds=[inbound(event_id, Action.UNDO, previous)])
        chosen = [i for i in answer.option_ids if 0 <= i < len(mapping.payloads)]
        if not chosen or not all(mapping.payloads[i] for i in chosen):
            return Translation(ignored="poll option without a command", warning=True)
        if len(chosen) == 1:
            self.memory.poll_votes.put(vote_key, mapping.payloads[chosen[0]])
            ids = [event_id]
        else:
            ids = [f"{event_id}:{i}" for i in chosen]
        inbounds = [
            inbound(eid, Action.BUTTON, mapping.payloads[i])
            for eid, i in zip(ids, chosen, strict=True)
        ]
        for eid in ids:  # the poll itself shows this vote: its confirmation need not be posted
            self.memory.poll_answers.put(eid, True)
        return Translation(inbounds=inbounds)

    # --- the bot's own membership ----------------------------------------------------------
    def _my_membership(self, change: ChatMemberUpdated) -> Translation:
        status = change.new_chat_member.status
        if status in ("left", "kicked"):
            return Translation(ignored=f"bot removed from chat {change.chat.id}", warning=True)
        return Translation(ignored=f"bot membership in chat {change.chat.id} is now {status}")
