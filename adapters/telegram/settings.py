"""Settings of the Telegram adapter, validated when the bot starts.

A missing or example value stops startup with a message that says what to put instead.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

# A token as given by @BotFather: the bot's numeric id, a colon, then a long random part.
_TOKEN_RE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")
# Telegram's rule for the secret_token of setWebhook.
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_USERNAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
# Values copied from documentation or templates rather than generated.
# Long enough that a randomly generated value never contains one by chance.
_EXAMPLE_WORDS = (
    "changeme",
    "change-me",
    "change_me",
    "replaceme",
    "example",
    "yourtoken",
    "your-token",
    "your_token",
    "yoursecret",
    "your-secret",
    "your_secret",
    "xxxxxxxx",
)
_EXAMPLE_SECRETS = {"secret", "password", "webhook", "telegram", "test"}
_DOC_EXAMPLE_TOKENS = {"123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11", "123:ABC"}

DEFAULT_API_BASE = "https://api.telegram.org"
DEFAULT_WEBHOOK_PATH = "/telegram/webhook"
DEFAULT_MAX_BODY_BYTES = 1024 * 1024


def _looks_like_example(value: str) -> bool:
    lowered = value.lower()
    return any(word in lowered for word in _EXAMPLE_WORDS)


def _check_http_url(value: str, *, https_only: bool, field: str) -> str:
    parts = urlsplit(value)
    allowed = ("https",) if https_only else ("https", "http")
    if parts.scheme not in allowed or not parts.hostname:
        expected = "https://host" if https_only else "http(s)://host"
        raise ValueError(f"{field} must be a full URL like {expected}, got {value!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"{field} must not contain '?' or '#': {value!r}")
    return value.rstrip("/")


class TelegramSettings(BaseModel):
    """`[telegram]` section of assemblee.toml (env: ASSEMBLEE_TELEGRAM__TOKEN, …)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    token: SecretStr = Field(description="Bot token given by @BotFather")
    webhook_secret: SecretStr = Field(
        description="Random string Telegram sends back in X-Telegram-Bot-Api-Secret-Token"
    )
    public_url: str = Field(description="Public https address of this server, without the path")
    api_base: str = DEFAULT_API_BASE
    webhook_path: str = DEFAULT_WEBHOOK_PATH
    bot_username: str | None = None
    max_body_bytes: int = Field(default=DEFAULT_MAX_BODY_BYTES, ge=1024, le=50 * 1024 * 1024)
    request_timeout: float = Field(default=30.0, gt=0, le=300)
    # What each native poll the bot sent stands for: kept on disk, so that answers given
    # after a restart still count (a time poll stays open for days).
    polls_path: Path = Path("data/telegram/polls.json")

    @field_validator("token")
    @classmethod
    def _token_is_real(cls, value: SecretStr) -> SecretStr:
        token = value.get_secret_value().strip()
        if token in _DOC_EXAMPLE_TOKENS or _looks_like_example(token.partition(":")[2]):
            raise ValueError(
                "telegram token is an example value: paste the token @BotFather gave you"
            )
        if not _TOKEN_RE.match(token):
            raise ValueError(
                "telegram token has the wrong shape: expected '<digits>:<about 35 characters>' "
                "as given by @BotFather"
            )
        return SecretStr(token)

    @field_validator("webhook_secret")
    @classmethod
    def _secret_is_valid(cls, value: SecretStr) -> SecretStr:
        secret = value.get_secret_value()
        if not _SECRET_RE.match(secret):
            raise ValueError(
                "telegram webhook_secret must be 1 to 256 characters among A-Z a-z 0-9 _ - "
                "(for example the output of: python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))')"
            )
        if secret.lower() in _EXAMPLE_SECRETS or _looks_like_example(secret):
            raise ValueError("telegram webhook_secret is an example value: generate a random one")
        return value

    @field_validator("public_url")
    @classmethod
    def _public_url_is_https(cls, value: str) -> str:
        return _check_http_url(value.strip(), https_only=True, field="telegram public_url")

    @field_validator("api_base")
    @classmethod
    def _api_base_is_url(cls, value: str) -> str:
        return _check_http_url(value.strip(), https_only=False, field="telegram api_base")

    @field_validator("webhook_path")
    @classmethod
    def _path_is_absolute(cls, value: str) -> str:
        if not value.startswith("/") or any(c in value for c in "?# "):
            raise ValueError(f"telegram webhook_path must start with '/', got {value!r}")
        return value

    @field_validator("bot_username")
    @classmethod
    def _username_shape(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        name = value.strip().removeprefix("@")
        if not _USERNAME_RE.match(name):
            raise ValueError(f"telegram bot_username is not a Telegram username: {value!r}")
        return name

    @property
    def webhook_url(self) -> str:
        return self.public_url + self.webhook_path

    @property
    def bot_id(self) -> int:
        return int(self.token.get_secret_value().partition(":")[0])
