"""Native Telegram updates → `Inbound` events (plus the small answers Telegram expects).

Pure translation: no network. The adapter hands the `Inbound`s to the sink and performs the
`CallbackAnswer` / `ReasonRequest` / `Notice` side requests itself, and answers the
callback of a press (`PendingPress`) once the core's answer to it goes out.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from adapters.bounded import BoundedMap
from adapters.telegram.commands import ForeignCommand, to_core_text
from adapters.telegram.memory import AdapterMemory, SourceMessage
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
from core.commands import VERBS
from core.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from core.member_handlers import help_answer
from core.messages import Action, Inbound, Platform, RoomId, UserId, selection_command

PLATFORM = Platform("telegram")
REASON_PREFIX = "reason:"
# A reason prompt starts with this mark, then asks in plain words ("Lou, write your objection
# to #1 …"); earlier prompts had the command itself on their first line ("✍️ !object #1").
PROMPT_MARK = "\u270d\ufe0f"
_PROMPT_LINE_RE = re.compile(r"^\u270d\ufe0f?[ \u00a0]+(![^\s#][^\n]*)$")
REASON_VERBS = ("object", "concern", "advise", "block")  # the buttons that ask for a reason
# spaces a phone keyboard may type after a command word instead of a plain one
_ODD_SPACES = "\u00a0\u2007\u202f"


def room_moved(old: int, new: int) -> Inbound:
    """A group that became a supergroup, under its new id: the assembly follows it. Both the
    old group's last message and the supergroup's first say so: one event id for the two, so
    the move runs once."""
    return Inbound(platform=PLATFORM, room=RoomId(str(new)), sender=UserId("telegram:network"),
                   event_id=f"moved:{old}:{new}", action=Action.ROOM_MOVED, payload=str(old))


@dataclass(frozen=True, slots=True)
class Notice:
    """A short answer of the adapter itself (catalog `key` in `lang`, or `text` already
    written), for what never reaches the core: /start, a command in a private chat, the help
    asked there, a command posted anonymously."""

    chat_id: str
    key: str
    lang: str
    reply_to: int | None = None
    thread: int | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class PendingPress:
    """A press stored for the core: its callback is answered once the core's answer to it
    goes out (a refusal is shown to the presser alone, see sender.py), else after a while."""

    callback_id: str
    user_id: int
    lang: str  # the presser's, for the toast


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
    command: str  # e.g. "!object #3 --version 2"
    user_id: int
    user_name: str
    lang: str  # the room's, read from the pressed message's buttons; the toast: `presser_lang`
    thread: int | None = None
    message_id: int | None = None  # the message holding the buttons
    presser_lang: str = DEFAULT_LANGUAGE


@dataclass(slots=True)
class Translation:
    inbounds: list[Inbound] = field(default_factory=list)
    callback_answer: CallbackAnswer | None = None
    reason_request: ReasonRequest | None = None
    notice: Notice | None = None
    press: PendingPress | None = None
    ignored: str | None = None  # why nothing came out, for the logs
    warning: bool = False  # the reason deserves a warning in the logs


def user_id(user: User) -> UserId:
    return UserId(f"telegram:{user.id}")


def telegram_user(member: str) -> int | None:
    """The Telegram user id of the member `telegram:<id>` (see `user_id`); None for any other."""
    user = member.removeprefix("telegram:")
    return int(user) if user != member and user.isdigit() else None


def display_name(user: User) -> str:
    name = " ".join(part for part in (user.first_name, user.last_name) if part).strip()
    return name or (user.username or str(user.id))


def user_lang(user: User) -> str:
    code = (user.language_code or "")[:2].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


@functools.cache
def _prompt_patterns() -> list[tuple[re.Pattern[str], str]]:
    patterns = []
    for lang in LANGUAGES:
        for verb in REASON_VERBS:
            words = re.escape(translate(f"telegram.ask_reason.{verb}", lang, name="\x00", number="\x01"))
            words = words.replace("\x00", ".+?").replace("\x01", r"(\d+)")
            patterns.append((re.compile(rf"^{PROMPT_MARK}?\s*{words}\s*$"), verb))
    return patterns


def command_from_prompt(text: str | None) -> str | None:
    """The command a reason prompt waits for, read back from the prompt's own text (when this
    process no longer remembers it): its plain words, or the command line of an earlier
    prompt. The version of the pressed button is not in the words: the reason then goes to
    the current version."""
    if not text:
        return None
    first = text.split("\n", 1)[0].strip()
    match = _PROMPT_LINE_RE.match(first)
    if match:
        return match.group(1).strip()
    for pattern, verb in _prompt_patterns():
        found = pattern.match(" ".join(text.split()))
        if found:
            return f"!{verb} #{found.group(1)}"
    return None


def button_lang(message: Message | None, data: str) -> str | None:
    """The language of the room, as the pressed button's label says (buttons are drawn in the
    room's language): None when the label is not one of ours."""
    keyboard = message.reply_markup if message is not None else None
    rows = keyboard.get("inline_keyboard") if isinstance(keyboard, dict) else None
    for row in rows if isinstance(rows, list) else ():
        for button in row if isinstance(row, list) else ():
            if isinstance(button, dict) and button.get("callback_data") == data:
                label = button.get("text")
                verb = data.removeprefix(REASON_PREFIX).split(" ", 1)[0]
                for lang in LANGUAGES:
                    if label == translate(f"button.{verb}", lang):
                        return lang
    return None


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
        room = RoomId(str(message.chat.id))
        if message.migrate_to_chat_id is not None:  # the old group's last word
            self.memory.room_moved(room, str(message.migrate_to_chat_id))
            return Translation(inbounds=[room_moved(message.chat.id, message.migrate_to_chat_id)])
        if message.migrate_from_chat_id is not None:  # the supergroup's first
            self.memory.room_moved(str(message.migrate_from_chat_id), room)
            return Translation(inbounds=[room_moved(message.migrate_from_chat_id, message.chat.id)])
        topic = _topic(message)
        thread = str(topic) if topic is not None else None
        if sender is None or message.sender_chat is not None or message.is_automatic_forward:
            return self._anonymous(message, topic)
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
        written = message.text or message.caption  # a photo's caption may carry a command
        if not written:
            return Translation(ignored="message without text")

        identity, name = self._person(sender)
        entities = message.entities if message.text else message.caption_entities
        typed = with_member_ids(written, entities, self.memory.usernames)
        reason = self._reason_reply(message, typed)
        text = reason or self._command_text(typed)
        if text is None:
            return Translation(ignored="command addressed to another bot")
        if reason is None and text.startswith("!"):
            word = text[1:].split(maxsplit=1)[0] if text[1:].strip() else ""
            notice = self._notice_instead(message, text, word, sender, topic)
            if notice is not None:
                return Translation(notice=notice, ignored=f"answered by the adapter: {notice.key}")
        self.memory.sources.put(event_id, SourceMessage(room, message.message_id, topic))
        inbound = Inbound(
            platform=PLATFORM,
            room=room,
            sender=identity,
            event_id=event_id,
            text=text,
            thread=thread,
            display_name=name,
            username=sender.username or None,
            room_name=message.chat.title,
            # answering the bot's message of a proposal, a poll or a meeting says which one
            reply_to=str(message.reply_to_message.message_id) if message.reply_to_message is not None else None,
            # typed with "/": a refusal names the commands with "/" too (`/mot`, `/aide mot`),
            # which slash_hints turns into the names Telegram shows as commands
            prefix="/" if reason is None and text.startswith("!") and typed.startswith("/") else "!",
        )
        return Translation(inbounds=[inbound])

    def _command_text(self, text: str) -> str | None:
        try:
            core_text = to_core_text(text, self.bot_username)
        except ForeignCommand:
            return None
        if core_text.startswith("!") and text.startswith("/"):
            word_end = len(core_text.split(maxsplit=1)[0]) if core_text.split() else 0
            rest = core_text[word_end:]
            if rest[:1] in _ODD_SPACES:  # "/propose\u00a0Jardin": the space a phone typed
                core_text = core_text[:word_end] + " " + rest[1:]
        return core_text

    def room_lang(self, room: str, fallback: str) -> str:
        return self.memory.room_langs.get(room) or fallback

    def _notice_instead(self, message: Message, text: str, word: str, sender: User,
                        topic: int | None) -> Notice | None:
        """/start, and any command in a private chat, are answered by the adapter: a private
        chat is no assembly, so nothing of it reaches the core (the help asked there is
        written here, in the person's language)."""
        verb = VERBS.get(word.casefold())
        private = message.chat.type == "private"
        room = str(message.chat.id)
        lang = user_lang(sender) if private else self.room_lang(room, DEFAULT_LANGUAGE)
        if word.casefold() == "start":
            key = "telegram.start_private" if private else "telegram.start_group"
        elif private and verb == "help":
            _, *wanted = text[1:].split(maxsplit=1)  # what help is asked about, if anything
            return Notice(room, "help", lang, reply_to=message.message_id, thread=topic,
                          text=help_answer("".join(wanted), lang))
        elif private:
            key = "telegram.private_chat"
        else:
            return None
        return Notice(room, key, lang, reply_to=message.message_id, thread=topic)

    def _anonymous(self, message: Message, topic: int | None) -> Translation:
        """A message posted in the name of a chat (an anonymous admin, a channel): nobody to
        count it for. A command gets one answer that says so; anything else is left alone."""
        written = message.text or message.caption or ""
        if message.is_automatic_forward or not written.startswith("/"):
            return Translation(ignored="message without a personal sender")
        try:
            to_core_text(written, self.bot_username)
        except ForeignCommand:
            return Translation(ignored="command addressed to another bot")
        room = str(message.chat.id)
        notice = Notice(room, "telegram.anonymous_sender", self.room_lang(room, DEFAULT_LANGUAGE),
                        reply_to=message.message_id, thread=topic)
        return Translation(notice=notice, ignored="command posted anonymously")

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
            username=member.username or None,
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
                lang=button_lang(message, query.data) or self.room_lang(room, DEFAULT_LANGUAGE),
                thread=topic,
                message_id=message.message_id,
                presser_lang=lang,
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
            username=query.from_user.username or None,
            room_name=message.chat.title,
        )
        pressed = pressed_message(message)
        if pressed is not None:  # the confirmation of this press is drawn under it (tally.py)
            self.memory.pressed.put(inbound.event_id, pressed)
        press = PendingPress(query.id, query.from_user.id, lang)
        return Translation(inbounds=[inbound], press=press)

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
                username=voter.username or None,
            )

        if mapping.select:  # a multi-answer poll: the whole selection is one answer
            if not answer.option_ids:  # retracted (Telegram also sends this before a changed vote):
                # the answer is taken back, silently as the poll shows it (core.dispatch.UNDO_HANDLERS)
                return Translation(inbounds=[inbound(event_id, Action.UNDO, mapping.select)])
            payload = selection_command(mapping.select, mapping.options, answer.option_ids)
            return Translation(inbounds=[inbound(event_id, Action.BUTTON, payload)])
        vote_key = (answer.poll_id, voter.id)
        if not answer.option_ids:
            previous = self.memory.poll_votes.pop(vote_key)
            if previous is None:
                return Translation(ignored="vote retracted, previous choice unknown")
            self.memory.poll_answers.put(event_id, voter.id)  # silent like the vote: the poll shows it
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
            self.memory.poll_answers.put(eid, voter.id)
        return Translation(inbounds=inbounds)

    # --- the bot's own membership ----------------------------------------------------------
    def _my_membership(self, change: ChatMemberUpdated) -> Translation:
        status = change.new_chat_member.status
        if status in ("left", "kicked"):
            return Translation(ignored=f"bot removed from chat {change.chat.id}", warning=True)
        return Translation(ignored=f"bot membership in chat {change.chat.id} is now {status}")
