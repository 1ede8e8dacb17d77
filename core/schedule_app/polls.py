"""Time polls: !schedule (open), !avail (answer), !finalize (fix the date → a meeting)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from core.commands import Command
from core.context import Context
from core.errors import DomainError
from core.messages import POLL_SELECT, Button, OutboundKind
from core.render import display, parse_deadline, when
from core.schedule_app.common import (
    POLL_DEADLINE_DUE,
    POLL_REMINDER_DUE,
    At,
    ics_name,
    ids,
    load_poll,
    member_zone,
    parse_duration,
    poll_thread,
    require_organiser,
    slot_label,
    utc,
    what_is,
)
from core.schedule_app.meetings import (
    calendar_file,
    cancel_meeting,
    create_meeting,
    meeting_options,
)
from core.schedule_app.records import PollRecord
from core.schedule_app.views import slot_lines, symbols
from core.scheduling.availability import Availability, parse_availability
from core.scheduling.polls import PollStatus, SlotTally, TimePoll
from core.scheduling.reminders import parse_reminder_offsets
from core.scheduling.slots import MAX_SLOTS, Slot, parse_slot, parse_slots
from core.scheduling.texts import quote, validated_title
from core.scheduling.timezones import zone

# The default deadline (documented in docs/scheduling.md): the day before the first slot when
# that leaves at least 12 h to answer; else 3 h before the first slot when that leaves at least
# 1 h; else none (answers stay open until a catalyser fixes the date, and the poll says so).
DEFAULT_DEADLINE_BEFORE = timedelta(days=1)
MIN_DEADLINE_AHEAD = timedelta(hours=12)
SHORT_DEADLINE_BEFORE = timedelta(hours=3)
MIN_SHORT_DEADLINE_AHEAD = timedelta(hours=1)
MIN_REMINDER_AHEAD = timedelta(minutes=5)
BUTTON_SLOTS = 4  # polls with this many slots or fewer get one button per slot and answer
NATIVE_POLL_SLOTS = 20  # up to this many slots, networks with native polls show one (ticked = yes)
_PER_SLOT = re.compile(r"(\d{1,3})\s*[=:]?\s*([^\s\d=:]+)")


def _slots_text(cmd: Command) -> str:
    if "slots" in cmd.flags:
        return str(cmd.flags["slots"])
    return " | ".join(line.strip() for line in cmd.body.splitlines() if line.strip())


def default_deadline(slots: tuple[Slot, ...], now: datetime) -> datetime | None:
    """The day before the first slot; a few hours before it when the day before is too near;
    None when even that leaves too little time to answer."""
    first = min(slot.start for slot in slots)
    if first - DEFAULT_DEADLINE_BEFORE - now >= MIN_DEADLINE_AHEAD:
        return first - DEFAULT_DEADLINE_BEFORE
    if first - SHORT_DEADLINE_BEFORE - now >= MIN_SHORT_DEADLINE_AHEAD:
        return first - SHORT_DEADLINE_BEFORE
    return None


def reminder_time(deadline: datetime, before: timedelta, now: datetime) -> datetime | None:
    """When non-answerers are reminded: `before` the deadline, or half-way when that is
    already past; none when the deadline is too close."""
    at = deadline - before
    if at - now >= MIN_REMINDER_AHEAD:
        return at
    if deadline - now >= 2 * MIN_REMINDER_AHEAD:
        return now + (deadline - now) / 2
    return None


async def plan_poll(ctx: Context, record: PollRecord) -> None:
    """The poll's deadline and reminder rows (at most one pending of each)."""
    assert record.id is not None
    await ctx.uow.due.cancel(POLL_REMINDER_DUE, record.id)
    await ctx.uow.due.cancel(POLL_DEADLINE_DUE, record.id)
    poll = record.poll
    if poll.status is not PollStatus.OPEN or poll.deadline is None:
        return
    await ctx.uow.due.schedule(POLL_DEADLINE_DUE, record.id, utc(poll.deadline))
    if record.remind_before is not None:
        at = reminder_time(poll.deadline, record.remind_before, ctx.now)
        if at is not None:
            await ctx.uow.due.schedule(POLL_REMINDER_DUE, record.id, utc(at))


def native_poll(ctx: Context, poll: TimePoll) -> tuple[OutboundKind, tuple[str, ...], dict[str, str]]:
    """How the opening message offers a native multi-answer poll: one option per slot, a
    ticked slot standing for yes and an unticked one for no (if need be stays typed)."""
    if not 2 <= len(poll.slots) <= NATIVE_POLL_SLOTS:
        return OutboundKind.MESSAGE, (), {}
    options = tuple(slot_label(ctx, slot, ctx.tz) for slot in poll.slots)
    return OutboundKind.POLL, options, {POLL_SELECT: f"avail #{poll.number}", "poll_multiple": "true"}


async def close_native_poll(ctx: Context, number: int) -> None:
    """End the native poll where one was sent (elsewhere nothing is delivered)."""
    await ctx.send_text("", thread=poll_thread(number), kind=OutboundKind.POLL_CLOSE, reply=False)


def answer_buttons(poll: TimePoll) -> tuple[Button, ...]:
    if len(poll.slots) > BUTTON_SLOTS:
        return ()
    return tuple(
        Button(f"{symbol} {i}", f"avail #{poll.number} {i} {answer.value}")
        for i in range(1, len(poll.slots) + 1)
        for answer, symbol in ((Availability.YES, "✅"), (Availability.MAYBE, "🤷"), (Availability.NO, "❌"))
    )


def ensure_not_fixed(record: PollRecord, action: str) -> None:
    """A poll whose date is fixed lives on as a meeting: point to its number and to the
    command that does what was asked (`action`: avail, finalize or cancel)."""
    if record.poll.status is PollStatus.FINALIZED and record.meeting_number is not None:
        raise DomainError(f"poll.fixed_{action}", number=record.poll.number, meeting=record.meeting_number)


async def schedule(ctx: Context, cmd: Command) -> None:
    """!schedule <title> --slots "<slot> | <slot>" [--deadline 3d] [--remind 12h] [--duration 2h]"""
    await ctx.require_member()
    title = validated_title(cmd.text)
    zone = member_zone(ctx)
    typed = str(cmd.flags["duration"]) if "duration" in cmd.flags else None
    duration = parse_duration(typed) if typed is not None else None
    slots = parse_slots(_slots_text(cmd), zone, At(ctx.now), default_duration=duration, duration_typed=typed,
                        limit=MAX_SLOTS, lang=ctx.lang)
    if "deadline" in cmd.flags:
        deadline: datetime | None = parse_deadline(str(cmd.flags["deadline"]), ctx.now, zone)
    else:
        deadline = default_deadline(slots, ctx.now)
    settings = await ctx.uow.meetings.settings(ctx.assembly.id)
    remind = settings.poll_reminder
    if "remind" in cmd.flags:
        remind = parse_reminder_offsets(str(cmd.flags["remind"]))[0]
    number = ctx.assembly.take_number()
    notes = ""
    if deadline is None:
        notes = ctx.t("poll.no_deadline_line", number=number)
        if "remind" in cmd.flags:
            notes += ctx.t("poll.remind_without_deadline")
    elif "remind" in cmd.flags and reminder_time(deadline, remind, ctx.now) is None:
        notes = ctx.t("poll.remind_too_close")
    poll = TimePoll.open(number=number, title=title, slots=slots, creator=ctx.member, timezone=ctx.tz,
                         now=ctx.now, deadline=deadline)
    record = PollRecord(poll, remind_before=remind)
    await ctx.uow.polls.add(ctx.assembly.id, record)
    await plan_poll(ctx, record)
    await ctx.uow.polls.record_event(ctx.assembly.id, "poll", number, "opened", ctx.member, ctx.now,
                                     {"title": title, "slots": len(slots)})
    kind, options, extra = native_poll(ctx, poll)
    await ctx.say(
        "poll.opened",
        thread=poll_thread(number),
        kind=kind,
        poll_options=options,
        extra=extra,
        buttons=answer_buttons(poll),
        reply=False,
        number=number,
        title=poll.title,
        author=display(ctx.member),
        zone=ctx.tz,
        slots="\n".join(slot_lines(ctx, poll.slots, ctx.tz)),
        per_slot=_per_slot_hint(ctx, poll),
        deadline=(ctx.t("poll.deadline_line", date=when(deadline, ctx.tz, ctx.lang)) if deadline else "") + notes,
        example=_example(ctx, len(slots)),
    )


def _example(ctx: Context, count: int) -> str:
    """ "yes no maybe …": one answer per slot (six at most)."""
    words = ("oui", "non", "peut-être") if ctx.lang == "fr" else ("yes", "no", "maybe")
    return " ".join(words[i % 3] for i in range(min(count, 6))) + (" …" if count > 6 else "")


def _per_slot_hint(ctx: Context, poll: TimePoll) -> str:
    """How to answer for one slot only: pointless when the poll has one slot."""
    return ctx.t("poll.per_slot_hint", number=poll.number) if len(poll.slots) > 1 else ""


def _per_slot(text: str, count: int) -> dict[int, Availability] | None:
    """ "2 oui", "1=yes 3=no": answers for some slots only (None when `text` is a full row)."""
    if not text[:1].isdigit():
        return None
    pairs = _PER_SLOT.findall(text)
    if not pairs or _PER_SLOT.sub("", text).strip(" ,;"):
        raise DomainError("poll.per_slot_malformed", text=quote(text))
    answers: dict[int, Availability] = {}
    for index_text, word in pairs:
        index = int(index_text)
        if not 1 <= index <= count:
            raise DomainError("schedule.slot_number_invalid", given=index, count=count)
        answers[index] = parse_availability(word)
    return answers


async def avail(ctx: Context, cmd: Command) -> None:
    """!avail #N yes no maybe … (one per slot) · !avail #N 2 yes (one slot)."""
    await ctx.require_member()
    record = await load_poll(ctx, cmd.number)
    ensure_not_fixed(record, "avail")
    poll = record.poll
    zone = member_zone(ctx)
    text = cmd.full_text.strip()
    if not text:
        mine = poll.answer_of(ctx.member)
        await ctx.say("poll.avail_howto", thread=poll_thread(poll.number), number=poll.number,
                      count=len(poll.slots), mine=symbols(mine) if mine else "—",
                      example=_example(ctx, len(poll.slots)), per_slot=_per_slot_hint(ctx, poll))
        return
    per_slot = _per_slot(text, len(poll.slots))
    if per_slot is None:
        record.poll = poll.answer_text(ctx.member, text, ctx.now)
    else:
        current = list(poll.answer_of(ctx.member) or [Availability.NO] * len(poll.slots))
        for index, answer in per_slot.items():
            current[index - 1] = answer
        record.poll = poll.answer(ctx.member, current, ctx.now)
    await ctx.uow.polls.save(ctx.assembly.id, record)
    choices = record.poll.answer_of(ctx.member) or ()
    lines = [f"  {i}. {slot_label(ctx, slot, zone)} {symbols((choice,))}"
             for i, (slot, choice) in enumerate(zip(record.poll.slots, choices, strict=True), start=1)]
    deadline = record.poll.deadline
    until = (ctx.t("poll.change_until", date=when(deadline, zone, ctx.lang)) if deadline is not None
             else ctx.t("poll.change_until_fixed"))
    await ctx.say("poll.answered", thread=poll_thread(poll.number), number=poll.number,
                  member=display(ctx.member), zone=zone, answers="\n".join(lines),
                  answered=len(record.poll.answers), until=until)


async def withdraw_avail(ctx: Context, cmd: Command) -> None:
    """A vote taken back in the native poll of a time poll (Telegram): the member's answers
    go, as if they had not answered, and the audit log says so. Nothing is said in the room:
    the poll shows it, and Telegram sends a retraction before every changed vote. Taken back
    from a poll that no longer takes answers, or by someone who had not answered: nothing."""
    if not ctx.assembly.is_member(ctx.member) or cmd.full_text.strip():
        return  # only the whole answer is taken back ("avail #N"), never one slot's
    try:
        record = await load_poll(ctx, cmd.number)
        if record.poll.answer_of(ctx.member) is None:
            return
        record.poll = record.poll.withdraw(ctx.member, ctx.now)
    except DomainError:
        return  # fixed, cancelled, past its deadline or gone: its answers stay as they were
    await ctx.uow.polls.save(ctx.assembly.id, record)
    await ctx.uow.polls.record_event(ctx.assembly.id, "poll", record.poll.number, "answer_withdrawn", ctx.member,
                                     ctx.now, {})


async def finalize(ctx: Context, cmd: Command) -> None:
    """!finalize #N [slot number | slot] [--place …] [--every …] → meeting #M."""
    await ctx.require_member()
    require_organiser(ctx, cmd)
    record = await load_poll(ctx, cmd.number)
    ensure_not_fixed(record, "finalize")
    choice: int | Slot | None = None
    wanted = cmd.text.strip()
    if wanted.isdigit():
        choice = int(wanted)
    elif wanted:
        choice = parse_slot(wanted, member_zone(ctx), At(ctx.now))
    level = _level_with_best(record.poll, ctx.now) if choice is None else ()
    poll, slot = record.poll.finalize(ctx.now, choice)
    place, rrule, offsets = await meeting_options(ctx, cmd)
    meeting = await create_meeting(ctx, title=poll.title, slot=slot, place=place, rrule=rrule, offsets=offsets,
                                   poll_number=poll.number, draw=bool(cmd.flags.get("draw", False)),
                                   answers=poll.answers, slot_index=poll.slots.index(slot))
    record.poll = poll
    record.meeting_number = meeting.meeting.number
    await ctx.uow.polls.save(ctx.assembly.id, record)
    await plan_poll(ctx, record)
    await ctx.uow.polls.record_event(ctx.assembly.id, "poll", poll.number, "finalized", ctx.member, ctx.now,
                                     {"meeting": meeting.meeting.number, "start": slot.start.isoformat()})
    answerers = tuple(a.member for a in poll.answers)
    index = poll.slots.index(slot)
    yes = sum(1 for a in poll.answers if a.choices[index] is Availability.YES)
    await ctx.say(
        "poll.finalized",
        thread=poll_thread(poll.number),
        mentions=ids(answerers),
        attachment=(ics_name(ctx, meeting.meeting), await calendar_file(ctx, meeting)),
        number=poll.number,
        title=poll.title,
        slot=slot_label(ctx, slot, ctx.tz),
        zone=ctx.tz,
        meeting=meeting.meeting.number,
        answers=ctx.t("poll.finalized_answers", yes=yes, answered=len(answerers)) if answerers
        else ctx.t("poll.finalized_no_answer"),
        told=ctx.t("poll.finalized_told", members=", ".join(display(m) for m in answerers)) if answerers
        else ctx.t("poll.finalized_told_nobody"),
        tie=_tie_line(ctx, level, index + 1, meeting.meeting.number),
    )
    await close_native_poll(ctx, poll.number)


def _level_with_best(poll: TimePoll, now: datetime) -> tuple[SlotTally, ...]:
    """The slots still to come that tie with the best one (same yes, same if-need-be),
    the best one first; empty when the best stands alone."""
    upcoming = [t for t in poll.ranking() if t.slot.start > now]
    if not poll.answers or not upcoming:
        return ()
    best = upcoming[0]
    level = tuple(t for t in upcoming if (t.yes, t.maybe) == (best.yes, best.maybe))
    return level if len(level) > 1 else ()


def _tie_line(ctx: Context, level: tuple[SlotTally, ...], taken: int, meeting: int) -> str:
    """Which slots tied, which one was taken, and how to move the meeting to another."""
    if not level:
        return ""
    other = next(t for t in level if t.index != taken)
    start, end = (instant.astimezone(zone(ctx.tz)) for instant in (other.slot.start, other.slot.end))
    when_text = (f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}" if start.date() == end.date()
                 else f"{start:%Y-%m-%d %H:%M} - {end:%Y-%m-%d %H:%M}")
    numbers = sorted(t.index for t in level)
    return "\n" + ctx.t("poll.finalized_tie", slots=", ".join(str(n) for n in numbers[:-1]), last=numbers[-1],
                        yes=level[0].yes, maybe=level[0].maybe, taken=taken, other=other.index,
                        meeting=meeting, when=when_text)


async def cancel_poll(ctx: Context, cmd: Command, record: PollRecord) -> None:
    ensure_not_fixed(record, "cancel")
    if ctx.member != record.poll.creator:
        require_organiser(ctx, cmd)
    record.poll = record.poll.cancel(ctx.now)
    await ctx.uow.polls.save(ctx.assembly.id, record)
    await plan_poll(ctx, record)
    await ctx.uow.polls.record_event(ctx.assembly.id, "poll", record.poll.number, "cancelled", ctx.member,
                                     ctx.now, {"reason": cmd.full_text})
    answerers = tuple(a.member for a in record.poll.answers)
    await ctx.say("poll.cancelled", thread=poll_thread(record.poll.number), mentions=ids(answerers),
                  number=record.poll.number, title=record.poll.title,
                  reason=("\n" + cmd.full_text) if cmd.full_text else "")
    await close_native_poll(ctx, record.poll.number)


async def cancel(ctx: Context, cmd: Command) -> None:
    """!cancel #N: a time poll or a meeting."""
    await ctx.require_member()
    if cmd.number is not None:
        record = await ctx.uow.polls.get(ctx.assembly.id, cmd.number)
        if record is not None:
            await cancel_poll(ctx, cmd, record)
            return
        if await what_is(ctx, cmd.number) is None:  # neither a meeting nor a poll
            raise DomainError("cancel.not_found", number=cmd.number)
    await cancel_meeting(ctx, cmd)
