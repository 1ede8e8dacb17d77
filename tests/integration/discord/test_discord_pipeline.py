"""The Discord adapter in front of the real pipeline and core, on SQLite."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from discord_harness import APP_ID, FakeDiscordAPI, Signer, make_settings, opt, slash
from nacl.signing import SigningKey

from adapters.discord import DiscordAdapter


@pytest.fixture
async def endpoint(
    served: Any, fake_api: tuple[FakeDiscordAPI, str]
) -> AsyncIterator[tuple[str, Signer, aiohttp.ClientSession, FakeDiscordAPI]]:
    api, base = fake_api
    key = SigningKey.generate()
    adapter = DiscordAdapter(make_settings(key.verify_key.encode().hex(), base, reply_timeout=2.0))
    async with served(adapter, "discord") as s:
        yield s.root + "/discord/interactions", Signer(key), s.client, api


def command(number: int, data: dict[str, Any]) -> bytes:
    return json.dumps(
        {
            "id": str(1400000000000000000 + number),
            "application_id": APP_ID,
            "type": 2,
            "token": f"token-{number}",
            "channel_id": "5555555555",
            "guild_id": "7777777777",
            "locale": "fr",
            "member": {
                "user": {"id": "123456789012345678", "username": "alice"},
                "permissions": "0",
            },
            "data": data,
        }
    ).encode()


async def test_slash_commands_through_the_core(
    endpoint: tuple[str, Signer, aiohttp.ClientSession, FakeDiscordAPI],
) -> None:
    url, signer, client, _ = endpoint

    async def post(body: bytes) -> dict[str, Any]:
        async with client.post(url, data=body, headers=signer.headers(body)) as response:
            assert response.status == 200
            answer: dict[str, Any] = await response.json()
            return answer

    joined = await post(command(1, slash("join")))
    assert joined["type"] == 4
    assert "<@123456789012345678>" in joined["data"]["content"]  # the member, as a mention
    proposed = await post(command(2, slash("propose", opt("title", "Jardin partagé"))))
    assert proposed["type"] == 4 and "Jardin partagé" in proposed["data"]["content"]
    assert re.search(r"(?<!\w)!\w", proposed["data"]["content"]) is None  # hints use /commands
    again = await post(command(2, slash("propose", opt("title", "Jardin partagé"))))
    assert again["data"]["flags"] == 64  # replay: not a second proposal
    status = await post(command(3, slash("status", opt("number", 1))))
    assert "#1" in status["data"]["content"] and "Jardin partagé" in status["data"]["content"]
    refused = await post(command(4, slash("consent", opt("number", 9))))
    assert refused["type"] == 4 and "9" in refused["data"]["content"]
