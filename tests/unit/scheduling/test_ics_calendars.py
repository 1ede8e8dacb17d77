from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from core.scheduling.agenda import AgendaProposal
from core.scheduling.ics import assembly_feed, meeting_calendar
from core.scheduling.meetings import Meeting
from core.scheduling.slots import Slot

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
START = datetime(2026, 12, 8, 19, 0, tzinfo=PARIS)
SLOT = Slot(START, START + timedelta(hours=2))


def meeting(**overrides) -> Meeting:
    fields: dict[str, object] = {
        "number": 4, "assembly": "quartier-nord", "title": "AG de quartier", "slot": SLOT,
        "timezone": "Europe/Paris", "organizer": "cat", "now": NOW,
        "place": "Maison du peuple, 3 rue Haute",
    }  # fmt: skip
    fields.update(overrides)
    return Meeting.schedule(**fields)


def parse(text: str) -> tuple[Calendar, list[Event]]:
    assert isinstance(text, str)
    calendar = Calendar.from_ical(text)
    return calendar, calendar.walk("VEVENT")


def test_one_meeting_calendar() -> None:
    m = meeting().add_agenda_item("alice", "Budget 2027", NOW)
    calendar, events = parse(meeting_calendar(m, NOW, lang="fr"))
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["VERSION"]) == "2.0"
    assert len(events) == 1
    event = events[0]
    assert str(event["UID"]) == "quartier-nord-meeting-4@assemblee"
    assert event["SEQUENCE"] == 0
    assert str(event["SUMMARY"]) == "AG de quartier"
    assert str(event["LOCATION"]) == "Maison du peuple, 3 rue Haute"
    assert "URL" not in event
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "RRULE" not in event
    assert event.DTSTAMP == NOW
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event["DTEND"].params["TZID"] == "Europe/Paris"
    assert event.start == START and event.end == SLOT.end
    assert event.start.replace(tzinfo=None) == datetime(2026, 12, 8, 19, 0)
    assert str(event["DESCRIPTION"]) == "Ordre du jour :\n1. Budget 2027"


def test_vtimezone_is_present_and_matches_the_zone() -> None:
    calendar, _ = parse(meeting_calendar(meeting(), NOW))
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/Paris"]
    assert calendar.get_missing_tzids() == set()
    # The component itself tells the December offset (+01:00) for the meeting date.
    offsets = {(sub.name, sub["TZOFFSETTO"].td) for z in zones for sub in z.subcomponents}
    assert ("STANDARD", timedelta(hours=1)) in offsets
    assert ("DAYLIGHT", timedelta(hours=2)) in offsets
    tz = zones[0].to_tz()
    assert datetime(2026, 12, 8, 19, 0, tzinfo=tz).utcoffset() == timedelta(hours=1)
    assert datetime(2027, 7, 13, 19, 0, tzinfo=tz).utcoffset() == timedelta(hours=2)


def test_sequence_goes_up_when_rescheduled_and_uid_stays() -> None:
    m = meeting()
    later = Slot(START + timedelta(days=1), SLOT.end + timedelta(days=1))
    moved = m.reschedule(later, NOW + timedelta(hours=2))
    _, (before,) = parse(meeting_calendar(m, NOW))
    _, (after,) = parse(meeting_calendar(moved, NOW + timedelta(hours=2)))
    assert str(before["UID"]) == str(after["UID"])
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after.start == later.start
    assert after.DTSTAMP == NOW + timedelta(hours=2)


def test_cancelled_meeting() -> None:
    cancelled = meeting().reschedule(SLOT, NOW).cancel(NOW)
    _, (event,) = parse(meeting_calendar(cancelled, NOW))
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 2


def test_online_place_and_recurrence_and_proposals_on_the_agenda() -> None:
    m = meeting(place="https://visio.example.org/ag", rrule="FREQ=MONTHLY;BYDAY=2TU")
    m = m.add_agenda_item("bob", "Fête", NOW)
    proposals = [AgendaProposal(3, "Jardin partagé", "reaction")]
    _, (event,) = parse(meeting_calendar(m, NOW, lang="en", agenda=m.agenda(proposals)))
    assert str(event["URL"]) == "https://visio.example.org/ag"
    assert str(event["LOCATION"]) == "https://visio.example.org/ag"
    assert event["RRULE"]["FREQ"] == ["MONTHLY"]
    assert event["RRULE"]["BYDAY"] == ["2TU"]
    assert str(event["DESCRIPTION"]) == "Agenda:\n1. Proposal #3: Jardin partagé\n2. Fête"


def test_assembly_feed_with_several_meetings_and_zones() -> None:
    montreal = ZoneInfo("America/Montreal")
    first = meeting()
    second = meeting(number=5, title="Cercle jardin", rrule="FREQ=WEEKLY;BYDAY=TU",
                     slot=Slot(START + timedelta(days=7), SLOT.end + timedelta(days=7)))  # fmt: skip
    remote_start = datetime(2027, 1, 9, 10, 0, tzinfo=montreal)
    third = meeting(number=6, title="Fédéré·es", timezone="America/Montreal",
                    slot=Slot(remote_start, remote_start + timedelta(hours=1))).cancel(NOW)  # fmt: skip
    text = assembly_feed("quartier-nord", [third, first, second], NOW, name="Quartier Nord")
    calendar, events = parse(text)
    assert str(calendar["X-WR-CALNAME"]) == "Quartier Nord"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert [str(e["UID"]) for e in events] == [
        "quartier-nord-meeting-4@assemblee",
        "quartier-nord-meeting-5@assemblee",
        "quartier-nord-meeting-6@assemblee",
    ]
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert "RRULE" in events[1] and "RRULE" not in events[0]
    assert sorted(str(z["TZID"]) for z in calendar.walk("VTIMEZONE")) == [
        "America/Montreal", "Europe/Paris",
    ]  # fmt: skip
    assert events[2]["DTSTART"].params["TZID"] == "America/Montreal"
    assert events[2].start == remote_start
    assert calendar.get_missing_tzids() == set()


def test_same_input_gives_the_same_file() -> None:
    assert meeting_calendar(meeting(), NOW) == meeting_calendar(meeting(), NOW)
    feed = assembly_feed("quartier-nord", [meeting()], NOW, name="Quartier Nord")
    assert feed == assembly_feed("quartier-nord", [meeting()], NOW, name="Quartier Nord")


def test_empty_feed_is_still_a_calendar() -> None:
    calendar, events = parse(assembly_feed("quartier-nord", [], NOW, name="Quartier Nord"))
    assert events == [] and str(calendar["METHOD"]) == "PUBLISH"
