"""Formatting of dates, durations and numbers for people, in the room's language."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

from babel.dates import format_datetime as _babel_datetime

from core.errors import DomainError

MAX_DEADLINE = timedelta(days=366)
_RELATIVE = re.compile(r"^(\d{1,4})\s*(min|m|h|d|j|w|s)$")
_ABSOLUTE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{1,2})[:h](\d{2}))?$")  # matched lower-cased


def colon(lang: str) -> str:
    """' :' in French, which puts a space before the colon; ':' in English."""
    return " :" if lang == "fr" else ":"


def when(instant: datetime, tz: str, lang: str) -> str:
    """'lun. 30 nov. 2026, 18:00' / 'Mon, Nov 30, 2026, 6:00 PM' in the room's zone."""
    pattern = "EEE d MMM y, HH:mm" if lang == "fr" else "EEE, MMM d, y, h:mm a"
    return _babel_datetime(instant, pattern, tzinfo=ZoneInfo(tz), locale=lang)


def parse_deadline(raw: str, now: datetime, tz: str) -> datetime:
    """'72h', '3d' / '3j', '2w', '90min', '2026-12-01T18:00' or '2026-12-01' (room zone)."""
    text = raw.strip().lower()
    match = _RELATIVE.match(text)
    if match:
        amount, unit = int(match.group(1)), match.group(2)
        seconds = {"min": 60, "m": 60, "h": 3600, "d": 86400, "j": 86400, "w": 604800, "s": 604800}[unit]
        deadline = now + timedelta(seconds=amount * seconds)
    else:
        match = _ABSOLUTE.match(text)
        if not match:
            raise DomainError("deadline.bad_format", value=raw[:40])
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
        hour = int(match.group(4)) if match.group(4) else 23
        minute = int(match.group(5)) if match.group(5) else 59
        try:
            deadline = datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(tz))
        except ValueError:
            raise DomainError("deadline.bad_format", value=raw[:40]) from None
    if deadline <= now:
        raise DomainError("deadline.in_past", value=raw[:40])
    if deadline - now > MAX_DEADLINE:
        raise DomainError("deadline.too_far", value=raw[:40])
    return deadline


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
