"""Fixtures of the end-to-end webhook tests: the real `assemblee run` process behind its
webhooks (see webhooks_networks, webhooks_bot and webhooks_clients)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from webhooks_networks import Networks, StartBot, bot_starter


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "e2e_webhooks: the real bot process behind its webhooks (tests/e2e_webhooks)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e_webhooks)


@pytest.fixture
async def start_bot(tmp_path: Path) -> AsyncIterator[StartBot]:
    """`await start_bot(**extra_env)` starts the fakes and the bot, stopped after the test."""
    async with bot_starter(tmp_path / "bot") as start:
        yield start


@pytest.fixture
async def networks(start_bot: StartBot) -> Networks:
    """The bot with its default settings."""
    return await start_bot()
