"""During the meeting: live consent rounds (!round #N --live) and positions given in person
(!record #N @member <position>), recorded by the facilitator and marked as such."""

from __future__ import annotations

from core.commands import VERBS, Command
from core.context import Context
from core.dispatch import Handler
from core.errors import DomainError
from core.ids import MemberId
from core.proposal_handlers import (
    STANCE_FOR,
    announce_close,
    press_tally,
    redraw_round_message,
    results_line,
    thread_of,
)
from core.proposals import Method, Phase, Proposal, Stance
from core.render import display
from core.schedule_app.common import ids, require_organiser, without_former_members
from core.schedule_app.meetings import may_lead
from core.schedule_app.records import (
    SESSION_AFTER,
    LiveRound,
    MeetingRecord,
    active_start,
    in_session,
)
from core.scheduling.availability import Availability
from core.scheduling.texts import plain

POSITION_VERBS = ("consent", "concern", "object", "standaside", "agree", "disagree", "abstain", "block",
                  "vote", "advise")
_START_WORDS = frozenset({"live", "direct", "start", "lancer", "go"})
_NEXT_WORDS = frozenset({"next", "suivant", "suivante", "skip", "passer", "pass"})
_STOP_WORDS = frozenset({"stop", "arreter", "fin", "end", "terminer", "finir"})
_HINTS = {
    Method.CONSENT: "round.hint_consent",
    Method.CONSENSUS: "round.hint_consensus",
    Method.VOTE: "round.hint_vote",
    Method.ADVICE: "round.hint_advice",
}


async def current_meeting(ctx: Context) -> MeetingRecord | None:
    """The meeting in session now (from a little before its start to a little after its end)."""
    listed = await ctx.uow.meetings.list(ctx.assembly.id, since=ctx.now - SESSION_AFTER)
    live = [r for r in listed if in_session(r.meeting, ctx.now)]
    if not live:
        return None
    live.sort(key=lambda r: abs((active_start(r.meeting, ctx.now) - ctx.now).total_seconds()))
    record = await ctx.uow.meetings.get(ctx.assembly.id, live[0].meeting.number, now=ctx.now)
    return await without_former_members(ctx, record) if record is not None else None


async def link_to_meeting(ctx: Context, record: MeetingRecord | None, proposal_number: int) -> None:
    """The proposal was dealt with during this meeting: the minutes will list it."""
    if record is None or proposal_number in record.discussed:
        return
    record.discussed = (*record.discussed, proposal_number)
    await ctx.uow.meetings.save(ctx.assembly.id, record)


async def _proposal(ctx: Context, number: int | None) -> Proposal:
    if number is None:
        raise DomainError("command.number_missing", verb="round")
    proposal = await ctx.uow.proposals.get(ctx.assembly.id, number, full=True)
    if proposal is None:
        raise DomainError("round.not_a_proposal", number=number)
    return proposal


def _require_leader(ctx: Context, cmd: Command, record: MeetingRecord | None) -> None:
    if not may_lead(ctx, record):
        require_organiser(ctx, cmd)


# ---- the live round ----------------------------------------------------------------------------------


async def round_(ctx: Context, cmd: Command) -> None:
    """!round #N --live (start) · !round #N next (skip) · !round #N stop · !round #N (where it is)."""
    await ctx.require_member()
    number = cmd.number
    word = plain(cmd.text.split()[0]) if cmd.text.split() else ""
    meeting = await current_meeting(ctx)
    if cmd.flags.get("live") or word in _START_WORDS:
        _require_leader(ctx, cmd, meeting)
        await _start(ctx, await _proposal(ctx, number), meeting)
        return
    proposal = await _proposal(ctx, number)
    live = await ctx.uow.meetings.get_round(ctx.assembly.id, proposal.number)
    if word in _NEXT_WORDS or word in _STOP_WORDS:
        _require_leader(ctx, cmd, meeting)
        if live is None:
            raise DomainError("round.not_running", number=proposal.number)
        if word in _STOP_WORDS:
            current = live.current
            live.stop()
            await ctx.uow.meetings.save_round(ctx.assembly.id, live)
            called = [m for m in dict.fromkeys([*live.skipped, *([current] if current else [])])
                      if proposal.position_of(MemberId(m)) is None]
            waiting = [m for m in live.queue if m not in called]
            await ctx.say("round.stopped", thread=thread_of(proposal.number), number=proposal.number,
                          done=len(live.done),
                          called=ctx.t("round.stopped_called", members=", ".join(display(m) for m in called))
                          if called else "",
                          left=ctx.t("round.stopped_left", members=", ".join(display(m) for m in waiting))
                          if waiting else "")
            return
        skipped = live.skip()
        await ctx.uow.meetings.save_round(ctx.assembly.id, live)
        await ctx.say("round.skipped", thread=thread_of(proposal.number), number=proposal.number,
                      member=display(skipped))
        await _call(ctx, live, proposal)
        return
    if word:
        raise DomainError("round.usage", number=proposal.number)
    if live is None or not live.running:
        await ctx.say("round.none", thread=thread_of(proposal.number), number=proposal.number)
        return
    await ctx.say("round.state", thread=thread_of(proposal.number), number=proposal.number,
                  current=display(live.current or ""), left=", ".join(display(m) for m in live.queue[1:]) or "—",
                  done=", ".join(display(m) for m in live.done) or "—")


async def _start(ctx: Context, proposal: Proposal, meeting: MeetingRecord | None) -> None:
    if proposal.is_closed:
        raise DomainError("proposal.closed", number=proposal.number, status=proposal.status.value)
    if proposal.phase is not Phase.DECISION:
        raise DomainError("round.not_deciding", number=proposal.number)
    present = meeting.meeting.attendees(Availability.YES) if meeting is not None else ()
    electorate = set(proposal.electorate)
    order = [m for m in present if m in electorate] or list(proposal.electorate)
    queue = [m for m in order if proposal.position_of(MemberId(m)) is None]
    if not queue:
        raise DomainError("round.nobody_left", number=proposal.number)
    existing = await ctx.uow.meetings.get_round(ctx.assembly.id, proposal.number)
    live = LiveRound(proposal_number=proposal.number, started_by=ctx.member, started_at=ctx.now, queue=queue,
                     meeting_number=meeting.meeting.number if meeting else None,
                     id=existing.id if existing else None)
    await ctx.uow.meetings.save_round(ctx.assembly.id, live)
    await link_to_meeting(ctx, meeting, proposal.number)
    await ctx.uow.meetings.record_event(ctx.assembly.id, "proposal", proposal.number, "live_round", ctx.member,
                                        ctx.now, {"order": list(queue)})
    await ctx.say("round.started", thread=thread_of(proposal.number), number=proposal.number,
                  round=ctx.t(f"round.kind_{proposal.rules.method.value}"),
                  title=proposal.title, order=", ".join(display(m) for m in queue))
    await _call(ctx, live, proposal)


async def _call(ctx: Context, live: LiveRound, proposal: Proposal) -> None:
    """Call the member whose turn it is, or close the round with the results so far."""
    n = proposal.number
    if live.current is not None:
        member = MemberId(live.current)
        left = len(live.queue) - 1
        await ctx.say("round.call", thread=thread_of(n), reply=False, mentions=(member,), number=n,
                      member=display(member), hint=ctx.t(_HINTS[proposal.rules.method], number=n),
                      left=ctx.t("round.left_more", count=left) if left else ctx.t("round.left_last"))
        return
    # the round is over, the proposal may still be open: its tally as an open round shows it
    # (hidden results, anonymous counts), and who was called without answering
    silent = [m for m in dict.fromkeys(live.skipped) if proposal.position_of(MemberId(m)) is None]
    await ctx.say("round.finished", thread=thread_of(n), reply=False, number=n,
                  results=press_tally(ctx, proposal) + (
                      ctx.t("round.stopped_called", members=", ".join(display(m) for m in silent)) if silent else ""))


async def member_positioned(ctx: Context, number: int, member: str) -> None:
    """A position was taken on proposal `number`: a live round on it moves on."""
    live = await ctx.uow.meetings.get_round(ctx.assembly.id, number)
    if live is None or not live.running:
        return
    called = live.positioned(member)
    if not called and live.running:
        await ctx.uow.meetings.save_round(ctx.assembly.id, live)
        return
    await ctx.uow.meetings.save_round(ctx.assembly.id, live)
    proposal = await ctx.uow.proposals.get(ctx.assembly.id, number, full=True)
    if proposal is None:
        return
    if proposal.is_closed and not live.running:
        await ctx.say("round.finished", thread=thread_of(number), reply=False, number=number,
                      results=results_line(ctx, proposal))
        return
    if live.current is not None:
        live.drop_positioned({m for m in live.queue if proposal.position_of(MemberId(m)) is not None})
        await ctx.uow.meetings.save_round(ctx.assembly.id, live)
    await _call(ctx, live, proposal)


def with_round(original: Handler) -> Handler:
    """A position command (consent, object, vote, …) that also moves a live round on."""

    async def position(ctx: Context, cmd: Command) -> None:
        await original(ctx, cmd)
        if cmd.number is not None:
            await member_positioned(ctx, cmd.number, ctx.member)

    position.__doc__ = original.__doc__
    return position


# ---- positions given in person ----------------------------------------------------------------------


async def record(ctx: Context, cmd: Command) -> None:
    """!record #N @member [@member …] <position> [reason]: positions (or hand votes) given in
    person, recorded by the facilitator on the members' behalf."""
    await ctx.require_member()
    meeting = await current_meeting(ctx)
    _require_leader(ctx, cmd, meeting)
    proposal = await _proposal(ctx, cmd.number)
    words = cmd.text.split()
    who = [w for w in words if w.startswith("@")]
    rest = words[len(who):]
    if not who or who != words[: len(who)] or (not rest and proposal.rules.method is not Method.VOTE):
        raise DomainError("record.usage", number=proposal.number)
    if proposal.is_closed:
        raise DomainError("proposal.closed", number=proposal.number, status=proposal.status.value)
    if proposal.phase is not Phase.DECISION:  # as a position typed by the member would be told
        raise DomainError("proposal.not_deciding", number=proposal.number, phase=proposal.phase.value)
    verb = VERBS.get(rest[0].casefold().lstrip("!")) if rest else None
    if verb is None and proposal.rules.method is Method.VOTE:
        verb, tail = "vote", " ".join(rest)
    else:
        tail = " ".join(rest[1:])
    stance = STANCE_FOR.get(verb or "", {}).get(proposal.rules.method)
    if stance is None:
        raise DomainError("record.unknown_position", number=proposal.number, word=(rest[0] if rest else "")[:40],
                          hint=ctx.t(_HINTS[proposal.rules.method], number=proposal.number))
    full = "\n".join(part for part in (tail, cmd.body) if part)
    option, reason = (full, "") if stance is Stance.VOTE else ("", full)
    await ctx.members()
    members = [ctx.assembly.resolve(w) for w in who]
    for member in members:
        if member not in proposal.electorate:
            raise DomainError("record.not_in_electorate", number=proposal.number, member=display(member))
    chosen = ""
    for member in dict.fromkeys(members):
        taken = proposal.take_position(member, stance, ctx.now, reason=reason, option=option,
                                       recorded_by=ctx.member)
        chosen = taken.option
    closed = proposal.settle(ctx.now)
    await ctx.uow.proposals.save(ctx.assembly.id, proposal)
    await link_to_meeting(ctx, meeting, proposal.number)
    tally = proposal.tally()
    label = ctx.t(f"stance.{stance.value}") + (f" ({chosen})" if chosen else "")
    # a secret ballot, or results hidden until the close: the room reads who was recorded, not what
    secret = proposal.rules.anonymous or proposal.rules.hide_results
    await ctx.say("record.noted_secret" if secret else "record.noted", thread=thread_of(proposal.number),
                  mentions=ids(members), number=proposal.number,
                  members=", ".join(display(m) for m in dict.fromkeys(members)),
                  stance=label, by=display(ctx.member), participated=tally.participated,
                  electorate=tally.electorate)
    if closed:
        await announce_close(ctx, proposal)
    else:
        await redraw_round_message(ctx, proposal)
    for member in dict.fromkeys(members):
        await member_positioned(ctx, proposal.number, member)

