"""TelegramSettings refuses example and malformed values with a useful message."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from pydantic import ValidationError
from telegram_harness import make_token

from adapters.telegram import TelegramSettings


def values(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "token": make_token(),
        "webhook_secret": secrets.token_urlsafe(32),
        "public_url": "https://assemblee.quartier.test/",
    }
    base.update(overrides)
    return base


def test_valid_settings_and_defaults() -> None:
    settings = TelegramSettings(**values(bot_username="@Assemblee_Bot"))
    assert settings.api_base == "https://api.telegram.org"
    assert settings.webhook_path == "/telegram/webhook"
    assert settings.webhook_url == "https://assemblee.quartier.test/telegram/webhook"
    assert settings.bot_username == "Assemblee_Bot"
    assert settings.bot_id == int(settings.token.get_secret_value().partition(":")[0])
    assert "token" not in repr(settings.token)  # secrets stay out of logs


@pytest.mark.parametrize(
    ("field", "value", "hint"),
    [
        ("token", "123:ABC", "example"),
        ("token", "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11", "example"),
        ("token", "123456789:changeme-changeme-changeme-changeme", "example"),
        ("token", "not a token", "shape"),
        ("token", "12345678:short", "shape"),
        ("webhook_secret", "changeme", "example"),
        ("webhook_secret", "secret", "example"),
        ("webhook_secret", "has spaces in it", "A-Z"),
        ("webhook_secret", "é" * 10, "A-Z"),
        ("webhook_secret", "a" * 257, "A-Z"),
        ("webhook_secret", "", "A-Z"),
        ("public_url", "http://assemblee.quartier.test", "https"),
        ("public_url", "assemblee.quartier.test", "https"),
        ("public_url", "https://assemblee.quartier.test/?x=1", "'?'"),
        ("api_base", "ftp://api.telegram.org", "http"),
        ("webhook_path", "telegram/webhook", "start with '/'"),
        ("bot_username", "no spaces allowed", "username"),
    ],
)
def test_bad_values_are_refused(field: str, value: str, hint: str) -> None:
    with pytest.raises(ValidationError) as raised:
        TelegramSettings(**values(**{field: value}))
    assert hint in str(raised.value)


def test_missing_secret_is_refused() -> None:
    settings = values()
    del settings["webhook_secret"]
    with pytest.raises(ValidationError, match="webhook_secret"):
        TelegramSettings(**settings)


def test_plain_http_api_base_is_allowed_for_a_local_bot_api_server() -> None:
    settings = TelegramSettings(**values(api_base="http://127.0.0.1:8081/"))
    assert settings.api_base == "http://127.0.0.1:8081"
