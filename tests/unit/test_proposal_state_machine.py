"""Random sequences of what members do, checked against an independent model.

Hypothesis drives a room (the core with the in-memory fakes) through joins, leaves,
proposals, phase moves, positions of any stance by any member, changes of position,
amendments, objections and their lifting, early closes, withdrawals and deadlines.
A small model written from the rules of the issue predicts which commands are accepted
and what they record; after every step the room must agree with it and keep these
invariants:

- at most one counted position per member and version;
- the running tally (counts, participated) equals a tally recomputed from the positions;
- a closed proposal never changes again, whatever is typed about it;
- a proposal is never adopted while an objection is open;
- every proposal ends in exactly one final status, announced by exactly one "closed" event.
"""

from __future__ import annotations

import asyncio
import copy
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from fractions import Fraction

from helpers import Room
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from core.proposals import ObjectionStatus, Proposal, Status, pseudonym

MEMBERS = ("ana", "ben", "cleo", "dan")
FACILITATOR = "ana"  # the first member to join
OPTIONS = ("A", "B")
MAX_PROPOSALS = 4
DEADLINE = timedelta(days=7)  # the default

# verb → stance (count key) per method; None: the verb is refused for that method.
STANCES: dict[str, dict[str, str]] = {
    "consent": {"consent": "consent", "agree": "consent", "concern": "concern", "object": "objection",
                "block": "objection", "standaside": "stand_aside", "abstain": "stand_aside"},
    "consensus": {"agree": "agree", "consent": "agree", "disagree": "disagree", "abstain": "abstain",
                  "standaside": "abstain", "block": "block", "object": "block"},
    "vote": {"vote": "vote", "abstain": "abstain", "standaside": "abstain"},
}
NEEDS_REASON = {"concern", "objection", "block"}
VERBS = sorted({verb for table in STANCES.values() for verb in table} | {"disagree", "concern"})
PICK = st.integers(0, 6)
WHO = st.integers(0, 3)
STEERER = st.integers(0, 4)
METHOD = st.sampled_from(["consent", "consent", "consent", "consensus", "vote"])
QUORUM = st.sampled_from([None, None, "50%", "3/4"])
REASON = st.sampled_from(["", "parce que", "trop cher"])
OPTION_WORDS = {"A": "A", "a": "A", "1": "A", "B": "B", "b": "B", "2": "B"}


@dataclass
class ModelProposal:
    number: int
    author: str
    method: str
    quorum: Fraction | None
    anonymous: bool
    deadline: timedelta
    status: str = "open"
    phase: str = "clarification"
    version: int = 1
    text: str = ""  # the current version's text (an amendment that repeats it is refused)
    electorate: frozenset[str] = frozenset()
    positions: dict[tuple[str, int], str] = field(default_factory=dict)  # → count key
    objections: dict[str, tuple[str, int]] = field(default_factory=dict)  # → (status, version raised)

    def current(self) -> dict[str, str]:
        return {m: key for (m, v), key in self.positions.items() if v == self.version}

    def open_objections(self) -> int:
        return sum(1 for status, _ in self.objections.values() if status == "open")

    def quorum_met(self) -> bool:
        if self.quorum is None:
            return True
        return bool(self.electorate) and Fraction(len(self.current()), len(self.electorate)) >= self.quorum

    def verdict(self) -> str:
        """What the rules decide on the current positions (deadline rules)."""
        if self.phase != "decision":
            return "expired"
        if not self.quorum_met():
            return "expired"
        counts = Counter(self.current().values())
        if self.method == "consent":
            return "expired" if self.open_objections() else "adopted"
        if self.method == "consensus":
            if counts["block"]:
                return "rejected"
            return "adopted" if counts["agree"] > counts["disagree"] else "rejected"
        votes = {o: counts[o] for o in OPTIONS}
        cast = sum(votes.values())
        best = max(votes.values())
        if cast == 0 or list(votes.values()).count(best) > 1:
            return "rejected"
        return "adopted" if Fraction(best, cast) > Fraction(1, 2) else "rejected"

    def settle(self) -> None:
        """Closes as soon as everyone called has positioned (and, for consent, no objection is open)."""
        if self.status != "open" or self.phase != "decision":
            return
        if set(self.current()) != set(self.electorate):
            return
        if self.method == "consent" and self.open_objections():
            return
        self.close(self.verdict())

    def close(self, status: str) -> None:
        self.status = status
        self.phase = "closed"


class ProposalMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.room = Room()
        self.active: dict[str, bool] = {}
        self.model: dict[int, ModelProposal] = {}
        self.frozen: dict[int, Proposal] = {}
        self.elapsed = timedelta(0)  # since the machine started

    def teardown(self) -> None:
        self.loop.close()

    # ---- helpers -----------------------------------------------------------------------

    def say(self, name: str, text: str) -> None:
        self.loop.run_until_complete(self.room.say(name, text))
        self.room.store.state.outbox.clear()  # not checked here; keeps each transaction's copy small

    def is_member(self, name: str) -> bool:
        return self.active.get(name, False)

    def may_steer(self, name: str, proposal: ModelProposal) -> bool:
        return self.is_member(name) and (name == proposal.author or name == FACILITATOR)

    def number(self, pick: int) -> int:
        """Mostly an existing proposal (the latest ones more often), sometimes one that does not exist."""
        if not self.model or pick == 0:
            return len(self.model) + 1
        return max(1, len(self.model) - (pick - 1) % len(self.model))

    def steerer(self, number: int, who: int) -> str:
        """Mostly the proposal's author or the facilitator, sometimes anyone."""
        proposal = self.model.get(number)
        if who == 0 and proposal is not None:
            return proposal.author
        return FACILITATOR if who == 1 else MEMBERS[who % len(MEMBERS)]

    def with_open_objections(self) -> list[int]:
        return [n for n, p in self.model.items() if p.status == "open" and p.open_objections()]

    def open_proposal(self, number: int) -> ModelProposal | None:
        found = self.model.get(number)
        return found if found is not None and found.status == "open" else None

    # ---- rules -------------------------------------------------------------------------

    @initialize(
        others=st.sets(st.sampled_from(MEMBERS[1:]), min_size=1),
        method=METHOD,
        quorum=QUORUM,
        anonymous=st.booleans(),
    )
    def first_proposal(self, others: set[str], method: str, quorum: str | None, anonymous: bool) -> None:
        """Members join (the first one facilitates) and one of them opens a first proposal,
        in its decision round."""
        for name in (FACILITATOR, *sorted(others)):
            self.say(name, "!join")
            self.active[name] = True
        self.propose(FACILITATOR, method, quorum, anonymous)
        if method == "consent":
            self.next_phase(who=0, pick=1)  # its author, twice: clarification → reactions → consent
            self.next_phase(who=0, pick=1)

    @rule(name=st.sampled_from(MEMBERS), joins=st.booleans())
    def membership(self, name: str, joins: bool) -> None:
        if joins:
            self.say(name, "!rejoindre")
            self.active[name] = True
        elif name != FACILITATOR:
            self.say(name, "!quitter")
            self.active[name] = False

    @precondition(lambda self: len(self.model) < MAX_PROPOSALS)
    @rule(author=st.sampled_from((FACILITATOR, *MEMBERS)), method=METHOD, quorum=QUORUM, anonymous=st.booleans())
    def propose(self, author: str, method: str, quorum: str | None, anonymous: bool) -> None:
        flags = f"--method {method}"
        if method == "vote":
            flags += ' --options "A | B"'
        if quorum:
            flags += f" --quorum {quorum}"
        if anonymous:
            flags += " --anonymous"
        self.say(author, f"!propose {flags} Proposition de {author}")
        if not self.is_member(author):
            return
        number = len(self.model) + 1
        share = None if quorum is None else (Fraction(1, 2) if quorum == "50%" else Fraction(3, 4))
        proposal = ModelProposal(number, author, method, share, anonymous, self.elapsed + DEADLINE)
        if method != "consent":
            proposal.phase = "decision"
            proposal.electorate = frozenset(m for m, on in self.active.items() if on)
        self.model[number] = proposal

    @rule(who=STEERER, pick=PICK)
    def next_phase(self, who: int, pick: int) -> None:
        number = self.number(pick)
        actor = self.steerer(number, who)
        self.say(actor, f"!next #{number}")
        proposal = self.open_proposal(number)
        if proposal is None or not self.may_steer(actor, proposal):
            return
        if proposal.phase == "clarification":
            proposal.phase = "reaction"
        elif proposal.phase == "reaction":
            proposal.phase = "decision"
            proposal.electorate = frozenset(m for m, on in self.active.items() if on)
            event("consent round opened")

    def voter(self, number: int, who: int) -> str:
        """Someone called to decide on `number` (anyone when nobody is called yet)."""
        proposal = self.model.get(number)
        called = sorted(proposal.electorate) if proposal is not None and proposal.electorate else list(MEMBERS)
        return called[who % len(called)]

    def take(self, actor: str, number: int, verb: str, reason: str = "", option: str = "") -> None:
        """Type a position command and predict what it records."""
        text = option if verb == "vote" else reason
        self.say(actor, f"!{verb} #{number} {text}".rstrip())
        proposal = self.open_proposal(number)
        if proposal is None or not self.is_member(actor) or proposal.phase != "decision":
            return
        stance = STANCES[proposal.method].get(verb)
        if stance is None or actor not in proposal.electorate:
            return
        if stance in NEEDS_REASON and not reason:
            return
        key = stance
        if stance == "vote":
            if option not in OPTION_WORDS:
                return
            key = OPTION_WORDS[option]
        if (actor, proposal.version) in proposal.positions:
            event("position changed")
        proposal.positions[(actor, proposal.version)] = key
        if proposal.method == "consent":
            existing = proposal.objections.get(actor)
            if stance == "objection":  # a new reason stands against the version it was written on
                proposal.objections[actor] = ("open", proposal.version)
            elif existing is not None and existing[0] == "open":
                resolved = "integrated" if proposal.version > existing[1] else "withdrawn"
                proposal.objections[actor] = (resolved, existing[1])
                event(f"objection {resolved}")
        proposal.settle()
        if proposal.status != "open":
            event(f"settled: {proposal.method} {proposal.status}")
        elif proposal.open_objections():
            event("open objection in a consent round")

    @rule(
        actor=st.sampled_from(MEMBERS),
        pick=PICK,
        verb=st.sampled_from(VERBS),
        reason=REASON,
        option=st.sampled_from(["A", "b", "2", "Z", ""]),
    )
    def any_position(self, actor: str, pick: int, verb: str, reason: str, option: str) -> None:
        """Any stance, by anyone, on any proposal (most of these are refused)."""
        self.take(actor, self.number(pick), verb, reason, option)

    @rule(pick=PICK, who=WHO, choice=st.integers(0, 2), reason=REASON)
    def position(self, pick: int, who: int, choice: int, reason: str) -> None:
        """Someone called to decide takes a position that lets the proposal pass."""
        number = self.number(pick)
        method = self.model[number].method if number in self.model else "consent"
        verb, option = {
            "consent": [("consent", ""), ("concern", ""), ("standaside", "")],
            "consensus": [("agree", ""), ("abstain", ""), ("agree", "")],
            "vote": [("vote", "A"), ("vote", "B"), ("abstain", "")],
        }[method][choice]
        self.take(self.voter(number, who), number, verb, reason, option)

    @rule(pick=PICK, who=WHO, choice=st.integers(0, 3), reason=REASON)
    def change(self, pick: int, who: int, choice: int, reason: str) -> None:
        """Someone who has positioned changes their position."""
        number = self.number(pick)
        proposal = self.model.get(number)
        positioned = sorted(proposal.current()) if proposal is not None else []
        if not positioned:
            return
        actor = positioned[who % len(positioned)]
        verbs = [v for v in VERBS if v in STANCES[proposal.method]] if proposal else VERBS
        verb = verbs[choice % len(verbs)]
        self.take(actor, number, verb, reason, "AB"[choice % 2])

    @precondition(lambda self: self.with_open_objections())
    @rule(pick=PICK, who=WHO, choice=st.integers(0, 2))
    def objector_lets_it_pass(self, pick: int, who: int, choice: int) -> None:
        """Someone with an open objection consents, maybe to a later version."""
        candidates = self.with_open_objections()
        number = candidates[pick % len(candidates)]
        proposal = self.model[number]
        objectors = sorted(m for m, (status, _) in proposal.objections.items() if status == "open")
        verb = ("consent", "concern", "standaside")[choice]
        self.take(objectors[who % len(objectors)], number, verb, "avec une réserve")

    @rule(pick=PICK, who=WHO, reason=REASON)
    def objection(self, pick: int, who: int, reason: str) -> None:
        """An objection (a block in a consensus), sometimes without its required reason."""
        number = self.number(pick)
        self.take(self.voter(number, who), number, "object", reason)

    @rule(who=STEERER, pick=PICK)
    def amend(self, who: int, pick: int) -> None:
        candidates = self.with_open_objections()
        number = candidates[pick % len(candidates)] if candidates and pick % 2 else self.number(pick)
        actor = self.steerer(number, who)
        self.say(actor, f"!amend #{number} Nouvelle version par {actor}")
        proposal = self.open_proposal(number)
        if proposal is None or not self.may_steer(actor, proposal) or proposal.method != "consent":
            return
        if proposal.text == f"Nouvelle version par {actor}":
            event("amendment repeating the text refused")
            return
        proposal.text = f"Nouvelle version par {actor}"
        if proposal.current():
            event("amended after positions")
        if proposal.open_objections():
            event("amended with an open objection")
        proposal.version += 1

    @precondition(lambda self: self.with_open_objections())
    @rule(pick=PICK, who=WHO)
    def withdraw_objection(self, pick: int, who: int) -> None:
        """Someone who has objected lifts their objection (or tries to, when it is no longer open)."""
        candidates = self.with_open_objections()
        number = candidates[pick % len(candidates)]
        objectors = sorted(self.model[number].objections)
        actor = objectors[who % len(objectors)]
        self.say(actor, f"!lever #{number}")
        proposal = self.open_proposal(number)
        if proposal is None or not self.is_member(actor):
            return
        existing = proposal.objections.get(actor)
        if existing is None or existing[0] != "open":
            return
        proposal.objections[actor] = ("withdrawn", existing[1])
        event("objection lifted")
        if proposal.positions.get((actor, proposal.version)) == "objection":
            del proposal.positions[(actor, proposal.version)]
        proposal.settle()

    @rule(who=STEERER, pick=PICK)
    def close(self, who: int, pick: int) -> None:
        number = self.number(pick)
        actor = self.steerer(number, who)
        self.say(actor, f"!close #{number}")
        proposal = self.open_proposal(number)
        if proposal is None or not self.may_steer(actor, proposal) or proposal.phase != "decision":
            return
        if not proposal.current() or not proposal.quorum_met() or proposal.open_objections():
            return
        if proposal.verdict() == "adopted":  # an early close only ever adopts
            proposal.close("adopted")
            event(f"closed early: {proposal.method}")
        else:
            event(f"early close refused: {proposal.method}")

    @rule(who=STEERER, pick=PICK, now=st.integers(0, 3))
    def withdraw(self, who: int, pick: int, now: int) -> None:
        """The author withdraws (on one draw in four, so that proposals live long enough)."""
        if now:
            return
        number = self.number(pick)
        actor = self.steerer(number, who)
        self.say(actor, f"!withdraw #{number}")
        proposal = self.open_proposal(number)
        if proposal is not None and self.is_member(actor) and actor == proposal.author:
            proposal.close("withdrawn")

    def advance(self, delta: timedelta) -> None:
        self.loop.run_until_complete(self.room.advance(delta))
        self.elapsed += delta
        for proposal in self.model.values():
            if proposal.status == "open" and proposal.deadline <= self.elapsed:
                proposal.close(proposal.verdict())
                event(f"deadline: {proposal.method} {proposal.status}")

    @rule(hours=st.sampled_from([1, 6, 30, 0, 0]))
    def clock(self, hours: int) -> None:
        """Time passes: some hours, or (0) until every open proposal reaches its 7-day deadline;
        due deadlines are handled."""
        self.advance(timedelta(hours=hours) if hours else DEADLINE + timedelta(minutes=1))

    # ---- invariants ----------------------------------------------------------------------

    def real(self, number: int) -> Proposal:
        return self.room.proposal(number)

    @invariant()
    def numbers_match(self) -> None:
        stored = {n for _, n in self.room.store.state.proposals}
        assert stored == set(self.model)

    @invariant()
    def one_counted_position_per_member_and_version(self) -> None:
        for number in self.model:
            proposal = self.real(number)
            per_version = Counter((p.member, p.version) for p in proposal.positions.values())
            assert all(n == 1 for n in per_version.values())
            assert all(key == (p.member, p.version) for key, p in proposal.positions.items())
            members = [p.member for p in proposal.current_positions()]
            assert len(members) == len(set(members)) <= len(proposal.electorate)

    @invariant()
    def tally_matches_the_recorded_positions(self) -> None:
        for number in self.model:
            proposal = self.real(number)
            current = proposal.current_positions()
            recomputed = Counter(p.option if p.option else p.stance.value for p in current)
            assert proposal.participated == len(current)
            assert proposal.tally().counts == dict(recomputed)
            assert sum(proposal.tally().counts.values()) == proposal.participated

    @invariant()
    def agrees_with_the_model(self) -> None:
        for number, expected in self.model.items():
            proposal = self.real(number)
            assert proposal.status.value == expected.status, (number, proposal.status, expected)
            assert proposal.phase.value == expected.phase
            assert proposal.version == expected.version
            if expected.phase in ("decision", "closed") and expected.electorate:
                assert set(proposal.electorate) == {f"console:{m}" for m in expected.electorate}
            names = {proposal.who(f"console:{m}"): m for m in MEMBERS}  # type: ignore[arg-type]
            positions = {(names[p.member], p.version): (p.option or p.stance.value)
                         for p in proposal.positions.values()}
            assert positions == expected.positions
            objections = {names[o.member]: (o.status.value, o.version) for o in proposal.objections.values()}
            assert objections == expected.objections
            if proposal.rules.anonymous:
                assert all(p.member.startswith("anon:") for p in proposal.positions.values())
                assert all(o.member == pseudonym(proposal.salt, f"console:{names[o.member]}")  # type: ignore[arg-type]
                           for o in proposal.objections.values())

    @invariant()
    def never_adopted_with_an_open_objection(self) -> None:
        for number in self.model:
            proposal = self.real(number)
            if proposal.status is Status.ADOPTED:
                assert not proposal.open_objections()
                assert all(o.status is not ObjectionStatus.OPEN for o in proposal.objections.values())

    @invariant()
    def consent_adopts_as_soon_as_everyone_consents(self) -> None:
        for number in self.model:
            proposal = self.real(number)
            if proposal.is_closed or proposal.phase.value != "decision":
                continue
            everyone = {p.member for p in proposal.current_positions()} == {proposal.who(m) for m in proposal.electorate}
            assert not (everyone and not proposal.open_objections())

    @invariant()
    def closed_is_final_and_announced_once(self) -> None:
        closed_events = Counter(n for _, n, e in self.room.store.state.audit if e.kind == "closed")
        for number in self.model:
            proposal = self.real(number)
            if not proposal.is_closed:
                assert closed_events[number] == 0 and proposal.decided_at is None
                continue
            assert closed_events[number] == 1
            assert proposal.decided_at is not None and proposal.phase.value == "closed"
            if number not in self.frozen:
                self.frozen[number] = copy.deepcopy(proposal)
            assert proposal == self.frozen[number], "a closed proposal changed"


ProposalMachine.TestCase.settings = settings(
    max_examples=150,
    stateful_step_count=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestProposalStateMachine = ProposalMachine.TestCase
