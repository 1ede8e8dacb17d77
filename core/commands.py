"""Chat command parser: one line of text → one `Command`, French and English aliases.

The parser knows the grammar only (verbs, `#N`, `--flags`); what a command means is the
services' business. Bad input raises `DomainError` with a key that tells the user what to
type instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field

from core.errors import DomainError
from core.render import TIME_UNITS
from core.scheduling.slots import CLOCK_TIME, DAYS_FROM_TODAY, WEEKDAYS
from core.scheduling.texts import plain

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
    "todo": ("a-faire", "à-faire"),
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
    "welcome": ("bienvenue",),
    "link": ("lier",),
    "federate": ("federer", "fédérer", "federation", "fédération"),
    "lang": ("langue", "language"),
    "tz": ("fuseau", "timezone"),
    "role": ("rôle",),
    "export-me": ("mes-donnees", "mes-données", "export_me"),
    "forget-me": ("oublier", "forget_me"),
    "tension": ("noter-tension",),
    "tensions": ("tensions-ouvertes",),
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
    "term": "term", "mandat": "term", "mandate": "term",
    # Buttons and reactions carry the version they were offered for: a press on the prompt
    # of an amended proposal must not count for a text the member has not seen.
    "version": "version",
    "tension": "tension",
}
BOOL_FLAGS: dict[str, str] = {
    "anonymous": "anonymous", "anonyme": "anonymous",
    "hide-results": "hide-results", "resultats-caches": "hide-results",
    "résultats-cachés": "hide-results", "cacher-resultats": "hide-results",
    "live": "live", "direct": "live",
    "draw": "draw", "tirage": "draw", "tirage-au-sort": "draw",
}

# The options each command reads (canonical names); any other option is refused. A command
# that reads a new option must be listed here.
_POSITION_FLAGS = frozenset({"version"})
FLAGS_BY_VERB: dict[str, frozenset[str]] = {
    "propose": frozenset(
        {"method", "options", "deadline", "quorum", "threshold", "review", "anonymous", "hide-results", "tension"}
    ),
    "schedule": frozenset({"slots", "duration", "deadline", "remind"}),
    "finalize": frozenset({"place", "every", "remind", "draw"}),
    "meeting": frozenset({"place", "every", "remind", "end", "duration", "draw"}),
    "reschedule": frozenset({"place", "every", "remind", "end", "duration"}),
    "swap": frozenset({"draw"}),
    "round": frozenset({"live"}),
    "role": frozenset({"term"}),
    **{verb: _POSITION_FLAGS for verb in (
        "consent", "concern", "object", "standaside", "agree", "disagree", "abstain", "block", "vote", "advise",
    )},
}

# Commands whose text is what a person wrote (a reason, a question, an amendment, a note):
# it is kept as typed. Only their own options, right after the command (and its number), are
# read: that is where buttons put `--version N` (`object #3 --version 2 <reason>`).
FREE_TEXT = frozenset(
    {
        "ask", "answer", "react", "amend", "close", "concern", "object", "block", "advise", "note",
        "agenda", "record", "cancel", "tension", "welcome",
    }
)

# Commands whose own argument may be a number: an option's (`!vote 2`) or a slot's (`!valider 2`).
# Inside a thread, which gives the number, a bare number there is that argument; `#2` names #2.
ARGUMENT_NUMBER = frozenset({"vote", "finalize"})

# What no keyboard types: C0 controls (not tab or newline), DEL, the zero-width space, the
# direction marks and overrides. The zero-width joiner and non-joiner stay: a phone types
# them inside emoji (👩‍🌾 is 👩 U+200D 🌾) and in several scripts.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# `--name`, also typed with a long dash (phones and word processors turn `--` into — or –);
# a dash alone, or dashes before anything but a letter, is text.
_FLAG = re.compile(r"(?:--|—|–)([^\W\d_][^\s=]*)")
_NUMBER = re.compile(r"^(?:#|n[°º])?(\d{1,9})$", re.IGNORECASE)
# What someone typed meaning a number, but that is not one: #-1, #1abc, #1.5, n°x, 12345678901.
_NUMBER_LIKE = re.compile(r"^(?:#|n[°º]|-?\d)", re.IGNORECASE)
_NUMBER_SIGN = re.compile(r"^(?:#|n[°º])$", re.IGNORECASE)  # `# 3`, `n° 3`
_QUOTES = {'"': '"', "«": "»", "“": "”", "'": "'"}
# A value that goes on past its first word: `--quorum 50 %` (French typography), and a
# deadline's day followed by its time (`--echeance 10/12/2026 18h`, `--echeance vendredi à 18h`).
_PERCENT = "%"
_DAY = re.compile(r"^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}(?:/\d{4})?|" + "|".join(
    re.escape(day) for day in (*WEEKDAYS, *DAYS_FROM_TODAY)) + r")$", re.IGNORECASE)
_TIME = re.compile(rf"^{CLOCK_TIME}$", re.IGNORECASE)
_AT = frozenset({"à", "a", "at"})
_EXAMPLE_TEXT = 60  # characters of the text shown back in an example


@dataclass(frozen=True, slots=True)
class Command:
    verb: str  # canonical English verb
    word: str  # what the user typed (for messages)
    number: int | None = None
    text: str = ""  # first line after the number, options removed
    body: str = ""  # following lines
    flags: dict[str, str | bool] = field(default_factory=dict)
    # canonical option → the option as typed ("threshold" → "--seuil"), for messages
    flag_words: dict[str, str] = field(default_factory=dict)

    @property
    def full_text(self) -> str:
        """First-line text and body together (reasons, amendments may span lines)."""
        return "\n".join(part for part in (self.text, self.body) if part)

    def flag_word(self, name: str) -> str:
        """How the person typed option `name` (canonical), to name it back to them."""
        return self.flag_words.get(name, "--" + name)


@dataclass(frozen=True, slots=True)
class _Piece:
    """One item of the first line: a word of text, or an option with its value."""

    start: int
    end: int
    text: str  # the word, or the option as typed with `--` ("--seuil")
    flag: str = ""  # canonical option name; empty for a word
    value: str | bool = ""
    quoted: bool = False  # the value was between quotes

    @property
    def shown(self) -> str:
        """The option and its value as typed, with `--` (for examples)."""
        if not self.flag or self.value is True:
            return self.text
        value = str(self.value)
        return f'{self.text} "{value}"' if self.quoted or " " in value else f"{self.text} {value}"


def is_command(text: str) -> bool:
    return text.lstrip().startswith(PREFIXES)


# "!verb" as the core's texts write a command to type ("Tapez !aide", "!ok #3").
_TYPED_COMMAND = re.compile(r"(?<![\w!/])!([^\s!#@,;:?()«»\"'`<>&]+)")


def written_with(text: str, prefix: str, words: Collection[str] = ()) -> str:
    """`text` with the commands it names (`!aide`, `!ok #3`, and `!mot` for each of `words`,
    words the person typed as commands that are none) written with `prefix`
    instead of `!`: the prefix the person typed their command with."""
    if prefix == PREFIXES[0]:
        return text

    def rewrite(match: re.Match[str]) -> str:
        name = match.group(1)
        bare = name.rstrip(".")  # the end of a sentence: "Commande inconnue : !mot."
        if bare.casefold() in VERBS or any(word and word[:40] in (name, bare) for word in words):
            return prefix + name  # (an unknown word is named cut to 40 characters)
        return match.group(0)

    return _TYPED_COMMAND.sub(rewrite, text)


def clean(text: str) -> str:
    """Reject what no person types; normalise line endings and Unicode form."""
    if len(text) > MAX_LENGTH:
        raise DomainError("command.too_long", limit=MAX_LENGTH)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(text):
        raise DomainError("command.control_characters")
    return unicodedata.normalize("NFC", text)


def parse(text: str, *, in_thread: bool = False) -> Command | None:
    """Parse one message. None when it is not a command (ordinary chat).

    `in_thread`: the message was typed in the thread of a proposal, a poll or a meeting,
    which gives the number when none is typed (see core.threads). The number is then
    optional, and in a reason, a question or a note a bare number followed by text is the
    text's (`!objection 2 points me gênent`), as is the option or slot number of `!vote 2` and
    `!valider 2`: only `#2` or `n°2` name another number there.

    Options (`--name value`, `--switch`) go at the start of the line, after the command and
    its number, or at its end: `!propose --method vote --options "A | B" Title`,
    `!meeting Title 2026-12-08 19:00 --place "Hall"`. An option in the middle of the text is
    refused rather than taken out of it; the text of a reason, a question, an amendment or a
    note is kept as typed (see FREE_TEXT)."""
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
    rest = rest.strip()
    if verb in FREE_TEXT:
        number, line, flags, typed = _free_text(rest, verb, word, in_thread)
    else:
        number, line, flags, typed = _with_options(rest, verb, word, in_thread)
    return Command(verb=verb, word=word, number=number, text=line, body=body.strip("\n"), flags=flags,
                   flag_words=typed)


def _free_text(line: str, verb: str, word: str, in_thread: bool = False,
               ) -> tuple[int | None, str, dict[str, str | bool], dict[str, str]]:
    """The number and the command's own options at the start; the rest is the text as typed."""
    flags: dict[str, str | bool] = {}
    typed: dict[str, str] = {}
    number: int | None = None
    i = _skip_spaces(line, 0)
    while i < len(line):
        match = _FLAG.match(line, i)
        if match and _flag_of(match.group(1).casefold()) in FLAGS_BY_VERB.get(verb, frozenset()):
            piece = _read_flag(line, i, word)
            _add(flags, typed, piece)
            i = _skip_spaces(line, piece.end)
            continue
        if number is None and verb in NUMBERED:
            piece = _read_word(line, i)
            found, after = _take_number([piece, _read_word(line, _skip_spaces(line, piece.end))], word, verb)
            if found is not None and in_thread and piece.text.isdigit() and line[after.end:].strip():
                break  # in a thread, `2 points me gênent` is the text's own number
            if found is not None:
                number = found
                i = _skip_spaces(line, after.end)
                continue
        break
    if number is None and verb in NUMBERED and not in_thread:
        raise DomainError("command.number_missing", verb=word)
    return number, line[i:].strip(), flags, typed


def _with_options(line: str, verb: str, word: str, in_thread: bool = False,
                  ) -> tuple[int | None, str, dict[str, str | bool], dict[str, str]]:
    """Options at the start and at the end; the words between them are the text."""
    pieces: list[_Piece] = []
    i = _skip_spaces(line, 0)
    while i < len(line):
        piece = _read_flag(line, i, word) if _FLAG.match(line, i) else _read_word(line, i)
        pieces.append(piece)
        i = _skip_spaces(line, piece.end)
    number: int | None = None
    words_at = [k for k, piece in enumerate(pieces) if not piece.flag]
    if verb in NUMBERED or verb in OPTIONAL_NUMBER or verb == "help":
        head = words_at[0] if words_at else len(pieces)
        following = pieces[head : head + 2]
        if verb == "help":
            _refuse_number_for_help(following, word)
        else:
            number, last = _take_number(following, word, verb)
            if number is not None and in_thread and verb in ARGUMENT_NUMBER and following[0].text.isdigit():
                number = None  # `!vote 2` in a thread: option 2 of the thread's proposal
            elif number is not None:
                del pieces[head : pieces.index(last) + 1]
            elif verb == "status" and words_at:
                raise DomainError("command.bad_number", typed=_shown(pieces[head].text), verb=word)
            elif verb in NUMBERED and not in_thread:
                raise DomainError("command.number_missing", verb=word)
    allowed = FLAGS_BY_VERB.get(verb, frozenset())
    flags: dict[str, str | bool] = {}
    typed: dict[str, str] = {}
    for piece in pieces:
        if piece.flag and piece.flag not in allowed:
            raise DomainError("command.flag_not_for_verb", flag=piece.text, verb=word)
        if piece.flag:
            _add(flags, typed, piece)
    words_at = [k for k, piece in enumerate(pieces) if not piece.flag]
    if words_at:
        for k in range(words_at[0] + 1, words_at[-1]):
            if pieces[k].flag:
                _refuse_in_middle(pieces, k, word, number)
    return number, " ".join(piece.text for piece in pieces if not piece.flag), flags, typed


def _skip_spaces(line: str, i: int) -> int:
    while i < len(line) and line[i].isspace():
        i += 1
    return i


def _read_word(line: str, start: int) -> _Piece:
    end = start
    while end < len(line) and not line[end].isspace():
        end += 1
    return _Piece(start, end, line[start:end])


def _flag_of(name: str) -> str:
    return VALUE_FLAGS.get(name) or BOOL_FLAGS.get(name) or ""


def _read_flag(line: str, start: int, word: str) -> _Piece:
    """`--name`, `--name value`, `--name "a value"` or `--name=value` starting at `start`."""
    match = _FLAG.match(line, start)
    assert match is not None
    name = match.group(1).casefold()
    shown = "--" + name[:30]
    end = match.end()
    if name in BOOL_FLAGS and not line.startswith("=", end):
        return _Piece(start, end, shown, BOOL_FLAGS[name], True)
    if name not in VALUE_FLAGS:
        raise DomainError("command.unknown_flag", flag=shown, verb=word)
    canonical = VALUE_FLAGS[name]
    inline = line.startswith("=", end)
    value_start = end + 1 if inline else _skip_spaces(line, end)
    if value_start >= len(line) or (not inline and _FLAG.match(line, value_start)):
        raise DomainError("command.flag_needs_value", flag=shown)
    opening = line[value_start]
    if opening in _QUOTES:
        closing = line.find(_QUOTES[opening], value_start + 1)
        if closing == -1:
            raise DomainError("command.unclosed_quote")
        value = line[value_start + 1 : closing].strip()
        if not value:
            raise DomainError("command.flag_needs_value", flag=shown)
        return _Piece(start, closing + 1, shown, canonical, value, quoted=True)
    value_piece = _read_word(line, value_start)
    value, value_end = value_piece.text, value_piece.end
    if not value:
        raise DomainError("command.flag_needs_value", flag=shown)
    following = _read_word(line, _skip_spaces(line, value_end))
    if canonical in ("quorum", "threshold") and following.text == _PERCENT:
        value, value_end = f"{value} {_PERCENT}", following.end
    elif canonical == "term" and value.isdigit() and _is_unit(following.text):
        value, value_end = f"{value} {following.text}", following.end  # `--mandat 3 semaines`
    elif canonical in ("deadline", "term") and _DAY.match(value):
        if following.text.casefold() in _AT:
            after = _read_word(line, _skip_spaces(line, following.end))
            if _TIME.match(after.text):
                value, value_end = f"{value} {following.text} {after.text}", after.end
        elif _TIME.match(following.text):
            value, value_end = f"{value} {following.text}", following.end
    return _Piece(start, value_end, shown, canonical, value)


def _is_unit(word: str) -> bool:
    """A unit of length as a mandate's term is typed after its number (`3 semaines`, `1 an`)."""
    return bool(word) and plain(word).rstrip(".") in TIME_UNITS


def _add(flags: dict[str, str | bool], typed: dict[str, str], piece: _Piece) -> None:
    """One option more; the same option twice (or two of its names) is refused."""
    if piece.flag in flags:
        first = typed[piece.flag]
        if first == piece.text:
            raise DomainError("command.flag_twice", flag=piece.text)
        raise DomainError("command.flag_twice_alias", first=first, second=piece.text)
    flags[piece.flag] = piece.value
    typed[piece.flag] = piece.text


def _take_number(pieces: list[_Piece], word: str, verb: str) -> tuple[int | None, _Piece]:
    """The number at the head of `pieces` (`#3`, `3`, `n°3`, `# 3`) and its last piece; None
    when the head is no number at all. Something typed as a number that is not one is refused."""
    if not pieces or pieces[0].flag or not pieces[0].text:
        return None, pieces[0] if pieces else _Piece(0, 0, "")
    head = pieces[0]
    if _NUMBER_SIGN.match(head.text) and len(pieces) > 1 and not pieces[1].flag and pieces[1].text:
        joined = _NUMBER.match(pieces[1].text)
        if joined and pieces[1].text.isdigit():
            return int(joined.group(1)), pieces[1]
        raise DomainError("command.bad_number", typed=_shown(f"{head.text} {pieces[1].text}"), verb=word)
    match = _NUMBER.match(head.text)
    if match:
        return int(match.group(1)), head
    if _NUMBER_LIKE.match(head.text):
        raise DomainError("command.bad_number", typed=_shown(head.text), verb=word)
    return None, head


def _shown(typed: str) -> str:
    return typed if len(typed) <= 20 else typed[:19] + "…"


def _refuse_number_for_help(pieces: list[_Piece], word: str) -> None:
    """`!help #1`: help explains commands; the state of #1 is `!status #1`."""
    if not pieces or not _NUMBER_LIKE.match(pieces[0].text):
        return
    match = _NUMBER.match(pieces[0].text)
    raise DomainError("command.help_number", word=word, number=f"#{match.group(1)}" if match else "#3")


def _refuse_in_middle(pieces: list[_Piece], k: int, word: str, number: int | None) -> None:
    """An option between words of the text: say where options go, and what to type."""
    piece = pieces[k]
    after = pieces[k + 1]
    if isinstance(piece.value, str) and not piece.quoted and not after.flag:
        words = [piece.value]
        for following in pieces[k + 1 :]:
            if following.flag:
                break
            words.append(following.text)
        raise DomainError("command.flag_value_words", flag=piece.text, value=piece.value, next=after.text[:30],
                          words=_cut(" ".join(words)))
    text = _cut(" ".join(p.text for p in pieces if not p.flag))
    head = f"!{word} #{number} " if number is not None else f"!{word} "
    raise DomainError("command.flag_in_middle", flag=piece.text, example=head + piece.shown + " " + text)


def _cut(text: str) -> str:
    return text if len(text) <= _EXAMPLE_TEXT else text[: _EXAMPLE_TEXT - 1] + "…"
