"""Lengths of time as people type them: a number and a unit, in French or English, singular
or plural, with or without a space, accents optional (`3 semaines`, `2 heures`, `90 minutes`,
`1 jour`, `2w`, `45 min`). One table for meeting lengths, reminders and deadlines, so that a
unit understood in one place is understood in all of them."""

from __future__ import annotations

from datetime import timedelta

from core.scheduling.texts import plain

# Unit words (lower case, without accents) → one unit of that length. A bare `m` is not here:
# minutes or months? Meeting lengths and reminders read it as minutes (neither runs to
# months); a deadline asks back.
UNITS: dict[str, timedelta] = {
    **dict.fromkeys(("min", "mins", "mn", "minute", "minutes"), timedelta(minutes=1)),
    **dict.fromkeys(("h", "hr", "hrs", "heure", "heures", "hour", "hours"), timedelta(hours=1)),
    **dict.fromkeys(("j", "d", "jour", "jours", "journee", "journees", "day", "days"), timedelta(days=1)),
    **dict.fromkeys(("w", "s", "sem", "semaine", "semaines", "week", "weeks"), timedelta(weeks=1)),
}


def unit(word: str) -> timedelta | None:
    """The length of one `word` ("Semaines", "jours.", "hrs") in a meeting length or a
    reminder, where a bare `m` is minutes (neither runs to months); None when it is no unit."""
    word = plain(word).rstrip(".")
    return timedelta(minutes=1) if word == "m" else UNITS.get(word)
