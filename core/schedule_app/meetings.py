"""Meetings: !meeting, !rsvp, !agenda, !note, !ics (without a number: feed.py), !reschedule,
!cancel, !swap, !minutes, !reminders; the reminder plan (one pending row per meeting, chained)
and role rotation."""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import replace
from datetime import datetime, timedelta

from core.commands import Command
from core.context import Context
from core.errors import DomainError
from core.proposal_handlers import outcome_text, schedule_reminder, version_note
from core.proposals import Phase
from core.render import colon, display, when
from core.schedule_app import feed
from core.schedule_app.common import (
    MEETING_REMINDER_DUE,
    At,
    assembly_key,
    feed_link,
    ics_name,
    ids,
    load_meeting,
    meeting_thread,
    member_zone,
    parse_duration,
    require_organiser,
    slot_label,
    utc,
)
from core.schedule_app.records import (
    SESSION_AFTER,
    SESSION_BEFORE,
    MeetingRecord,
    active_slot,
    active_start,
    key_of,
    occurrence_key,
)
from core.schedule_app.views import (
    agenda_items,
    agenda_text,
    meeting_lines,
    meeting_text,
    roles_text,
)
from core.scheduling.agenda import AgendaItem
from core.scheduling.availability import Availability, parse_availability
from core.scheduling.ics import meeting_calendar
from core.scheduling.meetings import Meeting, MeetingStatus
from core.scheduling.polls import PollAnswer
from core.scheduling.recurrence import next_occurrence, parse_every
from core.scheduling.reminders import Reminder, parse_reminder_offsets, plan_reminders
from core.scheduling.roles import MeetingRole, parse_role
from core.scheduling.rotation import rotate_roles
from core.scheduling.slots import CLOCK_TIME, DATE_FORMS, Slot, looks_like_slot, parse_slot
from core.scheduling.texts import plain, quote, validated_title
from core.scheduling.timezones import clock_time, zone

DEFAULT_DURATION = timedelta(hours=2)
_DATE = re.compile(r"(?<!\S)(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})(?=[\sT,]|$)")
# A day (with or without its time) somewhere in a meeting's text, to say which part was not understood.
_DAY_MENTION = re.compile(rf"(?<!\S)(?:le\s+)?(?:{DATE_FORMS})(?![\w/])", re.IGNORECASE)
_CLOCK_TIME = re.compile(rf"(?<![\w/])(?:{CLOCK_TIME})(?![\w/])", re.IGNORECASE)
# What a meeting's date says in meeting words, where the slot parser speaks of slots.
_MEETING_WORDING = {"schedule.slot_in_past": "meeting.date_in_past",
                    "schedule.end_and_duration": "meeting.end_and_duration"}
_NO_REPEAT = frozenset({"none", "no", "never", "aucune", "aucun", "jamais", "non", "once", "une-fois"})
_ADD_WORDS = frozenset({"add", "ajouter", "ajout", "+"})
_REMOVE_WORDS = frozenset({"remove", "delete", "del", "retirer", "supprimer", "enlever", "effacer"})
_DRAW_WORDS = frozenset({"draw", "tirage", "tirage-au-sort", "lottery"})
_POLL_WORDS = frozenset({"poll", "polls", "sondage", "sondages"})
_PROPOSAL_WORDS = frozenset({"proposal", "proposals", "proposition", "propositions"})
_OFF_WORDS = frozenset({"none", "no", "never", "off", "aucun", "aucune", "jamais", "non", "desactive", "desactiver"})


# ---- creating and planning ------------------------------------------------------------------


async def meeting_options(ctx: Context, cmd: Command) -> tuple[str | None, str | None, tuple[timedelta, ...]]:
    """--place, --every and --remind, or the assembly's reminder settings."""
    place = str(cmd.flags["place"]) if "place" in cmd.flags else None
    rrule = parse_every(str(cmd.flags["every"])) if "every" in cmd.flags else None
    if "remind" in cmd.flags:
        offsets = parse_reminder_offsets(str(cmd.flags["remind"]))
    else:
        offsets = (await ctx.uow.meetings.settings(ctx.assembly.id)).meeting_reminders
    return place, rrule, offsets


async def create_meeting(
    ctx: Context,
    *,
    title: str,
    slot: Slot,
    place: str | None,
    rrule: str | None,
    offsets: tuple[timedelta, ...],
    poll_number: int | None = None,
    draw: bool = False,
    answers: tuple[PollAnswer, ...] = (),
    slot_index: int = 0,
) -> MeetingRecord:
    """A new meeting with its number, stored, with its first reminder planned. Members who
    answered a time poll come with their answer for the chosen slot as attendance."""
    number = ctx.assembly.take_number()
    meeting = Meeting.schedule(
        number=number, assembly=assembly_key(ctx.assembly.platform, ctx.assembly.room), title=title,
        slot=slot, timezone=ctx.tz, organizer=ctx.member, now=ctx.now, place=place, rrule=rrule,
        poll_number=poll_number, reminder_offsets=offsets,
    )
    for answer in answers:
        meeting = meeting.rsvp(answer.member, answer.choices[slot_index], ctx.now)
    record = MeetingRecord(meeting, occurrence=occurrence_key(meeting, ctx.now), draw=draw)
    await ctx.uow.meetings.add(ctx.assembly.id, record)
    await plan_meeting(ctx, record)
    await ctx.uow.meetings.record_event(
        ctx.assembly.id, "meeting", number, "scheduled", ctx.member, ctx.now,
        {"title": meeting.title, "start": meeting.start.isoformat(), "rrule": meeting.rrule, "poll": poll_number},
    )
    return record


def next_reminder(meeting: Meeting, now: datetime) -> Reminder | None:
    """The first reminder still to come: this occurrence's, or a later occurrence's."""
    start = meeting.next_start(now)
    for _ in range(12):
        if start is None:
            return None
        planned = plan_reminders(meeting.number, start, meeting.reminder_offsets, meeting.sequence, now)
        if planned:
            return planned[0]
        if meeting.rrule is None:
            return None
        start = next_occurrence(meeting.rrule, meeting.start, meeting.timezone, after=start)
    return None


async def plan_meeting(ctx: Context, record: MeetingRecord, *, after: datetime | None = None) -> None:
    """One pending reminder row per meeting; each fired reminder plans the next one (the
    first due after `after`, now by default)."""
    assert record.id is not None
    await ctx.uow.due.cancel(MEETING_REMINDER_DUE, record.id)
    reminder = next_reminder(record.meeting, after or ctx.now)
    if reminder is not None:
        await ctx.uow.due.schedule(MEETING_REMINDER_DUE, record.id, utc(reminder.due_at), {
            "number": reminder.meeting_number,
            "occurrence": key_of(reminder.occurrence_start),
            "offset": int(reminder.offset.total_seconds()),
            "sequence": reminder.sequence,
        })


async def calendar_file(ctx: Context, record: MeetingRecord) -> str:
    return meeting_calendar(record.meeting, ctx.now, lang=ctx.lang,
                            agenda=await agenda_items(ctx, record.meeting))


async def told_members(ctx: Context, record: MeetingRecord) -> tuple[str, ...]:
    """Who heard about this meeting: attendance answers, and the time poll's answers."""
    told = [r.member for r in record.meeting.rsvps]
    if record.meeting.poll_number is not None:
        poll = await ctx.uow.polls.get(ctx.assembly.id, record.meeting.poll_number)
        if poll is not None:
            told += [a.member for a in poll.poll.answers]
    members = set(await ctx.members())
    return tuple(m for m in dict.fromkeys(told) if m in members)


def split_title_and_when(text: str) -> tuple[str, str]:
    """ "AG de quartier le 12/12 de 14h à 16h" -> ("AG de quartier", "le 12/12 de 14h à 16h").

    The date and time are the first words from which the rest reads as one slot, in the forms
    a time poll accepts; so a title may still say "Permanence du mardi". When no such words
    are found, the refusal quotes the part that looks like a date, or the whole text.
    """
    for word in re.finditer(r"\S+", text):
        if looks_like_slot(text[word.start():]):
            return text[: word.start()].strip(" ,:—-"), text[word.start():].strip()
    if not text.strip():
        raise DomainError("meeting.when_missing")
    day = _DAY_MENTION.search(text.replace("’", "'"))
    if day is None:
        raise DomainError("meeting.when_not_found", text=quote(text))
    when = text[day.start():].strip()
    if _CLOCK_TIME.search(when) is None:
        raise DomainError("meeting.time_missing", when=quote(when))
    raise DomainError("meeting.when_unreadable", when=quote(when))


def _with_end(when_text: str, cmd: Command) -> str:
    if "end" not in cmd.flags:
        return when_text
    end = str(cmd.flags["end"]).strip()
    return f"{when_text} - {end}" if _DATE.search(end) else f"{when_text}-{end}"


def _length(cmd: Command, default: timedelta) -> timedelta:
    return parse_duration(str(cmd.flags["duration"])) if "duration" in cmd.flags else default


def _parse_when(ctx: Context, cmd: Command, text: str, default: timedelta) -> Slot:
    """The meeting's date and time, read as a time poll's slot; --duree gives the length
    when the text has no end time (both at once are refused: which one to keep?)."""
    typed = str(cmd.flags["duration"]) if "duration" in cmd.flags else None
    try:
        return parse_slot(_with_end(text, cmd), member_zone(ctx), At(ctx.now), default_duration=_length(cmd, default),
                          duration_typed=typed)
    except DomainError as error:
        if error.key in _MEETING_WORDING:
            raise DomainError(_MEETING_WORDING[error.key], **error.params) from error
        raise


# ---- commands ----------------------------------------------------------------------------------


async def meeting(ctx: Context, cmd: Command) -> None:
    """!meeting <title> <date time[-end]> [--place …] [--every …] [--remind …] [--draw]"""
    await ctx.require_member()
    require_organiser(ctx, cmd)
    _length(cmd, DEFAULT_DURATION)  # a --duree not understood is named before the date
    title, when_text = split_title_and_when(cmd.text)
    title = validated_title(title)
    slot = _parse_when(ctx, cmd, when_text, DEFAULT_DURATION)
    place, rrule, offsets = await meeting_options(ctx, cmd)
    record = await create_meeting(ctx, title=title, slot=slot, place=place, rrule=rrule, offsets=offsets,
                                  draw=bool(cmd.flags.get("draw", False)))
    m = record.meeting
    await ctx.say(
        "meeting.scheduled",
        thread=meeting_thread(m),
        attachment=(ics_name(ctx, m), await calendar_file(ctx, record)),
        number=m.number,
        title=m.title,
        author=display(ctx.member),
        details="\n".join(meeting_lines(ctx, record, ctx.tz, ctx.now)) + monthly_day_note(ctx, m),
    )


def monthly_day_note(ctx: Context, meeting: Meeting) -> str:
    """A monthly series on the 29th, 30th or 31st skips the months without that day: say so,
    and give the last-day rule when the meeting starts on the last day of its month."""
    rule = dict(part.partition("=")[::2] for part in (meeting.rrule or "").split(";"))
    if rule.get("FREQ") != "MONTHLY" or {"BYDAY", "BYMONTHDAY", "BYSETPOS"} & rule.keys():
        return ""
    local = meeting.start.astimezone(zone(meeting.timezone))
    if local.day < 29:
        return ""
    note = ctx.t("meeting.monthly_day_skipped", day=local.day)
    if (local + timedelta(days=1)).month != local.month:  # the last day of its month
        note += " " + ctx.t("meeting.monthly_last_day", number=meeting.number, rule="FREQ=MONTHLY;BYMONTHDAY=-1")
    return "\n" + note


async def rsvp(ctx: Context, cmd: Command) -> None:
    """!rsvp #N yes|no|maybe"""
    await ctx.require_member()
    record = await load_meeting(ctx, cmd.number)
    m = record.meeting
    if not cmd.text.strip():
        mine = m.rsvp_of(ctx.member)
        await ctx.say("rsvp.howto", thread=meeting_thread(m), number=m.number,
                      mine=ctx.t(f"rsvp.answer_{mine.value}") if mine else "—")
        return
    answer = parse_availability(cmd.text.split()[0])
    record.meeting = m.rsvp(ctx.member, answer, ctx.now)
    await ctx.uow.meetings.save(ctx.assembly.id, record)
    m = record.meeting
    await ctx.say(
        "rsvp.noted",
        thread=meeting_thread(m),
        number=m.number,
        member=display(ctx.member),
        answer=ctx.t(f"rsvp.answer_{answer.value}"),
        yes=len(m.attendees(Availability.YES)),
        maybe=len(m.attendees(Availability.MAYBE)),
        no=len(m.attendees(Availability.NO)),
    )


async def agenda(ctx: Context, cmd: Command) -> None:
    """!agenda #N (show) · !agenda #N add <item> (one item per line) · !agenda #N remove <n>"""
    record = await load_meeting(ctx, cmd.number)
    m = record.meeting
    first, _, rest = cmd.text.partition(" ")
    if plain(first) in _REMOVE_WORDS:
        await _remove_item(ctx, record, "\n".join(part for part in (rest.strip(), cmd.body) if part))
        return
    text = cmd.full_text
    if first.casefold() in _ADD_WORDS:
        text = "\n".join(part for part in (rest.strip(), cmd.body) if part)
        if not text.strip():
            raise DomainError("agenda.item_missing", number=m.number)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines:
        items = await add_agenda_items(ctx, record, lines)
        await ctx.say("agenda.added", thread=meeting_thread(m), number=m.number, count=len(lines),
                      agenda=agenda_text(ctx, items))
        return
    items = await agenda_items(ctx, m)
    ctx.fan_out = False  # a read: for the room that asked
    await ctx.say("agenda.show", thread=meeting_thread(m), number=m.number, title=m.title,
                  agenda=agenda_text(ctx, items))


async def add_agenda_items(ctx: Context, record: MeetingRecord, lines: list[str]) -> tuple[AgendaItem, ...]:
    """The sender adds `lines` to the agenda of `record`'s occurrence, one item each, and
    the meeting is saved; the agenda as it is then."""
    await ctx.require_member()
    for line in lines:
        record.meeting = record.meeting.add_agenda_item(ctx.member, line, ctx.now)
    await ctx.uow.meetings.save(ctx.assembly.id, record)
    return await agenda_items(ctx, record.meeting)


async def _remove_item(ctx: Context, record: MeetingRecord, wanted: str) -> None:
    """`wanted`: the item's number as the agenda shows it, or its exact words."""
    await ctx.require_member()
    m = record.meeting
    items = await agenda_items(ctx, m)
    shown = agenda_text(ctx, items)
    wanted = wanted.strip().lstrip("#").rstrip(".")
    if not wanted:
        raise DomainError("agenda.remove_usage", number=m.number, agenda=shown)
    if wanted.isdigit():
        position = int(wanted)
        if not 1 <= position <= len(items):
            raise DomainError("agenda.no_such_item", number=m.number, given=position, count=len(items),
                              agenda=shown)
    else:
        matching = [i for i, item in enumerate(items, start=1) if plain(item.title).split() == plain(wanted).split()]
        if not matching:
            raise DomainError("agenda.no_such_text", number=m.number, text=quote(wanted), agenda=shown)
        position = matching[0]
    item = items[position - 1]
    if item.proposal_number is not None:
        raise DomainError("agenda.item_is_proposal", position=position, proposal=item.proposal_number)
    if item.added_by != ctx.member and not may_lead(ctx, record):
        raise DomainError("agenda.remove_not_yours", position=position, member=display(item.added_by or ""))
    index = m.agenda_items.index(item)
    record.meeting = m.remove_agenda_item(index, ctx.now)
    await ctx.uow.meetings.save(ctx.assembly.id, record)
    await ctx.say("agenda.removed", thread=meeting_thread(m), number=m.number, item=item.title,
                  agenda=agenda_text(ctx, await agenda_items(ctx, record.meeting)))


async def note(ctx: Context, cmd: Command) -> None:
    """!note #N <text>: a line of the minutes."""
    await ctx.require_member()
    record = await load_meeting(ctx, cmd.number)
    record.meeting = record.meeting.add_note(ctx.member, cmd.full_text, ctx.now)
    await ctx.uow.meetings.save(ctx.assembly.id, record)
    await ctx.say("note.added", thread=meeting_thread(record.meeting), number=record.meeting.number,
                  count=len(record.meeting.notes))


async def ics(ctx: Context, cmd: Command) -> None:
    """!ics #N: the meeting's calendar file and the assembly's feed address. Without a
    number, the feed itself (`!calendar`: its address, public or private)."""
    if cmd.number is None:
        await feed.calendar(ctx, cmd)
        return
    record = await load_meeting(ctx, cmd.number)
    subscribe = await feed_link(ctx.uow.meetings, ctx.assembly.id)
    key = "meeting.ics_no_url" if subscribe.url is None else "meeting.ics_public" if subscribe.public else "meeting.ics"
    await ctx.say(key, thread=meeting_thread(record.meeting),
                  attachment=(ics_name(ctx, record.meeting), await calendar_file(ctx, record)),
                  number=record.meeting.number, url=subscribe.text(ctx))


async def reschedule(ctx: Context, cmd: Command) -> None:
    """!reschedule #N <date time[-end]> [--place …] [--every …|none] [--remind …]"""
    await ctx.require_member()
    require_organiser(ctx, cmd)
    record = await load_meeting(ctx, cmd.number)
    m = record.meeting
    if not (cmd.text.strip() or {"place", "every", "remind", "end", "duration"} & cmd.flags.keys()):
        raise DomainError("meeting.reschedule_usage", number=m.number)
    if m.status is MeetingStatus.CANCELLED:
        raise DomainError("schedule.meeting_cancelled", number=m.number)
    when_text = cmd.text.strip()
    if not when_text and {"end", "duration"} & cmd.flags.keys():
        when_text = f"{active_start(m, ctx.now).astimezone(zone(member_zone(ctx))):%Y-%m-%d %H:%M}"
    new_rule: str | None | bool = False  # False: unchanged
    if "every" in cmd.flags:
        every = str(cmd.flags["every"]).strip()
        new_rule = None if plain(every) in _NO_REPEAT else parse_every(every)
    if when_text:
        slot = _parse_when(ctx, cmd, when_text, m.duration)
        if new_rule is not False and m.rrule:
            m = m.repeat(None, ctx.now)
        m = m.reschedule(slot, ctx.now)
    if new_rule is not False:
        m = m.repeat(new_rule if isinstance(new_rule, str) else None, ctx.now)
    if "place" in cmd.flags:
        m = m.move(str(cmd.flags["place"]), ctx.now)
    if "remind" in cmd.flags:
        m = replace(m, reminder_offsets=parse_reminder_offsets(str(cmd.flags["remind"])), updated_at=ctx.now)
    new_key = occurrence_key(m, ctx.now)
    assert record.id is not None
    if new_key != record.occurrence:
        await ctx.uow.meetings.move_occurrence(record.id, record.occurrence, new_key)
        record.occurrence = new_key
    record.meeting = m
    await ctx.uow.meetings.save(ctx.assembly.id, record)
    await plan_meeting(ctx, record)
    await ctx.uow.meetings.record_event(ctx.assembly.id, "meeting", m.number, "rescheduled", ctx.member, ctx.now,
                                        {"start": m.start.isoformat(), "sequence": m.sequence,
                                         "place": m.place, "rrule": m.rrule})
    told = await told_members(ctx, record)
    await ctx.say(
        "meeting.rescheduled",
        thread=meeting_thread(m),
        mentions=ids(told),
        attachment=(ics_name(ctx, m), await calendar_file(ctx, record)),
        number=m.number,
        title=m.title,
        details="\n".join(meeting_lines(ctx, record, ctx.tz, ctx.now)) + monthly_day_note(ctx, m),
        told=_told(ctx, "meeting.rescheduled", told),
    )


async def cancel_meeting(ctx: Context, cmd: Command) -> None:
    """!cancel #N on a meeting: everyone told gets the cancelled calendar entry."""
    require_organiser(ctx, cmd)
    record = await load_meeting(ctx, cmd.number)
    record.meeting = record.meeting.cancel(ctx.now)
    await ctx.uow.meetings.save(ctx.assembly.id, record)
    assert record.id is not None
    await ctx.uow.due.cancel(MEETING_REMINDER_DUE, record.id)
    m = record.meeting
    await ctx.uow.meetings.record_event(ctx.assembly.id, "meeting", m.number, "cancelled", ctx.member, ctx.now,
                                        {"sequence": m.sequence, "reason": cmd.full_text})
    told = await told_members(ctx, record)
    await ctx.say(
        "meeting.cancelled",
        thread=meeting_thread(m),
        mentions=ids(told),
        attachment=(ics_name(ctx, m), await calendar_file(ctx, record)),
        number=m.number,
        title=m.title,
        when=slot_label(ctx, active_slot(m, ctx.now), ctx.tz),
        reason=("\n" + cmd.full_text) if cmd.full_text else "",
        told=_told(ctx, "meeting.cancelled", told),
    )


def _told(ctx: Context, key: str, told: tuple[str, ...]) -> str:
    """Whom the new calendar file is for, or that nobody had answered yet."""
    if not told:
        return ctx.t(f"{key}_nobody")
    return ctx.t(f"{key}_told", members=", ".join(display(x) for x in told))


async def status_of_meeting(ctx: Context, record: MeetingRecord) -> None:
    items = await agenda_items(ctx, record.meeting)
    await ctx.send_text(meeting_text(ctx, record, member_zone(ctx), items),
                        thread=meeting_thread(record.meeting))


# ---- roles ---------------------------------------------------------------------------------------


async def propose_roles(ctx: Context, record: MeetingRecord, *, draw: bool) -> bool:
    """Fair rotation among members coming (RSVP yes); roles already taken stay. False when
    nobody said they come."""
    m = record.meeting
    attendees = m.attendees(Availability.YES)
    if not attendees:
        return False
    start = active_start(m, ctx.now)
    history = [s for s in await ctx.uow.meetings.role_history(ctx.assembly.id) if s.served_at < start]
    seed = hashlib.sha256(f"{m.uid}\n{record.occurrence}\n{m.sequence}\n{draw}".encode()).digest()
    rng = random.Random(int.from_bytes(seed[:8], "big"))
    taken = () if draw else tuple(a for a in m.roles if a.member in attendees)
    assignments = rotate_roles(attendees, history, rng, taken=taken, draw=draw)
    record.meeting = m.assign_roles(assignments, ctx.now)
    return True


async def swap(ctx: Context, cmd: Command) -> None:
    """!swap #N <role> [@member] (hand a role; yourself when no member) · !swap #N --draw"""
    await ctx.require_member()
    record = await load_meeting(ctx, cmd.number)
    m = record.meeting
    words = cmd.text.split()
    draw = bool(cmd.flags.get("draw", False)) or (len(words) == 1 and plain(words[0]) in _DRAW_WORDS)
    if draw or not words:
        if m.roles and not draw:
            await ctx.say("roles.show", thread=meeting_thread(m), number=m.number,
                          roles=roles_text(ctx, m))
            return
        if draw:
            require_organiser(ctx, cmd)
        if not await propose_roles(ctx, record, draw=draw):
            raise DomainError("schedule.no_attendees")
    else:
        target = ctx.member
        if len(words) > 1 and (words[-1].startswith("@") or ":" in words[-1]):
            await ctx.members()
            target = ctx.assembly.resolve(words[-1])
            words = words[:-1]
        role = parse_role(" ".join(words))
        if not ctx.assembly.is_member(target):
            raise DomainError("member.unknown", member=display(target))
        holder = m.role_holder(role)
        label = ctx.t(f"schedule.role_{role.value}")
        if holder == target:
            raise DomainError("roles.already_held", role=label, member=display(target))
        if holder is not None and holder != ctx.member and not ctx.is_catalyser:
            raise DomainError("roles.not_yours", role=label, member=display(holder))
        record.meeting = m.swap_role(role, ctx.member, target, ctx.now, may_override=True)
        await _save_roles(ctx, record)
        m = record.meeting
        others = [ctx.t(f"schedule.role_{r.value}") for r in m.roles_of(target) if r is not role]
        also = ctx.t("roles.also_keeps", member=display(target), roles=", ".join(others)) if others else ""
        await ctx.say("roles.handed" if holder is not None else "roles.taken",
                      thread=meeting_thread(m), mentions=ids(x for x in (holder, target) if x),
                      number=m.number, role=label, member=display(target), also=also,
                      previous=display(holder) if holder else "", roles=roles_text(ctx, m))
        return
    await _save_roles(ctx, record)
    m = record.meeting
    await ctx.say("roles.changed", thread=meeting_thread(m), mentions=ids(a.member for a in m.roles),
                  number=m.number, roles=roles_text(ctx, m))


async def _save_roles(ctx: Context, record: MeetingRecord) -> None:
    await ctx.uow.meetings.save(ctx.assembly.id, record)
    m = record.meeting
    await ctx.uow.meetings.record_event(ctx.assembly.id, "meeting", m.number, "roles", ctx.member, ctx.now,
                                        {a.role.value: a.member for a in m.roles})


async def roles_left_free(ctx: Context) -> str:
    """A member left the assembly (or was forgotten): the roles they held in meetings still to
    come, or under way, are free again, and the room hears which, with the command that hands
    each on. Meetings already held keep who served them."""
    notes: list[str] = []
    for listed in await ctx.uow.meetings.list(ctx.assembly.id, since=ctx.now):
        record = await ctx.uow.meetings.get(ctx.assembly.id, listed.meeting.number, now=ctx.now)
        if record is None or record.meeting.status is not MeetingStatus.SCHEDULED:
            continue
        m = record.meeting
        held = m.roles_of(ctx.member)
        if not held or ctx.now >= active_slot(m, ctx.now).end:
            continue
        record.meeting = m.release_roles(ctx.member, ctx.now)
        await _save_roles(ctx, record)
        notes += [ctx.t("roles.left_free", number=m.number, role=ctx.t(f"schedule.role_{role.value}"),
                        word=ctx.t(f"roles.word_{role.value}")) for role in held]
    return "".join(" " + note for note in notes)


def may_lead(ctx: Context, record: MeetingRecord | None) -> bool:
    """Catalysers, facilitators, and whoever facilitates this meeting."""
    if ctx.is_catalyser:
        return True
    return record is not None and record.meeting.role_holder(MeetingRole.FACILITATOR) == ctx.member


# ---- minutes -------------------------------------------------------------------------------------


async def minutes_text(ctx: Context, record: MeetingRecord) -> str:
    m = record.meeting
    t = ctx.t
    slot = active_slot(m, ctx.now)
    lines = [t("minutes.head", number=m.number, title=m.title, when=slot_label(ctx, slot, ctx.tz), zone=ctx.tz)]
    if m.status is MeetingStatus.CANCELLED:
        lines.append(t("meeting.is_cancelled_line"))
    if m.place:
        lines.append(t("meeting.place_line", place=m.place))
    coming = m.attendees(Availability.YES)
    lines.append(t("minutes.present", count=len(coming), names=", ".join(display(x) for x in coming) or "—"))
    if m.roles:
        lines.append(t("meeting.roles_line", roles=roles_text(ctx, m)))
    lines.append(t("agenda.head", number=m.number))
    lines.append(agenda_text(ctx, await agenda_items(ctx, m), empty="agenda.empty_minutes"))
    lines.append(t("minutes.notes_head"))
    if m.notes:
        room_zone = zone(ctx.tz)
        for n in m.notes:
            stamp = clock_time(n.written_at.astimezone(room_zone), ctx.lang)
            lines.append(f"  • {stamp} {display(n.author)}{colon(ctx.lang)} {n.text}")
    else:
        lines.append(t("minutes.no_notes", number=m.number))
    start, end = slot.start - SESSION_BEFORE, slot.end + SESSION_AFTER
    proposals = await ctx.uow.proposals.list(ctx.assembly.id)
    decided = [p for p in proposals if p.is_closed and p.decided_at is not None
               and (start <= p.decided_at <= end or p.number in record.discussed)]
    ongoing = [p for p in proposals if not p.is_closed and p.number in record.discussed]
    lines.append(t("minutes.decisions_head"))
    for p in decided:
        outcome = outcome_text(ctx, p)
        lines.append(t("minutes.decision", number=p.number, title=p.title, status=t(f"status.{p.status.value}"),
                       version_note=version_note(ctx, p), outcome=(" — " + outcome) if outcome else ""))
    if not decided:
        lines.append(t("minutes.no_decisions"))
    for p in ongoing:
        lines.append(t("minutes.ongoing", number=p.number, title=p.title, phase=t(f"phase.{p.phase.value}")))
    return "\n".join(lines)


async def minutes(ctx: Context, cmd: Command) -> None:
    """!minutes #N: publish the minutes with the decisions taken during the meeting."""
    await ctx.require_member()
    record = await load_meeting(ctx, cmd.number)
    m = record.meeting
    if not may_lead(ctx, record) and m.role_holder(MeetingRole.NOTE_TAKER) != ctx.member:
        raise DomainError("minutes.not_allowed", number=m.number)
    slot = active_slot(m, ctx.now)
    if m.status is not MeetingStatus.CANCELLED and ctx.now < slot.start - SESSION_BEFORE:
        # from the time the meeting is in session (as for live rounds), not before
        raise DomainError("minutes.too_early", number=m.number, when=slot_label(ctx, slot, member_zone(ctx)),
                          opens=when(slot.start - SESSION_BEFORE, member_zone(ctx), ctx.lang))
    text = await minutes_text(ctx, record)
    if record.minutes_at is not None:
        text += "\n" + ctx.t("minutes.replaces", date=when(record.minutes_at, ctx.tz, ctx.lang))
    record.minutes = text
    record.minutes_at = ctx.now
    await ctx.uow.meetings.save(ctx.assembly.id, record)
    await ctx.uow.meetings.record_event(ctx.assembly.id, "meeting", m.number, "minutes_published", ctx.member,
                                        ctx.now, {"notes": len(m.notes), "occurrence": record.occurrence})
    await ctx.send_text(text, thread=meeting_thread(m), reply=False)


# ---- reminder settings ----------------------------------------------------------------------------


def offsets_text(ctx: Context, offsets: tuple[timedelta, ...]) -> str:
    return ", ".join(duration_text(ctx, o) for o in offsets)


def _one_delay(text: str, word: str) -> timedelta:
    """Time polls and proposals are reminded once: one delay, not a list."""
    offsets = parse_reminder_offsets(text)
    if len(offsets) != 1:
        raise DomainError("reminders.one_delay", word=word)
    return offsets[0]


def proposal_reminder_text(ctx: Context, lead: timedelta | None) -> str:
    return ctx.t("reminders.proposal_before", lead=duration_text(ctx, lead)) if lead else ctx.t("reminders.never")


def duration_text(ctx: Context, span: timedelta) -> str:
    """ "2 j 1 h" (fr), "2 days 1 hour" (en)."""
    days, rest = divmod(int(span.total_seconds()), 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = [ctx.t(f"duration.{unit}", count=n)
             for n, unit in zip((days, hours, minutes), ("days", "hours", "minutes"), strict=True) if n]
    return " ".join(parts) or ctx.t("duration.minutes", count=0)


_QUOTES = str.maketrans(dict.fromkeys('"“”«»„', " "))


async def reminders(ctx: Context, cmd: Command) -> None:
    """!reminders (show) · !reminders 1d 1h (meetings) · !reminders poll 12h (time polls)"""
    settings = await ctx.uow.meetings.settings(ctx.assembly.id)
    # quotes, as option values of several words are written (!rappels proposition "2 jours")
    text = " ".join(cmd.text.translate(_QUOTES).split())
    first, _, rest = text.partition(" ")
    if not text or (plain(first) in _PROPOSAL_WORDS | _POLL_WORDS and not rest.strip()):  # nothing to set
        ctx.fan_out = False  # a read: for the room that asked
        await ctx.say("reminders.current", meetings=offsets_text(ctx, settings.meeting_reminders),
                      poll=duration_text(ctx, settings.poll_reminder),
                      proposal=proposal_reminder_text(ctx, settings.proposal_reminder))
        return
    await ctx.require_member()
    require_organiser(ctx, cmd)
    if plain(first) in _PROPOSAL_WORDS:
        lead = None if plain(rest.strip()) in _OFF_WORDS else _one_delay(rest, first)
        await ctx.uow.meetings.save_settings(ctx.assembly.id, replace(settings, proposal_reminder=lead))
        changed = 0
        for listed in await ctx.uow.proposals.list(ctx.assembly.id, open_only=True):
            if listed.phase is Phase.DECISION:  # the rounds under way follow the new setting
                await schedule_reminder(ctx, listed)
                changed += 1
        await ctx.say("reminders.proposal_set" if lead else "reminders.proposal_off",
                      proposal=proposal_reminder_text(ctx, lead), count=changed)
        return
    if plain(text) in _OFF_WORDS or (plain(first) in _POLL_WORDS and plain(rest.strip()) in _OFF_WORDS):
        raise DomainError("reminders.cannot_turn_off")  # only proposal reminders can be turned off
    if plain(first) in _POLL_WORDS:
        offset = _one_delay(rest, first)
        await ctx.uow.meetings.save_settings(ctx.assembly.id, replace(settings, poll_reminder=offset))
        await ctx.say("reminders.poll_set", poll=duration_text(ctx, offset))
        return
    offsets = parse_reminder_offsets(text)
    await ctx.uow.meetings.save_settings(ctx.assembly.id, replace(settings, meeting_reminders=offsets))
    changed = await _apply_default(ctx, settings.meeting_reminders, offsets)
    await ctx.say("reminders.meetings_set", meetings=offsets_text(ctx, offsets), count=changed)


async def _apply_default(ctx: Context, old: tuple[timedelta, ...], new: tuple[timedelta, ...]) -> int:
    """Upcoming meetings that followed the old default follow the new one."""
    changed = 0
    for listed in await ctx.uow.meetings.list(ctx.assembly.id, since=ctx.now):
        if listed.meeting.reminder_offsets != old or listed.meeting.is_over(ctx.now):
            continue
        record = await ctx.uow.meetings.get(ctx.assembly.id, listed.meeting.number, now=ctx.now)
        if record is None:
            continue
        record.meeting = replace(record.meeting, reminder_offsets=new, updated_at=ctx.now)
        await ctx.uow.meetings.save(ctx.assembly.id, record)
        await plan_meeting(ctx, record)
        changed += 1
    return changed


# ---- overview ---------------------------------------------------------------------------------------


async def upcoming_lines(ctx: Context) -> list[str]:
    """Open time polls and meetings to come, for `!status` without a number."""
    lines: list[str] = []
    polls = await ctx.uow.polls.list(ctx.assembly.id, open_only=True)
    for p in polls:
        lines.append(ctx.t("overview.poll", number=p.poll.number, title=p.poll.title,
                           answered=len(p.poll.answers)))
    meetings = [r for r in await ctx.uow.meetings.list(ctx.assembly.id, since=ctx.now)
                if r.meeting.status is MeetingStatus.SCHEDULED and r.meeting.next_start(ctx.now - r.meeting.duration)]
    zone = member_zone(ctx)
    for r in meetings:
        lines.append(ctx.t("overview.meeting", number=r.meeting.number, title=r.meeting.title,
                           when=slot_label(ctx, active_slot(r.meeting, ctx.now), zone)))
    return lines

