"""One bot message as Mattermost/Slack text: buttons become commands to type."""

from __future__ import annotations

import re

from core.commands import VERBS
from core.i18n import LANGUAGES, translate
from core.messages import Outbound

ATTACHMENT_INLINE_MAX = 4000


_TYPED_COMMAND = re.compile(r"(?<![\w!/])!([^\s!#@,.;:?()«»\"'`]+)")


def typed_as_slash(text: str, command: str) -> str:
    """'Tapez !aide' → 'Tapez /assemblee aide': how commands are typed in this chat."""
    return _TYPED_COMMAND.sub(
        lambda match: (
            f"{command} {match.group(1)}" if match.group(1).casefold() in VERBS else match.group(0)
        ),
        text,
    )


def slash_text(outbound: Outbound, command: str, lang: str) -> str:
    """`lang` is the fallback when the message does not carry its room's language."""
    room_lang = outbound.extra.get("lang")
    lang = room_lang if room_lang in LANGUAGES else lang
    parts = [typed_as_slash(outbound.text, command)]
    missing = [option for option in outbound.poll_options if option not in outbound.text]
    if missing:
        parts.append(
            "\n".join(f"{index}. {option}" for index, option in enumerate(outbound.poll_options, 1))
        )
    if outbound.buttons:
        reason = translate("webhook.slash.reason_placeholder", lang)
        commands = [
            f"`{command} {button.typed}{' ' + reason if button.needs_reason else ''}`"
            for button in outbound.buttons
        ]
        parts.append(translate("webhook.slash.buttons_hint", lang, commands=" · ".join(commands)))
    if outbound.attachment is not None:
        name = outbound.attachment_name or "assemblee.txt"
        if len(outbound.attachment) <= ATTACHMENT_INLINE_MAX:
            parts.append(f"{name}\n```\n{outbound.attachment.strip()}\n```")
        else:
            parts.append(translate("webhook.slash.attachment_too_long", lang, name=name))
    return "\n".join(part for part in parts if part)
