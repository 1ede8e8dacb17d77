from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.clock import FakeClock
from core.i18n import translate
from core.scheduling.slots import MAX_SLOTS, Slot, format_slot, parse_slot, parse_slots, slot_text

PARIS = ZoneInfo("Europe/Paris")


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("typed", "start", "end"),
    [
        ("2026-12-03 18:30-20:30", paris(2026, 12, 3, 18, 30), paris(2026, 12, 3, 20, 30)),
        ("2026-12-03T18:30-20:30", paris(2026, 12, 3, 18, 30), paris(2026, 12, 3, 20, 30)),
        ("2026-12-03 18:30 - 20:30", paris(2026, 12, 3, 18, 30), paris(2026, 12, 3, 20, 30)),
        (
            "2026-12-03 18:30 - 2026-12-04 01:00",
            paris(2026, 12, 3, 18, 30),
            paris(2026, 12, 4, 1, 0),
        ),
        ("03/12/2026 18h30-20h30", paris(2026, 12, 3, 18, 30), paris(2026, 12, 3, 20, 30)),
        ("3/12/2026 18h-20h", paris(2026, 12, 3, 18, 0), paris(2026, 12, 3, 20, 0)),
        ("03/12/2026 de 18h30 à 20h30", paris(2026, 12, 3, 18, 30), paris(2026, 12, 3, 20, 30)),
        ("03/12/2026, 9H30 – 11H", paris(2026, 12, 3, 9, 30), paris(2026, 12, 3, 11, 0)),
        ("03/12/2026 20h-24h", paris(2026, 12, 3, 20, 0), paris(2026, 12, 4, 0, 0)),
    ],
)
def test_accepted_forms(typed: str, start: datetime, end: datetime, clock: FakeClock) -> None:
    slot = parse_slot(typed, "Europe/Paris", clock)
    assert slot == Slot(start, end)
    assert slot.start.utcoffset() == timedelta(hours=1)  # CET in December


def test_slot_is_read_in_the_given_zone(clock: FakeClock) -> None:
    in_paris = parse_slot("2026-12-03 18:30-20:30", "Europe/Paris", clock)
    in_montreal = parse_slot("2026-12-03 18:30-20:30", "America/Montreal", clock)
    assert in_paris.start.astimezone(UTC) == datetime(2026, 12, 3, 17, 30, tzinfo=UTC)
    assert in_montreal.start.astimezone(UTC) == datetime(2026, 12, 3, 23, 30, tzinfo=UTC)


def test_start_only_uses_the_default_duration(clock: FakeClock, domain_error) -> None:
    slot = parse_slot("2026-12-03 18:30", PARIS, clock, default_duration=timedelta(hours=2))
    assert slot.end == paris(2026, 12, 3, 20, 30)
    with domain_error("schedule.slot_needs_end", slot="2026-12-03 18:30"):
        parse_slot("2026-12-03 18:30", PARIS, clock)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("next thursday", "schedule.slot_malformed"),
        ("2026-12-03", "schedule.slot_malformed"),
        ("18:30-20:30", "schedule.slot_malformed"),
        ("2026-12-03 18:30-20:30 extra", "schedule.slot_malformed"),
        ("2026-12-03 20:30-18:30", "schedule.slot_end_before_start"),
        ("2026-12-03 18:30-18:30", "schedule.slot_end_before_start"),
        ("2026-12-03 22:00-01:00", "schedule.slot_end_before_start"),
        ("2026-12-04 10:00 - 2026-12-03 11:00", "schedule.slot_end_before_start"),
        ("2026-02-30 18:00-19:00", "schedule.slot_invalid_date"),
        ("31/04/2027 18h-19h", "schedule.slot_invalid_date"),
        ("2026-12-03 25:00-26:00", "schedule.slot_invalid_time"),
        ("2026-12-03 18:75-19:00", "schedule.slot_invalid_time"),
        ("2026-12-03 18:00 - 2026-12-20 18:00", "schedule.slot_too_long"),
        ("2099-01-01 10:00-11:00", "schedule.slot_too_far"),
        ("2026-10-15 18:00-20:00", "schedule.slot_in_past"),
        # 2027-03-28 02:00-03:00 does not exist in Paris: clocks jump from 02:00 to 03:00.
        ("2027-03-28 02:30-04:00", "schedule.slot_nonexistent_time"),
    ],
)
def test_bad_slots_are_refused(typed: str, key: str, clock: FakeClock, domain_error) -> None:
    with domain_error(key, slot=typed):
        parse_slot(typed, "Europe/Paris", clock)


def test_a_slot_starting_now_is_already_past(clock: FakeClock, domain_error) -> None:
    clock.set(datetime(2026, 12, 3, 17, 30, tzinfo=UTC))  # 18:30 in Paris
    with domain_error("schedule.slot_in_past"):
        parse_slot("2026-12-03 18:30-20:30", PARIS, clock)
    clock.advance(timedelta(seconds=-1))
    assert parse_slot("2026-12-03 18:30-20:30", PARIS, clock).start == paris(2026, 12, 3, 18, 30)


def test_unknown_time_zone(clock: FakeClock, domain_error) -> None:
    with domain_error("schedule.unknown_timezone", zone="Europe/Lutece"):
        parse_slot("2026-12-03 18:30-20:30", "Europe/Lutece", clock)


def test_list_is_split_on_bars_and_sorted(clock: FakeClock) -> None:
    slots = parse_slots(
        "2026-12-05 10:00-12:00 | 03/12/2026 18h30-20h30 |  | 2026-12-04 18:30-20:30 |",
        "Europe/Paris",
        clock,
    )
    assert [s.start.day for s in slots] == [3, 4, 5]


def test_duplicate_slots_are_refused_even_when_written_differently(
    clock: FakeClock, domain_error
) -> None:
    with domain_error("schedule.duplicate_slot", slot="03/12/2026 18h30-20h30", first="2026-12-03 18:30-20:30"):
        parse_slots("2026-12-03 18:30-20:30 | 03/12/2026 18h30-20h30", PARIS, clock)


def test_overlapping_but_different_slots_are_fine(clock: FakeClock) -> None:
    slots = parse_slots("2026-12-03 18:30-20:30 | 2026-12-03 19:00-21:00", PARIS, clock)
    assert len(slots) == 2 and slots[0].overlaps(slots[1])


def _many(count: int) -> str:
    start = datetime(2026, 12, 1, 8, 0)
    return " | ".join(
        f"{start + timedelta(hours=i):%Y-%m-%d %H:%M}-{start + timedelta(hours=i, minutes=30):%H:%M}"
        for i in range(count)
    )


def test_slot_limit(clock: FakeClock, domain_error) -> None:
    assert len(parse_slots(_many(MAX_SLOTS), PARIS, clock)) == MAX_SLOTS
    with domain_error("schedule.too_many_slots", count=MAX_SLOTS + 1, max=MAX_SLOTS):
        parse_slots(_many(MAX_SLOTS + 1), PARIS, clock)


def test_five_hundred_slots_are_refused_clearly(clock: FakeClock, domain_error) -> None:
    with domain_error("schedule.too_many_slots", count=500, max=MAX_SLOTS) as caught:
        parse_slots(_many(500), PARIS, clock)
    assert "500" in translate(caught.error.key, "fr", **caught.error.params)
    assert "50" in translate(caught.error.key, "en", **caught.error.params)


@pytest.mark.parametrize("typed", ["", " | | "])
def test_no_slots(typed: str, clock: FakeClock, domain_error) -> None:
    with domain_error("schedule.no_slots"):
        parse_slots(typed, PARIS, clock)


def test_format_in_french_and_english() -> None:
    slot = Slot(paris(2026, 12, 3, 18, 30), paris(2026, 12, 3, 20, 30))
    assert format_slot(slot, "Europe/Paris", "fr") == "jeu. 3 déc. 2026, 18:30–20:30"
    assert format_slot(slot, "Europe/Paris", "en") == "Thu, Dec 3, 2026, 18:30–20:30"
    assert format_slot(slot, "Europe/Paris", "de") == "jeu. 3 déc. 2026, 18:30–20:30"


def test_format_across_midnight_and_in_another_zone() -> None:
    slot = Slot(paris(2026, 12, 3, 18, 30), paris(2026, 12, 4, 1, 0))
    assert format_slot(slot, PARIS, "fr") == "jeu. 3 déc. 2026, 18:30 – ven. 4 déc. 2026, 01:00"
    # The same instants seen from Montreal (6 hours behind) fall on one day.
    assert format_slot(slot, "America/Montreal", "fr") == "jeu. 3 déc. 2026, 12:30–19:00"


@given(
    start=st.datetimes(min_value=datetime(2026, 11, 2), max_value=datetime(2031, 6, 1)),
    minutes=st.integers(min_value=1, max_value=6 * 24 * 60),
    zone_name=st.sampled_from(["Europe/Paris", "America/Montreal", "Asia/Tokyo", "UTC"]),
)
def test_typed_form_reads_back_to_the_same_slot(
    start: datetime, minutes: int, zone_name: str
) -> None:
    tz = ZoneInfo(zone_name)
    local = start.replace(second=0, microsecond=0, tzinfo=tz)
    if local.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
        return  # a wall time skipped by a clock change cannot be typed
    slot = Slot(local, (local.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(tz))
    if any(_ambiguous(end) for end in (slot.start, slot.end)):
        return  # a wall time seen twice (clocks go back) is read as its first occurrence
    clock = FakeClock(datetime(2026, 11, 1, tzinfo=UTC))
    assert parse_slot(slot_text(slot, tz), tz, clock) == slot


def _ambiguous(moment: datetime) -> bool:
    return moment.replace(fold=0).utcoffset() != moment.replace(fold=1).utcoffset()


# ---- days in words, and day/month without the year (the clock: Sunday 1 November 2026, 10:00 in Paris)


@pytest.mark.parametrize(
    ("typed", "start", "end"),
    [
        ("demain 18h30-20h30", paris(2026, 11, 2, 18, 30), paris(2026, 11, 2, 20, 30)),
        ("Demain à 18h-20h", paris(2026, 11, 2, 18, 0), paris(2026, 11, 2, 20, 0)),
        ("tomorrow at 18:30-20:00", paris(2026, 11, 2, 18, 30), paris(2026, 11, 2, 20, 0)),
        ("aujourd'hui 20h-21h", paris(2026, 11, 1, 20, 0), paris(2026, 11, 1, 21, 0)),
        ("aujourd’hui 20h-21h", paris(2026, 11, 1, 20, 0), paris(2026, 11, 1, 21, 0)),
        ("après-demain de 10h à 12h", paris(2026, 11, 3, 10, 0), paris(2026, 11, 3, 12, 0)),
        ("mardi 18h-20h", paris(2026, 11, 3, 18, 0), paris(2026, 11, 3, 20, 0)),
        ("mardi prochain 18h-20h", paris(2026, 11, 3, 18, 0), paris(2026, 11, 3, 20, 0)),
        ("Next Friday 18:00-19:00", paris(2026, 11, 6, 18, 0), paris(2026, 11, 6, 19, 0)),
        # the weekday of today means the next one, a week on
        ("dimanche 10h-12h", paris(2026, 11, 8, 10, 0), paris(2026, 11, 8, 12, 0)),
        ("samedi 22h - dimanche 02h", paris(2026, 11, 7, 22, 0), paris(2026, 11, 8, 2, 0)),
        ("24/12 18h-20h", paris(2026, 12, 24, 18, 0), paris(2026, 12, 24, 20, 0)),
        ("15/10 18h-20h", paris(2027, 10, 15, 18, 0), paris(2027, 10, 15, 20, 0)),  # passed: next year
        ("1/11 18h-20h", paris(2026, 11, 1, 18, 0), paris(2026, 11, 1, 20, 0)),  # today
    ],
)
def test_days_in_words_and_without_the_year(typed: str, start: datetime, end: datetime, clock: FakeClock) -> None:
    assert parse_slot(typed, "Europe/Paris", clock) == Slot(start, end)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("demain", "schedule.slot_malformed"),
        ("mardi soir", "schedule.slot_malformed"),
        ("mercredo 18h-19h", "schedule.slot_malformed"),
        ("31/04 18h-19h", "schedule.slot_invalid_date"),
        ("aujourd'hui 08h-09h", "schedule.slot_in_past"),
        ("1/11 08h-09h", "schedule.slot_in_past"),
    ],
)
def test_days_in_words_refused(typed: str, key: str, clock: FakeClock, domain_error) -> None:
    with domain_error(key):
        parse_slot(typed, "Europe/Paris", clock)


def test_today_is_the_day_it_is_in_the_slots_zone() -> None:
    # 23:30 UTC on Sunday is already Monday 00:30 in Paris: tomorrow is Tuesday there.
    late = FakeClock(datetime(2026, 11, 1, 23, 30, tzinfo=UTC))
    assert parse_slot("demain 18h-19h", "Europe/Paris", late).start == paris(2026, 11, 3, 18, 0)
    assert parse_slot("tomorrow 18:00-19:00", "UTC", late).start == datetime(2026, 11, 2, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "title", "when"),
    [
        ("Fête demain 18h", "Fête", "demain 18h"),
        ("Permanence du mardi mardi à 19:00-21:00", "Permanence du mardi", "mardi à 19:00-21:00"),
        ("AG 12/12 18h30", "AG", "12/12 18h30"),
        ("Café Aujourd’hui 20h", "Café", "Aujourd’hui 20h"),
        ("Réunion 1/2 journée 2026-12-08 19:00", "Réunion 1/2 journée", "2026-12-08 19:00"),
        ("Party tomorrow at 18:00", "Party", "tomorrow at 18:00"),
    ],
)
def test_a_meetings_title_and_its_day_in_words(typed: str, title: str, when: str) -> None:
    from core.schedule_app.meetings import split_title_and_when

    assert split_title_and_when(typed) == (title, when)


def test_a_title_naming_a_day_without_a_time_has_no_date(domain_error) -> None:
    from core.schedule_app.meetings import split_title_and_when

    with domain_error("meeting.time_missing", when="jeudi"):
        split_title_and_when("Point du jeudi")


@pytest.mark.parametrize(
    ("typed", "title", "when"),
    [
        # the forms a time poll accepts are the meeting's too (the date really is there)
        ("AG 12/12 de 14h à 16h", "AG", "12/12 de 14h à 16h"),
        ("AG demain 18h-20h", "AG", "demain 18h-20h"),
        ("AG 12 décembre 14h", "AG", "12 décembre 14h"),
        ("AG3 demain 6pm", "AG3", "demain 6pm"),
        # the French "le" before a date belongs to the date, not to the title
        ("AG2 le 12/12 à 14h", "AG2", "le 12/12 à 14h"),
        ("Fête du 14 juillet le 14 juillet 2027 à 18h", "Fête du 14 juillet", "le 14 juillet 2027 à 18h"),
        ("Point du jeudi 12/12 18h", "Point du jeudi", "12/12 18h"),
        ("Apéro le 1er décembre 2027 18h30-20h", "Apéro", "le 1er décembre 2027 18h30-20h"),
    ],
)
def test_a_meetings_date_in_the_time_poll_forms(typed: str, title: str, when: str) -> None:
    from core.schedule_app.meetings import split_title_and_when

    assert split_title_and_when(typed) == (title, when)


@pytest.mark.parametrize(
    ("typed", "key", "part"),
    [
        ("AG demain soir", "meeting.time_missing", "demain soir"),
        ("AG le 12/12 dans la soirée", "meeting.time_missing", "le 12/12 dans la soirée"),
        ("AG 2026-12-08 19:00 salle B", "meeting.when_unreadable", "2026-12-08 19:00 salle B"),
        ("AG de rentrée", "meeting.when_not_found", "AG de rentrée"),
    ],
)
def test_a_meeting_without_a_readable_date_names_what_was_not_understood(
    typed: str, key: str, part: str, domain_error
) -> None:
    from core.schedule_app.meetings import split_title_and_when

    with domain_error(key) as caught:
        split_title_and_when(typed)
    assert part in caught.error.params.values()


# ---- the forms added for meetings and polls alike (the clock: Sunday 1 November 2026, 10:00 in Paris)


@pytest.mark.parametrize(
    ("typed", "start", "end"),
    [
        ("le 12/12 à 14h-16h", paris(2026, 12, 12, 14, 0), paris(2026, 12, 12, 16, 0)),
        ("Le 12/12 de 14h à 16h", paris(2026, 12, 12, 14, 0), paris(2026, 12, 12, 16, 0)),
        ("12 décembre 14h-16h", paris(2026, 12, 12, 14, 0), paris(2026, 12, 12, 16, 0)),
        ("12 Decembre 2026 14h-16h", paris(2026, 12, 12, 14, 0), paris(2026, 12, 12, 16, 0)),
        ("1er mars 18h-20h", paris(2027, 3, 1, 18, 0), paris(2027, 3, 1, 20, 0)),  # the next 1 March
        ("le 3 août 2027 à 9h30 - le 4 août 2027 à 12h", paris(2027, 8, 3, 9, 30), paris(2027, 8, 4, 12, 0)),
        ("12 december 2pm to 4pm", paris(2026, 12, 12, 14, 0), paris(2026, 12, 12, 16, 0)),
        ("tomorrow 6pm-8:30pm", paris(2026, 11, 2, 18, 0), paris(2026, 11, 2, 20, 30)),
        ("tomorrow 11am-12pm", paris(2026, 11, 2, 11, 0), paris(2026, 11, 2, 12, 0)),
        ("tomorrow 11:30 PM - 2026-11-03 12am", paris(2026, 11, 2, 23, 30), paris(2026, 11, 3, 0, 0)),
    ],
)
def test_le_month_names_and_twelve_hour_times(typed: str, start: datetime, end: datetime, clock: FakeClock) -> None:
    assert parse_slot(typed, "Europe/Paris", clock) == Slot(start, end)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("31 avril 18h-19h", "schedule.slot_invalid_date"),
        ("demain 13pm-14h", "schedule.slot_invalid_time"),
        ("demain 0am-1am", "schedule.slot_invalid_time"),
        ("12 décembrr 18h-19h", "schedule.slot_malformed"),
    ],
)
def test_le_month_names_and_twelve_hour_times_refused(typed: str, key: str, clock: FakeClock, domain_error) -> None:
    with domain_error(key):
        parse_slot(typed, "Europe/Paris", clock)


def test_a_time_seen_twice_when_the_clocks_go_back_is_refused(clock: FakeClock, domain_error) -> None:
    # 2027-10-31 in Paris: 03:00 summer time becomes 02:00 winter time; 02:00-02:59 happens twice.
    with domain_error("schedule.slot_repeated_time", slot="2027-10-31 02:30-03:30"):
        parse_slots("2027-10-31 02:30-03:30 | 2027-10-31 10:00-11:00", PARIS, clock)
    with domain_error("schedule.slot_repeated_time"):
        parse_slot("2027-10-31 01:00-02:15", PARIS, clock)
    slot = parse_slot("2027-10-31 01:00-03:00", PARIS, clock)  # around the repeated hour: fine
    assert slot.end.astimezone(UTC) - slot.start.astimezone(UTC) == timedelta(hours=3)


@pytest.mark.parametrize(
    "typed", ["12/12 14h-16h ; 13/12 14h-16h", "12/12 14h-16h, 13/12 14h-16h", "demain 18h-20h;mardi 18h-20h"]
)
def test_slots_separated_otherwise_than_by_bars_are_explained(typed: str, clock: FakeClock, domain_error) -> None:
    with domain_error("schedule.slot_separator", slot=typed) as caught:
        parse_slots(typed, PARIS, clock)
    assert "|" in translate(caught.error.key, "fr", **caught.error.params)
    assert " | " in caught.error.params["example"]


def test_a_slot_with_a_comma_after_its_date_is_still_one_slot(clock: FakeClock) -> None:
    assert len(parse_slots("12/12, 14h-16h", PARIS, clock)) == 1


def test_a_duplicate_names_both_entries_and_their_date(clock: FakeClock, domain_error) -> None:
    # Sunday 1 November: "samedi" and "samedi prochain" are both Saturday 7 November.
    with domain_error("schedule.duplicate_slot", first="samedi 10h-12h", slot="samedi prochain 10h-12h",
                      when="sam. 7 nov. 2026, 10:00–12:00"):
        parse_slots("samedi 10h-12h | samedi prochain 10h-12h", PARIS, clock)
    with domain_error("schedule.duplicate_slot", when="Sat, Nov 7, 2026, 10:00–12:00") as caught:
        parse_slots("saturday 10:00-12:00 | next saturday 10:00-12:00", PARIS, clock, lang="en")
    assert translate(caught.error.key, "en", **caught.error.params).startswith(
        "“saturday 10:00-12:00” and “next saturday 10:00-12:00” give the same slot: Sat, Nov 7, 2026")


def test_a_length_and_an_end_time_together_are_refused(clock: FakeClock, domain_error) -> None:
    with domain_error("schedule.end_and_duration", slot="demain 18h30-20h30", duration="1h"):
        parse_slots("demain 18h | demain 18h30-20h30", PARIS, clock, default_duration=timedelta(hours=1),
                    duration_typed="1h")
    slots = parse_slots("demain 18h | mardi 18h", PARIS, clock, default_duration=timedelta(hours=1),
                        duration_typed="1h")
    assert all(slot.duration == timedelta(hours=1) for slot in slots)


def test_a_slot_across_the_autumn_change_lasts_the_time_that_passes(clock: FakeClock) -> None:
    # 2027-10-31 in Paris: at 03:00 summer time the clocks go back to 02:00.
    slot = parse_slot("2027-10-31 01:00-03:00", PARIS, clock)
    assert slot.duration == timedelta(hours=3)
    slot = parse_slot("2027-10-31 01:00", PARIS, clock, default_duration=timedelta(hours=2))
    assert slot.end == datetime(2027, 10, 31, 1, 0, tzinfo=UTC)  # the second 02:00, two hours later
    assert slot.duration == timedelta(hours=2)


def test_a_slot_across_the_spring_change_lasts_the_time_that_passes(clock: FakeClock) -> None:
    # 2027-03-28 in Paris: at 02:00 winter time the clocks jump to 03:00.
    assert parse_slot("2027-03-28 01:00-03:00", PARIS, clock).duration == timedelta(hours=1)
    slot = parse_slot("2027-03-28 01:30", PARIS, clock, default_duration=timedelta(hours=1))
    assert slot.end == paris(2027, 3, 28, 3, 30) and f"{slot.end.astimezone(PARIS):%H:%M %z}" == "03:30 +0200"
    assert slot.duration == timedelta(hours=1)


@pytest.mark.parametrize("typed", ["2027-03-28 02:30-04:00", "2027-03-28 02:00", "2027-03-28 01:00-02:15"])
def test_a_time_skipped_in_spring_is_refused_with_the_first_time_that_exists(
    typed: str, clock: FakeClock, domain_error
) -> None:
    with domain_error("schedule.slot_nonexistent_time", slot=typed, skipped="02:00", next="03:00") as caught:
        parse_slot(typed, PARIS, clock, default_duration=timedelta(hours=1))
    assert "de 02:00 à 03:00. Choisissez 03:00 ou plus tard." in translate(
        caught.error.key, "fr", **caught.error.params)
    assert "from 02:00 to 03:00. Pick 03:00 or later." in translate(caught.error.key, "en", **caught.error.params)
