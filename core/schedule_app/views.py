"""Texts shown for polls and meetings, in the room's language and a chosen time zone."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from core.context import Context
from core.render import colon, display, when
from core.schedule_app.common import slot_label
from core.schedule_app.records import MeetingRecord, PollRecord, active_slot
from core.scheduling.agenda import AgendaItem, AgendaProposal
from core.scheduling.availability import SYMBOLS, Availability
from core.scheduling.display import agenda_lines, role_label
from core.scheduling.meetings import Meeting, MeetingStatus
from core.scheduling.polls import PollStatus
from core.scheduling.recurrence import occurrences
from core.scheduling.slots import Slot, later

MAX_GRID_ROWS = 60


def slot_lines(ctx: Context, slots: tuple[Slot, ...], zone: str) -> list[str]:
    return [f"  {i}. {slot_label(ctx, slot, zone)}" for i, slot in enumerate(slots, start=1)]


def symbols(choices: tuple[Availability, ...]) -> str:
    return " ".join(SYMBOLS[c] for c in choices)


def poll_text(ctx: Context, record: PollRecord, zone: str, members: tuple[str, ...]) -> str:
    """The grid: slots best first (most yes, then most if-need-be), then who answered what."""
    poll = replace(record.poll, timezone=zone)
    t = ctx.t
    status = t(f"poll.status_{poll.status.value}")
    lines = [t("poll.grid_head", number=poll.number, title=poll.title, status=status,
               answered=len(poll.answers), members=len(members), zone=zone)]
    if poll.status is PollStatus.FINALIZED and poll.chosen is not None:
        lines.append(t("poll.grid_chosen", slot=slot_label(ctx, poll.chosen, zone),
                       meeting=record.meeting_number or "—"))
    lines.append(t("poll.grid_ranking"))
    for rank, tally in enumerate(poll.ranking(), start=1):
        lines.append(t("poll.grid_slot", rank=rank, index=tally.index, slot=slot_label(ctx, tally.slot, zone),
                       yes=tally.yes, maybe=tally.maybe, no=tally.no))
    if poll.answers:
        header = " ".join(str(i) for i in range(1, len(poll.slots) + 1))
        lines.append(t("poll.grid_rows", columns=header))
        for answer in poll.answers[:MAX_GRID_ROWS]:
            lines.append(f"  {display(answer.member)}{colon(ctx.lang)} {symbols(answer.choices)}")
        if len(poll.answers) > MAX_GRID_ROWS:
            lines.append(t("poll.grid_more", count=len(poll.answers) - MAX_GRID_ROWS))
    missing = poll.not_answered(members)
    if missing and poll.status is PollStatus.OPEN:
        lines.append(t("poll.grid_missing", members=", ".join(display(m) for m in missing[:MAX_GRID_ROWS])))
    if poll.status is PollStatus.OPEN:
        lines.append(t("poll.grid_deadline", date=when(poll.deadline, zone, ctx.lang)) if poll.deadline
                     else t("poll.grid_no_deadline"))
    if poll.status is PollStatus.OPEN:
        lines.append(t("poll.grid_howto", number=poll.number))
    return "\n".join(lines)


def next_dates(ctx: Context, meeting: Meeting, now: datetime, zone: str, count: int = 3) -> str:
    if meeting.rrule is None:
        return ""
    found = occurrences(meeting.rrule, meeting.start, zone, after=now, limit=count)
    separator = " ; " if ctx.lang == "fr" else "; "  # French puts a space before the semicolon
    return separator.join(slot_label(ctx, Slot(start, later(start, meeting.duration)), zone) for start in found)


def roles_text(ctx: Context, meeting: Meeting) -> str:
    return " · ".join(f"{role_label(a.role, ctx.lang)}{colon(ctx.lang)} {display(a.member)}" for a in meeting.roles)


def agenda_text(ctx: Context, items: tuple[AgendaItem, ...], empty: str = "agenda.empty") -> str:
    """The numbered agenda, or `empty`'s text (a published record never says "for now")."""
    if not items:
        return ctx.t(empty)
    return "\n".join("  " + line for line in agenda_lines(items, ctx.lang))


async def agenda_items(ctx: Context, meeting: Meeting) -> tuple[AgendaItem, ...]:
    """Open proposals still being clarified or reacted to, then members' items."""
    proposals = await ctx.uow.proposals.list(ctx.assembly.id, open_only=True)
    return meeting.agenda(AgendaProposal(p.number, p.title, p.phase.value) for p in proposals)


def meeting_lines(ctx: Context, record: MeetingRecord, zone: str, now: datetime,
                  slot: Slot | None = None) -> list[str]:
    """When (the current occurrence, or `slot`), where, how often, who comes, who holds
    which role."""
    meeting = record.meeting
    t = ctx.t
    lines = [t("meeting.when", when=slot_label(ctx, slot or active_slot(meeting, now), zone), zone=zone)]
    if meeting.status is MeetingStatus.CANCELLED:
        lines.append(t("meeting.is_cancelled_line"))
    if meeting.place:
        lines.append(t("meeting.place_line", place=meeting.place))
    if meeting.rrule:
        lines.append(t("meeting.every_line", dates=next_dates(ctx, meeting, now, zone) or "—"))
    yes, maybe, no = (meeting.attendees(a) for a in (Availability.YES, Availability.MAYBE, Availability.NO))
    if yes or maybe or no:
        lines.append(t("meeting.attendance_line", yes=len(yes), maybe=len(maybe), no=len(no),
                       names=", ".join(display(m) for m in yes) or "—"))
    if meeting.roles:
        lines.append(t("meeting.roles_line", roles=roles_text(ctx, meeting)))
    return lines


def meeting_text(ctx: Context, record: MeetingRecord, zone: str, agenda: tuple[AgendaItem, ...]) -> str:
    meeting = record.meeting
    t = ctx.t
    lines = [t("meeting.head", number=meeting.number, title=meeting.title,
               status=t(f"meeting.status_{meeting.status.value}"))]
    lines += meeting_lines(ctx, record, zone, ctx.now)
    lines.append(t("agenda.head", number=meeting.number))
    lines.append(agenda_text(ctx, agenda))
    if meeting.notes:
        lines.append(t("meeting.notes_count", count=len(meeting.notes), number=meeting.number))
    if record.minutes_at is not None:
        lines.append(t("meeting.minutes_published", date=when(record.minutes_at, zone, ctx.lang)))
    if meeting.status is MeetingStatus.SCHEDULED and not meeting.is_over(ctx.now):
        lines.append(t("meeting.howto", number=meeting.number))
    return "\n".join(lines)
