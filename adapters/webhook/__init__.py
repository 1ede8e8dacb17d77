"""Generic signed JSON webhook and Mattermost/Slack-style slash commands."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from adapters.webhook.adapter import WebhookAdapter
from adapters.webhook.settings import IntegrationSettings, WebhookSettings
from adapters.webhook.signing import signature, signed_headers, verify

__all__ = [
    "IntegrationSettings",
    "WebhookAdapter",
    "WebhookSettings",
    "build",
    "signature",
    "signed_headers",
    "verify",
]


def build(block: Mapping[str, Any] | WebhookSettings) -> WebhookAdapter:
    """The adapter for the `[webhook]` settings block (raises pydantic's ValidationError)."""
    settings = (
        block if isinstance(block, WebhookSettings) else WebhookSettings.model_validate(block)
    )
    return WebhookAdapter(settings)
