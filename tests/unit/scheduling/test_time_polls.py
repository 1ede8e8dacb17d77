from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.scheduling.availability import Availability
from core.scheduling.display import poll_grid_lines
from core.scheduling.polls import PollStatus, TimePoll
from core.scheduling.slots import Slot

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
Y, M, N = Availability.YES, Availability.MAYBE, Availability.NO


def slot(day: int, hour: int = 18) -> Slot:
    start = datetime(2026, 12, day, hour, 30, tzinfo=PARIS)
    return Slot(start, start + timedelta(hours=2))


SLOTS = (slot(3), slot(4), slot(5))


def poll(**overrides) -> TimePoll:
    fields: dict[str, object] = {
        "number": 2, "title": "AG de décembre", "slots": SLOTS, "creator": "console:cat",
        "timezone": "Europe/Paris", "now": NOW,
    }  # fmt: skip
    fields.update(overrides)
    return TimePoll.open(**fields)


def test_open_poll() -> None:
    opened = poll(title="  AG   de décembre ", slots=(slot(5), slot(3), slot(4), slot(3)))
    assert opened.status is PollStatus.OPEN
    assert opened.title == "AG de décembre"
    assert opened.slots == SLOTS  # sorted, duplicates merged
    assert opened.answers == ()


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"title": "  "}, "schedule.title_missing"),
        ({"title": "x" * 201}, "schedule.title_too_long"),
        ({"slots": ()}, "schedule.no_slots"),
        ({"deadline": NOW}, "schedule.deadline_in_past"),
        (
            {"deadline": datetime(2026, 12, 5, 18, 30, tzinfo=PARIS)},
            "schedule.deadline_after_slots",
        ),
        ({"timezone": "Lune/Tranquillité"}, "schedule.unknown_timezone"),
    ],
)
def test_open_refuses_bad_input(overrides: dict, key: str, domain_error) -> None:
    with domain_error(key):
        poll(**overrides)


def test_answers_can_change_until_finalized(domain_error) -> None:
    p = poll().answer_text("alice", "oui non peut-être", NOW)
    p = p.answer_text("bob", "✅ ✅ ❌", NOW)
    p = p.answer_text("alice", "n n o", NOW + timedelta(hours=1))
    assert p.answer_of("alice") == (N, N, Y)
    assert p.answer_of("bob") == (Y, Y, N)
    assert p.answer_of("carol") is None
    assert [a.member for a in p.answers] == ["alice", "bob"]  # first-answer order kept
    finalized, _ = p.finalize(NOW, 1)
    with domain_error("schedule.poll_finalized", number=2):
        finalized.answer_text("alice", "oui oui oui", NOW)
    with domain_error("schedule.poll_finalized", number=2):
        finalized.answer("carol", (Y, Y, Y), NOW)


def test_wrong_number_of_answers(domain_error) -> None:
    with domain_error("schedule.answer_count", expected=3, given=2):
        poll().answer_text("alice", "oui non", NOW)
    with domain_error("schedule.answer_count", expected=3, given=4):
        poll().answer("alice", (Y, Y, Y, Y), NOW)


def test_deadline_closes_answers(domain_error) -> None:
    deadline = NOW + timedelta(days=7)
    p = poll(deadline=deadline).answer_text("alice", "o o o", deadline - timedelta(seconds=1))
    assert not p.deadline_passed(deadline - timedelta(seconds=1))
    with domain_error("schedule.poll_deadline_passed", number=2):
        p.answer_text("bob", "o o o", deadline)
    _, chosen = p.finalize(deadline + timedelta(hours=1))  # still possible after
    assert chosen == SLOTS[0]


def test_cancelled_poll(domain_error) -> None:
    cancelled = poll().cancel(NOW)
    assert cancelled.status is PollStatus.CANCELLED
    with domain_error("schedule.poll_cancelled", number=2):
        cancelled.answer_text("alice", "o o o", NOW)
    with domain_error("schedule.poll_cancelled", number=2):
        cancelled.finalize(NOW, 1)
    with domain_error("schedule.poll_cancelled", number=2):
        cancelled.cancel(NOW)


def test_ranking_most_yes_then_most_maybe_then_earliest() -> None:
    p = poll(slots=(slot(3), slot(4), slot(5), slot(6)))
    p = p.answer("a", (Y, M, Y, Y), NOW)
    p = p.answer("b", (N, Y, M, Y), NOW)
    p = p.answer("c", (M, Y, Y, N), NOW)
    # yes counts: 1, 2, 2, 2 · maybe counts: 1, 1, 1, 0 -> slots 4 and 5 tie, 4 is earlier
    assert [t.index for t in p.ranking()] == [2, 3, 4, 1]
    assert p.best_slot() == slot(4)
    tally = p.tallies()[0]
    assert (tally.yes, tally.maybe, tally.no) == (1, 1, 1)


def test_finalize_best_slot_skips_slots_already_started() -> None:
    p = poll().answer("a", (Y, N, M), NOW).answer("b", (Y, M, N), NOW)
    later = datetime(2026, 12, 3, 19, 0, tzinfo=PARIS)  # slot 1 (the best) has started
    finalized, chosen = p.finalize(later)
    assert chosen == SLOTS[1]
    assert finalized.status is PollStatus.FINALIZED and finalized.chosen == SLOTS[1]
    assert finalized.closed_at == later


def test_finalize_by_number_or_slot(domain_error) -> None:
    p = poll().answer("a", (Y, N, N), NOW)
    assert p.finalize(NOW, 3)[1] == SLOTS[2]
    assert p.finalize(NOW, SLOTS[1])[1] == SLOTS[1]
    with domain_error("schedule.slot_number_invalid", given=4, count=3):
        p.finalize(NOW, 4)
    with domain_error("schedule.slot_number_invalid", given=0, count=3):
        p.finalize(NOW, 0)
    with domain_error("schedule.slot_not_in_poll", slot="2026-12-09 18:30-20:30", number=2):
        p.finalize(NOW, slot(9))
    with domain_error("schedule.slot_in_past", slot="2026-12-03 18:30-20:30"):
        p.finalize(datetime(2026, 12, 3, 18, 30, tzinfo=PARIS), 1)


def test_finalize_refusals(domain_error) -> None:
    with domain_error("schedule.poll_no_answers", number=2):
        poll().finalize(NOW)
    answered = poll().answer("a", (Y, Y, Y), NOW)
    with domain_error("schedule.poll_all_slots_past", number=2):
        answered.finalize(datetime(2026, 12, 6, tzinfo=PARIS))
    finalized, _ = answered.finalize(NOW)
    with domain_error("schedule.poll_finalized", number=2):
        finalized.finalize(NOW, 2)
    with domain_error("schedule.poll_finalized", number=2):
        finalized.cancel(NOW)


def test_who_has_not_answered() -> None:
    p = poll().answer("bob", (Y, Y, Y), NOW)
    assert p.not_answered(["alice", "bob", "carol", "alice"]) == ("alice", "carol")


def test_grid_shows_who_answered_what() -> None:
    p = poll().answer("alice", (Y, N, M), NOW).answer("bob", (Y, Y, N), NOW)
    grid = p.grid()
    assert [row.member for row in grid.rows] == ["alice", "bob"]
    assert [(t.yes, t.maybe, t.no) for t in grid.tallies] == [(2, 0, 0), (1, 0, 1), (0, 1, 1)]
    lines = poll_grid_lines(p, "fr", names={"alice": "Alice"})
    assert lines[0] == "1. jeu. 3 déc. 2026, 18:30–20:30 — ✅ 2 · 🤷 0 · ❌ 0"
    assert lines[3:] == ("Alice: ✅ ❌ 🤷", "bob: ✅ ✅ ❌")


answers_matrix = st.integers(min_value=1, max_value=6).flatmap(
    lambda slots: st.tuples(
        st.just(slots),
        st.lists(
            st.lists(st.sampled_from(list(Availability)), min_size=slots, max_size=slots),
            max_size=12,
        ),
        st.randoms(use_true_random=False),
    )
)


@given(answers_matrix)
def test_best_slot_ordering_is_a_total_order_consistent_with_counts(case) -> None:
    slot_count, rows, rnd = case
    # Some slots share a start (then the end decides), to exercise every tie-break.
    slots = tuple(Slot(s.start, s.end + timedelta(minutes=i)) for i, s in
                  enumerate(slot((i // 2) + 3) for i in range(slot_count)))  # fmt: skip
    p = poll(slots=slots)
    for member, row in enumerate(rows):
        p = p.answer(f"m{member}", row, NOW)
    ranking = p.ranking()
    assert sorted(t.index for t in ranking) == list(range(1, slot_count + 1))
    for tally in ranking:
        column = [row[tally.index - 1] for row in rows]
        assert (tally.yes, tally.maybe, tally.no) == (
            column.count(Y), column.count(M), column.count(N),
        )  # fmt: skip
    for better, worse in pairwise(ranking):
        assert (better.yes, better.maybe) >= (worse.yes, worse.maybe)
        if (better.yes, better.maybe) == (worse.yes, worse.maybe):
            assert (better.slot.start, better.slot.end) < (worse.slot.start, worse.slot.end)
    # The order does not depend on who answered first.
    shuffled = list(enumerate(rows))
    rnd.shuffle(shuffled)
    q = poll(slots=slots)
    for member, row in shuffled:
        q = q.answer(f"m{member}", row, NOW)
    assert [t.index for t in q.ranking()] == [t.index for t in ranking]
    assert p.best_slot() == ranking[0].slot
