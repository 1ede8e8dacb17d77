"""Reminders are rows of the due table: they survive restarts, fire once, and after a
downtime are sent once marked late, or dropped once the meeting has started."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from storage.models import DueRow, InboxRow, MeetingRoleRow

from .conftest import Bot, members

PARIS = ZoneInfo("Europe/Paris")
START = datetime(2026, 12, 8, 19, 0, tzinfo=PARIS)
LATE = "(Rappel en retard"


async def meeting(bot: Bot, extra: str = "") -> None:
    await members(bot, "alice", "bob", "carol", "dave")
    await bot.say("alice", f'!reunion AG de quartier 2026-12-08 19:00-21:00 --lieu "Salle des fêtes" {extra}')
    for name in ("bob", "carol", "dave"):
        await bot.say(name, "!present #1 oui")


def reminders(messages: list) -> list:  # type: ignore[type-arg]
    return [m for m in messages if "⏰ Rappel" in m.text]


async def test_day_before_and_hour_before_fire_once_across_a_restart(bot: Bot) -> None:
    await meeting(bot)
    await bot.say("bob", "!odj #1 ajouter Budget 2027")
    assert reminders(await bot.set_time(START - timedelta(days=1, minutes=1))) == []

    (day_before,) = reminders(await bot.set_time(START - timedelta(days=1)))
    assert day_before.thread_key == "meeting:1"
    assert "dans 1 j" in day_before.text and "Salle des fêtes" in day_before.text
    assert "1. Budget 2027" in day_before.text  # the agenda comes with the reminder
    assert LATE not in day_before.text
    # Roles are proposed with the first reminder, among those coming.
    roles = await MeetingRoleRow.all()
    assert {r.role for r in roles} == {"facilitator", "note_taker", "time_keeper"}
    assert {r.member for r in roles} == {"console:bob", "console:carol", "console:dave"}
    assert "Rôles :" in day_before.text
    assert set(day_before.mentions) >= {"console:bob", "console:carol", "console:dave"}

    await bot.restart()
    assert await bot.run_due() == []  # nothing fires twice
    (hour_before,) = reminders(await bot.set_time(START - timedelta(minutes=59)))
    assert "dans 59 min" in hour_before.text
    await bot.restart()
    assert reminders(await bot.set_time(START + timedelta(days=2))) == []

    rows = await bot.due("meeting.reminder")
    assert [r.status for r in rows] == ["done", "done"]
    assert [r.due_at for r in rows] == [START - timedelta(days=1), START - timedelta(hours=1)]
    assert len(await bot.audit("reminder_sent")) == 2
    assert await InboxRow.filter(platform="due").count() == 2  # each row claimed once


async def test_late_after_downtime_is_sent_once_and_marked(bot: Bot) -> None:
    await meeting(bot)
    # The bot was down from two days before until 30 minutes before the meeting: both
    # reminders are overdue; members get one, saying it is late.
    sent = reminders(await bot.set_time(START - timedelta(minutes=30)))
    assert len(sent) == 1 and sent[0].text.startswith(LATE)
    assert reminders(await bot.advance(timedelta(minutes=1))) == []
    assert len(await bot.audit("reminder_late")) == 1
    assert await DueRow.filter(kind="meeting.reminder", status="pending").count() == 0


async def test_dropped_once_the_meeting_started(bot: Bot) -> None:
    await meeting(bot)
    assert reminders(await bot.set_time(START + timedelta(minutes=5))) == []
    assert len(await bot.audit("reminder_dropped")) == 1
    assert await bot.audit("reminder_sent") == [] and await bot.audit("reminder_late") == []


async def test_rescheduling_replans_and_old_reminders_never_fire(bot: Bot) -> None:
    await meeting(bot)
    await bot.say("alice", "!reporter #1 2026-12-15 19:00")
    assert reminders(await bot.set_time(START - timedelta(hours=1))) == []
    (moved,) = reminders(await bot.set_time(START + timedelta(days=6)))
    assert "mar. 15 déc. 2026, 19:00–21:00" in moved.text
    pending = await DueRow.filter(kind="meeting.reminder", status="pending")
    assert [r.due_at for r in pending] == [START + timedelta(days=7) - timedelta(hours=1)]


async def test_cancelled_meeting_is_not_reminded(bot: Bot) -> None:
    await meeting(bot)
    await bot.say("alice", "!annuler #1")
    assert reminders(await bot.set_time(START - timedelta(minutes=59))) == []
    assert await DueRow.filter(kind="meeting.reminder", status="pending").count() == 0


async def test_reminder_times_are_configurable_per_assembly(bot: Bot) -> None:
    await meeting(bot)
    assert "1 j, 1 h" in await bot.text("bob", "!rappels")
    assert "catalyseur" in await bot.text("bob", "!rappels 3j")
    changed = await bot.text("alice", "!rappels 2j 30min")
    assert "2 j, 30 min" in changed and "(1 réunion à venir mise à jour)" in changed
    (two_days,) = reminders(await bot.set_time(START - timedelta(days=2)))
    assert "dans 2 j" in two_days.text
    assert reminders(await bot.set_time(START - timedelta(days=1))) == []  # the old plan is gone
    (half_hour,) = reminders(await bot.set_time(START - timedelta(minutes=30)))
    assert "dans 30 min" in half_hour.text
    # A meeting with its own --remind keeps it when the assembly's default changes.
    await bot.say("alice", "!reunion Bureau 2026-12-20 10:00 --rappel 3h")
    assert "(1 réunion à venir mise à jour)" in await bot.text("alice", "!rappels 1j")  # #1 only, not #2
    (pending,) = await DueRow.filter(kind="meeting.reminder", status="pending")
    assert pending.data["offset"] == 3 * 3600


async def test_recurring_meeting_reminds_each_occurrence(bot: Bot) -> None:
    await members(bot, "alice", "bob")
    await bot.say("alice", '!reunion Permanence 2026-12-08 19:00 --chaque weekly --rappel 1h')
    await bot.say("bob", "!present #1 oui")
    (first,) = reminders(await bot.set_time(START - timedelta(hours=1)))
    assert "mar. 8 déc. 2026" in first.text
    # After the reminder fired, the next occurrence's is planned.
    (pending,) = await DueRow.filter(kind="meeting.reminder", status="pending")
    assert pending.due_at == START + timedelta(days=7) - timedelta(hours=1)
    # Attendance is per occurrence: once the first has passed, bob has not answered yet.
    bot.clock.set((START + timedelta(days=2)).astimezone(UTC))
    assert "Votre réponse actuelle : —" in await bot.text("bob", "!present #1")
    await bot.say("alice", "!present #1 oui")
    (second,) = reminders(await bot.set_time(START + timedelta(days=7) - timedelta(hours=1)))
    assert "mar. 15 déc. 2026" in second.text and "viennent : alice" in second.text
    roles = await MeetingRoleRow.all().order_by("id")
    assert {r.served_at for r in roles} == {START, START + timedelta(days=7)}


async def test_poll_reminder_goes_only_to_those_who_have_not_answered(bot: Bot) -> None:
    await members(bot, "alice", "bob", "carol", "dave")
    await bot.say("alice", '!planifier AG --creneaux "2026-12-03 18:30-20:30 | 2026-12-05 10:00-12:00" '
                           '--echeance 2026-12-01T18:00 --rappel 1d')
    await bot.say("bob", "!dispo #1 oui non")
    await bot.say("alice", "!dispo #1 non oui")
    deadline = datetime(2026, 12, 1, 18, 0, tzinfo=PARIS)
    sent = await bot.set_time(deadline - timedelta(days=1))
    (reminder,) = [m for m in sent if "⏰" in m.text]
    assert set(reminder.mentions) == {"console:carol", "console:dave"}
    assert "carol, dave" in reminder.text and "bob" not in reminder.text
    await bot.restart()
    assert await bot.run_due() == []
    closing = await bot.set_time(deadline)
    assert "sont closes" in closing[0].text and "n°" in closing[0].text
    assert "date limite du sondage #1 est passée" in await bot.text("carol", "!dispo #1 oui oui")
    assert len(await bot.audit("reminder_sent", subject="poll")) == 1


async def test_poll_reminder_after_downtime_past_the_deadline_is_dropped(bot: Bot) -> None:
    await members(bot, "alice", "bob")
    await bot.say("alice", '!planifier AG --creneaux "2026-12-03 18:30-20:30" --echeance 2026-12-01T18:00')
    sent = await bot.set_time(datetime(2026, 12, 2, 9, 0, tzinfo=PARIS))
    assert [m for m in sent if "⏰" in m.text] == []
    assert len(await bot.audit("reminder_dropped", subject="poll")) == 1
    assert len([m for m in sent if "sont closes" in m.text]) == 1


async def test_a_row_replaced_while_the_scheduler_held_it_sends_nothing(bot: Bot) -> None:
    from core.dispatch import handle_due

    await meeting(bot)
    bot.clock.set((START - timedelta(days=1)).astimezone(UTC))
    (stale,) = await DueRow.filter(kind="meeting.reminder", status="pending")  # the scheduler's snapshot
    await bot.say("alice", "!reporter #1 2026-12-08 20:00")  # meanwhile: moved by one hour
    mark = await bot.outbox_mark()
    await handle_due(bot.uow, stale.kind, stale.ref, stale.id, bot.clock.now())
    assert reminders(await bot.outbox_since(mark)) == []
    (day_before,) = reminders(await bot.set_time(START - timedelta(days=1) + timedelta(hours=1)))
    assert "20:00–22:00" in day_before.text
    assert len(reminders(await bot.set_time(START + timedelta(minutes=1)))) == 1  # the hour before
    assert len(await bot.audit("reminder_sent")) == 2
