"""Fixtures of the webhook adapter tests (see webhook_harness)."""

from collections.abc import AsyncIterator

import pytest
from webhook_harness import WebhookHarness, webhook_harness


@pytest.fixture
async def hook() -> AsyncIterator[WebhookHarness]:
    async with webhook_harness() as harness:
        yield harness
