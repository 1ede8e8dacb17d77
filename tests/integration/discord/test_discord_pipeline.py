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


def command(number: int, data: dict[str, Any], *, channel: str = "5555555555",
            user: tuple[str, str] = ("123456789012345678", "alice")) -> bytes:
    return json.dumps(
        {
            "id": str(1400000000000000000 + number),
            "application_id": APP_ID,
            "type": 2,
            "token": f"token-{number}",
            "channel_id": channel,
            "guild_id": "7777777777",
            "locale": "fr",
            "member": {
                "user": {"id": user[0], "username": user[1]},
                "permissions": "0",
            },
            "data": data,
        }
    ).encode()


async def answered(endpoint: tuple[str, Signer, aiohttp.ClientSession, FakeDiscordAPI], number: int,
                   data: dict[str, Any], **where: Any) -> str:
    """The content of the bot's answer to slash command `number` (see `command`)."""
    url, signer, client, _ = endpoint
    body = command(number, data, **where)
    async with client.post(url, data=body, headers=signer.headers(body)) as response:
        assert response.status == 200
        answer: dict[str, Any] = await response.json()
        content: str = answer["data"]["content"]
        return content


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


async def test_role_by_slash_command_gives_a_mandate_lists_roles_and_explains_itself(
    endpoint: tuple[str, Signer, aiohttp.ClientSession, FakeDiscordAPI],
) -> None:
    async def post(number: int, data: dict[str, Any]) -> str:
        return await answered(endpoint, number, data)

    await post(1, slash("join"))
    alice = {"name": "member", "type": 6, "value": "123456789012345678"}
    given = await post(2, slash("role", alice, opt("role", "catalyseur"), opt("term", "3 semaines")))
    assert "catalyse" in given.lower() and "<@123456789012345678>" in given
    listed = await post(3, slash("role"))
    assert "<@123456789012345678>" in listed and "catalyse" in listed.lower()
    assert "mandat : 6m" in listed and "--mandat" not in listed  # how to give one, with the options
    # one of member and role alone: the usage, worded with the slash command's options
    for number, data in ((4, slash("role", opt("role", "catalyseur"))), (5, slash("role", alice))):
        usage = await post(number, data)
        assert usage.startswith("Usage : /role") and "mandat : 6m" in usage and "!role" not in usage
    assert "catalyse" in (await post(6, slash("role"))).lower()  # the refusals changed nothing


async def test_a_channel_federates_another_by_slash_command_and_accounts_are_linked_the_same_way(
    endpoint: tuple[str, Signer, aiohttp.ClientSession, FakeDiscordAPI],
) -> None:
    """`/federer texte:inviter` in one channel gives a code; `/federer texte:<code>` in another
    makes it part of the assembly; the hints name the slash commands (`/federer`, `/lier`)."""
    bob = ("234567890123456789", "bob")

    async def post(number: int, data: dict[str, Any], **where: Any) -> str:
        return await answered(endpoint, number, data, **where)

    await post(1, slash("join"))
    alone = await post(2, slash("federate"))
    assert "/federer inviter" in alone and "!federer" not in alone
    invited = await post(3, slash("federate", opt("text", "inviter")))
    found = re.search(r"/federer ([A-Z0-9]{4}-[A-Z0-9]{4})\b", invited)
    assert found is not None and "!federer" not in invited, invited
    await post(4, slash("join"), channel="6666666666", user=bob)
    joined = await post(5, slash("federate", opt("text", found.group(1))), channel="6666666666", user=bob)
    assert "a rejoint l'assemblée" in joined and "/federer" in joined, joined
    listed = await post(6, slash("federate"), channel="6666666666", user=bob)
    assert listed.count("Discord ") == 2 and "(ici)" in listed, listed
    # `/lier code:retirer` from an account linked to none: told how to link one, by `/lier`
    unlinked = await post(7, slash("link", opt("code", "retirer")), user=bob)
    assert "/lier" in unlinked and "!lier" not in unlinked, unlinked
