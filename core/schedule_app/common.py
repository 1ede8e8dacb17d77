"""What every scheduling command needs: thread keys, loading a poll or a meeting by its
number (with a helpful answer when the number names something else), permissions, the
member's own time zone and the calendar feed address."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from core.commands import Command
from core.context import Context
from core.errors import DomainError
from core.ids import AssemblyId, MemberId
from core.ports import MeetingRepository
from core.render import display
from core.schedule_app.records import MeetingRecord, PollRecord, active_start
from core.scheduling.lengths import unit
from core.scheduling.meetings import Meeting
from core.scheduling.slots import Slot, format_slot, later
from core.scheduling.texts import plain, quote

POLL_REMINDER_DUE = "poll.reminder"
POLL_DEADLINE_DUE = "poll.deadline"
MEETING_REMINDER_DUE = "meeting.reminder"
MEETING_NEXT_DUE = "meeting.next"  # a recurring meeting's occurrence started: plan the next one

# The address calendar apps reach the server at (`http.public_url`); None until it is set: an
# address on the bot's own machine would be of no use to members.
_FEED: dict[str, Callable[[], str | None]] = {"base": lambda: None}


@dataclass(frozen=True, slots=True)
class At:
    """The clock reading of this command, for the parsers that take a `Clock`."""

    instant: datetime

    def now(self) -> datetime:
        return self.instant


# One piece of a length: a number and its unit ("3 semaines", "2h", "90 min"), or the minutes
# after hours ("1h30", "2 heures 30").
_LENGTH_PIECE = re.compile(r"(\d{1,4})\s*([a-z]*)\.?\s*")
MIN_DURATION = timedelta(minutes=5)
MAX_DURATION = timedelta(days=7)


def parse_duration(text: str) -> timedelta:
    """ "2h", "90min", "1h30", "45 min", "3j", "2 days", "1 semaine", "2 heures 30" → a
    meeting length (see core.scheduling.lengths for the units)."""
    cleaned = plain(text).strip()
    length = timedelta()
    previous: timedelta | None = None
    at = 0
    while at < len(cleaned):
        piece = _LENGTH_PIECE.match(cleaned, at)
        if piece is None:
            raise DomainError("meeting.bad_duration", value=quote(text))
        amount, word = int(piece[1]), piece[2]
        if word:
            each = unit(word)
        else:  # minutes after hours: "1h30"
            each = timedelta(minutes=1) if previous == timedelta(hours=1) and len(piece[1]) == 2 else None
        if each is None:
            raise DomainError("meeting.bad_duration", value=quote(text))
        length += amount * each
        previous, at = each, piece.end()
    if previous is None:
        raise DomainError("meeting.bad_duration", value=quote(text))
    if not MIN_DURATION <= length <= MAX_DURATION:
        raise DomainError("meeting.duration_out_of_range", value=quote(text))
    return length


def ids(members: Iterable[str]) -> tuple[MemberId, ...]:
    return tuple(MemberId(m) for m in dict.fromkeys(members))


def poll_thread(number: int) -> str:
    return f"poll:{number}"


def meeting_thread(meeting: Meeting) -> str:
    """Where a meeting's messages go: a meeting whose date a time poll fixed follows on in
    that poll's thread (its date, its calendar file and the call to answer were told
    there); any other meeting has a thread of its own, opened by its announcement."""
    if meeting.poll_number is not None:
        return poll_thread(meeting.poll_number)
    return f"meeting:{meeting.number}"


def set_public_url(url: str | None | Callable[[], str | None]) -> None:
    """How members' calendar apps reach the HTTP server (`http.public_url`): an address, a
    function giving it, or None when it is not set. Set at start-up."""
    _FEED["base"] = url if callable(url) else (lambda: url)


def feed_url_at(base: str, assembly_id: int, token: str | None) -> str:
    """The subscribable calendar of one assembly, served at `base`; without a token when the
    assembly made its feed public."""
    url = f"{base.rstrip('/')}/assemblies/{assembly_id}/calendar.ics"
    return f"{url}?token={token}" if token is not None else url


@dataclass(frozen=True, slots=True)
class FeedLink:
    """The assembly's calendar feed as members are told about it; `url` is None while the
    server's public address (`http.public_url`) is not set."""

    public: bool
    url: str | None

    def text(self, ctx: Context) -> str:
        """The address, or what the person running the bot has to do for there to be one."""
        return self.url if self.url is not None else ctx.t("calendar.no_public_url")


async def feed_link(meetings: MeetingRepository, assembly: AssemblyId, base: str | None = None) -> FeedLink:
    """The address to subscribe to the assembly's meetings: with its token while the feed is
    private, without it once the assembly made it public (`!calendar public`)."""
    public = (await meetings.settings(assembly)).public_feed
    base = base if base is not None else _FEED["base"]()
    if base is None:
        return FeedLink(public, None)
    token = None if public else await meetings.feed_token(assembly)
    return FeedLink(public, feed_url_at(base, assembly, token))


def assembly_key(platform: str, room: str) -> str:
    """A stable, opaque name of the room for calendar UIDs (room ids stay private)."""
    return "a" + hashlib.sha256(f"{platform}\n{room}".encode()).hexdigest()[:16]


def member_zone(ctx: Context) -> str:
    """The sender's own time zone (!fuseau), or the room's."""
    entry = ctx.assembly.members.get(ctx.member)
    return entry.timezone if entry is not None and entry.timezone else ctx.tz


def slot_label(ctx: Context, slot: Slot, zone: str) -> str:
    return format_slot(slot, zone, ctx.lang)


def ics_name(ctx: Context, meeting: Meeting) -> str:
    return ctx.t("meeting.ics_file", number=meeting.number)


def require_organiser(ctx: Context, cmd: Command) -> None:
    """Catalysers and facilitators fix dates, cancel, reschedule, record and run rounds."""
    if not ctx.is_catalyser:
        name = display(ctx.member)  # how a facilitator names them in !role (an MXID has its @ already)
        raise DomainError("schedule_app.organisers_only", word=cmd.word,
                          member=name.removeprefix("@"))


async def what_is(ctx: Context, number: int) -> str | None:
    if await ctx.uow.polls.get(ctx.assembly.id, number) is not None:
        return "poll"
    if await ctx.uow.meetings.get(ctx.assembly.id, number, now=ctx.now) is not None:
        return "meeting"
    if await ctx.uow.proposals.get(ctx.assembly.id, number) is not None:
        return "proposal"
    if await ctx.uow.tensions.get(ctx.assembly.id, number) is not None:
        return "tension"
    return None


async def load_poll(ctx: Context, number: int | None) -> PollRecord:
    if number is None:
        raise DomainError("command.number_missing", verb="avail")
    record = await ctx.uow.polls.get(ctx.assembly.id, number)
    if record is not None:
        return record
    kind = await what_is(ctx, number)
    raise DomainError(f"poll.is_{kind}" if kind else "poll.not_found", number=number)


async def without_former_members(ctx: Context, record: MeetingRecord, end: datetime | None = None) -> MeetingRecord:
    """Attendance of an occurrence still to come (or under way, until `end`) counts only
    current members: someone who left is no longer counted as coming. Their answer stays
    stored, and past occurrences keep their attendance."""
    if end is None:
        start = active_start(record.meeting, ctx.now)
        end = later(start, record.meeting.duration)
    m = record.meeting
    if ctx.now >= end or not m.rsvps:
        return record
    members = set(await ctx.members())
    if any(r.member not in members for r in m.rsvps):
        record.meeting = replace(m, rsvps=tuple(r for r in m.rsvps if r.member in members))
    return record


async def load_meeting(ctx: Context, number: int | None) -> MeetingRecord:
    if number is None:
        raise DomainError("command.number_missing", verb="meeting")
    record = await ctx.uow.meetings.get(ctx.assembly.id, number, now=ctx.now)
    if record is not None:
        return await without_former_members(ctx, record)
    poll = await ctx.uow.polls.get(ctx.assembly.id, number)
    if poll is not None and poll.meeting_number is not None:
        # people go on using the poll's number once its date is fixed: point them to the meeting
        raise DomainError("meeting.poll_became_meeting", number=number, meeting=poll.meeting_number)
    kind = "poll" if poll is not None else await what_is(ctx, number)
    raise DomainError(f"meeting.is_{kind}" if kind else "meeting.not_found", number=number)


def utc(instant: datetime) -> datetime:
    """Instants go to storage in UTC (SQLite compares them as text)."""
    return instant.astimezone(UTC)
