"""Chat command parser: one line of text → one `Command`, French and English aliases.

The parser knows the grammar only (verbs, `#N`, `--flags`); what a command means is the
services' business. Bad input raises `DomainError` with a key that tells the user what to
type instead.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from core.errors import DomainError

PREFIXES = ("!",)
MAX_LENGTH = 16_000  # characters in one command, body included

# canonical verb → aliases (French first). Every alias in COMMANDS.md, plus unaccented spellings.
ALIASES: dict[str, tuple[str, ...]] = {
    "propose": ("proposer", "proposition"),
    "ask": ("question",),
    "answer": ("reponse", "réponse", "repondre", "répondre"),
    "react": ("reaction", "réaction", "reagir", "réagir"),
    "next": ("suivant", "suite"),
    "consent": ("consens", "consentement", "ok"),
    "concern": ("reserve", "réserve"),
    "object": ("objection", "objecter"),
    "standaside": ("stand-aside", "abstenir", "sabstenir", "s'abstenir"),
    "amend": ("amender", "amendement"),
    "withdraw-objection": ("lever", "retirer-objection", "withdraw_objection", "retirer_objection"),
    "close": ("clore", "cloturer", "clôturer"),
    "withdraw": ("retirer",),
    "status": ("etat", "état", "statut"),
    "decisions": ("décisions", "registre"),
    "help": ("aide",),
    "agree": ("accord", "daccord", "d'accord"),
    "disagree": ("desaccord", "désaccord"),
    "abstain": ("abstention",),
    "block": ("bloquer", "blocage"),
    "vote": ("voter",),
    "advise": ("avis", "conseil"),
    "schedule": ("planifier", "sondage-dates", "sondage"),
    "avail": ("dispo", "disponible", "disponibilites", "disponibilités"),
    "finalize": ("valider", "fixer", "finalise", "finaliser"),
    "meeting": ("reunion", "réunion", "assemblee", "assemblée"),
    "cancel": ("annuler",),
    "reschedule": ("reporter", "deplacer", "déplacer"),
    "rsvp": ("present", "présent", "presence", "présence"),
    "agenda": ("odj", "ordre-du-jour"),
    "note": ("cr",),
    "ics": ("calendrier",),
    "swap": ("echanger", "échanger"),
    "round": ("tour",),
    "record": ("noter",),
    "minutes": ("compte-rendu",),
    "reminders": ("rappels", "rappel"),
    # `!calendrier` stays the alias of `!ics`, whose form without a number is `!calendar`.
    "calendar": (),
    "join": ("rejoindre", "adherer", "adhérer"),
    "leave": ("quitter",),
    "link": ("lier",),
    "lang": ("langue", "language"),
    "tz": ("fuseau", "timezone"),
    "role": ("rôle",),
    "export-me": ("mes-donnees", "mes-données", "export_me"),
    "forget-me": ("oublier", "forget_me"),
}

VERBS: dict[str, str] = {}
for _canonical, _aliases in ALIASES.items():
    VERBS[_canonical] = _canonical
    for _alias in _aliases:
        VERBS[_alias] = _canonical

# Verbs whose first argument is a `#N` number.
NUMBERED = frozenset(
    {
        "ask", "answer", "react", "next", "consent", "concern", "object", "standaside", "amend",
        "withdraw-objection", "close", "withdraw", "agree", "disagree", "abstain", "block",
        "vote", "advise", "avail", "finalize", "rsvp", "agenda", "note", "swap", "round",
        "record", "minutes", "cancel", "reschedule",
    }
)
# `status` takes an optional number (no number: the assembly's overview); so does `ics`
# (no number: the assembly's calendar feed, as `!calendar`).
OPTIONAL_NUMBER = frozenset({"status", "ics"})

# flag name (any alias) → canonical name; flags without a value are booleans.
VALUE_FLAGS: dict[str, str] = {
    "method": "method", "methode": "method", "méthode": "method",
    "deadline": "deadline", "echeance": "deadline", "échéance": "deadline",
    "quorum": "quorum",
    "threshold": "threshold", "seuil": "threshold", "majorite": "threshold", "majorité": "threshold",
    "options": "options", "choix": "options",
    "review": "review", "revision": "review", "révision": "review",
    "slots": "slots", "creneaux": "slots", "créneaux": "slots",
    "place": "place", "lieu": "place",
    "every": "every", "chaque": "every", "tous-les": "every",
    "end": "end", "fin": "end",
    "duration": "duration", "duree": "duration", "durée": "duration",
    "remind": "remind", "rappel": "remind",
    # Buttons and reactions carry the version they were offered for: a press on the prompt
    # of an amended proposal must not count for a text the member has not seen.
    "version": "version",
}
BOOL_FLAGS: dict[str, str] = {
    "anonymous": "anonymous", "anonyme": "anonymous",
    "hide-results": "hide-results", "resultats-caches": "hide-results",
    "résultats-cachés": "hide-results", "cacher-resultats": "hide-results",
    "live": "live", "direct": "live",
    "draw": "draw", "tirage": "draw", "tirage-au-sort": "draw",
}

# What no keyboard types: C0 controls (not tab or newline), DEL, the zero-width space, the
# direction marks and overrides. The zero-width joiner and non-joiner stay: a phone types
# them inside emoji (👩‍🌾 is 👩 U+200D 🌾) and in several scripts.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NUMBER = re.compile(r"^#?(\d{1,9})$")
_QUOTES = {'"': '"', "«": "»", "“": "”", "'": "'"}


@dataclass(frozen=True, slots=True)
class Command:
    verb: str  # canonical English verb
    word: str  # what the user typed (for messages)
    number: int | None = None
    text: str = ""  # first line after the number, flags removed
    body: str = ""  # following lines
    flags: dict[str, str | bool] = field(default_factory=dict)

    @property
    def full_text(self) -> str:
        """First-line text and body together (reasons, amendments may span lines)."""
        return "\n".join(part for part in (self.text, self.body) if part)


def is_command(text: str) -> bool:
    return text.lstrip().startswith(PREFIXES)


def clean(text: str) -> str:
    """Reject what no person types; normalise line endings and Unicode form."""
    if len(text) > MAX_LENGTH:
        raise DomainError("command.too_long", limit=MAX_LENGTH)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(text):
        raise DomainError("command.control_characters")
    return unicodedata.normalize("NFC", text)


def parse(text: str) -> Command | None:
    """Parse one message. None when it is not a command (ordinary chat)."""
    if not is_command(text):
        return None
    text = clean(text.lstrip())
    first, _, body = text[1:].partition("\n")
    word, _, rest = first.strip().partition(" ")
    if not word:
        raise DomainError("command.empty")
    verb = VERBS.get(word.casefold())
    if verb is None:
        raise DomainError("command.unknown", word=word[:40])
    rest, flags = _take_flags(rest.strip(), word)
    number: int | None = None
    if verb in NUMBERED or verb in OPTIONAL_NUMBER:
        head, _, tail = rest.partition(" ")
        match = _NUMBER.match(head.strip())
        if match:
            number = int(match.group(1))
            rest = tail.strip()
        elif verb in NUMBERED:
            raise DomainError("command.number_missing", verb=word)
    return Command(verb=verb, word=word, number=number, text=rest.strip(), body=body.strip("\n"), flags=flags)


def _take_flags(text: str, word: str) -> tuple[str, dict[str, str | bool]]:
    """Pull `--name value` and `--switch` out of the first line."""
    flags: dict[str, str | bool] = {}
    kept: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("--", i) and (i == 0 or text[i - 1].isspace()):
            end = i + 2
            while end < len(text) and not text[end].isspace():
                end += 1
            name = text[i + 2 : end].casefold()
            if "=" in name:  # --deadline=72h
                name, _, inline = name.partition("=")
                value_start = i + 2 + len(name) + 1
                value, i = _read_value(text, value_start)
                flags[_flag_name(name, word, VALUE_FLAGS)] = value or inline
                continue
            if name in BOOL_FLAGS:
                flags[BOOL_FLAGS[name]] = True
                i = end
                continue
            canonical = _flag_name(name, word, VALUE_FLAGS)
            start = end
            while start < len(text) and text[start] == " ":
                start += 1
            value, i = _read_value(text, start)
            if not value:
                raise DomainError("command.flag_needs_value", flag="--" + name)
            flags[canonical] = value
            continue
        kept.append(text[i])
        i += 1
    return " ".join("".join(kept).split()), flags


def _flag_name(name: str, word: str, table: dict[str, str]) -> str:
    if name not in table:
        raise DomainError("command.unknown_flag", flag="--" + name[:30], verb=word)
    return table[name]


def _read_value(text: str, start: int) -> tuple[str, int]:
    if start >= len(text):
        return "", start
    opening = text[start]
    if opening in _QUOTES:
        closing = _QUOTES[opening]
        end = text.find(closing, start + 1)
        if end == -1:
            raise DomainError("command.unclosed_quote")
        return text[start + 1 : end].strip(), end + 1
    if text.startswith("--", start):
        return "", start
    end = start
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end], end
