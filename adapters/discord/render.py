"""Outbound messages as Discord message payloads (content, buttons, mentions, files)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

import structlog

from adapters.discord.commands import COMMANDS_BY_LOCAL_NAME, COMMANDS_BY_NAME
from core.commands import VERBS
from core.i18n import LANGUAGES
from core.messages import Button, Outbound

log = structlog.get_logger(__name__)

CONTENT_MAX = 2000
CUSTOM_ID_MAX = 100
LABEL_MAX = 80
BUTTONS_PER_ROW = 5
ROWS_MAX = 5
REASON_PREFIX = "reason:"
EPHEMERAL = 1 << 6
TALLY_SEPARATOR = "\n\n📊 "  # before the tally line drawn under a round's message


class ButtonStyle:
    PRIMARY = 1
    SECONDARY = 2
    SUCCESS = 3
    DANGER = 4


# First word of a button payload → style. French aliases too, the core may use them.
_STYLES: dict[str, int] = {
    "consent": ButtonStyle.SUCCESS,
    "consens": ButtonStyle.SUCCESS,
    "consentement": ButtonStyle.SUCCESS,
    "ok": ButtonStyle.SUCCESS,
    "agree": ButtonStyle.SUCCESS,
    "accord": ButtonStyle.SUCCESS,
    "concern": ButtonStyle.PRIMARY,
    "reserve": ButtonStyle.PRIMARY,
    "réserve": ButtonStyle.PRIMARY,
    "object": ButtonStyle.DANGER,
    "objection": ButtonStyle.DANGER,
    "block": ButtonStyle.DANGER,
    "bloquer": ButtonStyle.DANGER,
    "disagree": ButtonStyle.DANGER,
    "standaside": ButtonStyle.SECONDARY,
    "abstention": ButtonStyle.SECONDARY,
    "abstenir": ButtonStyle.SECONDARY,
    "abstain": ButtonStyle.SECONDARY,
}


def button_style(payload: str) -> int:
    verb = payload.strip().lstrip("!/").split(maxsplit=1)[0].lower() if payload.strip() else ""
    return _STYLES.get(verb, ButtonStyle.SECONDARY)


def custom_id(button: Button, lang: str | None = None) -> str | None:
    """The custom_id carried by a button: its command line, prefixed when a reason is needed
    ('reason:fr:object #3': the form it opens is worded in the room's language)."""
    if button.needs_reason:
        tag = f"{lang}:" if lang in LANGUAGES else ""
        value = REASON_PREFIX + tag + button.payload
    else:
        value = button.payload
    if not value.strip() or len(value) > CUSTOM_ID_MAX or "\n" in value:
        return None
    return value


def reason_request(value: str) -> tuple[str, str | None] | None:
    """The command and language of a reason button's custom_id, None for other buttons.
    Buttons posted before the language was carried read 'reason:object #3'."""
    if not value.startswith(REASON_PREFIX):
        return None
    rest = value[len(REASON_PREFIX) :]
    head, sep, command = rest.partition(":")
    if sep and head in LANGUAGES:
        return command.strip(), head
    return rest.strip(), None


def components(buttons: tuple[Button, ...], lang: str | None = None) -> list[dict[str, Any]]:
    """Action rows of up to five buttons (at most five rows)."""
    rendered: list[dict[str, Any]] = []
    for button in buttons:
        cid = custom_id(button, lang)
        if cid is None:
            log.warning("discord.button_dropped", payload=button.payload[:120])
            continue
        rendered.append(
            {
                "type": 2,
                "style": button_style(button.payload),
                "label": button.label[:LABEL_MAX] or cid[:LABEL_MAX],
                "custom_id": cid,
            }
        )
    rows = [
        {"type": 1, "components": rendered[start : start + BUTTONS_PER_ROW]}
        for start in range(0, len(rendered), BUTTONS_PER_ROW)
    ]
    if len(rows) > ROWS_MAX:
        log.warning("discord.buttons_truncated", count=len(rendered))
    return rows[:ROWS_MAX]


def split_content(text: str, limit: int = CONTENT_MAX) -> list[str]:
    """Cut text into pieces of at most `limit` characters, at line breaks when possible."""
    text = text.strip("\n")
    if not text:
        return [""]
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit + 1)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip("\n ")
    pieces.append(text)
    return [piece for piece in pieces if piece] or [""]


# "discord:<id>" or a bare snowflake (how the core shows a Discord member) → "<@id>",
# which Discord shows as the member's name; only `allowed_mentions` users are pinged.
_MEMBER = re.compile(r"(?<![\w<@:])(?:discord:)?(\d{17,20})(?!\w)")


def show_members(text: str) -> str:
    return _MEMBER.sub(lambda match: f"<@{match.group(1)}>", text)


# "!verb" in the core's texts: on Discord people use the slash command instead.
_TYPED_COMMAND = re.compile(r"(?<![\w!/])!([^\s!#@,.;:?()«»\"'`]+)")


def _slash(match: re.Match[str]) -> str:
    word = match.group(1)
    # a slash command of that very name (English or French) first: `!calendrier public`
    # is /calendrier even though the core also reads `calendrier` as `ics`
    spec = COMMANDS_BY_LOCAL_NAME.get(word.casefold())
    if spec is not None:
        return "/" + word.casefold()
    canonical = VERBS.get(word.casefold())
    spec = COMMANDS_BY_NAME.get(canonical) if canonical else None
    if spec is None:
        return match.group(0)
    return "/" + spec.fr_name  # an alias: the French command name


def slash_hints(text: str) -> str:
    """'Tapez !etat #1' → 'Tapez /état #1' (French aliases → the French command name)."""
    return _TYPED_COMMAND.sub(_slash, text)


def _discord_user_id(user: str) -> str | None:
    if user.startswith("discord:") and user[len("discord:") :].isdigit():
        return user[len("discord:") :]
    return None


def allowed_mentions(outbound: Outbound) -> dict[str, Any]:
    """Ping only the members the core named; never @everyone or roles."""
    users = [uid for uid in (_discord_user_id(m) for m in outbound.mentions) if uid]
    return {"parse": [], "users": users[:100]}


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content: bytes


@dataclass(frozen=True, slots=True)
class MessagePart:
    """One Discord message to send: JSON payload plus an optional file."""

    payload: dict[str, Any]
    attachment: Attachment | None = None


def _poll_text(outbound: Outbound) -> str:
    """Native polls need the gateway to read votes; options are shown as text + buttons."""
    text = outbound.text
    missing = [option for option in outbound.poll_options if option not in text]
    if missing:
        listed = "\n".join(
            f"{index}. {option}" for index, option in enumerate(outbound.poll_options, 1)
        )
        text = f"{text}\n{listed}" if text else listed
    return text


def message_parts(outbound: Outbound) -> list[MessagePart]:
    """The messages that show one Outbound: content split at 2000 characters, buttons and
    the attachment on the last piece."""
    text = _poll_text(outbound) if outbound.poll_options else outbound.text
    text = slash_hints(show_members(text))
    pieces = split_content(text)
    mentions = allowed_mentions(outbound)
    rows = components(outbound.buttons, outbound.extra.get("lang"))
    attachment: Attachment | None = None
    if outbound.attachment is not None:
        name = (outbound.attachment_name or "assemblee.txt").replace("/", "_")[:100]
        attachment = Attachment(name, outbound.attachment.encode("utf-8"))
    parts: list[MessagePart] = []
    for index, piece in enumerate(pieces):
        last = index == len(pieces) - 1
        payload: dict[str, Any] = {"content": piece, "allowed_mentions": mentions}
        if last and rows:
            payload["components"] = rows
        parts.append(MessagePart(payload, attachment if last else None))
    return parts


def nonce(key: str, index: int) -> str:
    """A stable Discord nonce (≤ 25 chars) for one piece of one delivery."""
    return hashlib.sha256(f"{key}#{index}".encode()).hexdigest()[:25]


def with_tally(content: str, tally: str) -> str:
    """A round's message with its tally line under it, in place of the previous one."""
    mark = TALLY_SEPARATOR.lstrip("\n")
    base = "" if content.startswith(mark) else content.split(TALLY_SEPARATOR, 1)[0].rstrip()
    line = (TALLY_SEPARATOR if base else mark) + tally.strip()
    room = CONTENT_MAX - len(line)
    if len(base) > room:
        base = base[: max(room - 1, 0)].rstrip() + "…"
    return (base + line)[:CONTENT_MAX]
