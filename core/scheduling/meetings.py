"""Meetings (réunions / assemblées): when and where, who comes, the agenda, the minutes,
the roles, and the reminders.

Status machine: ``scheduled → scheduled`` (rescheduled or moved: `sequence` goes up, so
calendars replace the old version) ``→ cancelled`` (final; `sequence` goes up too).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypedDict

from core.errors import DomainError
from core.scheduling.agenda import AgendaItem, AgendaProposal, ordered_agenda
from core.scheduling.availability import Availability, parse_availability
from core.scheduling.records import upsert_by_member
from core.scheduling.recurrence import next_occurrence, occurrences, validated_rrule
from core.scheduling.reminders import (
    DEFAULT_REMINDER_OFFSETS,
    Reminder,
    ReminderDecision,
    decide,
    plan_reminders,
)
from core.scheduling.roles import MeetingRole, RoleAssignment, hand_over, holder
from core.scheduling.slots import Slot, elapsed, slot_text
from core.scheduling.texts import plain, validated_text, validated_title
from core.scheduling.timezones import timezone_name, zone

MAX_PLACE = 500
MAX_AGENDA_ITEMS = 30
MAX_AGENDA_ITEM = 300
MAX_NOTES = 500


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


MEETING_TRANSITIONS: dict[MeetingStatus, frozenset[MeetingStatus]] = {
    MeetingStatus.SCHEDULED: frozenset({MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED}),
    MeetingStatus.CANCELLED: frozenset(),
}


@dataclass(frozen=True, slots=True)
class Rsvp:
    member: str
    answer: Availability
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class MinuteNote:
    author: str
    text: str
    written_at: datetime


def meeting_uid(assembly: str, number: int) -> str:
    """Stable calendar UID, e.g. "quartier-nord-meeting-3@assemblee"."""
    return f"{_uid_safe(assembly)}-meeting-{number}@assemblee"


def feed_uid(assembly: str) -> str:
    """Stable UID of an assembly's calendar feed, e.g. "quartier-nord-feed@assemblee"."""
    return f"{_uid_safe(assembly)}-feed@assemblee"


def _uid_safe(assembly: str) -> str:
    """Characters outside [A-Za-z0-9.-] written as ``_xx_`` (their hex code), so two
    different assembly ids never give the same UID."""
    return re.sub(r"[^A-Za-z0-9.\-]", lambda m: f"_{ord(m.group()):x}_", assembly)


@dataclass(frozen=True, slots=True)
class Meeting:
    number: int
    assembly: str
    title: str
    start: datetime
    end: datetime
    timezone: str
    uid: str
    organizer: str
    created_at: datetime
    updated_at: datetime
    place: str | None = None  # an address or a URL
    rrule: str | None = None  # RFC 5545 RRULE value, e.g. "FREQ=MONTHLY;BYDAY=2TU"
    status: MeetingStatus = MeetingStatus.SCHEDULED
    sequence: int = 0
    poll_number: int | None = None  # the time poll this meeting came from
    rsvps: tuple[Rsvp, ...] = ()
    agenda_items: tuple[AgendaItem, ...] = ()  # added by members
    notes: tuple[MinuteNote, ...] = ()
    roles: tuple[RoleAssignment, ...] = ()
    reminder_offsets: tuple[timedelta, ...] = DEFAULT_REMINDER_OFFSETS

    @classmethod
    def schedule(
        cls,
        *,
        number: int,
        assembly: str,
        title: str,
        slot: Slot,
        timezone: str,
        organizer: str,
        now: datetime,
        place: str | None = None,
        rrule: str | None = None,
        poll_number: int | None = None,
        reminder_offsets: tuple[timedelta, ...] = DEFAULT_REMINDER_OFFSETS,
    ) -> Meeting:
        """A new scheduled meeting (`slot` from `parse_slot` or a finalized poll, `rrule`
        from `parse_every`)."""
        tz = timezone_name(timezone)
        if slot.start <= now:
            raise DomainError("schedule.slot_in_past", slot=slot_text(slot, tz))
        rule = validated_rrule(rrule) if rrule else None
        _ensure_start_in_rule(slot.start, rule, tz)
        return cls(
            number=number,
            assembly=assembly,
            title=validated_title(title),
            start=slot.start,
            end=slot.end,
            timezone=tz,
            uid=meeting_uid(assembly, number),
            organizer=organizer,
            created_at=now,
            updated_at=now,
            place=_place(place),
            rrule=rule,
            poll_number=poll_number,
            reminder_offsets=reminder_offsets,
        )

    # -- time ------------------------------------------------------------------------------

    @property
    def slot(self) -> Slot:
        return Slot(self.start, self.end)

    @property
    def duration(self) -> timedelta:
        """The time that passes (see Slot.duration)."""
        return elapsed(self.start, self.end)

    @property
    def place_is_url(self) -> bool:
        return self.place is not None and re.match(r"(?i)^https?://\S+$", self.place) is not None

    def next_start(self, now: datetime) -> datetime | None:
        """The next start strictly after `now` (None if the meeting is past or cancelled)."""
        if self.status is MeetingStatus.CANCELLED:
            return None
        if self.rrule is None:
            return self.start if self.start > now else None
        return next_occurrence(self.rrule, self.start, self.timezone, after=now)

    def is_over(self, now: datetime) -> bool:
        """A one-off meeting that has ended, or a series with no occurrence left."""
        if self.rrule is None:
            return now >= self.end
        return self.next_start(now - self.duration) is None

    # -- changes that calendars must see (sequence goes up) ---------------------------------

    def reschedule(self, slot: Slot, now: datetime) -> Meeting:
        self._ensure_can_become(MeetingStatus.SCHEDULED)
        if slot.start <= now:
            raise DomainError("schedule.slot_in_past", slot=slot_text(slot, self.timezone))
        _ensure_start_in_rule(slot.start, self.rrule, self.timezone)
        return replace(self, start=slot.start, end=slot.end, **self._revision(now))

    def move(self, place: str | None, now: datetime) -> Meeting:
        self._ensure_can_become(MeetingStatus.SCHEDULED)
        return replace(self, place=_place(place), **self._revision(now))

    def repeat(self, rrule: str | None, now: datetime) -> Meeting:
        """Make the meeting recurring (an RRULE from `parse_every`) or one-off (None)."""
        self._ensure_can_become(MeetingStatus.SCHEDULED)
        rule = validated_rrule(rrule) if rrule else None
        _ensure_start_in_rule(self.start, rule, self.timezone)
        return replace(self, rrule=rule, **self._revision(now))

    def cancel(self, now: datetime) -> Meeting:
        self._ensure_can_become(MeetingStatus.CANCELLED)
        return replace(self, status=MeetingStatus.CANCELLED, **self._revision(now))

    # -- attendance ------------------------------------------------------------------------

    def rsvp(self, member: str, answer: Availability | str, now: datetime) -> Meeting:
        """`answer` as an `Availability` or as typed ("oui", "no", "p", "🤷")."""
        self._ensure_open(now)
        given = answer if isinstance(answer, Availability) else parse_availability(answer)
        rsvps = upsert_by_member(self.rsvps, Rsvp(member, given, now))
        return replace(self, rsvps=rsvps, updated_at=now)

    def rsvp_of(self, member: str) -> Availability | None:
        return next((r.answer for r in self.rsvps if r.member == member), None)

    def attendees(self, answer: Availability = Availability.YES) -> tuple[str, ...]:
        """Members who answered `answer` (yes by default), in the order they answered."""
        return tuple(r.member for r in self.rsvps if r.answer is answer)

    # -- agenda and minutes ----------------------------------------------------------------

    def add_agenda_item(self, member: str, text: str, now: datetime) -> Meeting:
        self._ensure_open(now)
        title = validated_text(text, MAX_AGENDA_ITEM)
        if len(self.agenda_items) >= MAX_AGENDA_ITEMS:
            raise DomainError("schedule.agenda_full", max=MAX_AGENDA_ITEMS)
        if any(_same_words(item.title, title) for item in self.agenda_items):
            raise DomainError("schedule.agenda_item_duplicate", number=self.number)
        item = AgendaItem(title, added_by=member, added_at=now)
        return replace(self, agenda_items=(*self.agenda_items, item), updated_at=now)

    def remove_agenda_item(self, index: int, now: datetime) -> Meeting:
        """Remove members' item number `index` (0-based among the items members added)."""
        self._ensure_open(now)
        if not 0 <= index < len(self.agenda_items):
            raise DomainError("schedule.agenda_no_item", number=self.number)
        items = self.agenda_items[:index] + self.agenda_items[index + 1:]
        return replace(self, agenda_items=items, updated_at=now)

    def agenda(self, proposals: Iterable[AgendaProposal] = ()) -> tuple[AgendaItem, ...]:
        """Open proposals (clarification or reaction phase) first, then members' items."""
        return ordered_agenda(self.agenda_items, proposals)

    def add_note(self, member: str, text: str, now: datetime) -> Meeting:
        """Add to the minutes (allowed before, during and after the meeting)."""
        self._ensure_not_cancelled()
        if len(self.notes) >= MAX_NOTES:
            raise DomainError("schedule.minutes_full", max=MAX_NOTES)
        note = MinuteNote(member, validated_text(text), now)
        return replace(self, notes=(*self.notes, note), updated_at=now)

    # -- roles -----------------------------------------------------------------------------

    def assign_roles(self, assignments: Iterable[RoleAssignment], now: datetime) -> Meeting:
        """Set the roles (e.g. from `rotate_roles`); roles not given keep their holder."""
        self._ensure_open(now)
        given = {a.role: a for a in assignments}
        kept = {a.role: a for a in self.roles} | given
        ordered = tuple(kept[role] for role in MeetingRole if role in kept)
        return replace(self, roles=ordered, updated_at=now)

    def release_roles(self, member: str, now: datetime) -> Meeting:
        """`member` left the assembly: the roles they held here are free again."""
        return replace(self, roles=tuple(a for a in self.roles if a.member != member), updated_at=now)

    def role_holder(self, role: MeetingRole) -> str | None:
        return holder(self.roles, role)

    def roles_of(self, member: str) -> tuple[MeetingRole, ...]:
        return tuple(a.role for a in self.roles if a.member == member)

    def swap_role(
        self, role: MeetingRole, by: str, to: str, now: datetime, *, may_override: bool = False
    ) -> Meeting:
        """`!swap #N <role> @member`: see `roles.hand_over` for who may do what."""
        self._ensure_open(now)
        roles = hand_over(self.roles, role, by, to, may_override=may_override)
        return replace(self, roles=roles, updated_at=now)

    # -- reminders -------------------------------------------------------------------------

    def reminders(self, now: datetime) -> tuple[Reminder, ...]:
        """Reminders still to come for the next occurrence after `now`."""
        start = self.next_start(now)
        if start is None:
            return ()
        return plan_reminders(self.number, start, self.reminder_offsets, self.sequence, now)

    def reminder_decision(self, reminder: Reminder, now: datetime) -> ReminderDecision:
        return decide(
            reminder,
            now,
            current_sequence=self.sequence,
            cancelled=self.status is MeetingStatus.CANCELLED,
        )

    # -- rules -----------------------------------------------------------------------------

    def _revision(self, now: datetime) -> _Revision:
        return {"sequence": self.sequence + 1, "updated_at": now}

    def _ensure_can_become(self, target: MeetingStatus) -> None:
        if target not in MEETING_TRANSITIONS[self.status]:
            raise DomainError("schedule.meeting_cancelled", number=self.number)

    def _ensure_not_cancelled(self) -> None:
        if self.status is MeetingStatus.CANCELLED:
            raise DomainError("schedule.meeting_cancelled", number=self.number)

    def _ensure_open(self, now: datetime) -> None:
        """Still possible to come: not cancelled, not over."""
        self._ensure_not_cancelled()
        if self.is_over(now):
            raise DomainError("schedule.meeting_over", number=self.number)


class _Revision(TypedDict):
    sequence: int
    updated_at: datetime


def _ensure_start_in_rule(start: datetime, rrule: str | None, timezone: str) -> None:
    """RFC 5545: the first start must itself be a date of the series."""
    if rrule is None:
        return
    first = occurrences(rrule, start, timezone, after=start - timedelta(seconds=1), limit=1)
    if first and first[0] == start:
        return
    local = f"{start.astimezone(zone(timezone)):%Y-%m-%d %H:%M}"
    if not first:
        raise DomainError("schedule.every_never", start=local)
    suggestion = f"{first[0]:%Y-%m-%d %H:%M}"
    raise DomainError("schedule.start_not_in_every", start=local, first=suggestion)


def _same_words(first: str, second: str) -> bool:
    return plain(first).split() == plain(second).split()


def _place(place: str | None) -> str | None:
    if place is None or not place.strip():
        return None
    return validated_text(" ".join(place.split()), MAX_PLACE)
