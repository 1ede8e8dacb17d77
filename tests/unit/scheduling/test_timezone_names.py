from zoneinfo import ZoneInfo

import pytest

from core.scheduling.timezones import timezone_name, zone


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Europe/Paris", "Europe/Paris"),
        ("  europe/paris ", "Europe/Paris"),
        ("America/Montreal", "America/Montreal"),
        ("Paris", "Europe/Paris"),
        ("new york", "America/New_York"),
        ("UTC", "UTC"),
    ],
)
def test_known_zones_are_accepted(typed: str, expected: str) -> None:
    assert timezone_name(typed) == expected
    assert zone(typed) == ZoneInfo(expected)


@pytest.mark.parametrize(
    "typed", ["Mars/Olympus", "Europe", "../../etc/passwd", "", "Europe/Paris; rm -rf", "x" * 100]
)
def test_unknown_zone_is_a_friendly_error(typed: str, domain_error) -> None:
    with domain_error("schedule.unknown_timezone", zone=typed.strip()):
        zone(typed)
