"""`Outbound` → Matrix event contents (pure: no network).

- text messages: `m.text` (or `extra["msgtype"]`), a plain body and HTML (the given
  HTML, or the text with line breaks kept and member ids shown as pills), intentional
  mentions (`m.mentions`), thread relation under the thread root (a real reply when
  the command came from that thread, else the root as reply fallback) or a reply;
- long texts are split at line breaks into several events (a Matrix event is capped
  at 64 KiB); HTML is dropped for split messages;
- native polls (MSC3381, the format Element and others read) and their end events;
- consent prompts keep which command each reaction stands for.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from core.i18n import translate
from core.messages import POLL_HIDDEN_EXTRA, POLL_SELECT, Button, Outbound, extra_flag, typed_form

from .translate import CONSENT_KEY, STANDASIDE_KEY

POLL_START_TYPE = "org.matrix.msc3381.poll.start"
POLL_END_TYPE = "org.matrix.msc3381.poll.end"
MAX_BODY_BYTES = 30_000  # body and formatted body together stay well under 64 KiB

_CONSENT_WORDS = frozenset({"consent", "consens", "consentement", "ok"})
_STANDASIDE_WORDS = frozenset({"standaside", "abstention", "abstenir"})


_MXID = re.compile(r"@[A-Za-z0-9._=\-/+]+:[A-Za-z0-9.\-]+(?::\d{1,5})?")


def relation(
    thread_root: str | None, reply_to: str | None, *, reply_in_thread: bool = False
) -> dict[str, Any] | None:
    """`m.relates_to` of a message: in a thread (replying to `reply_to` when it lies in
    that thread, else to the root as a fallback for clients without threads), or a reply."""
    if thread_root:
        real_reply = bool(reply_in_thread and reply_to)
        return {
            "rel_type": "m.thread",
            "event_id": thread_root,
            "is_falling_back": not real_reply,
            "m.in_reply_to": {"event_id": reply_to if real_reply else thread_root},
        }
    if reply_to:
        return {"m.in_reply_to": {"event_id": reply_to}}
    return None


def text_to_html(text: str) -> str:
    """HTML for a plain text: escaped, line breaks kept, Matrix ids shown as pills."""
    parts: list[str] = []
    position = 0
    for match in _MXID.finditer(text):
        user = match.group(0).rstrip(".-")
        end = match.start() + len(user)
        parts.append(html.escape(text[position : match.start()]))
        parts.append(
            f'<a href="https://matrix.to/#/{quote(user, safe="@:")}">{html.escape(user)}</a>'
        )
        position = end
    parts.append(html.escape(text[position:]))
    return "".join(parts).replace("\n", "<br>\n")


def split_text(text: str, limit: int = MAX_BODY_BYTES) -> list[str]:
    """Cut `text` into pieces of at most `limit` UTF-8 bytes, at line breaks when possible."""
    if len(text.encode()) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while len(line.encode()) > limit:  # one enormous line: cut it by characters
            head = line.encode()[:limit].decode(errors="ignore")
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
            line = line[len(head) :]
        if len((current + line).encode()) > limit:
            pieces.append(current)
            current = ""
        current += line
    if current:
        pieces.append(current)
    return [piece.rstrip("\n") for piece in pieces if piece.strip()]


def consent_payloads(buttons: Sequence[Button]) -> dict[str, str]:
    """Which button each reaction presses: {"consent": "consent #3", "standaside": …}."""
    payloads: dict[str, str] = {}
    for button in buttons:
        words = button.payload.split()
        verb = words[0].lower().lstrip("!") if words else ""
        if verb in _CONSENT_WORDS:
            payloads.setdefault("consent", button.payload)
        elif verb in _STANDASIDE_WORDS:
            payloads.setdefault("standaside", button.payload)
    return payloads


def inline_attachment(outbound: Outbound, lang: str) -> tuple[str, str | None]:
    """Text (and HTML) of `outbound` with its attachment appended as a code block."""
    name = outbound.attachment_name or "attachment.txt"
    intro = translate("matrix.attachment_inline", lang, name=name)
    body = outbound.attachment or ""
    text = f"{outbound.text}\n\n{intro}\n```\n{body}\n```"
    formatted = None
    if outbound.html is not None:
        formatted = (
            f"{outbound.html}<p>{html.escape(intro)}</p><pre><code>{html.escape(body)}</code></pre>"
        )
    return text, formatted


def message_contents(
    outbound: Outbound,
    *,
    thread_root: str | None,
    lang: str,
    text: str | None = None,
    formatted: str | None = None,
) -> list[dict[str, Any]]:
    """One or more `m.room.message` contents for a text outbound."""
    text = outbound.text if text is None else text
    formatted = outbound.html if formatted is None else formatted
    if formatted is None:
        formatted = text_to_html(text)
    msgtype = outbound.extra.get("msgtype", "m.text")
    if msgtype not in ("m.text", "m.notice"):
        msgtype = "m.text"
    if outbound.buttons and consent_payloads(outbound.buttons):
        hint = translate(
            "matrix.reaction_hint", lang, consent=CONSENT_KEY, standaside=STANDASIDE_KEY
        )
        text = f"{text}\n\n{hint}"
        if formatted is not None:
            formatted = f"{formatted}<p><em>{html.escape(hint)}</em></p>"
    pieces = split_text(text)
    if len(pieces) > 1 or (formatted and len(formatted.encode()) > MAX_BODY_BYTES):
        formatted = None
    contents = []
    for index, piece in enumerate(pieces or [""]):
        content: dict[str, Any] = {"msgtype": msgtype, "body": piece}
        if formatted is not None:
            content["format"] = "org.matrix.custom.html"
            content["formatted_body"] = formatted
        first = index == 0
        content["m.mentions"] = (
            {"user_ids": list(dict.fromkeys(outbound.mentions))}
            if first and outbound.mentions
            else {}
        )
        rel = relation(
            thread_root,
            outbound.reply_to if first else None,
            reply_in_thread=bool(thread_root) and outbound.extra.get("thread") == thread_root,
        )
        if rel is not None:
            content["m.relates_to"] = rel
        contents.append(content)
    return contents


def file_content(
    outbound: Outbound,
    *,
    url: str,
    size: int,
    mimetype: str,
    thread_root: str | None,
    encryption: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    name = outbound.attachment_name or "attachment.txt"
    content: dict[str, Any] = {
        "msgtype": "m.file",
        "body": name,
        "filename": name,
        "info": {"mimetype": mimetype, "size": size},
        "m.mentions": {},
    }
    if encryption is not None:
        content["file"] = {**encryption, "url": url}
    else:
        content["url"] = url
    rel = relation(thread_root, None)
    if rel is not None:
        content["m.relates_to"] = rel
    return content


def poll_start(
    outbound: Outbound, *, thread_root: str | None, lang: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """The poll start content and the map answer id -> command line."""
    answers = []
    commands: dict[str, str] = {}
    select = outbound.extra.get(POLL_SELECT, "")
    if select:  # several answers: each stands for its position ("avail #4" + yes/no per option)
        fallback_lines = [outbound.text, translate("matrix.poll_select_fallback", lang)]
    else:
        fallback_lines = [outbound.text, translate("matrix.poll_fallback", lang)]
    for index, option in enumerate(outbound.poll_options):
        answer_id = f"a{index}"
        answers.append({"id": answer_id, "org.matrix.msc1767.text": option})
        if select:
            commands[answer_id] = str(index)
            fallback_lines.append(f"{index + 1}. {option}")
            continue
        command = outbound.extra.get(f"poll_payload_{index}", "")
        if command:
            commands[answer_id] = command
            fallback_lines.append(f"{index + 1}. {option} — !{typed_form(command)}")
        else:
            fallback_lines.append(f"{index + 1}. {option}")
    hidden = extra_flag(outbound, POLL_HIDDEN_EXTRA)
    fallback = "\n".join(fallback_lines)
    content: dict[str, Any] = {
        POLL_START_TYPE: {
            "kind": "org.matrix.msc3381.poll.undisclosed"
            if hidden
            else "org.matrix.msc3381.poll.disclosed",
            "max_selections": max(1, len(answers)) if select else 1,
            "question": {
                "org.matrix.msc1767.text": outbound.text,
                "body": outbound.text,
                "msgtype": "m.text",
            },
            "answers": answers,
        },
        "org.matrix.msc1767.text": fallback,
        "body": fallback,
        "m.mentions": {},
    }
    if thread_root:
        content["m.relates_to"] = relation(thread_root, None)
    return content, commands


def poll_end(outbound: Outbound, *, poll_event_id: str, lang: str) -> dict[str, Any]:
    text = outbound.text or translate("matrix.poll_closed", lang)
    return {
        "m.relates_to": {"rel_type": "m.reference", "event_id": poll_event_id},
        "org.matrix.msc3381.poll.end": {},
        "org.matrix.msc1767.text": text,
        "body": text,
        "m.mentions": {},
    }
