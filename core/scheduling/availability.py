"""Yes / maybe / no: the answer to a time-poll slot and to a meeting invitation.

Members may write English, French, one-letter forms or emoji:
``yes no maybe`` · ``oui non peut-être`` · ``o n p`` · ``✅ ❌ 🤷`` (emoji may be glued together).
"""

from __future__ import annotations

import re
from enum import StrEnum

from core.errors import DomainError
from core.scheduling.texts import plain, quote


class Availability(StrEnum):
    YES = "yes"
    MAYBE = "maybe"  # "if need be" / "si besoin"
    NO = "no"


SYMBOLS: dict[Availability, str] = {
    Availability.YES: "✅",
    Availability.MAYBE: "🤷",
    Availability.NO: "❌",
}

_WORDS: dict[str, Availability] = {
    **dict.fromkeys(("yes", "y", "oui", "o", "ok", "✅", "✔", "☑", "👍"), Availability.YES),
    **dict.fromkeys(
        ("maybe", "m", "peut-etre", "peutetre", "p", "pe", "?", "🤷", "ifneedbe", "sibesoin"),
        Availability.MAYBE,
    ),
    **dict.fromkeys(("no", "n", "non", "❌", "✖", "✗", "x", "👎"), Availability.NO),
}
_PHRASES = re.compile(r"peut[\s-]+etre|if[\s-]+need[\s-]+be|si[\s-]+besoin")
_TOKEN = re.compile(r"[✅✔☑👍🤷❌✖✗👎?]|[^\s,;/✅✔☑👍🤷❌✖✗👎?]+")


def _tokens(text: str) -> list[str]:
    text = _PHRASES.sub(lambda found: re.sub(r"[\s-]+", "", found.group()), plain(text))
    return _TOKEN.findall(text)


def parse_availability(word: str) -> Availability:
    """One answer: "oui", "no", "p", "🤷", ... Anything else is a `DomainError`."""
    tokens = _tokens(word)
    if len(tokens) != 1 or tokens[0] not in _WORDS:
        raise DomainError("schedule.answer_unknown", word=quote(word))
    return _WORDS[tokens[0]]


def parse_availabilities(text: str, expected: int) -> tuple[Availability, ...]:
    """Exactly `expected` answers, one per slot in order ("yes no maybe", "✅❌🤷")."""
    tokens = _tokens(text)
    for token in tokens:
        if token not in _WORDS:
            raise DomainError("schedule.answer_unknown", word=quote(token))
    if len(tokens) != expected:
        raise answer_count_error(expected, len(tokens))
    return tuple(_WORDS[token] for token in tokens)


def answer_count_error(expected: int, given: int) -> DomainError:
    """The error for a wrong number of answers, with an example of the right length."""
    cycle = (Availability.YES, Availability.NO, Availability.MAYBE)
    example = " ".join(SYMBOLS[cycle[i % 3]] for i in range(min(expected, 10)))
    return DomainError("schedule.answer_count", expected=expected, given=given, example=example)
