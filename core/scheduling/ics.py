"""iCalendar (RFC 5545) files for meetings, built with the `icalendar` library.

`meeting_calendar` gives one meeting's ``.ics``; `assembly_feed` gives a subscribable feed
of an assembly's meetings. Both are ``METHOD:PUBLISH`` calendars whose events carry the
meeting's stable UID and SEQUENCE (raised at every reschedule or cancellation, so calendar
apps replace the old version), with DTSTART/DTEND in the meeting's zone (TZID) and the
matching VTIMEZONE. A start or end in the second of the two hours the clocks show twice
(the night they go back) is written in UTC instead: a local time there would read as the
first one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vRecur
from icalendar.enums import STATUS

from core.i18n import DEFAULT_LANGUAGE, translate
from core.scheduling.agenda import AgendaItem
from core.scheduling.display import agenda_lines
from core.scheduling.meetings import Meeting, MeetingStatus, feed_uid
from core.scheduling.timezones import repeated

PRODID = "-//Assemblee//Assemblee//FR"
_TIMEZONE_YEARS_AHEAD = 10


def meeting_calendar(
    meeting: Meeting,
    now: datetime,
    *,
    lang: str = DEFAULT_LANGUAGE,
    agenda: Sequence[AgendaItem] | None = None,
) -> str:
    """One meeting's ``.ics`` text. `agenda` defaults to the members' items; pass
    ``meeting.agenda(proposals)`` to include open proposals."""
    event = _event(meeting, now, lang, agenda)
    return _calendar([event], [meeting], now, name=meeting.title, uid=f"calendar-{meeting.uid}")


def assembly_feed(
    assembly: str,
    meetings: Iterable[Meeting],
    now: datetime,
    *,
    name: str,
    lang: str = DEFAULT_LANGUAGE,
) -> str:
    """A feed of an assembly's meetings, named `name` (cancelled ones stay, marked
    CANCELLED, so subscribed calendars remove them)."""
    ordered = sorted(meetings, key=lambda m: m.number)
    events = [_event(m, now, lang, None) for m in ordered]
    return _calendar(events, ordered, now, name=name, uid=feed_uid(assembly))


def _calendar(
    events: list[Event], meetings: Sequence[Meeting], now: datetime, *, name: str, uid: str
) -> str:
    calendar = Calendar.new(
        prodid=PRODID, method="PUBLISH", name=name, uid=uid, subcomponents=events
    )
    # VTIMEZONE rules from a year before the first meeting to ten years after the last
    # (recurring series go on): enough for calendar apps, and a short file.
    starts = [m.start.date() for m in meetings] or [now.date()]
    ends = [m.end.date() for m in meetings] + [now.date()]
    calendar.add_missing_timezones(
        first_date=min(starts) - timedelta(days=366),
        last_date=max(ends) + timedelta(days=_TIMEZONE_YEARS_AHEAD * 366),
    )
    ical: bytes = calendar.to_ical()
    return ical.decode("utf-8")


def _event(
    meeting: Meeting, now: datetime, lang: str, agenda: Sequence[AgendaItem] | None
) -> Event:
    tz = ZoneInfo(meeting.timezone)
    items = agenda if agenda is not None else meeting.agenda()
    description = None
    if items:
        heading = translate("schedule.ics_agenda_heading", lang)
        description = "\n".join((heading, *agenda_lines(items, lang)))
    cancelled = meeting.status is MeetingStatus.CANCELLED
    event = Event.new(
        uid=meeting.uid,
        sequence=meeting.sequence,
        stamp=now.astimezone(UTC),
        created=meeting.created_at.astimezone(UTC),
        last_modified=meeting.updated_at.astimezone(UTC),
        # a recurring series is read in its zone from its first start, whatever the clocks do
        start=meeting.start.astimezone(tz) if meeting.rrule else _instant(meeting.start, tz),
        end=_instant(meeting.end, tz),
        summary=meeting.title,
        location=meeting.place,
        url=meeting.place if meeting.place_is_url else None,
        description=description,
        status=STATUS.CANCELLED if cancelled else STATUS.CONFIRMED,
    )
    if meeting.rrule:
        event.add("RRULE", vRecur.from_ical(meeting.rrule))
    return event


def _instant(moment: datetime, tz: ZoneInfo) -> datetime:
    """`moment` in the meeting's zone (TZID), or in UTC when that wall time is the second of
    the two the night the clocks go back: RFC 5545 reads a local time that happens twice as
    the first one, which would be an hour early."""
    local = moment.astimezone(tz)
    return local.astimezone(UTC) if local.fold and repeated(local) else local
