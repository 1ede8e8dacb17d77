"""Time slots: "2026-12-03 18:30-20:30" in the room's time zone, parsed and shown back.

Accepted forms (case-insensitive, in the zone the caller gives):

- ``2026-12-03 18:30-20:30``            ISO date, start and end time
- ``03/12/2026 18h30-20h30``            French date and times (``18h`` = 18:00)
- ``2026-12-03 18:30 - 2026-12-04 01:00``  end on another day
- ``03/12/2026 de 18h30 à 20h30``       French words around the times
- ``2026-12-03 18:30``                  start only, when the caller gives a default duration
- ``03/12 18h30``                       day and month: the next such day (this year or the next)
- ``demain 18h30``, ``mardi à 18h``, ``tomorrow at 18:30``, ``next tuesday 18:30``: today,
  tomorrow, the day after tomorrow, or the next such weekday after today, in French or English
- ``12 décembre 14h``, ``1er mars 2027 18h-20h``, ``12 december 2pm``: the month in words
- ``le 12/12 à 14h-16h``: the French "le" before a date
- ``6pm``, ``6:30pm``, ``11am``: English 12-hour times

Several slots are separated by ``|``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton

from core.clock import Clock
from core.errors import DomainError
from core.i18n import DEFAULT_LANGUAGE, LANGUAGES
from core.scheduling.texts import quote
from core.scheduling.timezones import clock_time, zone

MAX_SLOTS = 50
MAX_SLOT_LENGTH = timedelta(days=7)
MAX_YEARS_AHEAD = 5
SLOT_SEPARATOR = "|"

WEEKDAYS = {
    name: index
    for index, names in enumerate((
        ("lundi", "monday"), ("mardi", "tuesday"), ("mercredi", "wednesday"), ("jeudi", "thursday"),
        ("vendredi", "friday"), ("samedi", "saturday"), ("dimanche", "sunday"),
    ))
    for name in names
}
DAYS_FROM_TODAY = {"aujourd'hui": 0, "today": 0, "demain": 1, "tomorrow": 1, "après-demain": 2, "apres-demain": 2}
MONTHS = {
    name: index
    for index, names in enumerate((
        ("janvier", "january"), ("février", "fevrier", "february"), ("mars", "march"), ("avril", "april"),
        ("mai", "may"), ("juin", "june"), ("juillet", "july"), ("août", "aout", "august"),
        ("septembre", "september"), ("octobre", "october"), ("novembre", "november"),
        ("décembre", "decembre", "december"),
    ), start=1)
    for name in names
}
_MONTH_DAY = r"\d{1,2}(?:er|st|nd|rd|th)?\s+(?:" + "|".join(MONTHS) + r")(?:\s+\d{4})?"
# A day named in words, or a day and month without the year (lower case, apostrophes straight).
RELATIVE_DAY = (
    r"(?:next\s+)?(?:" + "|".join(WEEKDAYS) + r")(?:\s+prochain)?"
    r"|" + "|".join(re.escape(word) for word in DAYS_FROM_TODAY) +
    r"|\d{1,2}/\d{1,2}(?!/)"
)
DATE_FORMS = r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}|" + _MONTH_DAY + "|" + RELATIVE_DAY
# 18:30, 18h30, 18.30, 18h, and the English 6pm, 6:30pm
CLOCK_TIME = r"\d{1,2}(?::\d{2})?\s?(?:am|pm)\b|\d{1,2}(?:[:h.]\d{2}|h)"
_SLOT = re.compile(
    rf"^(?:le\s+)?(?P<date>{DATE_FORMS})(?:\s*,\s*|\s+|t)(?:(?:de|à|a|at)\s+)?(?P<time>{CLOCK_TIME})"
    rf"(?:\s*(?:-|–|—|à|a|to|→|->)\s*(?:(?:le\s+)?(?P<date2>{DATE_FORMS})(?:\s*,\s*|\s+|t)(?:(?:à|a|at)\s+)?)?"
    rf"(?P<time2>{CLOCK_TIME}))?$"
)
# Other separators people use between slots (only "|" and new lines separate them).
_OTHER_SEPARATORS = re.compile(r"\s*[;,]\s*")


@dataclass(frozen=True, order=True, slots=True)
class Slot:
    """A span of time with timezone-aware ends; ordered by start, then end."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("Slot needs timezone-aware datetimes")
        if self.end.astimezone(UTC) <= self.start.astimezone(UTC):
            raise ValueError("Slot must end after it starts")

    @property
    def duration(self) -> timedelta:
        """The time that passes, not the clock face: 01:00-03:00 on the night the clocks go
        back lasts 3 h."""
        return elapsed(self.start, self.end)

    def overlaps(self, other: Slot) -> bool:
        return self.start.astimezone(UTC) < other.end.astimezone(UTC) and \
            other.start.astimezone(UTC) < self.end.astimezone(UTC)


def elapsed(start: datetime, end: datetime) -> timedelta:
    """The time that passes from `start` to `end`. Python subtracts two times of one zone on
    their clock faces, which a daylight-saving change makes wrong; instants are compared here."""
    return end.astimezone(UTC) - start.astimezone(UTC)


def later(start: datetime, length: timedelta) -> datetime:
    """`length` after `start` as time passes, not on the clock face: 2 h after 01:00 on the
    night the clocks go back in Paris is the second 02:00. In UTC: Python never finds a time
    the clocks show twice equal to any time of another zone."""
    return start.astimezone(UTC) + length


def parse_slot(
    text: str,
    timezone: ZoneInfo | str,
    clock: Clock,
    *,
    default_duration: timedelta | None = None,
    duration_typed: str | None = None,
) -> Slot:
    """One slot typed by a member, read as wall time in `timezone`.

    Without an end, `default_duration` is used; if it is None an end is required.
    `duration_typed` is a length the member asked for (--duree): a slot that also gives its
    end is refused rather than one of the two silently ignored.
    Raises `DomainError` with a `schedule.slot_*` key for anything a member can get wrong.
    """
    tz = zone(timezone)
    shown = quote(text)
    match = _SLOT.match(_normal(text))
    if match is None:
        raise DomainError("schedule.slot_malformed", slot=shown)
    if match["time2"] is not None and duration_typed is not None:
        raise DomainError("schedule.end_and_duration", slot=shown, duration=quote(duration_typed))
    now = clock.now().astimezone(tz)  # "today" is the day it is where the slot is read
    start_day = _date(match["date"], shown, now)
    start = _aware(start_day, match["time"], tz, shown)
    if match["time2"] is None:
        if default_duration is None:
            raise DomainError("schedule.slot_needs_end", slot=shown)
        end = later(start, default_duration)
    else:
        end_day = _date(match["date2"], shown, now) if match["date2"] else start_day
        end = _aware(end_day, match["time2"], tz, shown)
    if elapsed(start, end) <= timedelta(0):
        raise DomainError("schedule.slot_end_before_start", slot=shown)
    if elapsed(start, end) > MAX_SLOT_LENGTH:
        raise DomainError("schedule.slot_too_long", slot=shown, days=MAX_SLOT_LENGTH.days)
    if start <= now:
        raise DomainError("schedule.slot_in_past", slot=shown)
    return Slot(start, end)


def parse_slots(
    text: str,
    timezone: ZoneInfo | str,
    clock: Clock,
    *,
    default_duration: timedelta | None = None,
    duration_typed: str | None = None,
    limit: int = MAX_SLOTS,
    lang: str = DEFAULT_LANGUAGE,
) -> tuple[Slot, ...]:
    """Slots separated by ``|``, in chronological order. Empty pieces are ignored.
    `lang` is the language a duplicate's date is shown in."""
    pieces = [piece.strip() for piece in text.split(SLOT_SEPARATOR)]
    pieces = [piece for piece in pieces if piece]
    if not pieces:
        raise DomainError("schedule.no_slots")
    if len(pieces) > limit:
        raise DomainError("schedule.too_many_slots", count=len(pieces), max=limit)
    tz = zone(timezone)
    seen: dict[Slot, str] = {}
    for piece in pieces:
        _refuse_other_separators(piece)
        slot = parse_slot(piece, tz, clock, default_duration=default_duration, duration_typed=duration_typed)
        if slot in seen:
            raise DomainError("schedule.duplicate_slot", slot=quote(piece), first=quote(seen[slot]),
                              when=format_slot(slot, tz, lang))
        seen[slot] = piece
    return tuple(sorted(seen))


def looks_like_slot(text: str) -> bool:
    """Whether `text` has the shape of one slot (a date then a time), whether or not that
    date exists: the caller then reads it with `parse_slot`, which says what is wrong."""
    return _SLOT.match(_normal(text)) is not None


def _normal(text: str) -> str:
    return " ".join(text.strip().lower().replace("’", "'").split())


def _refuse_other_separators(piece: str) -> None:
    """ "12/12 14h-16h ; 13/12 14h-16h" is two slots written with the wrong separator."""
    if looks_like_slot(piece):
        return
    parts = [part for part in _OTHER_SEPARATORS.split(piece) if part.strip()]
    if sum(looks_like_slot(part) for part in parts) >= 2:
        raise DomainError("schedule.slot_separator", slot=quote(piece),
                          example=quote(f" {SLOT_SEPARATOR} ".join(part.strip() for part in parts)))


def slot_text(slot: Slot, timezone: ZoneInfo | str) -> str:
    """The canonical typed form of `slot` (what `parse_slot` reads back): without the UTC
    offset `format_slot` adds to a time the clocks show twice, which cannot be typed."""
    tz = zone(timezone)
    start, end = slot.start.astimezone(tz), slot.end.astimezone(tz)
    if start.date() == end.date():
        return f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}"
    return f"{start:%Y-%m-%d %H:%M} - {end:%Y-%m-%d %H:%M}"


def format_slot(slot: Slot, timezone: ZoneInfo | str, lang: str = DEFAULT_LANGUAGE) -> str:
    """`slot` for reading, e.g. "jeu. 3 déc. 2026, 18:30–20:30" (fr) or
    "Thu, Dec 3, 2026, 18:30–20:30" (en); a time the clocks show twice that night says its
    UTC offset ("01:30–02:30 (UTC+1)")."""
    tz = zone(timezone)
    locale = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    start, end = slot.start.astimezone(tz), slot.end.astimezone(tz)
    start_text = f"{format_skeleton('yMMMEd', start, locale=locale)}, {clock_time(start, locale)}"
    if start.date() == end.date():
        return f"{start_text}–{clock_time(end, locale)}"
    return f"{start_text} – {format_skeleton('yMMMEd', end, locale=locale)}, {clock_time(end, locale)}"


def _date(text: str, shown: str, now: datetime) -> date:
    today = now.date()
    words = text.split()
    if words[-1] in WEEKDAYS or words[-1] == "prochain":
        weekday = WEEKDAYS[words[-2] if words[-1] == "prochain" else words[-1]]
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)  # after today
    if text in DAYS_FROM_TODAY:
        return today + timedelta(days=DAYS_FROM_TODAY[text])
    year: int | None
    if len(words) > 1:  # "12 décembre", "1er mars 2027"
        day, month = int(re.sub(r"\D", "", words[0])), MONTHS[words[1]]
        year = int(words[2]) if len(words) > 2 else None
    elif "-" in text:
        year, month, day = (int(part) for part in text.split("-"))
    else:
        parts = [int(part) for part in text.split("/")]
        day, month, year = parts[0], parts[1], (parts[2] if len(parts) > 2 else None)
    try:
        if year is None:  # day and month: the next such day (this year or the next)
            found = date(today.year, month, day)
            return found if found >= today else date(today.year + 1, month, day)
        if year > now.year + MAX_YEARS_AHEAD:
            raise DomainError("schedule.slot_too_far", slot=shown, years=MAX_YEARS_AHEAD)
        return date(year, month, day)
    except ValueError as error:
        raise DomainError("schedule.slot_invalid_date", slot=shown, date=text) from error


def _aware(day: date, clock_text: str, tz: ZoneInfo, shown: str) -> datetime:
    """Wall time in `tz` ("24:00" is midnight at the end of `day`); a time skipped by a
    daylight-saving change is refused, and so is one seen twice (the clocks go back: which of
    the two would be meant?)."""
    half_day = clock_text[-2:] if clock_text.endswith(("am", "pm")) else ""
    if half_day:  # 12am is midnight, 12pm noon; "13pm" does not exist
        hours, _, minutes = clock_text.removesuffix(half_day).strip().partition(":")
        if not 1 <= int(hours) <= 12:
            raise DomainError("schedule.slot_invalid_time", slot=shown, time=clock_text)
        hours = str(int(hours) % 12 + (12 if half_day == "pm" else 0))
    else:
        hours, _, minutes = re.split(r"([:h.])", clock_text, maxsplit=1)
    if (int(hours), int(minutes or "0")) == (24, 0):
        day, hours, minutes = day + timedelta(days=1), "0", "0"
    try:
        clock_time = time(int(hours), int(minutes or "0"))
    except ValueError as error:
        raise DomainError("schedule.slot_invalid_time", slot=shown, time=clock_text) from error
    local = datetime.combine(day, clock_time, tzinfo=tz)
    if local.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
        jump = _clocks_jump(local, tz)
        raise DomainError("schedule.slot_nonexistent_time", slot=shown, skipped=f"{jump[0]:%H:%M}",
                          next=f"{jump[1]:%H:%M}")
    if local.replace(fold=1).utcoffset() != local.utcoffset():  # the hour seen twice when clocks go back
        raise DomainError("schedule.slot_repeated_time", slot=shown)
    return local


def _clocks_jump(local: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """For a wall time that does not exist (`local`, skipped when the clocks go forward): the
    time on the clocks when they jumped, and the first time that exists after it (Paris, on
    the last Sunday of March: 02:00 and 03:00)."""
    # Read with the offset after the change, then before it: the change falls between the two.
    first, last = sorted((local.replace(fold=1).astimezone(UTC), local.replace(fold=0).astimezone(UTC)))
    offset_after = last.astimezone(tz).utcoffset()
    low, high = 0, int(elapsed(first, last) / timedelta(minutes=1))  # minutes after `first`
    while low < high:  # the first minute on the new offset
        middle = (low + high) // 2
        if (first + timedelta(minutes=middle)).astimezone(tz).utcoffset() == offset_after:
            high = middle
        else:
            low = middle + 1
    change = first + timedelta(minutes=low)
    offset_before = first.astimezone(tz).utcoffset() or timedelta(0)
    return (change + offset_before).replace(tzinfo=None), change.astimezone(tz)
