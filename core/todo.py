"""`!todo` (`!a-faire`): what the assembly waits for from the member who asks, in one message,
the nearest deadline first: the rounds that call them and where they have not positioned on
the current version, their open objections, the proposals of theirs waiting for `!suivant`,
the time polls they have not answered, the meetings to come they have not answered or hold a
role in, their mandates ending soon and the tensions they noted that are still open.

It reads several tables through the repositories' ordinary methods; it is typed rarely, and
no other command reads anything more for it. In an anonymous round the member's own position
is found under their pseudonym, as a position is taken: the answer says whether they have
positioned (only by listing the round when they have not), never what they chose."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from core import dispatch
from core.commands import Command
from core.context import Context
from core.mandates import renew_command, role_name
from core.proposal_handlers import position_commands
from core.proposals import Method, ObjectionStatus, Phase, Proposal
from core.render import short, when
from core.schedule_app.common import member_zone, slot_label
from core.schedule_app.records import active_slot
from core.scheduling.display import role_label
from core.scheduling.meetings import MeetingStatus
from core.scheduling.polls import PollStatus

# A mandate is said to end soon this long before its end.
MANDATE_SOON = timedelta(days=30)
TITLE = 60  # characters of a title shown


@dataclass(frozen=True, slots=True)
class Item:
    at: datetime | None  # the deadline it has (None: none, listed after those that have one)
    line: str


async def todo(ctx: Context, cmd: Command) -> None:
    await ctx.require_member()
    items = [
        *await _proposals(ctx),
        *await _polls(ctx),
        *await _meetings(ctx),
        *_mandates(ctx),
        *await _tensions(ctx),
    ]
    if not items:
        await ctx.say("todo.none")
        return
    items.sort(key=lambda item: (item.at is None, item.at or ctx.now))
    lines = [ctx.t("todo.head", count=len(items)), *(f"• {item.line}" for item in items)]
    await ctx.send_text("\n".join(lines))


def _deadline(ctx: Context, at: datetime | None) -> str:
    return ctx.t("todo.deadline", date=when(at, ctx.tz, ctx.lang)) if at is not None else ""


async def _proposals(ctx: Context) -> list[Item]:
    items: list[Item] = []
    for listed in await ctx.uow.proposals.list(ctx.assembly.id, open_only=True):
        deadline = listed.rules.deadline
        params = {"number": listed.number, "title": short(listed.title, TITLE), "deadline": _deadline(ctx, deadline)}
        if listed.phase in (Phase.CLARIFICATION, Phase.REACTION):
            if listed.author == ctx.member:
                items.append(Item(deadline, ctx.t(f"todo.next_{listed.phase.value}", **params)))
            continue
        if listed.phase is not Phase.DECISION or ctx.member not in listed.electorate:
            continue
        # the member's own position and the objections (one read, as a position does)
        proposal = await ctx.uow.proposals.get(ctx.assembly.id, listed.number, member=ctx.member) or listed
        items += _round_items(ctx, proposal, params)
    return items


def _round_items(ctx: Context, proposal: Proposal, params: dict[str, object]) -> list[Item]:
    deadline = proposal.rules.deadline
    items: list[Item] = []
    objection = proposal.objections.get(proposal.who(ctx.member))
    if objection is not None and objection.status is ObjectionStatus.OPEN:
        items.append(Item(deadline, ctx.t("todo.objection", version=objection.version, **params)))
    elif proposal.rules.method is Method.ADVICE and proposal.author == ctx.member:
        items.append(Item(deadline, ctx.t("todo.advice_author", **params)))  # the author decides
    elif proposal.position_of(ctx.member) is None:
        key = "todo.round_anonymous" if proposal.rules.anonymous else "todo.round"
        items.append(Item(deadline, ctx.t(key, positions=position_commands(ctx.t, proposal), **params)))
    return items


async def _polls(ctx: Context) -> list[Item]:
    items: list[Item] = []
    for record in await ctx.uow.polls.list(ctx.assembly.id, open_only=True):
        poll = record.poll
        if poll.status is not PollStatus.OPEN or poll.deadline_passed(ctx.now):
            continue
        if poll.answer_of(ctx.member) is None:
            at = poll.deadline or poll.slots[0].start
            items.append(Item(at, ctx.t("todo.poll", number=poll.number, title=short(poll.title, TITLE),
                                        deadline=_deadline(ctx, poll.deadline), slots=len(poll.slots))))
    return items


async def _meetings(ctx: Context) -> list[Item]:
    items: list[Item] = []
    zone = member_zone(ctx)
    for listed in await ctx.uow.meetings.list(ctx.assembly.id, since=ctx.now):
        meeting = listed.meeting
        if meeting.status is not MeetingStatus.SCHEDULED or meeting.next_start(ctx.now - meeting.duration) is None:
            continue
        slot = active_slot(meeting, ctx.now)
        if slot.start <= ctx.now:
            continue  # under way: nothing left to answer before it
        # the attendance and the roles of the occurrence to come
        record = await ctx.uow.meetings.get(ctx.assembly.id, meeting.number, now=ctx.now)
        if record is None:
            continue
        meeting = record.meeting
        params = {"number": meeting.number, "title": short(meeting.title, TITLE), "when": slot_label(ctx, slot, zone)}
        if meeting.rsvp_of(ctx.member) is None:
            items.append(Item(slot.start, ctx.t("todo.rsvp", **params)))
        roles = meeting.roles_of(ctx.member)
        if roles:
            names = ", ".join(role_label(role, ctx.lang) for role in roles)
            items.append(Item(slot.start, ctx.t("todo.meeting_roles", roles=names, **params)))
    return items


def _mandates(ctx: Context) -> list[Item]:
    entry = ctx.assembly.members.get(ctx.member)
    if entry is None:
        return []
    return [
        Item(mandate.ends, ctx.t("todo.mandate", role=role_name(ctx, role), end=when(mandate.ends, ctx.tz, ctx.lang),
                                 renew=renew_command(ctx, ctx.member, role, mandate)))
        for role, mandate in sorted(entry.mandates.items(), key=lambda kv: kv[1].ends)
        if role in entry.roles and mandate.ends - ctx.now <= MANDATE_SOON
    ]


async def _tensions(ctx: Context) -> list[Item]:
    return [
        Item(None, ctx.t("todo.tension", number=tension.number,
                         text=short(tension.first_line, TITLE)))
        for tension in await ctx.uow.tensions.list(ctx.assembly.id, open_only=True)
        if tension.author == ctx.member
    ]


def install() -> None:
    dispatch.register("todo", todo)
