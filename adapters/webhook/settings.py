"""Settings of the generic webhook / slash-command integrations (validated at startup)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
_EXAMPLE_VALUES = {"changeme", "change-me", "example", "secret", "your-secret", "xxx"}
MIN_SECRET_LENGTH = 16


def _check_secret(value: SecretStr | None, what: str) -> SecretStr | None:
    if value is None:
        return None
    secret = value.get_secret_value()
    if secret.strip().lower() in _EXAMPLE_VALUES or len(secret) < MIN_SECRET_LENGTH:
        raise ValueError(
            f"{what} must be a real random value of at least {MIN_SECRET_LENGTH} characters"
        )
    return value


def _check_url(value: str | None) -> str | None:
    if value is None:
        return None
    if not value.startswith(("https://", "http://")) or any(ch.isspace() for ch in value):
        raise ValueError("URLs must start with http:// or https://")
    return value


class IntegrationSettings(BaseModel):
    """One external system talking to the bot.

    - `secret` signs what it sends to `POST /webhook/<name>` and what the bot sends back
      to `outgoing_url` (or to the URL of `room_urls[room]`);
    - `slash_token` (Mattermost, legacy Slack) or `slack_signing_secret` authenticate
      `POST /slash/<name>`; later messages for those channels go to `incoming_webhook_url`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    secret: SecretStr
    outgoing_url: str | None = None
    room_urls: dict[str, str] = Field(default_factory=dict)
    slash_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    incoming_webhook_url: str | None = None
    slash_command: str = "/assemblee"  # how people call the bot, shown in hints
    channel_names: dict[str, str] = Field(default_factory=dict)  # slash channel id → name
    language: Literal["fr", "en"] = "fr"  # for the adapter's own short notices

    @field_validator("secret")
    @classmethod
    def _secret(cls, value: SecretStr) -> SecretStr:
        checked = _check_secret(value, "secret")
        assert checked is not None
        return checked

    @field_validator("slash_token", "slack_signing_secret")
    @classmethod
    def _optional_secret(cls, value: SecretStr | None) -> SecretStr | None:
        return _check_secret(value, "slash_token / slack_signing_secret")

    @field_validator("outgoing_url", "incoming_webhook_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return _check_url(value)

    @field_validator("room_urls")
    @classmethod
    def _room_urls(cls, value: dict[str, str]) -> dict[str, str]:
        for url in value.values():
            _check_url(url)
        return value


class WebhookSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    integrations: dict[str, IntegrationSettings] = Field(default_factory=dict)
    # How long a request waits for the bot's replies before answering without them.
    reply_timeout: float = Field(default=2.5, gt=0, le=10)
    request_timeout: float = Field(default=10.0, gt=0, le=60)

    @field_validator("integrations")
    @classmethod
    def _names(cls, value: dict[str, IntegrationSettings]) -> dict[str, IntegrationSettings]:
        for name in value:
            if not NAME_PATTERN.fullmatch(name):
                raise ValueError(
                    f"integration name {name!r}: use 1 to 32 lower-case letters, digits, - or _"
                )
        return value
