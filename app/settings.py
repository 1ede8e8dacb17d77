"""Settings: `assemblee.toml` (working directory or `--config`), overridden by `ASSEMBLEE_*`
environment variables (nested with `__`, e.g. `ASSEMBLEE_HTTP__PORT`). A wrong or missing
setting stops startup with one line naming it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_CONFIG = Path("assemblee.toml")
EXAMPLE_VALUES = {"changeme", "change-me", "example", "xxx", "your-token-here", "secret", "<token>"}


class SettingsError(Exception):
    """One clear line for the person starting the bot."""


class HttpSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)
    public_url: str | None = None  # how the outside world reaches this server (calendar feeds)


class DeliverySettings(BaseModel):
    max_attempts: int = Field(default=8, ge=1, le=100)
    paused: bool = False  # hold every outgoing message (maintenance); they are kept, not lost


class SchedulerSettings(BaseModel):
    poll_seconds: float = Field(default=1.0, gt=0, le=60)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ASSEMBLEE_", env_nested_delimiter="__", extra="forbid", case_sensitive=False
    )

    database_url: str = ""
    http: HttpSettings = HttpSettings()
    delivery: DeliverySettings = DeliverySettings()
    scheduler: SchedulerSettings = SchedulerSettings()
    log_json: bool = False
    log_level: str = "info"
    # Each network's block is validated by its adapter when it starts.
    matrix: dict[str, Any] | None = None
    telegram: dict[str, Any] | None = None
    discord: dict[str, Any] | None = None
    webhook: dict[str, Any] | None = None

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if not value:
            return "sqlite://" + str(Path("assemblee.db").resolve())
        if not value.startswith(("sqlite://", "postgres://", "postgresql://")):
            raise ValueError("must start with sqlite:// or postgres://")
        return value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        if value.lower() not in ("debug", "info", "warning", "error"):
            raise ValueError("must be debug, info, warning or error")
        return value.lower()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        path = Path(os.environ.get("_ASSEMBLEE_CONFIG_FILE", DEFAULT_CONFIG))
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if path.exists():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)


def load(config: Path | None = None, **overrides: Any) -> Settings:
    """Read the settings or raise `SettingsError` with one line naming what is wrong."""
    if config is not None:
        if not config.exists():
            raise SettingsError(f"configuration file not found: {config}")
        os.environ["_ASSEMBLEE_CONFIG_FILE"] = str(config)
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        env = "ASSEMBLEE_" + "__".join(str(p) for p in first["loc"]).upper()
        raise SettingsError(f"setting {where} ({env}): {first['msg']}") from None
    except Exception as exc:  # noqa: BLE001 - a TOML syntax error, for one: one clear line
        raise SettingsError(f"cannot read the settings: {exc}") from None
    for network in ("matrix", "telegram", "discord", "webhook"):
        block = getattr(settings, network)
        if block:
            _refuse_examples(network, block)
    return settings


def _refuse_examples(prefix: str, block: dict[str, Any]) -> None:
    for key, value in block.items():
        if isinstance(value, dict):
            _refuse_examples(f"{prefix}.{key}", value)
        elif isinstance(value, str) and value.strip().lower() in EXAMPLE_VALUES:
            env = "ASSEMBLEE_" + f"{prefix}.{key}".replace(".", "__").upper()
            raise SettingsError(f"setting {prefix}.{key} ({env}) still has the example value {value!r}")
