"""Recurring meetings: `--every` values turned into RFC 5545 RRULEs, and their occurrences.

Understood (English and French, any letter case, accents optional):

- ``daily`` · ``weekly`` · ``monthly`` · ``yearly`` — ``quotidien`` · ``hebdomadaire`` ·
  ``mensuel`` · ``annuel``
- ``every week`` · ``every 2 weeks`` · ``every 3 months`` — ``toutes les semaines`` ·
  ``toutes les 2 semaines`` · ``tous les mois`` (``tous les 15 jours`` = every 2 weeks)
- ``every tuesday`` · ``tuesdays`` · ``tue and thu`` — ``tous les mardis`` · ``chaque mardi``
- ``2nd tue`` · ``last fri`` · ``1st and 3rd mon`` — ``2e mardi`` · ``dernier vendredi du mois``
- ``every other tuesday`` — ``un mardi sur deux``
- a raw rule: ``FREQ=MONTHLY;BYDAY=2TU`` (``RRULE:`` prefix allowed; DAILY at most)

Occurrences are computed in the wall time of the meeting's zone: a meeting at 19:00
Europe/Paris stays at 19:00 local across daylight-saving changes.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from core.errors import DomainError
from core.scheduling.texts import plain, quote
from core.scheduling.timezones import zone

MAX_INTERVAL = 99
_SCAN_LIMIT = 10_000  # occurrences looked at before giving up on a query

_FREQ_WORDS = {
    **dict.fromkeys(("daily", "quotidien", "quotidienne", "quotidiennement"), "DAILY"),
    **dict.fromkeys(("weekly", "hebdomadaire", "hebdo"), "WEEKLY"),
    **dict.fromkeys(("monthly", "mensuel", "mensuelle", "mensuellement"), "MONTHLY"),
    **dict.fromkeys(("yearly", "annually", "annual", "annuel", "annuelle"), "YEARLY"),
}
_FORTNIGHT_WORDS = ("fortnightly", "biweekly")
_UNITS = {
    **dict.fromkeys(("day", "days", "jour", "jours"), "DAILY"),
    **dict.fromkeys(("week", "weeks", "semaine", "semaines"), "WEEKLY"),
    **dict.fromkeys(("month", "months", "mois"), "MONTHLY"),
    **dict.fromkeys(("year", "years", "an", "ans", "annee", "annees"), "YEARLY"),
}
_NUMBERS = {
    "one": 1, "un": 1, "une": 1, "two": 2, "deux": 2, "three": 3, "trois": 3,
    "four": 4, "quatre": 4, "five": 5, "cinq": 5, "six": 6, "other": 2,
}  # fmt: skip
_DAYS = {
    "MO": ("monday", "mon", "mo", "lundi", "lun"),
    "TU": ("tuesday", "tue", "tues", "tu", "mardi", "mar"),
    "WE": ("wednesday", "wed", "we", "mercredi", "mer"),
    "TH": ("thursday", "thu", "thur", "thurs", "th", "jeudi", "jeu"),
    "FR": ("friday", "fri", "fr", "vendredi", "ven"),
    "SA": ("saturday", "sat", "sa", "samedi", "sam"),
    "SU": ("sunday", "sun", "su", "dimanche", "dim"),
}
_WEEKDAYS = {name: code for code, names in _DAYS.items() for name in names}
_ORDINALS = {
    **dict.fromkeys(("1st", "first", "1er", "1re", "1ere", "premier", "premiere"), 1),
    **dict.fromkeys(("2nd", "second", "2e", "2eme", "2nde", "deuxieme", "seconde"), 2),
    **dict.fromkeys(("3rd", "third", "3e", "3eme", "troisieme"), 3),
    **dict.fromkeys(("4th", "fourth", "4e", "4eme", "quatrieme"), 4),
    **dict.fromkeys(("5th", "fifth", "5e", "5eme", "cinquieme"), 5),
    **dict.fromkeys(("last", "dernier", "derniere"), -1),
    **dict.fromkeys(("avant-dernier", "avant-derniere", "second-last"), -2),
}
_FILLER = frozenset(
    ("every", "each", "on", "the", "of", "a", "an", "and", "in")
    + ("chaque", "tous", "toutes", "tout", "les", "le", "la", "l", "du", "de", "des", "et")
    + ("en", "au")
)
_ALLOWED_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")


def parse_every(text: str) -> str:
    """The RRULE value (without the ``RRULE:`` prefix) for an `--every` text."""
    stripped = text.strip().strip("\"'")
    if re.match(r"(?i)^(rrule:)?\s*freq\s*=", stripped):
        return validated_rrule(stripped)
    words = [w for w in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", plain(stripped)) if w]
    # "un mardi sur deux" / "every other tuesday" keep their numbers; other fillers go.
    rule = _every_other(words) or _from_words([w for w in words if w not in _FILLER])
    if rule is None:
        raise DomainError("schedule.every_unknown", every=quote(text))
    return rule


def validated_rrule(text: str) -> str:
    """A raw RRULE typed by a member, checked with dateutil; returned normalised."""
    rule = re.sub(r"\s+", "", text).upper().removeprefix("RRULE:")
    parts = dict(part.partition("=")[::2] for part in rule.split(";"))
    if parts.get("FREQ") not in _ALLOWED_FREQS:
        raise DomainError("schedule.every_too_frequent", every=quote(text))
    try:
        parsed = rrulestr(rule, dtstart=datetime(2026, 1, 5, 12, tzinfo=UTC))
    except (ValueError, TypeError, KeyError) as error:
        raise DomainError("schedule.every_bad_rrule", every=quote(text)) from error
    if not isinstance(parsed, rrule):
        raise DomainError("schedule.every_bad_rrule", every=quote(text))
    return rule


def occurrences(
    rule: str,
    first_start: datetime,
    timezone: ZoneInfo | str,
    *,
    after: datetime | None = None,
    until: datetime | None = None,
    limit: int = 10,
) -> tuple[datetime, ...]:
    """Up to `limit` starts of a recurring meeting, strictly after `after` and not after
    `until`, as aware datetimes in `timezone`. The series starts at `first_start`, whose
    wall time in `timezone` is kept by every occurrence."""
    tz = zone(timezone)
    found: list[datetime] = []
    for candidate in islice(_series(rule, first_start, tz), _SCAN_LIMIT):
        # Through UTC and back: a wall time skipped by a daylight-saving change moves
        # forward by the gap, as RFC 5545 says.
        instant = candidate.astimezone(UTC)
        if until is not None and instant > until:
            break
        if after is not None and instant <= after:
            continue
        found.append(instant.astimezone(tz))
        if len(found) >= limit:
            break
    return tuple(found)


def next_occurrence(
    rule: str, first_start: datetime, timezone: ZoneInfo | str, after: datetime
) -> datetime | None:
    """The first start strictly after `after`, or None when the series is over."""
    found = occurrences(rule, first_start, timezone, after=after, limit=1)
    return found[0] if found else None


def _series(rule: str, first_start: datetime, tz: ZoneInfo) -> rrule:
    parsed = rrulestr(rule, dtstart=first_start.astimezone(tz))
    if not isinstance(parsed, rrule):
        raise TypeError(f"not a single RRULE: {rule!r}")
    return parsed


def _every_other(words: list[str]) -> str | None:
    """ "un mardi sur deux", "every other tuesday"."""
    if len(words) == 4 and words[0] in ("un", "une") and words[2] == "sur":
        day, count = _weekday(words[1]), _number(words[3])
        if day and count is not None:
            return _rule("WEEKLY", count, f"BYDAY={day}")
    if len(words) == 3 and words[0] in ("every", "each") and words[1] == "other":
        day = _weekday(words[2])
        if day:
            return _rule("WEEKLY", 2, f"BYDAY={day}")
    return None


def _from_words(words: list[str]) -> str | None:
    if len(words) == 1 and words[0] in _FREQ_WORDS:
        return f"FREQ={_FREQ_WORDS[words[0]]}"
    if len(words) == 1 and words[0] in _FORTNIGHT_WORDS:
        return _rule("WEEKLY", 2)
    if len(words) == 1 and words[0] in _UNITS:
        return f"FREQ={_UNITS[words[0]]}"
    count = _number(words[0]) if len(words) == 2 else None
    if count is not None and words[1] in _UNITS:
        freq = _UNITS[words[1]]
        if freq == "DAILY" and count in (8, 15):  # "tous les 8 / 15 jours": French weeks
            return _rule("WEEKLY", 1 if count == 8 else 2)
        return _rule(freq, count)
    days = [_weekday(w) for w in words]
    if words and all(days):
        return f"FREQ=WEEKLY;BYDAY={','.join(dict.fromkeys(d for d in days if d))}"
    return _monthly_by_position(words)


def _monthly_by_position(words: list[str]) -> str | None:
    """ "2nd tue", "1st and 3rd mon", "dernier vendredi (du mois)"."""
    if words and words[-1] in ("month", "mois"):
        words = words[:-1]
    if len(words) < 2:
        return None
    day = _weekday(words[-1])
    positions = [_ORDINALS.get(w) for w in words[:-1]]
    if not day or not all(positions):
        return None
    unique = dict.fromkeys(p for p in positions if p)
    return "FREQ=MONTHLY;BYDAY=" + ",".join(f"{p}{day}" for p in unique)


def _rule(freq: str, interval: int, *extra: str) -> str:
    if not 1 <= interval <= MAX_INTERVAL:
        raise DomainError("schedule.every_interval", max=MAX_INTERVAL)
    parts = [f"FREQ={freq}"] + ([f"INTERVAL={interval}"] if interval > 1 else []) + list(extra)
    return ";".join(parts)


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word)


def _weekday(word: str) -> str | None:
    """ "tuesday", "tuesdays", "mardi", "mardis", "tue" -> "TU"."""
    return _WEEKDAYS.get(word) or (_WEEKDAYS.get(word[:-1]) if word.endswith("s") else None)
