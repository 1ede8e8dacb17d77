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
from core.scheduling.timezones import zone

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
# A day named in words, or a day and month without the year (lower case, apostrophes straight).
RELATIVE_DAY = (
    r"(?:next\s+)?(?:" + "|".join(WEEKDAYS) + r")(?:\s+prochain)?"
    r"|" + "|".join(re.escape(word) for word in DAYS_FROM_TODAY) +
    r"|\d{1,2}/\d{1,2}(?!/)"
)
_DATE = r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}|" + RELATIVE_DAY
CLOCK_TIME = r"\d{1,2}(?:[:h.]\d{2}|h)"  # 18:30, 18h30, 18.30, 18h
_SLOT = re.compile(
    rf"^(?P<date>{_DATE})(?:\s*,\s*|\s+|t)(?:(?:de|à|a|at)\s+)?(?P<time>{CLOCK_TIME})"
    rf"(?:\s*(?:-|–|—|à|a|to|→|->)\s*(?:(?P<date2>{_DATE})(?:\s*,\s*|\s+|t))?(?P<time2>{CLOCK_TIME}))?$"
)


@dataclass(frozen=True, order=True, slots=True)
class Slot:
    """A span of time with timezone-aware ends; ordered by start, then end."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("Slot needs timezone-aware datetimes")
        if self.end <= self.start:
            raise ValueError("Slot must end after it starts")

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    def overlaps(self, other: Slot) -> bool:
        return self.start < other.end and other.start < self.end


def parse_slot(
    text: str,
    timezone: ZoneInfo | str,
    clock: Clock,
    *,
    default_duration: timedelta | None = None,
) -> Slot:
    """One slot typed by a member, read as wall time in `timezone`.

    Without an end, `default_duration` is used; if it is None an end is required.
    Raises `DomainError` with a `schedule.slot_*` key for anything a member can get wrong.
    """
    tz = zone(timezone)
    shown = quote(text)
    match = _SLOT.match(" ".join(text.strip().lower().replace("’", "'").split()))
    if match is None:
        raise DomainError("schedule.slot_malformed", slot=shown)
    now = clock.now().astimezone(tz)  # "today" is the day it is where the slot is read
    start_day = _date(match["date"], shown, now)
    start = _aware(start_day, match["time"], tz, shown)
    if match["time2"] is None:
        if default_duration is None:
            raise DomainError("schedule.slot_needs_end", slot=shown)
        end = start + default_duration
    else:
        end_day = _date(match["date2"], shown, now) if match["date2"] else start_day
        end = _aware(end_day, match["time2"], tz, shown)
    if end <= start:
        raise DomainError("schedule.slot_end_before_start", slot=shown)
    if end - start > MAX_SLOT_LENGTH:
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
    limit: int = MAX_SLOTS,
) -> tuple[Slot, ...]:
    """Slots separated by ``|``, in chronological order. Empty pieces are ignored."""
    pieces = [piece.strip() for piece in text.split(SLOT_SEPARATOR)]
    pieces = [piece for piece in pieces if piece]
    if not pieces:
        raise DomainError("schedule.no_slots")
    if len(pieces) > limit:
        raise DomainError("schedule.too_many_slots", count=len(pieces), max=limit)
    tz = zone(timezone)
    seen: set[Slot] = set()
    for piece in pieces:
        slot = parse_slot(piece, tz, clock, default_duration=default_duration)
        if slot in seen:
            raise DomainError("schedule.duplicate_slot", slot=quote(piece))
        seen.add(slot)
    return tuple(sorted(seen))


def slot_text(slot: Slot, timezone: ZoneInfo | str) -> str:
    """The canonical typed form of `slot` (what `parse_slot` reads back)."""
    tz = zone(timezone)
    start, end = slot.start.astimezone(tz), slot.end.astimezone(tz)
    if start.date() == end.date():
        return f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}"
    return f"{start:%Y-%m-%d %H:%M} - {end:%Y-%m-%d %H:%M}"


def format_slot(slot: Slot, timezone: ZoneInfo | str, lang: str = DEFAULT_LANGUAGE) -> str:
    """`slot` for reading, e.g. "jeu. 3 déc. 2026, 18:30–20:30" (fr) or
    "Thu, Dec 3, 2026, 18:30–20:30" (en)."""
    tz = zone(timezone)
    locale = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    start, end = slot.start.astimezone(tz), slot.end.astimezone(tz)
    start_text = f"{format_skeleton('yMMMEd', start, locale=locale)}, {start:%H:%M}"
    if start.date() == end.date():
        return f"{start_text}–{end:%H:%M}"
    return f"{start_text} – {format_skeleton('yMMMEd', end, locale=locale)}, {end:%H:%M}"


def _date(text: str, shown: str, now: datetime) -> date:
    today = now.date()
    words = text.split()
    if words[-1] in WEEKDAYS or words[-1] == "prochain":
        weekday = WEEKDAYS[words[-2] if words[-1] == "prochain" else words[-1]]
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)  # after today
    if text in DAYS_FROM_TODAY:
        return today + timedelta(days=DAYS_FROM_TODAY[text])
    if "/" in text and text.count("/") == 1:  # day and month: the next such day
        day, month = (int(part) for part in text.split("/"))
        try:
            found = date(today.year, month, day)
            return found if found >= today else date(today.year + 1, month, day)
        except ValueError as error:
            raise DomainError("schedule.slot_invalid_date", slot=shown, date=text) from error
    if "-" in text:
        year, month, day = (int(part) for part in text.split("-"))
    else:
        day, month, year = (int(part) for part in text.split("/"))
    if year > now.year + MAX_YEARS_AHEAD:
        raise DomainError("schedule.slot_too_far", slot=shown, years=MAX_YEARS_AHEAD)
    try:
        return date(year, month, day)
    except ValueError as error:
        raise DomainError("schedule.slot_invalid_date", slot=shown, date=text) from error


def _aware(day: date, clock_text: str, tz: ZoneInfo, shown: str) -> datetime:
    """Wall time in `tz` ("24:00" is midnight at the end of `day`); a time skipped by a
    daylight-saving change is refused."""
    hours, _, minutes = re.split(r"([:h.])", clock_text, maxsplit=1)
    if (int(hours), int(minutes or "0")) == (24, 0):
        day, hours, minutes = day + timedelta(days=1), "0", "0"
    try:
        clock_time = time(int(hours), int(minutes or "0"))
    except ValueError as error:
        raise DomainError("schedule.slot_invalid_time", slot=shown, time=clock_text) from error
    local = datetime.combine(day, clock_time, tzinfo=tz)
    if local.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise DomainError("schedule.slot_nonexistent_time", slot=shown)
    return local
