import random
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from core.scheduling.roles import MeetingRole, RoleAssignment
from core.scheduling.rotation import Service, rotate_roles

F, NT, TK = MeetingRole.FACILITATOR, MeetingRole.NOTE_TAKER, MeetingRole.TIME_KEEPER
DAY = datetime(2026, 1, 1, tzinfo=UTC)


def served(member: str, role: MeetingRole, days_ago: int) -> Service:
    return Service(member, role, DAY - timedelta(days=days_ago))


def as_dict(assignments: tuple[RoleAssignment, ...]) -> dict[MeetingRole, str]:
    return {a.role: a.member for a in assignments}


def test_never_served_comes_first_then_least_recent() -> None:
    history = [served("alice", F, 7), served("bob", F, 35), served("bob", F, 70)]
    for seed in range(20):
        picks = as_dict(
            rotate_roles(["alice", "bob", "carol"], history, random.Random(seed), roles=[F])
        )
        assert picks[F] == "carol"
    picks = as_dict(rotate_roles(["alice", "bob"], history, random.Random(0), roles=[F]))
    assert picks[F] == "bob"  # bob's last facilitation is older than alice's


def test_history_of_the_role_comes_before_history_of_other_roles() -> None:
    # alice has never facilitated but took notes yesterday; bob facilitated a year ago.
    history = [served("alice", NT, 1), served("bob", F, 365)]
    assert (
        as_dict(rotate_roles(["alice", "bob"], history, random.Random(1), roles=[F]))[F] == "alice"
    )


def test_any_role_history_breaks_ties_between_never_served() -> None:
    history = [served("alice", NT, 1), served("bob", TK, 60)]
    assert as_dict(rotate_roles(["alice", "bob"], history, random.Random(1), roles=[F]))[F] == "bob"


def test_no_one_takes_two_roles_when_enough_people() -> None:
    for seed in range(30):
        picks = rotate_roles(["a", "b", "c", "d"], [], random.Random(seed))
        assert [p.role for p in picks] == [F, NT, TK]
        assert len({p.member for p in picks}) == 3


def test_with_fewer_people_than_roles_everyone_gets_one_before_anyone_gets_two() -> None:
    picks = rotate_roles(["a", "b"], [], random.Random(3))
    members = [p.member for p in picks]
    assert sorted(set(members)) == ["a", "b"] and len(members) == 3


def test_random_among_equals_but_deterministic_with_a_seed() -> None:
    people = ["alice", "bob", "carol", "dan"]
    first = {
        as_dict(rotate_roles(people, [], random.Random(seed), roles=[F]))[F] for seed in range(40)
    }
    assert first == set(people)  # every equal gets a chance
    for seed in range(10):
        once = rotate_roles(people, [], random.Random(seed))
        again = rotate_roles(list(reversed(people)), [], random.Random(seed))
        assert once == again  # same seed, same result, whatever the input order


def test_roles_already_taken_are_kept() -> None:
    taken = [RoleAssignment(F, "dan")]
    for seed in range(10):
        picks = as_dict(rotate_roles(["alice", "bob", "dan"], [], random.Random(seed), taken=taken))
        assert picks[F] == "dan"
        assert {picks[NT], picks[TK]} == {"alice", "bob"}


def test_draw_is_a_plain_lottery() -> None:
    history = [served("alice", F, 1), served("bob", F, 400)]
    fair = {
        as_dict(rotate_roles(["alice", "bob"], history, random.Random(s), roles=[F]))[F]
        for s in range(40)
    }
    drawn = {
        as_dict(rotate_roles(["alice", "bob"], history, random.Random(s), roles=[F], draw=True))[F]
        for s in range(40)
    }
    assert fair == {"bob"}
    assert drawn == {"alice", "bob"}
    for seed in range(20):
        assert len({p.member for p in rotate_roles("abc", [], random.Random(seed), draw=True)}) == 3


def test_nobody_coming(domain_error) -> None:
    with domain_error("schedule.no_attendees"):
        rotate_roles([], [], random.Random(0))


@given(
    people=st.sets(st.sampled_from("abcdefgh"), min_size=1),
    history=st.lists(
        st.tuples(
            st.sampled_from("abcdefgh"), st.sampled_from(list(MeetingRole)), st.integers(1, 500)
        )
    ),
    seed=st.integers(0, 2**32),
)
def test_facilitator_is_always_among_the_least_recent(people, history, seed) -> None:
    services = [served(m, r, d) for m, r, d in history]
    picks = rotate_roles(people, services, random.Random(seed))
    members = [p.member for p in picks]
    assert set(members) <= people
    if len(people) >= 3:
        assert len(set(members)) == 3

    def last(member: str, role: MeetingRole | None) -> datetime:
        dates = [s.served_at for s in services if s.member == member and role in (None, s.role)]
        return max(dates, default=datetime.min.replace(tzinfo=UTC))

    chosen = as_dict(picks)[F]
    assert all((last(chosen, F), last(chosen, None)) <= (last(m, F), last(m, None)) for m in people)
