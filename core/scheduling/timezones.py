"""IANA time zones: turn what a member typed into a `ZoneInfo`, or a clear refusal."""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from core.errors import DomainError

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
