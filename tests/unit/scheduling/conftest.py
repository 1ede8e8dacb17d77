"""Shared fixtures of the scheduling tests: a fake clock and a DomainError checker."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime

import pytest

from core.clock import FakeClock
from core.dispatch import example_days
from core.errors import DomainError
from core.i18n import LANGUAGES, placeholders, translate

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


class Caught:
    error: DomainError


@contextmanager
def _expect(key: str, **params: object) -> Iterator[Caught]:
    """The block must raise DomainError(`key`) with at least `params`, and the message
    must render in every language with all its placeholders filled."""
    caught = Caught()
    with pytest.raises(DomainError) as info:
        yield caught
    caught.error = info.value
    assert info.value.key == key, info.value
    for name, value in params.items():
        assert info.value.params.get(name) == value, info.value
    for lang in LANGUAGES:  # the room's answer adds example dates to every refusal (core.dispatch)
        text = translate(key, lang, **{**example_days(NOW), **info.value.params})
        assert text != key, f"{key} missing in {lang}"
        assert not placeholders(text), f"{key} left {placeholders(text)} unfilled in {lang}"


@pytest.fixture
def domain_error() -> Callable[..., AbstractContextManager[Caught]]:
    return _expect
