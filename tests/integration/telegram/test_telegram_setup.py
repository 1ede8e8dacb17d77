"""Webhook registration and the command menu, checked by the fake Bot API."""

from __future__ import annotations

import re

import pytest
from fake_bot_api import FakeBotApi
from pydantic import ValidationError
from telegram_harness import BOT_USERNAME, Harness, settings_for

from adapters.telegram import build
from adapters.telegram.cli import TelegramSetupError, set_webhook_command
from adapters.telegram.commands import MENU, to_core_text
from adapters.telegram.setup import ALLOWED_UPDATES
from core.commands import VERBS


async def test_set_webhook(harness: Harness) -> None:
    await harness.adapter.set_webhook()
    assert harness.fake.rejected == []
    assert harness.fake.webhook == {
        "url": "https://assemblee.quartier.test/telegram/webhook",
        "secret_token": harness.settings.webhook_secret.get_secret_value(),
        "allowed_updates": list(ALLOWED_UPDATES),
        "drop_pending_updates": False,
    }


async def test_set_my_commands_in_english_and_french(harness: Harness) -> None:
    await harness.adapter.set_my_commands()
    assert harness.fake.rejected == []
    english = {c["command"]: c["description"] for c in harness.fake.commands[("default", "")]}
    french = {c["command"]: c["description"] for c in harness.fake.commands[("default", "fr")]}
    assert "withdraw_objection" in english and "propose" in english
    assert english["object"] == "Object, with a reason: /object 3 your reason"
    assert "lever" in french and "compte_rendu" in french and "mes_donnees" in french
    assert french["objection"].startswith("Objecter")
    assert len(english) == len(MENU)
    assert french["abstenir"].startswith("S'abstenir")  # stand aside; /abstention is abstain
    # mandates and the welcome text are found in the menu, in each language
    assert "--term 6m" in english["role"] and "--mandat 6m" in french["role"]
    assert "/welcome remove" in english["welcome"] and "/bienvenue retirer" in french["bienvenue"]
    # several rooms as one assembly, several accounts as one member: how to go about it
    assert "/federate invite" in english["federate"] and "/federer inviter" in french["federer"]
    assert "/federate remove" in english["federate"] and "/federer retirer" in french["federer"]
    assert "/link remove" in english["link"] and "/lier retirer" in french["lier"]
    for menu in (english, french):
        assert len(menu) <= 100
        for name, description in menu.items():
            assert re.fullmatch(r"[a-z0-9_]{1,32}", name) and 1 <= len(description) <= 256, name


def test_every_menu_command_reaches_the_core_as_the_same_verb() -> None:
    for entry in MENU:
        canonical = VERBS[entry.english.replace("_", "-")]
        for name in filter(None, (entry.english, entry.french)):
            core_text = to_core_text(f"/{name} 3", BOT_USERNAME)
            assert VERBS.get(core_text.removeprefix("!").split()[0]) == canonical, name


async def test_set_webhook_command_reports_to_the_operator(fake_api: FakeBotApi) -> None:
    message = await set_webhook_command(settings_for(fake_api))
    assert fake_api.rejected == []
    assert [call.method for call in fake_api.calls] == [
        "getMe",
        "setWebhook",
        "setMyCommands",
        "setMyCommands",
        "getWebhookInfo",
    ]
    assert f"@{BOT_USERNAME}" in message
    assert "https://assemblee.quartier.test/telegram/webhook" in message
    assert "/setprivacy" in message  # the fake bot runs in privacy mode, as bots do by default


async def test_set_webhook_command_explains_a_refused_token(fake_api: FakeBotApi) -> None:
    fake_api.fail_next("getMe", 401, "Unauthorized")
    with pytest.raises(TelegramSetupError, match="@BotFather"):
        await set_webhook_command(settings_for(fake_api))


async def test_set_webhook_command_explains_a_refused_webhook(fake_api: FakeBotApi) -> None:
    fake_api.fail_next("setWebhook", 400, "Bad Request: bad webhook: Failed to resolve host")
    with pytest.raises(TelegramSetupError, match="Failed to resolve host"):
        await set_webhook_command(settings_for(fake_api))


async def test_set_webhook_command_takes_the_raw_settings_block(fake_api: FakeBotApi) -> None:
    block = settings_for(fake_api).model_dump()
    block["token"] = fake_api.token
    block["webhook_secret"] = "s3cr3t-Random_Value"
    message = await set_webhook_command(block)
    assert fake_api.webhook["secret_token"] == "s3cr3t-Random_Value"
    assert "https://assemblee.quartier.test/telegram/webhook" in message

    block["public_url"] = "http://not-https.test"
    with pytest.raises(TelegramSetupError, match="public_url"):
        await set_webhook_command(block)


def test_build_validates_the_settings_block(fake_api: FakeBotApi) -> None:
    adapter = build(
        {"token": fake_api.token, "webhook_secret": "abc-DEF_123", "public_url": "https://a.test"}
    )
    assert adapter.platform == "telegram"
    assert [route.path for route in adapter.routes()] == ["/telegram/webhook"]
    with pytest.raises(ValidationError):
        build({"token": "123:ABC", "webhook_secret": "abc", "public_url": "https://a.test"})
