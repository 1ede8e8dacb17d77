"""What the bot does by itself when a scheduling row comes due: remind members who have not
answered a time poll, close a poll's answers, remind a meeting's participants (with the
agenda and the roles), and plan the next reminder.

`core.dispatch.handle_due` has claimed the row before calling these, in the same
transaction: each runs once, whatever the number of bot processes. A reminder found late
(the bot was down) is sent once, marked late, or dropped when it has become pointless.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from core.context import Context
from core.dispatch import system_context
from core.ids import AssemblyId
from core.messages import Outbound
from core.ports import UnitOfWork
from core.render import display, when
from core.schedule_app.common import (
    MEETING_REMINDER_DUE,
    POLL_DEADLINE_DUE,
    POLL_REMINDER_DUE,
    ids,
    meeting_thread,
    poll_thread,
    slot_label,
    without_former_members,
)
from core.schedule_app.meetings import duration_text, plan_meeting, propose_roles
from core.schedule_app.polls import close_native_poll
from core.schedule_app.records import MeetingRecord
from core.schedule_app.views import agenda_items, agenda_text, meeting_lines
from core.scheduling.availability import Availability
from core.scheduling.polls import PollStatus
from core.scheduling.reminders import Reminder, ReminderDecision, decide
from core.scheduling.slots import Slot, later

__all__ = ["MEETING_REMINDER_DUE", "POLL_DEADLINE_DUE", "POLL_REMINDER_DUE", "meeting_reminder",
           "poll_deadline", "poll_reminder"]


async def _context(uow: UnitOfWork, assembly_id: AssemblyId, now: datetime, kind: str, ref: int) -> Context | None:
    return await system_context(uow, assembly_id, now, f"due:{kind}:{ref}:{now.isoformat()}")


def _late(ctx: Context, decision: ReminderDecision) -> str:
    return ctx.t("reminder.late") + "\n" if decision is ReminderDecision.SEND_LATE else ""


async def poll_reminder(uow: UnitOfWork, ref: int, now: datetime) -> list[Outbound]:
    """Remind the members who have not answered (and only them)."""
    due = await uow.polls.pending_due(POLL_REMINDER_DUE, ref)
    if due is None or due.due_at > now:
        return []  # cancelled or replaced meanwhile: the pending row is a later one
    found = await uow.polls.get_by_id(ref)
    if found is None or found[1].poll.deadline is None:
        return []
    assembly_id, record = found
    poll = record.poll
    assert poll.deadline is not None
    reminder = Reminder(poll.number, poll.deadline, poll.deadline - due.due_at, 0)
    decision = decide(reminder, now, current_sequence=0, cancelled=poll.status is not PollStatus.OPEN)
    ctx = await _context(uow, assembly_id, now, POLL_REMINDER_DUE, ref)
    if ctx is None:
        return []
    missing = poll.not_answered(await ctx.members())
    if decision is ReminderDecision.DROP or not missing:
        await uow.polls.record_event(assembly_id, "poll", poll.number, "reminder_dropped", None, now,
                                     {"due_at": due.due_at.isoformat(), "missing": len(missing)})
        return ctx.sent
    await ctx.say(
        "poll.reminder",
        thread=poll_thread(poll.number),
        reply=False,
        mentions=ids(missing),
        late=_late(ctx, decision),
        number=poll.number,
        title=poll.title,
        deadline=when(poll.deadline, ctx.tz, ctx.lang),
        members=", ".join(display(m) for m in missing),
        count=len(poll.slots),
    )
    kind = "reminder_late" if decision is ReminderDecision.SEND_LATE else "reminder_sent"
    await uow.polls.record_event(assembly_id, "poll", poll.number, kind, None, now,
                                 {"due_at": due.due_at.isoformat(), "to": list(missing)})
    return ctx.sent


async def poll_deadline(uow: UnitOfWork, ref: int, now: datetime) -> list[Outbound]:
    """Answers are closed: say which slot is best and how to fix the date."""
    found = await uow.polls.get_by_id(ref)
    if found is None or found[1].poll.status is not PollStatus.OPEN:
        return []
    assembly_id, record = found
    poll = record.poll
    ctx = await _context(uow, assembly_id, now, POLL_DEADLINE_DUE, ref)
    if ctx is None:
        return []
    await uow.polls.record_event(assembly_id, "poll", poll.number, "deadline", None, now,
                                 {"answers": len(poll.answers)})
    if not poll.answers:
        await ctx.say("poll.deadline_no_answers", thread=poll_thread(poll.number), reply=False,
                      mentions=ids((poll.creator,)), number=poll.number, title=poll.title)
        await close_native_poll(ctx, poll.number)
        return ctx.sent
    best = poll.ranking()[0]
    await ctx.say("poll.deadline_reached", thread=poll_thread(poll.number), reply=False,
                  mentions=ids((poll.creator,)), number=poll.number, title=poll.title,
                  slot=slot_label(ctx, best.slot, ctx.tz), index=best.index, yes=best.yes, maybe=best.maybe,
                  answered=len(poll.answers))
    await close_native_poll(ctx, poll.number)
    return ctx.sent


async def meeting_reminder(uow: UnitOfWork, ref: int, now: datetime) -> list[Outbound]:
    """Remind a meeting (roles proposed at the first reminder of an occurrence), then plan
    the next reminder: this occurrence's next one, or the next occurrence's first."""
    due = await uow.meetings.pending_due(MEETING_REMINDER_DUE, ref)
    if due is None or due.due_at > now:
        return []  # cancelled or replaced meanwhile (rescheduled): the pending row is a later one
    occurrence = str(due.data.get("occurrence", ""))
    found = await uow.meetings.get_by_id(ref, now=now, occurrence=occurrence, with_minutes=False)
    if found is None:
        return []
    assembly_id, record = found
    ctx = await _context(uow, assembly_id, now, MEETING_REMINDER_DUE, ref)
    if ctx is None:
        return []
    try:
        start = datetime.fromisoformat(occurrence)
        reminder = Reminder(record.meeting.number, start, timedelta(seconds=int(due.data["offset"])),
                            int(due.data["sequence"]))
    except (KeyError, TypeError, ValueError):
        reminder = Reminder(record.meeting.number, due.due_at, timedelta(0), -1)  # unreadable: dropped
    await without_former_members(ctx, record, later(reminder.occurrence_start, record.meeting.duration))
    decision = record.meeting.reminder_decision(reminder, now)
    if decision is ReminderDecision.WAIT:
        decision = ReminderDecision.SEND  # the row's time has come; the clock says so
    if decision is ReminderDecision.DROP:
        await uow.meetings.record_event(assembly_id, "meeting", record.meeting.number, "reminder_dropped", None,
                                        now, {"occurrence": occurrence, "due_at": due.due_at.isoformat()})
    else:
        await _remind(ctx, record, reminder, decision)
    # The next one comes after this one, even if this row was brought forward.
    await plan_meeting(ctx, record, after=max(now, reminder.due_at))
    return ctx.sent


async def _remind(ctx: Context, record: MeetingRecord, reminder: Reminder, decision: ReminderDecision) -> None:
    m = record.meeting
    roles_now = ""
    if not m.roles:
        if await propose_roles(ctx, record, draw=record.draw):
            await ctx.uow.meetings.save(ctx.assembly.id, record)
            roles_now = ctx.t("reminder.roles_proposed", number=m.number)
        else:
            roles_now = ctx.t("reminder.no_roles", number=m.number)
    m = record.meeting
    items = await agenda_items(ctx, m)
    coming = m.attendees(Availability.YES) + m.attendees(Availability.MAYBE)
    holders = tuple(a.member for a in m.roles)
    await ctx.say(
        "reminder.meeting",
        thread=meeting_thread(m),
        reply=False,
        mentions=ids((*coming, *holders)),
        late=_late(ctx, decision),
        number=m.number,
        title=m.title,
        delay=duration_text(ctx, max(reminder.occurrence_start - ctx.now, timedelta(minutes=1))),
        details="\n".join(meeting_lines(ctx, record, ctx.tz, ctx.now, slot=Slot(
            reminder.occurrence_start, later(reminder.occurrence_start, m.duration)))),
        agenda=agenda_text(ctx, items),
        roles=roles_now,
    )
    kind = "reminder_late" if decision is ReminderDecision.SEND_LATE else "reminder_sent"
    await ctx.uow.meetings.record_event(
        ctx.assembly.id, "meeting", m.number, kind, None, ctx.now,
        {"occurrence": reminder.occurrence_start.isoformat(), "offset": int(reminder.offset.total_seconds()),
         "roles": {a.role.value: a.member for a in m.roles}},
    )
