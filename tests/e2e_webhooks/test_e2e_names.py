"""People keep their names across a restart of the real `assemblee run`: after it, the bot
shows by name members who have not spoken since (on the generic webhook, its slash commands
and Telegram), not by their ids."""

from __future__ import annotations

from typing import Any

from webhooks_networks import Networks

from tests.integration.telegram.telegram_updates import GROUP, user

ROOM = "place"
CHANNEL = "chan-7"
AMINA = user(123456789, "Amina", last_name="Diallo")
LOU = user(345678912, "Lou")


def texts(answer: dict[str, Any]) -> str:
    return "\n".join(reply["text"] for reply in answer["replies"])


async def test_names_are_shown_after_a_restart(networks: Networks) -> None:
    g, bot, api = networks.generic, networks.bot, networks.telegram_api

    async def telegram(sender: dict[str, Any], text: str) -> str:
        before = len(api.sent)
        assert await networks.telegram.send(networks.updates.message(text, sender=sender, chat_id=GROUP)) == 200
        await bot.wait_idle()
        return "\n".join(sent.text for sent in api.sent[before:])

    # -- before: each person speaks under their name ---------------------------------------
    await g.say(ROOM, "alice", "!rejoindre", display_name="Alice Martin")
    await g.say(ROOM, "bob", "!rejoindre", display_name="Bob Leroy")
    await g.say(ROOM, "alice", "!proposer Vélos partagés", display_name="Alice Martin")
    for _ in range(2):
        await g.say(ROOM, "alice", "!suivant #1", display_name="Alice Martin")
    await g.say(ROOM, "alice", "!consentement #1", display_name="Alice Martin")

    await g.slash(CHANNEL, "u-1", "join", user_name="camille")
    await g.slash(CHANNEL, "u-1", "propose Fête de rue", user_name="camille")

    await telegram(AMINA, "/rejoindre")
    await telegram(AMINA, "/proposer Boîte à livres")

    # -- the bot stops and starts again on the same database -------------------------------
    await bot.stop()
    await bot.start()
    g.base = bot.url("")
    networks.telegram.url = bot.url("/telegram/webhook")

    # -- after: people who have not spoken since are shown by name ----------------------------
    status = texts(await g.say(ROOM, "bob", "!etat #1", display_name="Bob Leroy"))
    assert "Alice Martin" in status and "quartier:alice" not in status, status

    code, answer = await g.slash(CHANNEL, "u-2", "join", user_name="dominique")
    assert code == 200
    code, answer = await g.slash(CHANNEL, "u-2", "status 1", user_name="dominique")
    assert code == 200 and "camille" in answer["text"] and "u-1" not in answer["text"], answer

    await telegram(LOU, "/rejoindre")
    shown = await telegram(LOU, "/etat 1")
    assert "Amina Diallo" in shown and "123456789" not in shown, shown
    assert bot.errors() == []


async def test_a_username_finds_its_member_after_a_restart(networks: Networks) -> None:
    """Bob spoke before the restart and not since: `@bob_t` (his Telegram username, in any
    case) still finds him, and he gets the role."""
    bot, api = networks.bot, networks.telegram_api
    alice = user(111222333, "Alice")
    bob = user(234567891, "Bob", username="Bob_T")

    async def telegram(sender: dict[str, Any], text: str) -> str:
        before = len(api.sent)
        assert await networks.telegram.send(networks.updates.message(text, sender=sender, chat_id=GROUP)) == 200
        await bot.wait_idle()
        return "\n".join(sent.text for sent in api.sent[before:])

    await telegram(alice, "/rejoindre")
    await telegram(bob, "/rejoindre")

    await bot.stop()
    await bot.start()
    networks.telegram.url = bot.url("/telegram/webhook")

    given = await telegram(alice, "/role @bob_t catalyseur")
    assert "Bob" in given and "@bob_t" not in given, given
    [(roles,)] = bot.query("SELECT roles FROM membership WHERE member = ?", "telegram:234567891")
    assert "catalyser" in roles, roles
    assert bot.errors() == []
