"""Generic signed JSON webhook and Mattermost/Slack-style slash commands."""

from adapters.webhook.adapter import WebhookAdapter
from adapters.webhook.settings import IntegrationSettings, WebhookSettings
from adapters.webhook.signing import signature, signed_headers, verify

__all__ = [
    "IntegrationSettings",
    "WebhookAdapter",
    "WebhookSettings",
    "signature",
    "signed_headers",
    "verify",
]
