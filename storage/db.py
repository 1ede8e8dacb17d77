"""Database connection: tortoise-orm on SQLite (WAL) by default, PostgreSQL via asyncpg."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

MODEL_MODULES = ["storage.models", "aerich.models"]

# SQLite: WAL lets `assemblee export` read while the bot writes; NORMAL sync is safe
# against a process crash in WAL mode; busy_timeout waits for the writer instead of failing.
SQLITE_DEFAULTS = {"journal_mode": "WAL", "synchronous": "NORMAL", "busy_timeout": "10000"}


def normalise_url(url: str) -> str:
    """Add the SQLite pragmas we rely on; accept postgresql:// as well as postgres://."""
    if url.startswith("postgresql://"):
        url = "postgres://" + url[len("postgresql://"):]
    if url.startswith("sqlite://") and ":memory:" not in url:
        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query))
        for key, value in SQLITE_DEFAULTS.items():
            query.setdefault(key, value)
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))
    return url


def tortoise_config(url: str) -> dict[str, Any]:
    return {
        "connections": {"default": normalise_url(url)},
        "apps": {"models": {"models": MODEL_MODULES, "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


async def connect(url: str) -> None:
    # tortoise caches each model's prepared SQL by connection *name*; a process that moves
    # from one database kind to another (tests, benchmarks, `migrate new`) must start afresh.
    EXECUTOR_CACHE.clear()
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)


async def disconnect() -> None:
    await Tortoise.close_connections()


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))
