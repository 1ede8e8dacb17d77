from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.scheduling.agenda import AgendaProposal
from core.scheduling.availability import Availability
from core.scheduling.display import agenda_lines, role_label
from core.scheduling.meetings import Meeting, MeetingStatus, meeting_uid
from core.scheduling.roles import MeetingRole, RoleAssignment, parse_role
from core.scheduling.slots import Slot

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
START = datetime(2026, 12, 8, 19, 0, tzinfo=PARIS)  # a second Tuesday
SLOT = Slot(START, START + timedelta(hours=2))
F, NT, TK = MeetingRole.FACILITATOR, MeetingRole.NOTE_TAKER, MeetingRole.TIME_KEEPER


def meeting(**overrides) -> Meeting:
    fields: dict[str, object] = {
        "number": 4, "assembly": "quartier-nord", "title": "AG de quartier", "slot": SLOT,
        "timezone": "Europe/Paris", "organizer": "cat", "now": NOW, "place": "Maison du peuple",
    }  # fmt: skip
    fields.update(overrides)
    return Meeting.schedule(**fields)


def test_schedule() -> None:
    m = meeting()
    assert m.status is MeetingStatus.SCHEDULED
    assert m.sequence == 0
    assert m.uid == "quartier-nord-meeting-4@assemblee"
    assert (m.start, m.end, m.timezone, m.place) == (
        START,
        SLOT.end,
        "Europe/Paris",
        "Maison du peuple",
    )
    assert m.next_start(NOW) == START
    assert not m.place_is_url
    assert meeting(place="https://visio.example.org/ag").place_is_url


def test_uid_is_stable_and_distinct_for_odd_assembly_ids() -> None:
    assert meeting_uid("!room:example.org", 3) == meeting_uid("!room:example.org", 3)
    ids = ["a:b", "a!b", "a_3a_b", "a-b", "a b"]
    assert len({meeting_uid(i, 1) for i in ids}) == len(ids)
    assert all(" " not in meeting_uid(i, 1) for i in ids)


@pytest.mark.parametrize(
    ("overrides", "key", "params"),
    [
        ({"slot": Slot(NOW - timedelta(hours=1), NOW + timedelta(hours=1))},
         "schedule.slot_in_past", {}),
        ({"title": ""}, "schedule.title_missing", {}),
        ({"timezone": "Paris/Europe"}, "schedule.unknown_timezone", {}),
        ({"place": "x" * 501}, "schedule.text_too_long", {"max": 500}),
        ({"rrule": "FREQ=SECONDLY"}, "schedule.every_too_frequent", {}),
        # 2026-12-01 is the first Tuesday, not the second.
        ({"slot": Slot(START - timedelta(days=7), SLOT.end - timedelta(days=7)),
          "rrule": "FREQ=MONTHLY;BYDAY=2TU"},
         "schedule.start_not_in_every", {"start": "2026-12-01 19:00", "first": "2026-12-08 19:00"}),
        ({"rrule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"}, "schedule.every_never", {}),
    ],
)  # fmt: skip
def test_schedule_refuses_bad_input(overrides: dict, key: str, params: dict, domain_error) -> None:
    with domain_error(key, **params):
        meeting(**overrides)


def test_reschedule_move_and_cancel_raise_the_sequence(domain_error) -> None:
    m = meeting()
    later = Slot(START + timedelta(days=1), SLOT.end + timedelta(days=1))
    moved = m.reschedule(later, NOW + timedelta(hours=1))
    assert (moved.sequence, moved.start, moved.updated_at) == (
        1,
        later.start,
        NOW + timedelta(hours=1),
    )
    relocated = moved.move("https://visio.example.org/ag", NOW)
    assert relocated.sequence == 2 and relocated.place_is_url
    cancelled = relocated.cancel(NOW)
    assert cancelled.status is MeetingStatus.CANCELLED and cancelled.sequence == 3
    assert cancelled.next_start(NOW) is None
    with domain_error("schedule.meeting_cancelled", number=4):
        cancelled.cancel(NOW)
    with domain_error("schedule.meeting_cancelled", number=4):
        cancelled.reschedule(SLOT, NOW)
    with domain_error("schedule.meeting_cancelled", number=4):
        cancelled.rsvp("alice", "oui", NOW)
    with domain_error("schedule.slot_in_past"):
        m.reschedule(Slot(NOW - timedelta(days=1), NOW + timedelta(hours=1)), NOW)


def test_recurring_meeting() -> None:
    m = meeting(rrule="FREQ=MONTHLY;BYDAY=2TU")
    assert m.next_start(START) == datetime(2027, 1, 12, 19, 0, tzinfo=PARIS)
    assert not m.is_over(datetime(2027, 6, 1, tzinfo=UTC))
    one_off = m.repeat(None, NOW)
    assert one_off.rrule is None and one_off.sequence == 1
    assert one_off.is_over(SLOT.end)


def test_rsvp_in_french_and_english(domain_error) -> None:
    m = meeting().rsvp("alice", "oui", NOW).rsvp("bob", "no", NOW).rsvp("carol", "peut-être", NOW)
    m = m.rsvp("bob", Availability.YES, NOW + timedelta(minutes=5)).rsvp("dan", "✅", NOW)
    assert m.attendees() == ("alice", "bob", "dan")
    assert m.attendees(Availability.MAYBE) == ("carol",)
    assert m.rsvp_of("bob") is Availability.YES and m.rsvp_of("erin") is None
    with domain_error("schedule.answer_unknown", word="bientôt"):
        m.rsvp("erin", "bientôt", NOW)
    with domain_error("schedule.meeting_over", number=4):
        m.rsvp("erin", "oui", SLOT.end)


def test_agenda_lists_open_proposals_first_then_members_items(domain_error) -> None:
    m = meeting().add_agenda_item("alice", "Budget 2027", NOW)
    m = m.add_agenda_item("bob", "  Fête de quartier ", NOW)
    proposals = [
        AgendaProposal(7, "Jardin partagé", "reaction"),
        AgendaProposal(2, "Charte", "clarification"),
        AgendaProposal(5, "Ancienne", "closed"),
        AgendaProposal(6, "En vote", "decision"),
    ]
    agenda = m.agenda(proposals)
    assert [(i.proposal_number, i.title) for i in agenda] == [
        (2, "Charte"), (7, "Jardin partagé"), (None, "Budget 2027"), (None, "Fête de quartier"),
    ]  # fmt: skip
    assert agenda[2].added_by == "alice"
    assert agenda_lines(agenda, "fr")[:3] == (
        "1. Proposition #2 : Charte", "2. Proposition #7 : Jardin partagé", "3. Budget 2027",
    )  # fmt: skip
    assert agenda_lines(agenda, "en")[0] == "1. Proposal #2: Charte"
    with domain_error("schedule.agenda_item_duplicate", number=4):
        m.add_agenda_item("carol", "BUDGET   2027", NOW)
    with domain_error("schedule.text_missing"):
        m.add_agenda_item("carol", "   ", NOW)
    with domain_error("schedule.text_too_long", max=300):
        m.add_agenda_item("carol", "x" * 301, NOW)


def test_agenda_has_a_limit(domain_error) -> None:
    m = meeting()
    for i in range(30):
        m = m.add_agenda_item("alice", f"Point {i}", NOW)
    with domain_error("schedule.agenda_full", max=30):
        m.add_agenda_item("alice", "Un de trop", NOW)


def test_minutes_notes_even_after_the_meeting(domain_error) -> None:
    m = meeting().add_note("bob", "Décision : on repeint la salle.", SLOT.end + timedelta(hours=1))
    assert [(n.author, n.text) for n in m.notes] == [("bob", "Décision : on repeint la salle.")]
    with domain_error("schedule.meeting_cancelled", number=4):
        m.cancel(NOW).add_note("bob", "trop tard", NOW)


@pytest.mark.parametrize(
    ("typed", "role"),
    [
        ("facilitator", F), ("animation", F), ("Facilitation", F), ("animateur·ice", F),
        ("note-taker", NT), ("prise de notes", NT), ("Secrétaire", NT), ("notes", NT),
        ("time_keeper", TK), ("gardien du temps", TK), ("gardien·ne du temps", TK),
        ("Gardienne-du-temps", TK), ("timekeeper", TK),
    ],
)  # fmt: skip
def test_role_names(typed: str, role: MeetingRole) -> None:
    assert parse_role(typed) is role


def test_unknown_role(domain_error) -> None:
    with domain_error("schedule.role_unknown", role="trésorier"):
        parse_role("trésorier")


def test_role_labels() -> None:
    assert role_label(F, "fr") == "animation"
    assert role_label(TK, "en") == "time-keeping"


def staffed() -> Meeting:
    roles = [RoleAssignment(F, "alice"), RoleAssignment(NT, "bob")]
    return meeting().assign_roles(roles, NOW)


def test_swap_hands_a_role_over() -> None:
    m = staffed().swap_role(F, by="alice", to="carol", now=NOW)
    assert m.role_holder(F) == "carol"
    assert m.roles_of("alice") == ()


def test_swap_moves_only_the_named_role_when_the_receiver_already_has_one() -> None:
    m = staffed().swap_role(F, by="alice", to="bob", now=NOW)
    assert (m.role_holder(F), m.role_holder(NT)) == ("bob", "bob")
    assert m.roles_of("alice") == ()


def test_a_free_role_can_be_taken() -> None:
    m = staffed().swap_role(TK, by="dan", to="dan", now=NOW)
    assert m.role_holder(TK) == "dan"
    assert [a.role for a in m.roles] == [F, NT, TK]


def test_only_the_holder_hands_a_role_unless_allowed(domain_error) -> None:
    with domain_error("schedule.role_not_yours", member="alice"):
        staffed().swap_role(F, by="mallory", to="mallory", now=NOW)
    m = staffed().swap_role(F, by="cat", to="carol", now=NOW, may_override=True)
    assert m.role_holder(F) == "carol"
    with domain_error("schedule.role_already_held", member="alice"):
        staffed().swap_role(F, by="alice", to="alice", now=NOW)
    with domain_error("schedule.meeting_over", number=4):
        staffed().swap_role(F, by="alice", to="carol", now=SLOT.end)


def test_assign_roles_keeps_roles_not_given() -> None:
    m = staffed().assign_roles([RoleAssignment(TK, "carol"), RoleAssignment(F, "dan")], NOW)
    assert [(a.role, a.member) for a in m.roles] == [(F, "dan"), (NT, "bob"), (TK, "carol")]
