"""Reading Discord interactions: types, who/where, the reason modal."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from core.commands import VERBS
from core.i18n import translate
from core.messages import RoomId, UserId

ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
REASON_INPUT_ID = "reason"
REASON_MAX = 1000


class InteractionType(IntEnum):
    PING = 1
    APPLICATION_COMMAND = 2
    MESSAGE_COMPONENT = 3
    AUTOCOMPLETE = 4
    MODAL_SUBMIT = 5


class Callback(IntEnum):
    PONG = 1
    CHANNEL_MESSAGE = 4
    DEFERRED_CHANNEL_MESSAGE = 5
    DEFERRED_UPDATE_MESSAGE = 6
    UPDATE_MESSAGE = 7
    AUTOCOMPLETE_RESULT = 8
    MODAL = 9


class BadInteraction(Exception):
    """The signed body is not an interaction we can read."""


@dataclass(frozen=True, slots=True)
class Context:
    """What every interaction we handle carries."""

    interaction_id: str
    token: str
    room: RoomId
    sender: UserId
    display_name: str | None
    is_admin: bool
    lang: str
    from_message: bool
    room_name: str | None = None  # the channel's name, when Discord sends it along
    in_guild: bool = True  # False in a direct message (or a group DM): no assembly meets there

    @property
    def event_id(self) -> str:
        return f"interaction:{self.interaction_id}"


def _language(interaction: dict[str, Any]) -> str:
    for field in ("locale", "guild_locale"):
        value = interaction.get(field)
        if isinstance(value, str):
            if value.startswith("fr"):
                return "fr"
            if value.startswith("en"):
                return "en"
    return "fr"


def _snowflake(value: Any) -> str | None:
    return value if isinstance(value, str) and value.isdigit() and len(value) <= 25 else None


def _is_admin(member: dict[str, Any]) -> bool:
    raw = member.get("permissions")
    if not isinstance(raw, str) or not raw.isdigit():
        return False
    return bool(int(raw) & (ADMINISTRATOR | MANAGE_GUILD))


def read_context(interaction: dict[str, Any]) -> Context:
    interaction_id = _snowflake(interaction.get("id"))
    token = interaction.get("token")
    room = _snowflake(interaction.get("channel_id"))
    if room is None:
        channel = interaction.get("channel")
        room = _snowflake(channel.get("id")) if isinstance(channel, dict) else None
    member = interaction.get("member")
    member = member if isinstance(member, dict) else None
    user = member.get("user") if member is not None else interaction.get("user")
    user = user if isinstance(user, dict) else {}
    user_id = _snowflake(user.get("id"))
    if interaction_id is None or room is None or user_id is None:
        raise BadInteraction("missing id, channel or user")
    if not isinstance(token, str) or not token or len(token) > 500:
        raise BadInteraction("missing token")
    display = None
    for source, field in ((member, "nick"), (user, "global_name"), (user, "username")):
        value = source.get(field) if source is not None else None
        if isinstance(value, str) and value:
            display = value[:100]
            break
    channel = interaction.get("channel")
    name = channel.get("name") if isinstance(channel, dict) else None
    return Context(
        interaction_id=interaction_id,
        token=token,
        room=RoomId(room),
        sender=UserId(f"discord:{user_id}"),
        display_name=display,
        is_admin=_is_admin(member) if member is not None else False,
        lang=_language(interaction),
        from_message=isinstance(interaction.get("message"), dict),
        room_name=name if isinstance(name, str) and name else None,
        in_guild=_snowflake(interaction.get("guild_id")) is not None,
    )


def reason_from_modal(data: dict[str, Any]) -> str:
    for row in data.get("components") or ():
        if not isinstance(row, dict):
            continue
        for component in row.get("components") or ():
            if (
                isinstance(component, dict)
                and component.get("custom_id") == REASON_INPUT_ID
                and isinstance(component.get("value"), str)
            ):
                return str(component["value"]).strip()[:REASON_MAX]
    return ""


_REASON_KINDS = ("concern", "object", "block", "advise")
_NUMBER = re.compile(r"#(\d+)")


def reason_kind(command: str) -> str | None:
    """'object #3 --version 2' → 'object': which position the reason goes with."""
    words = command.strip().lstrip("!/").split(maxsplit=1)
    verb = VERBS.get(words[0].casefold()) if words else None
    return verb if verb in _REASON_KINDS else None


def reason_required(command: str, lang: str) -> str:
    """What a blank reason (or advice) is told."""
    kind = reason_kind(command)
    key = "discord.reason_required.advise" if kind == "advise" else "discord.reason_required"
    return translate(key, lang)


def reason_modal(context: Context, command: str, lang: str | None = None) -> dict[str, Any]:
    """The form a reason button opens, worded in `lang` (the room's language, carried by
    the button) or else in the member's own: 'Votre objection sur #3', never the command."""
    lang = lang or context.lang
    kind = reason_kind(command)
    number = _NUMBER.search(command)
    if kind is not None and number is not None:
        title = translate(f"discord.modal.title.{kind}", lang, number=number.group(1))
    else:
        title = translate("discord.modal.title", lang)
    wording = "advise" if kind == "advise" else "reason"
    return {
        "type": Callback.MODAL,
        "data": {
            "custom_id": command,
            "title": title[:45],
            "components": [
                {
                    "type": 1,
                    "components": [
                        {
                            "type": 4,
                            "custom_id": REASON_INPUT_ID,
                            "style": 2,
                            "label": translate(f"discord.modal.label.{wording}", lang)[:45],
                            "placeholder": translate(f"discord.modal.placeholder.{wording}", lang)[
                                :100
                            ],
                            "min_length": 1,
                            "max_length": REASON_MAX,
                            "required": True,
                        }
                    ],
                }
            ],
        },
    }
