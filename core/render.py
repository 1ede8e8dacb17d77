"""Formatting of dates, durations and numbers for people, in the room's language."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

from babel.dates import format_datetime as _babel_datetime
from dateutil.relativedelta import relativedelta

from core.clock import FakeClock
from core.errors import DomainError
from core.scheduling.lengths import UNITS
from core.scheduling.slots import CLOCK_TIME, parse_slot
from core.scheduling.texts import plain
from core.scheduling.timezones import with_offset

MAX_DEADLINE = timedelta(days=366)
_RELATIVE = re.compile(r"^(\d{1,9})\s*([^\W\d_]+)\.?$")
# A length of time as people type it (lower case, without accents) → its unit: the units of
# meeting lengths and reminders, then months and years. A bare `m` is not here: minutes or
# months, it is asked back (see parse_deadline).
_UNIT_NAMES = {timedelta(minutes=1): "minutes", timedelta(hours=1): "hours", timedelta(days=1): "days",
               timedelta(weeks=1): "weeks"}
TIME_UNITS: dict[str, str] = {
    **{word: _UNIT_NAMES[length] for word, length in UNITS.items()},
    **dict.fromkeys(("mois", "mo", "month", "months"), "months"),
    **dict.fromkeys(("a", "an", "ans", "annee", "annees", "y", "year", "years"), "years"),
}
_LENGTHS: dict[str, Callable[[int], relativedelta]] = {
    "minutes": lambda n: relativedelta(minutes=n), "hours": lambda n: relativedelta(hours=n),
    "days": lambda n: relativedelta(days=n), "weeks": lambda n: relativedelta(weeks=n),
    "months": lambda n: relativedelta(months=n), "years": lambda n: relativedelta(years=n),
}
_NO_END = timedelta(seconds=1)  # a typed slot ends on a whole minute: this one had no end


def colon(lang: str) -> str:
    """' :' in French, which puts a space before the colon; ':' in English."""
    return " :" if lang == "fr" else ":"


def when(instant: datetime, tz: str, lang: str) -> str:
    """'lun. 30 nov. 2026, 18:00' / 'Mon, Nov 30, 2026, 18:00' in the room's zone: the 24-hour
    clock in both languages, as time slots and meetings are written (one format in a room);
    a time the clocks show twice that night says its UTC offset ('…, 02:30 (UTC+1)')."""
    pattern = "EEE d MMM y, HH:mm" if lang == "fr" else "EEE, MMM d, y, HH:mm"
    local = instant.astimezone(ZoneInfo(tz))
    return with_offset(_babel_datetime(local, pattern, locale=lang), local, lang)


def parse_deadline(raw: str, now: datetime, tz: str) -> datetime:
    """A length of time ('72h', '3j' / '3d', '2w', '90min', '2mois', '1a') or a day with an
    optional time, as meeting dates are typed ('10/12/2026', '10/12/2026 18h', 'vendredi 18h',
    '2026-12-01T18:00', '2026-12-01'); a day without a time ends at 23:59 (room zone)."""
    text = " ".join(raw.strip().lower().split())
    relative = _RELATIVE.match(text)
    if relative:
        amount, unit = int(relative.group(1)), plain(relative.group(2))
        if unit == "m":
            raise DomainError("deadline.ambiguous_m", value=raw[:40], amount=amount)
        if unit not in TIME_UNITS:
            raise DomainError("deadline.bad_format", value=raw[:40])
        try:
            deadline: datetime = now + _LENGTHS[TIME_UNITS[unit]](amount)
        except (ValueError, OverflowError):  # past the year 9999
            raise DomainError("deadline.too_far", value=raw[:40]) from None
    else:
        deadline = deadline_day(text, raw, now, tz)
    if deadline <= now:
        raise DomainError("deadline.in_past", value=raw[:40])
    if deadline - now > MAX_DEADLINE:
        raise DomainError("deadline.too_far", value=raw[:40])
    return deadline


def deadline_day(text: str, raw: str, now: datetime, tz: str) -> datetime:
    """A day and time read as meeting dates are (the slot parser); a day alone ends at 23:59.
    `text` is `raw` in lower case, its spaces single (as parse_deadline gives it)."""
    typed = text if re.search(rf"(?:^|\s|t){CLOCK_TIME}$", text) else f"{text} 23:59"
    try:
        slot = parse_slot(typed, tz, FakeClock(now), default_duration=_NO_END)
    except DomainError as error:
        key = {"schedule.slot_in_past": "deadline.in_past", "schedule.slot_too_far": "deadline.too_far"}.get(
            error.key, "deadline.bad_format")
        raise DomainError(key, value=raw[:40]) from None
    if slot.duration != _NO_END:  # a span (18h-20h) is no deadline
        raise DomainError("deadline.bad_format", value=raw[:40])
    return slot.start


def parse_share(raw: str, *, flag: str) -> Fraction:
    """'50%', '50 %', '50', '2/3', '0.5' → a share in (0, 1]. A number above 1 without a sign
    is a percentage; `flag` is the option as the person typed it, to name it back."""
    text = raw.strip().replace(",", ".")
    try:
        if text.endswith("%"):
            share = Fraction(text[:-1].strip()) / 100
        else:
            share = Fraction(text)
            if "/" not in text and share > 1:
                share /= 100  # --quorum 50
    except (ValueError, ZeroDivisionError):
        raise DomainError("share.bad_format", flag=flag, value=raw[:20]) from None
    if share <= 0:
        raise DomainError("share.not_positive", flag=flag, value=raw[:20])
    if share > 1:
        key = "share.ratio_over_one" if "/" in text else "share.out_of_range"
        raise DomainError(key, flag=flag, value=raw[:20])
    return share


def share(value: Fraction) -> str:
    percent = value * 100
    return f"{float(percent):.0f} %" if percent.denominator != 1 else f"{percent.numerator} %"


def short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def display(member: str) -> str:
    """How a member id is shown: 'console:alice' → 'alice', MXIDs as they are."""
    if member.startswith("anon:"):
        return "anonyme"
    platform, sep, rest = member.partition(":")
    if sep and platform in ("console", "telegram", "discord", "webhook"):
        return rest
    return member
