"""Settings of the Discord interactions endpoint (validated at startup)."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

_EXAMPLE_VALUES = {"", "changeme", "change-me", "example", "xxx", "your-token", "your-bot-token"}
_HEX_KEY = re.compile(r"[0-9a-fA-F]{64}")
_SNOWFLAKE = re.compile(r"[0-9]{5,25}")


class DiscordSettings(BaseModel):
    """What the Discord developer portal shows for the application.

    `public_key` checks the signature of every interaction; `bot_token` is used for
    channel messages and command registration; `api_base` can point to a test server.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    application_id: str
    public_key: str
    bot_token: SecretStr
    api_base: str = "https://discord.com/api/v10"
    interactions_path: str = "/discord/interactions"
    # How long an interaction waits for the core before answering "deferred" (Discord
    # gives 3 seconds in total for the first answer). 0: always defer, every answer then
    # comes through the outbox (for a host too slow to answer within the window).
    reply_timeout: float = Field(default=2.0, ge=0, le=2.2)
    # Messages that answer an interaction (`reply_to` = its event id) use its token. With
    # a window > 0, any message for the same channel within that many seconds of an
    # interaction is also shown as its follow-up (for cores that do not set `reply_to`).
    followup_window: float = Field(default=0.0, ge=0, le=840)
    max_body_bytes: int = Field(default=256 * 1024, ge=1024, le=4 * 1024 * 1024)
    request_timeout: float = Field(default=10.0, gt=0, le=60)

    @field_validator("application_id")
    @classmethod
    def _snowflake(cls, value: str) -> str:
        if not _SNOWFLAKE.fullmatch(value):
            raise ValueError("application_id must be the numeric id of the Discord application")
        return value

    @field_validator("public_key")
    @classmethod
    def _hex_key(cls, value: str) -> str:
        if not _HEX_KEY.fullmatch(value):
            raise ValueError("public_key must be the 64 hexadecimal characters shown by Discord")
        return value.lower()

    @field_validator("bot_token")
    @classmethod
    def _real_token(cls, value: SecretStr) -> SecretStr:
        secret = value.get_secret_value().strip()
        if secret.lower() in _EXAMPLE_VALUES or len(secret) < 20:
            raise ValueError("bot_token is missing or still an example value")
        return value

    @field_validator("api_base")
    @classmethod
    def _http_base(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("api_base must be an http(s) URL")
        return value.rstrip("/")

    @field_validator("interactions_path")
    @classmethod
    def _path(cls, value: str) -> str:
        if not value.startswith("/") or any(ch in value for ch in "{}?# "):
            raise ValueError("interactions_path must be a plain path starting with '/'")
        return value
