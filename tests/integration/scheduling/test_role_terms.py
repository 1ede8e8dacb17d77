"""Roles given for a term, on SQLite and PostgreSQL: the mandate is kept on the membership row,
its reminder and its end are due rows that survive a restart and run once; a renewed mandate's
old rows do nothing; two bot processes on one PostgreSQL end each mandate once; a database
migrated from before mandates reads its members as holding none."""

from __future__ import annotations

import asyncio
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aerich import Command
from tortoise import connections

from core.mandates import END_DUE, REMINDER_DUE
from storage import db, migrate
from storage.db import tortoise_config
from storage.models import AssemblyRow, AuditRow, DueRow, InboxRow, MembershipRow, OutboxRow

from .conftest import Bot, members
from .processes import bot_processes
from .test_two_processes import pg  # noqa: F401  (fixture)

ENDS = datetime(2027, 5, 23, 8, 0, tzinfo=UTC)  # six months after 2026-11-23 10:00 in Paris


async def statuses(kind: str) -> list[str]:
    return [row.status for row in await DueRow.filter(kind=kind).order_by("id")]


async def test_a_mandate_is_recalled_then_ended_once_across_a_restart(bot: Bot) -> None:
    await members(bot, "alice", "bob", "carol")
    assert "prend fin le dim. 23 mai 2027, 10:00" in await bot.text("alice", "!role @bob catalyseur --mandat 6m")
    row = await MembershipRow.get(member="console:bob")
    assert row.roles == ["catalyser"]
    assert row.mandates == {"catalyser": {"ends": ENDS.isoformat(), "since": "2026-11-23T09:00:00+00:00",
                                          "by": "console:alice", "term": "6m"}}
    assert [r.due_at for r in await bot.due(REMINDER_DUE)] == [ENDS - timedelta(days=7)]
    assert [r.due_at for r in await bot.due(END_DUE)] == [ENDS]

    await bot.restart()
    assert "bob (mandat jusqu'au dim. 23 mai 2027, 10:00)" in await bot.text("carol", "!role")
    assert await bot.set_time(ENDS - timedelta(days=7, seconds=1)) == []
    (reminder,) = await bot.set_time(ENDS - timedelta(days=7))
    assert reminder.text.startswith("⏳ bob, votre mandat (catalyseur·ice démocratique) prend fin le ")
    assert reminder.mentions == ("console:bob",)
    await bot.restart()
    assert await bot.run_due() == []  # the reminder ran once
    (end,) = await bot.set_time(ENDS)
    assert "Le mandat de bob (catalyseur·ice démocratique), confié le lun. 23 nov. 2026, 10:00 par alice" in end.text
    assert end.text.endswith("Pour le renouveler : !role @bob catalyseur --mandat 6m")
    assert await bot.advance(timedelta(minutes=5)) == []
    row = await MembershipRow.get(member="console:bob")
    assert (row.roles, row.mandates) == ([], {})
    assert await statuses(REMINDER_DUE) == ["done"] and await statuses(END_DUE) == ["done"]
    assert await InboxRow.filter(platform="due").count() == 2
    kinds = [(a.kind, a.member, a.data.get("reason")) for a in await AuditRow.filter(subject="role").order_by("id")]
    assert kinds == [("role_given", "console:bob", None), ("mandate_reminder", "console:bob", None),
                     ("mandate_ended", "console:bob", "term")]


async def test_a_renewed_mandate_leaves_its_old_rows_without_effect(bot: Bot) -> None:
    await members(bot, "alice", "bob")
    await bot.say("alice", "!role @bob catalyseur --mandat 10j")
    assert "Mandat renouvelé" in await bot.text("alice", "!role @bob catalyseur --mandat 6m")
    assert await bot.advance(timedelta(days=11)) == []  # the 10-day term's reminder and end
    assert await statuses(END_DUE) == ["done", "pending"]
    row = await MembershipRow.get(member="console:bob")
    assert row.roles == ["catalyser"] and row.mandates["catalyser"]["ends"] == ENDS.isoformat()
    assert [a.kind for a in await AuditRow.filter(subject="role").order_by("id")] == ["role_given", "mandate_renewed"]


async def test_leaving_ends_the_mandate_on_the_membership_row(bot: Bot) -> None:
    await members(bot, "alice", "bob")
    await bot.say("alice", "!role @bob catalyseur --mandat 10j")
    assert "Fin de mandat avec ce départ : catalyseur·ice démocratique (jusqu'au " in await bot.text("bob", "!quitter")
    row = await MembershipRow.get(member="console:bob")
    assert (row.roles, row.mandates, row.active) == ([], {}, False)
    assert await bot.advance(timedelta(days=11)) == []


async def test_two_processes_end_each_mandate_once(pg: str, tmp_path: Path) -> None:  # noqa: F811
    rooms = 6
    bot = Bot(pg, start=datetime.now(UTC))
    for index in range(rooms):
        room = f"salle-{index}"
        for name in ("alice", "bob"):
            await bot.say(name, "!rejoindre", room=room)
        await bot.say("alice", "!role @bob animation --mandat 30j", room=room)
        await bot.say("alice", "!role moi retirer animation", room=room)  # bob is the last facilitator
    rows = await DueRow.filter(kind__in=(REMINDER_DUE, END_DUE), status="pending")
    assert len(rows) == 2 * rooms
    soon = datetime.now(UTC) + timedelta(seconds=4)
    for row in rows:  # the end after the reminder, both in a few seconds
        row.due_at = soon + timedelta(seconds=1 if row.kind == END_DUE else 0)
        await row.save(update_fields=["due_at"])
    # the term was planned for its end: the rows come due earlier, the mandate is what they check
    for membership in await MembershipRow.filter(member="console:bob"):
        membership.mandates = {"facilitator": {**membership.mandates["facilitator"],
                                               "ends": (soon + timedelta(seconds=1)).isoformat()}}
        await membership.save(update_fields=["mandates"])
    for row in await DueRow.filter(kind__in=(REMINDER_DUE, END_DUE)):
        row.data = {**row.data, "ends": (soon + timedelta(seconds=1)).isoformat()}
        await row.save(update_fields=["data"])

    with bot_processes(2, pg, tmp_path) as processes:
        deadline = time.monotonic() + 60
        while await DueRow.filter(kind__in=(REMINDER_DUE, END_DUE), status="done").count() < 2 * rooms:
            assert time.monotonic() < deadline, "the mandates' rows were not all handled in time"
            for process in processes:
                assert process.process.poll() is None, process.log.read_text()[-2000:]
            await asyncio.sleep(0.2)
        await asyncio.sleep(1.5)  # both keep polling: nothing may come twice

    for index in range(rooms):
        room = f"salle-{index}"
        texts = [r.payload["text"] for r in await OutboxRow.filter(room=room).order_by("id")]
        ended = [t for t in texts if t.startswith("🔔 Le mandat de bob (animation)")]
        assert len(ended) == 1, texts
        assert ended[0].endswith("Plus personne n'anime l'assemblée : tout membre peut confier le rôle avec "
                                 "!role @membre animation.")
        assembly_id = (await AssemblyRow.get(room=room)).id
        assert await AuditRow.filter(assembly_id=assembly_id, subject="role", kind="mandate_ended").count() == 1
        bob = await MembershipRow.get(assembly_id=assembly_id, member="console:bob")
        assert (bob.roles, bob.mandates) == ([], {})
    claimed = await InboxRow.filter(platform="due").values_list("event_id", flat=True)
    assert len(claimed) == len(set(claimed)) == 2 * rooms


async def test_members_from_before_mandates_hold_none(database_url: str, tmp_path: Path) -> None:
    """The migration that adds the mandates to the membership: existing rows read as holding none."""
    location = tmp_path / "before"
    (location / "models").mkdir(parents=True)
    for version in migrate.known_versions():
        if not version.endswith("_role_terms.py"):
            shutil.copy(migrate.VERSIONS / version, location / "models" / version)
    await db.connect(database_url)
    try:
        command = Command(tortoise_config=tortoise_config(database_url), app="models", location=str(location))
        await command.init()
        await command.upgrade(run_in_transaction=True)
        conn = connections.get("default")
        await conn.execute_script(
            "INSERT INTO assembly (platform, room, language, timezone, mode, next_number, feed_token, settings, "
            "created_at, title) VALUES ('console', 'salon', 'fr', 'Europe/Paris', 'explicit', 1, 't', '{}', "
            "'2026-11-23 09:00:00+00:00', '');"
            "INSERT INTO membership (assembly_id, member, roles, active, joined_at) "
            "VALUES (1, 'console:alice', '[\"facilitator\"]', true, '2026-11-23 09:00:00+00:00');")
        applied = await migrate.apply(database_url)
        assert [name.split("_", 2)[2] for name in applied] == ["role_terms.py"]
    finally:
        await db.disconnect()
    await db.connect(database_url)
    try:
        bot = Bot(database_url)
        text = await bot.text("alice", "!role")
        assert "animation : alice\n" in text and "mandat" not in text.split("\n")[1]
        assert "alice (mandat jusqu'au" in await bot.text("alice", "!role @alice animation --mandat 1an") + \
            await bot.text("alice", "!role")
    finally:
        await db.disconnect()


async def test_a_forgotten_giver_is_kept_anonymous_on_the_mandates_they_gave(bot: Bot) -> None:
    await members(bot, "alice", "bob", "carol")
    await bot.say("alice", "!role @carol animation")
    await bot.say("alice", "!role @bob catalyseur --mandat 10j")
    await bot.say("alice", "!oublier confirmer")
    row = await MembershipRow.get(member="console:bob")
    assert row.mandates["catalyser"]["by"].startswith("anon:")
    assert not await MembershipRow.filter(member="console:alice").exists()
    (end,) = await bot.advance(timedelta(days=10))
    assert "par anonyme" in end.text and "alice" not in end.text


async def test_forgetting_leaves_no_trace_of_the_member_in_the_rows_about_roles(bot: Bot) -> None:
    await members(bot, "alice", "bob", "carol")
    await bot.say("alice", "!role @carol animation")
    await bot.say("alice", "!role @bob catalyseur --mandat 10j")  # alice gave it
    await bot.say("carol", "!role @alice catalyseur --mandat 3 semaines")  # alice holds one
    await bot.say("alice", "!oublier confirmer")
    audit = [(row.member, row.data) for row in await AuditRow.all()]
    due = [row.data for row in await DueRow.filter(kind__in=(REMINDER_DUE, END_DUE))]
    assert audit and due
    assert "console:alice" not in repr(audit) and "console:alice" not in repr(due)
