"""Checks shared by every free text a member gives to the scheduling domain."""

from __future__ import annotations

import re
import unicodedata

from core.errors import DomainError

MAX_TITLE = 200
MAX_TEXT = 2000
QUOTE_LIMIT = 80

# Emoji decorations that do not change the meaning: variation selectors, skin tones,
# zero-width joiners and the gender signs of 🤷‍♀️ / 🤷‍♂️.
_DECORATION = re.compile("[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]|\u200d[♀♂]?")


def validated_title(title: str) -> str:
    """A poll or meeting title: one line, not empty, not too long."""
    cleaned = " ".join(title.split())
    if not cleaned:
        raise DomainError("schedule.title_missing")
    if len(cleaned) > MAX_TITLE:
        raise DomainError("schedule.title_too_long", max=MAX_TITLE)
    return cleaned


def validated_text(text: str, max_chars: int = MAX_TEXT) -> str:
    """An agenda item, a note or a place: trimmed, not empty, at most `max_chars`."""
    cleaned = text.strip()
    if not cleaned:
        raise DomainError("schedule.text_missing")
    if len(cleaned) > max_chars:
        raise DomainError("schedule.text_too_long", max=max_chars, given=len(cleaned))
    return cleaned


def plain(text: str) -> str:
    """Lower case without accents or emoji decorations, for matching member words
    ("Peut-Être" -> "peut-etre", "Mardi" -> "mardi")."""
    text = _DECORATION.sub("", text.lower())
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if unicodedata.category(char) != "Mn")


def quote(text: str) -> str:
    """Member text echoed back in an error, on one line and cut to a readable length."""
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…"
