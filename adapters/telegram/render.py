"""Text shaping for Telegram: its HTML subset, its length limits, splitting long text.

Telegram accepts only a few HTML tags and counts lengths in UTF-16 code units after the
markup is parsed. `telegram_html` rewrites any HTML the core produced into that subset
(paragraphs and list items become line breaks, unknown tags are dropped, text is escaped),
so Telegram never answers "can't parse entities".
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection
from html.parser import HTMLParser
from urllib.parse import urlsplit

CHAT_ID_RE = re.compile(r"^-?\d+$")  # a chat's numeric id, as a room is named
MESSAGE_LIMIT = 4096  # sendMessage text, after entities parsing
CAPTION_LIMIT = 1024
POLL_QUESTION_LIMIT = 300
POLL_OPTION_LIMIT = 100
POLL_MAX_OPTIONS = 12
POLL_MIN_OPTIONS = 2
CALLBACK_DATA_LIMIT = 64  # bytes

_INLINE_TAGS = {
    "b": "b",
    "strong": "b",
    "i": "i",
    "em": "i",
    "u": "u",
    "ins": "u",
    "s": "s",
    "strike": "s",
    "del": "s",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-spoiler": "tg-spoiler",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {"p", "div", "ul", "ol", "table", "tr", "section", "article", "header", "footer"}
_LINK_SCHEMES = {"http", "https", "tg", "mailto"}
# A Telegram member as the core shows it: the bare user id, or "telegram:<id>"; not a piece
# of a longer number, date or time.
_MEMBER_ID_RE = re.compile(r"(?<![\w:/@#.,-])(?:telegram:)?(\d{5,15})(?![.,:-]?\w)")


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


class _TelegramHtml(HTMLParser):
    """Rewrites HTML into Telegram's subset while tracking the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.visible: list[str] = []
        self.open: list[str] = []  # Telegram tags currently open, innermost last
        self.wanted_breaks = 0  # line breaks owed before the next text
        self.trailing_breaks = 0  # line breaks at the end of the visible text so far

    # --- output ----------------------------------------------------------------------------
    def _emit(self, markup: str, visible: str) -> None:
        self.out.append(markup)
        if visible:
            self.visible.append(visible)
            stripped = visible.rstrip("\n")
            if stripped:
                self.trailing_breaks = len(visible) - len(stripped)
            else:
                self.trailing_breaks += len(visible)

    def _want_breaks(self, count: int) -> None:
        if self.visible:
            self.wanted_breaks = max(self.wanted_breaks, count)

    def _pay_breaks(self) -> None:
        missing = self.wanted_breaks - self.trailing_breaks
        self.wanted_breaks = 0
        if missing > 0:
            self._emit("\n" * missing, "\n" * missing)

    def _text(self, text: str) -> None:
        if text:
            self._pay_breaks()
            self._emit(html.escape(text, quote=False), text)

    def _open(self, tag: str, markup: str) -> None:
        self._pay_breaks()
        self.open.append(tag)
        self.out.append(markup)

    def _close(self, tag: str) -> None:
        if tag not in self.open:
            return  # unmatched closing tag: ignore it
        while self.open:
            current = self.open.pop()
            self.out.append(f"</{current}>")
            if current == tag:
                break

    # --- HTMLParser callbacks --------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "br":
            self._emit("\n", "\n")
        elif tag in _INLINE_TAGS:
            name = _INLINE_TAGS[tag]
            if name in ("pre", "blockquote"):
                self._want_breaks(1)
            self._open(name, f"<{name}>")
        elif tag == "span" and attributes.get("class") == "tg-spoiler":
            self._open("tg-spoiler", "<tg-spoiler>")
        elif tag == "a":
            href = attributes.get("href") or ""
            if urlsplit(href).scheme in _LINK_SCHEMES:
                self._open("a", f'<a href="{html.escape(href, quote=True)}">')
        elif tag in _HEADINGS:
            self._want_breaks(2)
            self._open("b", "<b>")
        elif tag == "li":
            self._want_breaks(1)
            self._text("• ")
        elif tag in _BLOCKS:
            self._want_breaks(1 if tag in ("ul", "ol", "tr") else 2)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._emit("\n", "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _INLINE_TAGS:
            name = _INLINE_TAGS[tag]
            self._close(name)
            if name in ("pre", "blockquote"):
                self._want_breaks(1)
        elif tag == "span":
            self._close("tg-spoiler")
        elif tag == "a":
            self._close("a")
        elif tag in _HEADINGS:
            self._close("b")
            self._want_breaks(1)
        elif tag == "li":
            self._want_breaks(1)
        elif tag in _BLOCKS:
            self._want_breaks(1 if tag == "tr" else 2)

    def handle_data(self, data: str) -> None:
        self._text(data)

    def finish(self) -> tuple[str, str]:
        self.close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")
        return "".join(self.out).strip(), "".join(self.visible).strip()


def telegram_html(source: str) -> tuple[str, str]:
    """(markup for parse_mode=HTML, the text a reader sees) from any HTML fragment."""
    parser = _TelegramHtml()
    parser.feed(source)
    return parser.finish()


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Cut plain text into pieces of at most `limit` UTF-16 units, at paragraph, line or word
    boundaries when possible. Never returns an empty piece."""
    text = text.strip()
    if not text:
        return []
    pieces: list[str] = []
    while utf16_len(text) > limit:
        head = _prefix_within(text, limit)
        cut = _best_cut(head)
        piece, text = text[:cut].rstrip(), text[cut:].lstrip()
        if piece:
            pieces.append(piece)
    if text:
        pieces.append(text)
    return pieces


def _prefix_within(text: str, limit: int) -> str:
    """The longest prefix of `text` whose UTF-16 length is <= limit."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return text[:index]
    return text


def _best_cut(head: str) -> int:
    minimum = max(1, len(head) // 2)  # do not produce tiny pieces just to cut on a boundary
    for separator in ("\n\n", "\n", " "):
        position = head.rfind(separator)
        if position >= minimum:
            return position + len(separator)
    return len(head)


def chat_id_of(room: str) -> int | str:
    """The Bot API's chat_id for a room: its numeric id, or an @channel name as it is."""
    return int(room) if CHAT_ID_RE.match(room) else room


def truncate(text: str, limit: int) -> str:
    """Shorten to at most `limit` UTF-16 units, ending with an ellipsis when cut."""
    if utf16_len(text) <= limit:
        return text
    return _prefix_within(text, limit - 1).rstrip() + "…"


def members_by_name(
    text: str, name_of: Callable[[int], str | None], mentioned: Collection[int]
) -> tuple[str, str | None]:
    """Replace member ids in plain `text` by their names.

    Returns the plain text with names, and HTML where mentioned members are links (which
    notify them), or None when nothing was replaced. Ids of members never seen and not
    mentioned are left alone: they may be any number.
    """
    plain: list[str] = []
    markup: list[str] = []
    position = 0
    for match in _MEMBER_ID_RE.finditer(text):
        member = int(match.group(1))
        name = name_of(member)
        if name is None and member not in mentioned:
            continue
        shown = name or match.group(1)
        before = text[position : match.start()]
        escaped = html.escape(shown, quote=False)
        plain += [before, shown]
        markup.append(html.escape(before, quote=False))
        markup.append(
            f'<a href="tg://user?id={member}">{escaped}</a>' if member in mentioned else escaped
        )
        position = match.end()
    if position == 0:
        return text, None
    plain.append(text[position:])
    markup.append(html.escape(text[position:], quote=False))
    return "".join(plain), "".join(markup)
