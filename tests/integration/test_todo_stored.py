"""`!a-faire` on real storage (SQLite and PostgreSQL): the member's own position in an
anonymous round is read under their pseudonym, and the attendance and roles of a meeting to
come, the answers of a poll, a mandate and a tension are read back as stored."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.integration.scheduling.conftest import Bot, members


@pytest.fixture
async def bot(storage: str) -> Bot:
    return Bot(storage, start=datetime(2026, 11, 23, 9, 0, tzinfo=UTC))


async def test_what_awaits_a_member_is_read_from_storage(bot: Bot) -> None:
    await members(bot, "alice", "bob")
    await bot.say("alice", '!proposer --methode vote --options "Rouge | Vert" --anonyme Couleur')  # 1
    await bot.say("alice", "!proposer --anonyme Jardin")  # 2
    await bot.say("alice", "!suivant #2")
    await bot.say("alice", "!suivant #2")
    await bot.say("bob", "!objection #2 Pas d'eau")
    await bot.say("alice", '!planifier Fête --creneaux "2026-12-01 18:00-20:00 | 2026-12-02 18:00-20:00"')  # 3
    await bot.say("alice", "!reunion AG 2026-12-08 18:30")  # 4
    await bot.say("alice", "!echanger #4 animation @bob")
    await bot.say("alice", "!role @bob accueil --mandat 3 semaines")
    await bot.say("bob", "!tension Le local est trop froid")  # 5
    text = await bot.text("bob", "!a-faire")
    assert text.startswith("Ce que l'assemblée attend de vous (7 points)")
    for expected in ("#1 « Couleur » (anonyme) : vous n'avez pas encore pris position",
                     "#2 « Jardin » : votre objection (v1) est ouverte",
                     "Sondage #3 « Fête » : vous n'avez pas répondu",
                     "Réunion #4 « AG », mar. 8 déc. 2026, 18:30–20:30 : serez-vous là ?",
                     "Réunion #4 « AG », mar. 8 déc. 2026, 18:30–20:30 : votre rôle, animation",
                     "Votre mandat de coordination des nouveaux arrivants se termine le",
                     "Tension #5 « Le local est trop froid »"):
        assert expected in text
    await bot.say("bob", "!vote #1 Vert")
    await bot.say("bob", "!lever #2")
    await bot.say("bob", "!ok #2")
    await bot.say("bob", "!dispo #3 oui non")
    await bot.say("bob", "!present #4 oui")
    text = await bot.text("bob", "!a-faire")
    assert text.startswith("Ce que l'assemblée attend de vous (3 points)")
    assert "#1" not in text and "#2" not in text and "Sondage" not in text and "serez-vous là" not in text
    assert "Vert" not in text
