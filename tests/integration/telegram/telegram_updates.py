"""Builders for the JSON bodies Telegram POSTs to a webhook (Bot API `Update` objects)."""

from __future__ import annotations

import itertools
import re
import time
from typing import Any

GROUP = -1001234567890
FORUM = -1009876543210


def user(user_id: int = 111, first_name: str = "Alice", **extra: Any) -> dict[str, Any]:
    return {
        "id": user_id,
        "is_bot": False,
        "first_name": first_name,
        "language_code": "fr",
        **extra,
    }


def chat(chat_id: int = GROUP, *, forum: bool = False) -> dict[str, Any]:
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": "Alice"}
    result: dict[str, Any] = {"id": chat_id, "type": "supergroup", "title": "Assemblée de quartier"}
    if forum:
        result["is_forum"] = True
    return result


def utf16_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def command_and_mention_entities(text: str) -> list[dict[str, Any]]:
    """The entities Telegram attaches: a leading /command and each @username."""
    entities: list[dict[str, Any]] = []
    command = re.match(r"/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?", text)
    if command:
        length = utf16_offset(text, command.end())
        entities.append({"type": "bot_command", "offset": 0, "length": length})
    for mention in re.finditer(r"(?<![\w/])@[A-Za-z][A-Za-z0-9_]{4,31}\b", text):
        start = utf16_offset(text, mention.start())
        length = utf16_offset(text, mention.end()) - start
        entities.append({"type": "mention", "offset": start, "length": length})
    return entities


def text_mention(text: str, name: str, member: dict[str, Any]) -> dict[str, Any]:
    """Entity for a tapped member name (people without a @username)."""
    index = text.index(name)
    start = utf16_offset(text, index)
    length = utf16_offset(text, index + len(name)) - start
    return {"type": "text_mention", "offset": start, "length": length, "user": member}


class Updates:
    """Numbers updates, messages and callbacks the way Telegram would."""

    def __init__(self, bot_id: int, bot_username: str) -> None:
        self.bot_id = bot_id
        self.bot_username = bot_username
        self._update_ids = itertools.count(900_000)
        self._message_ids = itertools.count(1)
        self._callback_ids = itertools.count(42_000)

    def next_update_id(self) -> int:
        return next(self._update_ids)

    def bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Assemblée",
            "username": self.bot_username,
        }

    def message_object(
        self,
        text: str | None,
        *,
        chat_id: int = GROUP,
        sender: dict[str, Any] | None = None,
        topic: int | None = None,
        reply_to: dict[str, Any] | None = None,
        message_id: int | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": message_id if message_id is not None else next(self._message_ids),
            "date": int(time.time()),
            "chat": chat(chat_id, forum=topic is not None),
            "from": sender if sender is not None else user(),
            **extra,
        }
        if text is not None:
            message["text"] = text
            entities = command_and_mention_entities(text)
            if entities:
                message["entities"] = entities
        if topic is not None:
            message["message_thread_id"] = topic
            message["is_topic_message"] = True
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return message

    def message(
        self, text: str | None, *, update_id: int | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        return {
            "update_id": update_id if update_id is not None else self.next_update_id(),
            "message": self.message_object(text, **kwargs),
        }

    def bot_message(self, text: str, *, message_id: int, chat_id: int = GROUP) -> dict[str, Any]:
        """A message the bot itself sent earlier, as it appears in `reply_to_message`."""
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat(chat_id),
            "from": self.bot_user(),
            "text": text,
        }

    def callback(
        self,
        data: str,
        *,
        message_id: int,
        chat_id: int = GROUP,
        sender: dict[str, Any] | None = None,
        topic: int | None = None,
        callback_id: str | None = None,
        text: str = "Proposition #3",
        entities: list[dict[str, Any]] | None = None,
        reply_markup: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A press; `text`, `entities` and `reply_markup` are those of the pressed message as
        Telegram shows it at the time of the press."""
        message = self.bot_message(text, message_id=message_id, chat_id=chat_id)
        if entities:
            message["entities"] = entities
        if reply_markup is not None:
            message["reply_markup"] = reply_markup
        if topic is not None:
            message["message_thread_id"] = topic
            message["is_topic_message"] = True
            message["chat"]["is_forum"] = True
        return {
            "update_id": self.next_update_id(),
            "callback_query": {
                "id": callback_id if callback_id is not None else str(next(self._callback_ids)),
                "from": sender if sender is not None else user(),
                "chat_instance": "-8812345",
                "message": message,
                "data": data,
            },
        }

    def poll_answer(
        self, poll_id: str, option_ids: list[int], *, sender: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        return {
            "update_id": self.next_update_id(),
            "poll_answer": {
                "poll_id": poll_id,
                "user": sender if sender is not None else user(),
                "option_ids": option_ids,
                "option_persistent_ids": [str(i) for i in option_ids],
            },
        }

    def bot_removed(self, chat_id: int = GROUP) -> dict[str, Any]:
        bot = self.bot_user()
        return {
            "update_id": self.next_update_id(),
            "my_chat_member": {
                "chat": chat(chat_id),
                "from": user(),
                "date": int(time.time()),
                "old_chat_member": {"status": "member", "user": bot},
                "new_chat_member": {"status": "kicked", "user": bot, "until_date": 0},
            },
        }
