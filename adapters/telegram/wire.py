"""The parts of a Telegram `Update` the bot reads, validated as they arrive at the webhook.

Field names follow the Bot API (https://core.telegram.org/bots/api#update), with `from`
read as `from_user`. Whatever else an update carries is ignored; an update kind the bot
does not handle is kept only by name, to say in the logs what was ignored. Validating just
this (instead of the full models of the Bot API library, which build a context object for
every nested user, chat and message) is most of what acknowledging a webhook costs.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class User(_Wire):
    id: int
    is_bot: bool = False
    first_name: str = ""
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None


class Chat(_Wire):
    id: int
    type: str = ""
    title: str | None = None  # groups, supergroups and channels


class MessageEntity(_Wire):
    type: str
    offset: int
    length: int
    user: User | None = None
    # kept so that a message can be redrawn with its formatting (see telegram/tally.py)
    url: str | None = None
    language: str | None = None
    custom_emoji_id: str | None = None


class Message(_Wire):
    message_id: int
    chat: Chat
    from_user: User | None = Field(default=None, alias="from")
    sender_chat: Chat | None = None
    is_automatic_forward: bool | None = None
    is_topic_message: bool | None = None
    message_thread_id: int | None = None
    text: str | None = None
    entities: list[MessageEntity] | None = None
    caption: str | None = None  # a photo's, a document's
    caption_entities: list[MessageEntity] | None = None
    reply_to_message: Message | None = None
    new_chat_members: list[User] | None = None
    left_chat_member: User | None = None
    # a group that became a supergroup: its new id, in the old group's last message; its old id,
    # in the supergroup's first
    migrate_to_chat_id: int | None = None
    migrate_from_chat_id: int | None = None
    # the inline keyboard under a message, as sent (a pressed message is redrawn with it)
    reply_markup: Any = None  # checked where it is used: an odd one never refuses the update


class CallbackQuery(_Wire):
    id: str
    from_user: User = Field(alias="from")
    message: Message | None = None  # also an inaccessible message: chat, message_id, date 0
    data: str | None = None


class PollAnswer(_Wire):
    poll_id: str
    user: User | None = None
    option_ids: list[int]


class ChatMember(_Wire):
    status: str
    user: User | None = None


class ChatMemberUpdated(_Wire):
    chat: Chat
    from_user: User | None = Field(default=None, alias="from")
    new_chat_member: ChatMember


class Update(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)  # other kinds: kept to be named

    update_id: int
    message: Message | None = None
    callback_query: CallbackQuery | None = None
    poll_answer: PollAnswer | None = None
    my_chat_member: ChatMemberUpdated | None = None

    def kind(self) -> str:
        """The name of what the update carries ("message", "edited_message", …)."""
        for name, value in self:
            if name != "update_id" and value is not None:
                return name
        return "empty"


def parse_update(data: dict[str, Any]) -> Update:
    """Raises pydantic's ValidationError (a ValueError) when the update is malformed."""
    return Update.model_validate(data)
