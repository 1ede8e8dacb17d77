"""The migration files themselves: one per number, numbered without gaps, so that two schema
changes written in parallel cannot both be applied in an order that depends on their names."""

from __future__ import annotations

from storage import migrate


def test_migration_numbers_are_unique_and_consecutive() -> None:
    numbers = [int(name.split("_")[0]) for name in migrate.known_versions()]
    assert numbers == list(range(len(numbers))), migrate.known_versions()
