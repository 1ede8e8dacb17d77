"""Settings of the Matrix adapter (nested as `ASSEMBLEE_MATRIX__*` by the composition root)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Self
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

USER_ID_PATTERN = re.compile(r"^@[a-z0-9._=\-/+]+:[A-Za-z0-9.\-\[\]:]+$", re.IGNORECASE)


class MatrixSettings(BaseModel):
    """How the bot reaches its homeserver and whom it listens to.

    - `homeserver`: base URL of the client API, e.g. `https://matrix.example.org`;
    - `user_id`: the bot's full MXID, e.g. `@assemblee:example.org`;
    - `password` or `access_token`: at least one; with a password the bot logs in once,
      then reuses the device and token kept in `store_path`;
    - `store_path`: a private folder for the session file and the encryption keys;
    - `allowed_inviters`: comma-separated MXID globs (`@*:example.org, @ana:other.net`)
      whose invites the bot accepts; empty means "users of the bot's own server" (on a
      public homeserver, everyone there: the adapter warns of it at start-up);
    - `e2e`: read and answer in encrypted rooms;
    - `language`: language of the few messages the adapter sends on its own.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    homeserver: str
    user_id: str
    password: SecretStr | None = None
    access_token: SecretStr | None = None
    device_name: str = "Assemblée"
    store_path: Path = Path("data/matrix")
    allowed_inviters: str = ""
    e2e: bool = True
    language: str = "fr"
    sync_timeout_ms: int = Field(default=30_000, ge=0, le=120_000)
    sync_timeline_limit: int = Field(default=100, ge=1, le=1000)

    @field_validator("homeserver")
    @classmethod
    def _check_homeserver(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("homeserver must be an http(s) URL such as https://matrix.example.org")
        if parts.query or parts.fragment:
            raise ValueError("homeserver must not contain a query or a fragment")
        return value

    @field_validator("user_id")
    @classmethod
    def _check_user_id(cls, value: str) -> str:
        value = value.strip()
        if not USER_ID_PATTERN.match(value):
            raise ValueError("user_id must be a full Matrix id such as @assemblee:example.org")
        return value

    @field_validator("password", "access_token")
    @classmethod
    def _blank_is_none(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().strip():
            return None
        return value

    @model_validator(mode="after")
    def _need_a_secret(self) -> Self:
        if self.password is None and self.access_token is None:
            raise ValueError("set either password or access_token for the Matrix bot account")
        return self

    @property
    def server_name(self) -> str:
        return self.user_id.split(":", 1)[1]

    @property
    def inviter_globs(self) -> tuple[str, ...]:
        globs = tuple(g.strip() for g in self.allowed_inviters.split(",") if g.strip())
        return globs or (f"@*:{self.server_name}",)
