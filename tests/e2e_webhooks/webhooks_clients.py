"""What each network sends to the bot's one HTTP server, built the way the network does.

- Telegram: `Update` objects POSTed with the secret header (builders from the Telegram
  integration tests);
- Discord: interactions signed with Ed25519 over timestamp + body by a test key pair;
- generic webhook: JSON signed with HMAC-SHA256 over `<timestamp>.<body>`, and
  Mattermost-style slash command forms with their token.

The signing here is written from the documented schemes, not taken from the adapters.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp
from nacl.signing import SigningKey

TELEGRAM_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


async def post(
    client: aiohttp.ClientSession, url: str, body: bytes, headers: dict[str, str]
) -> tuple[int, Any]:
    """POST raw bytes; (status, decoded JSON answer or raw bytes)."""
    async with client.post(url, data=body, headers=headers) as response:
        raw = await response.read()
        try:
            return response.status, json.loads(raw) if raw else None
        except ValueError:
            return response.status, raw


# --- Telegram -------------------------------------------------------------------------------


@dataclass
class TelegramClient:
    client: aiohttp.ClientSession
    url: str
    secret: str
    api: Any = None  # the fake Bot API: performs a method given in the webhook's reply

    async def send(self, update: dict[str, Any]) -> int:
        body = json.dumps(update).encode()
        status, answer = await self.raw(body, secret=self.secret)
        if status == 200 and self.api is not None:
            self.api.webhook_reply(answer)  # as Telegram would
        return status

    async def raw(
        self, body: bytes, *, secret: str | None, content_type: str = "application/json"
    ) -> tuple[int, Any]:
        headers = {"Content-Type": content_type}
        if secret is not None:
            headers[TELEGRAM_SECRET_HEADER] = secret
        return await post(self.client, self.url, body, headers)


# --- Discord --------------------------------------------------------------------------------


def discord_headers(key: SigningKey, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "X-Signature-Ed25519": key.sign(stamp.encode() + body).signature.hex(),
        "X-Signature-Timestamp": stamp,
        "Content-Type": "application/json",
    }


def option(name: str, value: Any) -> dict[str, Any]:
    kinds = {bool: 5, int: 4}
    return {"name": name, "type": kinds.get(type(value), 3), "value": value}


@dataclass
class DiscordClient:
    client: aiohttp.ClientSession
    url: str
    key: SigningKey
    application_id: str
    channel_id: str = "5555555555"
    guild_id: str = "7777777777"
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def interaction(
        self,
        kind: int,
        data: dict[str, Any] | None,
        user: tuple[str, str],
        *,
        message: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        number = next(self._ids)
        user_id, name = user
        body: dict[str, Any] = {
            "id": str(1_300_000_000_000_000_000 + number),
            "application_id": self.application_id,
            "type": kind,
            "token": f"interaction-token-{number}-{'x' * 20}",
            "version": 1,
            "channel_id": self.channel_id,
            "guild_id": self.guild_id,
            "locale": "fr",
            "member": {
                "user": {"id": user_id, "username": name.lower(), "global_name": name},
                "permissions": "0",
                "nick": None,
            },
        }
        if data is not None:
            body["data"] = data
        if message is not None:
            body["message"] = message
        return body

    def command(self, name: str, user: tuple[str, str], *options: dict[str, Any]) -> dict[str, Any]:
        data = {"id": "1", "name": name, "type": 1, "options": list(options)}
        return self.interaction(2, data, user)

    def button(
        self, custom_id: str, user: tuple[str, str], message: dict[str, Any]
    ) -> dict[str, Any]:
        return self.interaction(
            3, {"custom_id": custom_id, "component_type": 2}, user, message=message
        )

    def modal(
        self, custom_id: str, reason: str, user: tuple[str, str], message: dict[str, Any]
    ) -> dict[str, Any]:
        row = {"type": 1, "components": [{"type": 4, "custom_id": "reason", "value": reason}]}
        return self.interaction(
            5, {"custom_id": custom_id, "components": [row]}, user, message=message
        )

    async def send(self, interaction: dict[str, Any]) -> tuple[int, Any]:
        body = json.dumps(interaction).encode()
        return await post(self.client, self.url, body, discord_headers(self.key, body))


# --- generic webhook and slash commands -------------------------------------------------------


def generic_headers(secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {
        "X-Assemblee-Timestamp": stamp,
        "X-Assemblee-Signature": f"sha256={digest}",
        "Content-Type": "application/json",
    }


def generic_signature_ok(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """What a receiver of the bot's outgoing messages checks."""
    stamp = headers.get("X-Assemblee-Timestamp", "")
    given = headers.get("X-Assemblee-Signature", "")
    if not stamp.isdigit() or abs(time.time() - int(stamp)) > 300:
        return False
    digest = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(given, f"sha256={digest}")


@dataclass
class GenericClient:
    client: aiohttp.ClientSession
    base: str  # http://127.0.0.1:<port>
    name: str
    secret: str
    slash_token: str
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def say(self, room: str, sender: str, text: str, event_id: str | None = None,
                  display_name: str | None = None) -> Any:
        """A signed message; the bot's JSON answer (asserting 200)."""
        payload = {
            "room": room,
            "sender": sender,
            "text": text,
            "event_id": event_id or f"evt-{next(self._ids)}",
        }
        if display_name is not None:
            payload["display_name"] = display_name
        body = json.dumps(payload).encode()
        status, answer = await post(
            self.client, f"{self.base}/webhook/{self.name}", body, generic_headers(self.secret, body)
        )
        assert status == 200, (status, answer)
        return answer

    async def slash(self, channel: str, user: str, text: str, **extra: str) -> tuple[int, Any]:
        fields = {
            "token": self.slash_token,
            "team_id": "team-1",
            "channel_id": channel,
            "channel_name": "place-publique",
            "user_id": user,
            "user_name": user,
            "command": "/assemblee",
            "text": text,
            "trigger_id": f"trigger-{next(self._ids)}",
            **extra,
        }
        body = urlencode(fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return await post(self.client, f"{self.base}/slash/{self.name}", body, headers)
