"""The night the clocks go back (Paris, last Sunday of October: 03:00 CEST becomes 02:00
CET), the wall times from 02:00 to 03:00 happen twice. A time shown there says its UTC offset
("02:30 (UTC+1)"), in both languages and wherever the bot shows a time; any other time is
shown as before. The calendar file writes the second of the two in UTC, as RFC 5545 reads a
repeated local time as the first one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from core.render import when
from core.scheduling.ics import meeting_calendar
from core.scheduling.meetings import Meeting
from core.scheduling.slots import Slot, format_slot
from core.scheduling.timezones import clock_time, repeated, utc_offset
from tests.unit.helpers import Room

PARIS = ZoneInfo("Europe/Paris")
ONE_THIRTY = datetime(2026, 10, 24, 23, 30, tzinfo=UTC)  # 01:30 CEST, the night of 25 October 2026


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(("instant", "fr", "en"), [
    (utc(2026, 10, 24, 23, 30), "dim. 25 oct. 2026, 01:30", "Sun, Oct 25, 2026, 01:30"),
    (utc(2026, 10, 25, 0, 0), "dim. 25 oct. 2026, 02:00 (UTC+2)", "Sun, Oct 25, 2026, 02:00 (UTC+2)"),
    (utc(2026, 10, 25, 0, 30), "dim. 25 oct. 2026, 02:30 (UTC+2)", "Sun, Oct 25, 2026, 02:30 (UTC+2)"),
    (utc(2026, 10, 25, 1, 30), "dim. 25 oct. 2026, 02:30 (UTC+1)", "Sun, Oct 25, 2026, 02:30 (UTC+1)"),
    (utc(2026, 10, 25, 2, 0), "dim. 25 oct. 2026, 03:00", "Sun, Oct 25, 2026, 03:00"),
    (utc(2026, 12, 3, 17, 30), "jeu. 3 déc. 2026, 18:30", "Thu, Dec 3, 2026, 18:30"),
    (utc(2027, 3, 28, 1, 30), "dim. 28 mars 2027, 03:30", "Sun, Mar 28, 2027, 03:30"),  # spring: no repeat
])
def test_a_deadline_at_a_repeated_time_says_its_offset(instant: datetime, fr: str, en: str) -> None:
    assert when(instant, "Europe/Paris", "fr") == fr
    assert when(instant, "Europe/Paris", "en") == en


@pytest.mark.parametrize(("length", "fr", "en"), [
    (timedelta(hours=1), "dim. 25 oct. 2026, 01:30–02:30 (UTC+2)", "Sun, Oct 25, 2026, 01:30–02:30 (UTC+2)"),
    (timedelta(hours=2), "dim. 25 oct. 2026, 01:30–02:30 (UTC+1)", "Sun, Oct 25, 2026, 01:30–02:30 (UTC+1)"),
    (timedelta(hours=3), "dim. 25 oct. 2026, 01:30–03:30", "Sun, Oct 25, 2026, 01:30–03:30"),
])
def test_a_slot_ending_at_a_repeated_time_says_which(length: timedelta, fr: str, en: str) -> None:
    slot = Slot(ONE_THIRTY, ONE_THIRTY + length)
    assert format_slot(slot, "Europe/Paris", "fr") == fr
    assert format_slot(slot, "Europe/Paris", "en") == en


def test_a_slot_inside_the_repeated_hour_says_both_offsets() -> None:
    slot = Slot(utc(2026, 10, 25, 0, 15), utc(2026, 10, 25, 1, 15))  # 02:15 CEST to 02:15 CET
    assert format_slot(slot, "Europe/Paris", "fr") == "dim. 25 oct. 2026, 02:15 (UTC+2)–02:15 (UTC+1)"
    # elsewhere in the world the same slot is at ordinary times
    assert format_slot(slot, "America/New_York", "en") == "Sat, Oct 24, 2026, 20:15–21:15"


def test_offsets_west_of_utc_and_on_the_half_hour() -> None:
    new_york = ZoneInfo("America/New_York")  # back on 1 November 2026: 01:00-02:00 twice
    first, second = (utc(2026, 11, 1, h, 30).astimezone(new_york) for h in (5, 6))
    assert (clock_time(first, "en"), clock_time(second, "fr")) == ("01:30 (UTC-4)", "01:30 (UTC-5)")
    assert utc_offset(utc(2026, 1, 1).astimezone(ZoneInfo("Asia/Kolkata"))) == "+5:30"
    lord_howe = ZoneInfo("Australia/Lord_Howe")  # its clocks go back half an hour
    assert repeated(datetime(2026, 4, 5, 1, 45, tzinfo=lord_howe)) and not repeated(
        datetime(2026, 4, 5, 2, 15, tzinfo=lord_howe))


def meeting(length: timedelta, rrule: str | None = None) -> Meeting:
    return Meeting.schedule(number=1, assembly="a", title="Nuit", slot=Slot(ONE_THIRTY, ONE_THIRTY + length),
                            timezone="Europe/Paris", organizer="cat", now=utc(2026, 10, 1), rrule=rrule)


@pytest.mark.parametrize("length", [timedelta(hours=1), timedelta(hours=2), timedelta(hours=3)])
def test_the_calendar_file_keeps_the_real_instants(length: timedelta) -> None:
    m = meeting(length)
    text = meeting_calendar(m, utc(2026, 10, 1))
    (event,) = Calendar.from_ical(text).walk("VEVENT")
    # read back as the same instants (compared in UTC: Python never finds a repeated wall
    # time equal to a time of another zone)
    assert (event.start.astimezone(UTC), event.end.astimezone(UTC)) == (m.start, m.end)
    assert "DTSTART;TZID=Europe/Paris:20261025T013000" in text
    # only the second 02:30 is written in UTC; the first one and 03:30 keep the zone
    assert ("DTEND:20261025T013000Z" in text) == (length == timedelta(hours=2)), text


def test_a_recurring_series_keeps_its_start_in_its_zone() -> None:
    m = meeting(timedelta(hours=2), rrule="FREQ=WEEKLY;BYDAY=SU")
    text = meeting_calendar(m, utc(2026, 10, 1))
    assert "DTSTART;TZID=Europe/Paris:20261025T013000" in text and "DTEND:20261025T013000Z" in text
    (event,) = Calendar.from_ical(text).walk("VEVENT")
    assert event.end - event.start == timedelta(hours=2)


@pytest.mark.parametrize(("lang", "verb", "status"), [("fr", "!reunion", "!etat"), ("en", "!meeting", "!status")])
async def test_a_meeting_that_night_shows_which_half_past_two(lang: str, verb: str, status: str) -> None:
    room = Room(start=utc(2026, 10, 20, 8))
    await room.say("alice", "!join")
    if lang == "en":
        await room.say("alice", "!lang en")
    opened = await room.text("alice", f"{verb} Nuit 2026-10-25 01:30 --duree 2h")
    assert "01:30–02:30 (UTC+1)" in opened, opened
    assert "01:30–02:30 (UTC+1)" in await room.text("alice", f"{status} #1")
    await room.say("alice", f"{verb} Courte 2026-10-25 01:30 --duree 1h")
    assert "01:30–02:30 (UTC+2)" in await room.text("alice", f"{status} #2")
    await room.say("alice", f"{verb} Soir 2026-10-24 18:30 --duree 2h")
    shown = await room.text("alice", f"{status} #3")
    assert "18:30–20:30" in shown and "UTC" not in shown, shown


async def test_a_note_written_in_the_repeated_hour_says_which_in_the_minutes() -> None:
    room = Room(start=utc(2026, 10, 20, 8))
    await room.say("alice", "!join")
    await room.say("alice", "!reunion Nuit 2026-10-25 01:30 --duree 2h")
    await room.advance(utc(2026, 10, 25, 0, 15) - room.clock.now())  # 02:15, the first time
    await room.say("alice", "!cr #1 Premier passage")
    await room.advance(timedelta(hours=1))  # 02:15 again, an hour later
    await room.say("alice", "!cr #1 Second passage")
    minutes = await room.text("alice", "!compte-rendu #1")
    assert "02:15 (UTC+2) alice : Premier passage" in minutes, minutes
    assert "02:15 (UTC+1) alice : Second passage" in minutes, minutes
