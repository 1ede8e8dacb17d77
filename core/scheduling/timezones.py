"""IANA time zones: turn what a member typed into a `ZoneInfo`, or a clear refusal."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from core.errors import DomainError
from core.i18n import translate

DEFAULT_TIMEZONE = "Europe/Paris"

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*$")
_LEGACY_PREFIXES = ("posix/", "right/", "Etc/", "SystemV/", "US/", "Canada/", "Mexico/", "Brazil/")


@cache
def _known_names() -> dict[str, str]:
    """Lower-cased name -> canonical spelling, for every zone the system knows."""
    return {name.lower(): name for name in available_timezones()}


@cache
def _cities() -> dict[str, tuple[str, ...]]:
    """Lower-cased city ("paris") -> the zones ending with it ("Europe/Paris",)."""
    cities: dict[str, list[str]] = {}
    for name in sorted(available_timezones()):
        if "/" not in name or name.startswith(_LEGACY_PREFIXES):
            continue
        city = name.rsplit("/", 1)[1].lower()
        cities.setdefault(city, []).append(name)
    return {city: tuple(names) for city, names in cities.items()}


def timezone_name(text: str) -> str:
    """The canonical IANA name for `text`.

    Accepts the exact name ("Europe/Paris"), any letter case ("europe/paris") and a city that
    names exactly one zone ("Paris", "new york"). Anything else is a `DomainError`.
    """
    typed = text.strip()
    candidate = typed.replace(" ", "_")
    if not candidate or len(candidate) > 64 or not _NAME.match(candidate):
        raise DomainError("schedule.unknown_timezone", zone=typed)
    known = _known_names().get(candidate.lower())
    if known is not None:
        return known
    by_city = _cities().get(candidate.lower(), ())
    if len(by_city) == 1:
        return by_city[0]
    raise DomainError("schedule.unknown_timezone", zone=typed)


def zone(name: ZoneInfo | str) -> ZoneInfo:
    """The `ZoneInfo` for a member-typed or stored zone name (see `timezone_name`);
    a `ZoneInfo` is returned as it is."""
    if isinstance(name, ZoneInfo):
        return name
    canonical = timezone_name(name)
    try:
        return ZoneInfo(canonical)
    except (ZoneInfoNotFoundError, ValueError, OSError) as error:
        raise DomainError("schedule.unknown_timezone", zone=name.strip()) from error


def repeated(local: datetime) -> bool:
    """Whether the wall time of `local` (aware, read in its zone) happens twice that day: the
    night the clocks go back (Paris, last Sunday of October: 02:00 to 03:00 is lived twice),
    where only the UTC offset says which of the two it is."""
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def utc_offset(local: datetime) -> str:
    """`local`'s offset from UTC as people read it: "+1", "+2", "-3", "+5:30", "+0"."""
    offset = local.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    hours, rest = divmod(abs(minutes), 60)
    return ("-" if minutes < 0 else "+") + str(hours) + (f":{rest:02d}" if rest else "")


def with_offset(text: str, local: datetime, lang: str) -> str:
    """`text`, a time shown on the clock for `local` ("02:30", or a date ending with it),
    followed by its UTC offset when that wall time happens twice ("02:30 (UTC+1)"); any
    other time as it is."""
    if not repeated(local):
        return text
    return translate("clock.repeated_time", lang, time=text, offset=utc_offset(local))


def clock_time(local: datetime, lang: str) -> str:
    """The time on the clock of `local`, aware and read in its zone: "18:30", and "02:30
    (UTC+1)" for a time the clocks show twice (see `with_offset`). Every time of day the bot
    shows goes through here or `with_offset`."""
    return with_offset(f"{local:%H:%M}", local, lang)
