"""Scheduling assemblies: time polls, meetings, recurrence, roles, reminders, calendars.

Pure domain code: no I/O, no clock reads (callers pass `now` or a `Clock`), no storage.
Each module holds one concept; the names most callers need are re-exported here.
"""

from core.scheduling.agenda import AGENDA_PHASES, AgendaItem, AgendaProposal
from core.scheduling.availability import Availability, parse_availabilities, parse_availability
from core.scheduling.display import agenda_lines, poll_grid_lines, role_label
from core.scheduling.ics import assembly_feed, meeting_calendar
from core.scheduling.meetings import Meeting, MeetingStatus, MinuteNote, Rsvp, meeting_uid
from core.scheduling.polls import PollStatus, SlotTally, TimePoll
from core.scheduling.recurrence import next_occurrence, occurrences, parse_every
from core.scheduling.reminders import (
    DEFAULT_REMINDER_OFFSETS,
    Reminder,
    ReminderDecision,
    parse_reminder_offsets,
)
from core.scheduling.roles import MeetingRole, RoleAssignment, parse_role
from core.scheduling.rotation import Service, rotate_roles
from core.scheduling.slots import MAX_SLOTS, Slot, format_slot, parse_slot, parse_slots, slot_text
from core.scheduling.timezones import DEFAULT_TIMEZONE, timezone_name, zone

__all__ = [
    "AGENDA_PHASES",
    "DEFAULT_REMINDER_OFFSETS",
    "DEFAULT_TIMEZONE",
    "MAX_SLOTS",
    "AgendaItem",
    "AgendaProposal",
    "Availability",
    "Meeting",
    "MeetingRole",
    "MeetingStatus",
    "MinuteNote",
    "PollStatus",
    "Reminder",
    "ReminderDecision",
    "RoleAssignment",
    "Rsvp",
    "Service",
    "Slot",
    "SlotTally",
    "TimePoll",
    "agenda_lines",
    "assembly_feed",
    "format_slot",
    "meeting_calendar",
    "meeting_uid",
    "next_occurrence",
    "occurrences",
    "parse_availabilities",
    "parse_availability",
    "parse_every",
    "parse_reminder_offsets",
    "parse_role",
    "parse_slot",
    "parse_slots",
    "poll_grid_lines",
    "role_label",
    "rotate_roles",
    "slot_text",
    "timezone_name",
    "zone",
]
