"""Registration of the scheduling verbs and due kinds with `core.dispatch`, and the
commands of other tables that scheduling extends: `!status #N` (a poll's grid, a meeting's
details), position commands (they move a live round on) and `!forget-me`; and what a member
who leaves leaves behind (the roles they held in meetings to come)."""

from __future__ import annotations

from core import dispatch, member_handlers, proposal_handlers
from core.context import Context
from core.schedule_app import due, feed, live, meetings, polls
from core.schedule_app.common import member_zone, poll_thread, without_former_members
from core.schedule_app.views import poll_text

_installed: list[bool] = []


async def _status_view(ctx: Context, number: int) -> bool:
    """`!status #N` for a poll or a meeting."""
    poll = await ctx.uow.polls.get(ctx.assembly.id, number)
    if poll is not None:
        text = poll_text(ctx, poll, member_zone(ctx), await ctx.members())
        await ctx.send_text(text, thread=poll_thread(poll.poll.number))
        return True
    record = await ctx.uow.meetings.get(ctx.assembly.id, number, now=ctx.now)
    if record is not None:
        await meetings.status_of_meeting(ctx, await without_former_members(ctx, record))
        return True
    return False


async def _meetings_to_come(ctx: Context) -> list[str]:
    """The overview's lines on the meetings to come (none: no lines)."""
    lines = await meetings.upcoming_lines(ctx)
    return [ctx.t("overview.scheduling_head"), *lines] if lines else []


async def _forget(ctx: Context) -> None:
    """`!forget-me confirm` also pseudonymises answers, attendance, items, notes and roles."""
    await ctx.uow.meetings.forget(ctx.assembly.id, ctx.member)


def install() -> None:
    if _installed:
        return
    _installed.append(True)
    for verb, handler in {
        "schedule": polls.schedule,
        "avail": polls.avail,
        "finalize": polls.finalize,
        "cancel": polls.cancel,
        "meeting": meetings.meeting,
        "rsvp": meetings.rsvp,
        "agenda": meetings.agenda,
        "note": meetings.note,
        "ics": meetings.ics,
        "reschedule": meetings.reschedule,
        "swap": meetings.swap,
        "minutes": meetings.minutes,
        "reminders": meetings.reminders,
        "calendar": feed.calendar,
        "round": live.round_,
        "record": live.record,
    }.items():
        dispatch.register(verb, handler)
    dispatch.register_undo("avail", polls.withdraw_avail)  # a vote retracted in a time poll's native poll
    for verb in live.POSITION_VERBS:
        if verb in dispatch.HANDLERS:
            dispatch.register(verb, live.with_round(dispatch.HANDLERS[verb]))
    proposal_handlers.STATUS_VIEWS.append(_status_view)
    proposal_handlers.OVERVIEW_SECTIONS.append(_meetings_to_come)
    member_handlers.FORGET_HOOKS.append(_forget)
    member_handlers.DEPARTURE_NOTES.append(meetings.roles_left_free)
    dispatch.register_due(due.POLL_REMINDER_DUE, due.poll_reminder)
    dispatch.register_due(due.POLL_DEADLINE_DUE, due.poll_deadline)
    dispatch.register_due(due.MEETING_REMINDER_DUE, due.meeting_reminder)
