"""Proposals and their decision methods: an explicit state machine, no I/O.

A `Proposal` is the aggregate. Every method that changes it checks the transition,
mutates the object and appends a `DecisionEvent` to `events` (the audit log) and the
names of the rows it touched to `dirty` (so a repository saves only what changed).
It never sends anything: the service layer turns events into messages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from fractions import Fraction
from typing import Any, Self

from core.errors import DomainError
from core.ids import MemberId, Number


class Method(StrEnum):
    CONSENT = "consent"
    CONSENSUS = "consensus"
    VOTE = "vote"
    ADVICE = "advice"


class Status(StrEnum):
    OPEN = "open"
    ADOPTED = "adopted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class Phase(StrEnum):
    CLARIFICATION = "clarification"
    REACTION = "reaction"
    DECISION = "decision"
    CLOSED = "closed"


# The only legal phase moves. CLOSED is final.
PHASE_TRANSITIONS: dict[Phase, frozenset[Phase]] = {
    # Straight to DECISION only for methods without clarify/react phases.
    Phase.CLARIFICATION: frozenset({Phase.REACTION, Phase.DECISION, Phase.CLOSED}),
    Phase.REACTION: frozenset({Phase.DECISION, Phase.CLOSED}),
    Phase.DECISION: frozenset({Phase.CLOSED}),
    Phase.CLOSED: frozenset(),
}

STATUS_TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.OPEN: frozenset({Status.ADOPTED, Status.REJECTED, Status.WITHDRAWN, Status.EXPIRED}),
    Status.ADOPTED: frozenset(),
    Status.REJECTED: frozenset(),
    Status.WITHDRAWN: frozenset(),
    Status.EXPIRED: frozenset(),
}


class Stance(StrEnum):
    # consent method
    CONSENT = "consent"
    CONCERN = "concern"
    OBJECTION = "objection"
    STAND_ASIDE = "stand_aside"
    # consensus method
    AGREE = "agree"
    DISAGREE = "disagree"
    ABSTAIN = "abstain"
    BLOCK = "block"
    # vote and advice methods
    VOTE = "vote"
    ADVICE = "advice"


ALLOWED_STANCES: dict[Method, frozenset[Stance]] = {
    Method.CONSENT: frozenset({Stance.CONSENT, Stance.CONCERN, Stance.OBJECTION, Stance.STAND_ASIDE}),
    Method.CONSENSUS: frozenset({Stance.AGREE, Stance.DISAGREE, Stance.ABSTAIN, Stance.BLOCK}),
    Method.VOTE: frozenset({Stance.VOTE, Stance.ABSTAIN}),
    Method.ADVICE: frozenset({Stance.ADVICE}),
}
NEEDS_REASON = frozenset({Stance.CONCERN, Stance.OBJECTION, Stance.BLOCK, Stance.ADVICE})
# Stances that mean "I let this pass" for the consent method.
CONSENTING = frozenset({Stance.CONSENT, Stance.CONCERN, Stance.STAND_ASIDE})


class ObjectionStatus(StrEnum):
    OPEN = "open"
    INTEGRATED = "integrated"
    WITHDRAWN = "withdrawn"


@dataclass(slots=True)
class Position:
    member: MemberId  # a pseudonym for anonymous proposals
    version: int
    stance: Stance
    reason: str = ""
    option: str = ""
    at: datetime | None = None
    recorded_by: MemberId | None = None  # a facilitator recorded it for someone present in person


@dataclass(slots=True)
class Objection:
    member: MemberId
    reason: str
    version: int  # version its current reason was written against (raised, or objected again)
    status: ObjectionStatus = ObjectionStatus.OPEN
    raised_at: datetime | None = None
    resolved_at: datetime | None = None
    resolved_version: int | None = None


@dataclass(slots=True)
class Entry:
    """A clarifying question, its answer, a reaction or an advice note."""

    kind: str  # "question" | "answer" | "reaction"
    member: MemberId
    text: str
    version: int
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class DecisionEvent:
    """One line of the append-only audit log."""

    kind: str
    member: MemberId | None
    version: int
    at: datetime
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rules:
    method: Method = Method.CONSENT
    deadline: datetime | None = None
    quorum: Fraction | None = None  # share of the electorate that must take part
    threshold: Fraction = Fraction(1, 2)  # vote: winning share of votes cast (strictly more for 1/2)
    anonymous: bool = False
    hide_results: bool = False
    options: tuple[str, ...] = ()
    review_after: str | None = None  # "6m", "1y", "90d": when to revisit an adopted decision


@dataclass(slots=True)
class Tally:
    electorate: int
    participated: int
    counts: dict[str, int]
    open_objections: int
    missing: list[MemberId]

    @property
    def quorum_share(self) -> Fraction:
        return Fraction(self.participated, self.electorate) if self.electorate else Fraction(0)


def pseudonym(salt: str, member: MemberId) -> MemberId:
    """Stable per-proposal pseudonym: lets a member change an anonymous position."""
    digest = hashlib.sha256(f"{salt}:{member}".encode()).hexdigest()[:12]
    return MemberId(f"anon:{digest}")


class Electorate(tuple[MemberId, ...]):
    """The members snapshotted when the decision opens, in order. `member in electorate`
    asks a set rather than reading the list: it is asked on every position, and an
    electorate can be thousands of members long."""

    _members: frozenset[MemberId]

    def __new__(cls, members: Iterable[MemberId] = ()) -> Self:
        self = super().__new__(cls, members)
        self._members = frozenset(self)
        return self

    def __contains__(self, member: object) -> bool:
        return member in self._members


@dataclass(slots=True)
class Proposal:
    number: Number
    title: str
    body: str
    author: MemberId
    rules: Rules
    created_at: datetime
    status: Status = Status.OPEN
    phase: Phase = Phase.CLARIFICATION
    version: int = 1
    texts: dict[int, str] = field(default_factory=dict)
    electorate: tuple[MemberId, ...] = ()
    # Positions loaded so far; all of them only when `positions_complete`.
    positions: dict[tuple[MemberId, int], Position] = field(default_factory=dict)
    positions_complete: bool = True
    # Running tally of the current version, kept on the proposal row so that taking one
    # position never needs the others.
    counts: dict[str, int] = field(default_factory=dict)
    participated: int = 0
    objections: dict[MemberId, Objection] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    outcome: str = ""
    decided_at: datetime | None = None
    review_at: datetime | None = None
    salt: str = ""
    id: int | None = None  # storage id once saved
    events: list[DecisionEvent] = field(default_factory=list)
    dirty: set[str] = field(default_factory=set)
    dirty_positions: list[tuple[MemberId, int]] = field(default_factory=list)
    dirty_objections: list[MemberId] = field(default_factory=list)
    new_entries: list[Entry] = field(default_factory=list)

    # ---- construction -------------------------------------------------------------

    @classmethod
    def open(
        cls,
        *,
        number: Number,
        title: str,
        body: str,
        author: MemberId,
        rules: Rules,
        now: datetime,
        members: tuple[MemberId, ...],
        salt: str,
    ) -> Proposal:
        if not title.strip():
            raise DomainError("proposal.title_missing")
        if rules.method is Method.VOTE and len(rules.options) < 2:
            raise DomainError("proposal.vote_needs_options")
        if rules.method is not Method.VOTE and rules.options:
            raise DomainError("proposal.options_only_for_vote")
        proposal = cls(
            number=number,
            title=title.strip(),
            body=body.strip(),
            author=author,
            rules=rules,
            created_at=now,
            texts={1: body.strip()},
            salt=salt,
        )
        proposal._record("opened", author, now, title=proposal.title, method=rules.method.value)
        if rules.method is not Method.CONSENT:
            # Only the consent method has clarify and react phases.
            proposal._open_decision(members, now)
        proposal.dirty.add("proposal")
        return proposal

    # ---- queries ------------------------------------------------------------------

    @property
    def is_closed(self) -> bool:
        return self.status is not Status.OPEN

    def who(self, member: MemberId) -> MemberId:
        return pseudonym(self.salt, member) if self.rules.anonymous else member

    def current_positions(self) -> list[Position]:
        if not self.positions_complete:
            raise RuntimeError("positions were loaded partially")
        return [p for (m, v), p in self.positions.items() if v == self.version]

    def position_of(self, member: MemberId) -> Position | None:
        return self.positions.get((self.who(member), self.version))

    def open_objections(self) -> list[Objection]:
        return [o for o in self.objections.values() if o.status is ObjectionStatus.OPEN]

    def tally(self) -> Tally:
        missing: list[MemberId] = []
        if self.positions_complete:
            positioned = {p.member for p in self.current_positions()}
            missing = [m for m in self.electorate if self.who(m) not in positioned]
        return Tally(
            electorate=len(self.electorate),
            participated=self.participated,
            counts={k: v for k, v in self.counts.items() if v},
            open_objections=len(self.open_objections()),
            missing=missing,
        )

    def _count(self, position: Position | None, delta: int) -> None:
        if position is None:
            return
        key = _count_key(position)
        self.counts[key] = self.counts.get(key, 0) + delta
        self.participated += delta
        self.dirty.add("proposal")

    def quorum_met(self, tally: Tally) -> bool:
        if self.rules.quorum is None:
            return True
        return tally.electorate > 0 and tally.quorum_share >= self.rules.quorum

    def vote_winner(self, tally: Tally) -> tuple[str | None, bool]:
        """(winning option or None, whether the top was a tie)."""
        votes = {o: tally.counts.get(o, 0) for o in self.rules.options}
        cast = sum(votes.values())
        if cast == 0:
            return None, False
        best = max(votes.values())
        leaders = [o for o, n in votes.items() if n == best]
        if len(leaders) > 1:
            return None, True
        share = Fraction(best, cast)
        threshold = self.rules.threshold
        passes = share > threshold if threshold == Fraction(1, 2) else share >= threshold
        return (leaders[0] if passes else None), False

    # ---- transitions ---------------------------------------------------------------

    def _record(self, kind: str, member: MemberId | None, now: datetime, **data: Any) -> None:
        self.events.append(DecisionEvent(kind, member, self.version, now, data))

    def _ensure_open(self) -> None:
        if self.is_closed:
            raise DomainError("proposal.closed", number=self.number, status=self.status.value)

    def _move(self, phase: Phase) -> None:
        if phase not in PHASE_TRANSITIONS[self.phase]:
            raise DomainError("proposal.bad_phase_move", number=self.number, phase=self.phase.value)
        self.phase = phase
        self.dirty.add("proposal")

    def _open_decision(self, members: tuple[MemberId, ...], now: datetime) -> None:
        self._move(Phase.DECISION)
        self.electorate = Electorate(sorted(set(members)))
        self.dirty.add("proposal")
        self._record("decision_opened", None, now, electorate=len(self.electorate))

    def next_phase(self, actor: MemberId, actor_is_facilitator: bool, members: tuple[MemberId, ...], now: datetime) -> Phase:
        self._ensure_open()
        if actor != self.author and not actor_is_facilitator:
            raise DomainError("proposal.only_author_or_facilitator", number=self.number)
        if self.phase is Phase.CLARIFICATION:
            self._move(Phase.REACTION)
            self._record("phase", actor, now, phase=Phase.REACTION.value)
        elif self.phase is Phase.REACTION:
            self._open_decision(members, now)
            self._record("phase", actor, now, phase=Phase.DECISION.value)
        else:
            raise DomainError("proposal.already_deciding", number=self.number)
        return self.phase

    def _add_entry(self, kind: str, member: MemberId, text: str, now: datetime) -> Entry:
        if not text.strip():
            raise DomainError(f"proposal.{kind}_missing_text", number=self.number)
        entry = Entry(kind, member, text.strip(), self.version, now)
        self.entries.append(entry)
        self.new_entries.append(entry)
        self._record(kind, member, now, text=entry.text)
        return entry

    def ask(self, member: MemberId, question: str, now: datetime) -> Entry:
        self._ensure_open()
        if self.phase is not Phase.CLARIFICATION:
            raise DomainError("proposal.not_in_clarification", number=self.number)
        return self._add_entry("question", member, question, now)

    def answer(self, member: MemberId, text: str, now: datetime) -> Entry:
        self._ensure_open()
        if member != self.author:
            raise DomainError("proposal.only_author_answers", number=self.number)
        if self.phase not in (Phase.CLARIFICATION, Phase.REACTION):
            raise DomainError("proposal.not_in_clarification", number=self.number)
        return self._add_entry("answer", member, text, now)

    def react(self, member: MemberId, text: str, now: datetime) -> Entry:
        self._ensure_open()
        if self.phase is not Phase.REACTION:
            raise DomainError("proposal.not_in_reaction", number=self.number)
        return self._add_entry("reaction", member, text, now)

    def take_position(
        self,
        member: MemberId,
        stance: Stance,
        now: datetime,
        *,
        reason: str = "",
        option: str = "",
        recorded_by: MemberId | None = None,
    ) -> Position:
        """Record or change `member`'s position on the current version."""
        self._ensure_open()
        if self.phase is not Phase.DECISION:
            raise DomainError("proposal.not_deciding", number=self.number, phase=self.phase.value)
        if stance not in ALLOWED_STANCES[self.rules.method]:
            raise DomainError(
                "proposal.stance_not_for_method", number=self.number, method=self.rules.method.value
            )
        if member not in self.electorate:
            raise DomainError("proposal.not_in_electorate", number=self.number)
        reason = reason.strip()
        if stance in NEEDS_REASON and not reason:
            raise DomainError(f"proposal.{stance.value}_needs_reason", number=self.number)
        if stance is Stance.VOTE:
            option = self._match_option(option)
        who = self.who(member)
        key = (who, self.version)
        previous = self.positions.get(key)
        position = Position(who, self.version, stance, reason, option, now, recorded_by)
        self._count(previous, -1)
        self._count(position, +1)
        self.positions[key] = position
        self.dirty_positions.append(key)
        self._record(
            "position",
            None if self.rules.anonymous else member,
            now,
            stance=stance.value,
            reason=reason,
            option=option,
            changed=previous is not None,
            recorded_by=recorded_by,
        )
        if self.rules.method is Method.CONSENT:
            self._update_objection(member, stance, reason, now)
        return position

    def retract(self, member: MemberId, now: datetime) -> None:
        """Remove `member`'s position on the current version (a reaction was taken back)."""
        self._ensure_open()
        key = (self.who(member), self.version)
        position = self.positions.get(key)
        if position is None:
            raise DomainError("proposal.no_position", number=self.number)
        self._count(position, -1)
        del self.positions[key]
        self.dirty_positions.append(key)
        self._record("position_removed", None if self.rules.anonymous else member, now, stance=position.stance.value)

    def _match_option(self, raw: str) -> str:
        wanted = raw.strip().casefold()
        if not wanted:
            raise DomainError("proposal.vote_needs_option", number=self.number, options=" | ".join(self.rules.options))
        for option in self.rules.options:  # a name typed as it is wins over a number or letter
            if wanted == option.casefold():
                return option
        for index, option in enumerate(self.rules.options, start=1):
            if wanted in (str(index), chr(ord("a") + index - 1)):
                return option
        raise DomainError("proposal.unknown_option", number=self.number, options=" | ".join(self.rules.options))

    def _update_objection(self, member: MemberId, stance: Stance, reason: str, now: datetime) -> None:
        who = self.who(member)
        existing = self.objections.get(who)
        if stance is Stance.OBJECTION:
            if existing is not None and existing.status is ObjectionStatus.OPEN:
                # objecting again replaces the reason: it now stands against this version
                existing.reason = reason
                existing.version = self.version
            else:
                self.objections[who] = Objection(who, reason, self.version, ObjectionStatus.OPEN, now)
            self.dirty_objections.append(who)
            self._record("objection_raised", None if self.rules.anonymous else member, now, reason=reason)
            return
        if existing is None or existing.status is not ObjectionStatus.OPEN:
            return
        # The objector lets a version pass: on a later version the objection was integrated
        # into the text; on the same version they simply changed their mind.
        status = ObjectionStatus.INTEGRATED if self.version > existing.version else ObjectionStatus.WITHDRAWN
        self._resolve_objection(existing, status, now, member)

    def _resolve_objection(self, objection: Objection, status: ObjectionStatus, now: datetime, member: MemberId) -> None:
        objection.status = status
        objection.resolved_at = now
        objection.resolved_version = self.version
        self.dirty_objections.append(objection.member)
        self._record(f"objection_{status.value}", None if self.rules.anonymous else member, now)

    def withdraw_objection(self, member: MemberId, now: datetime) -> Objection:
        self._ensure_open()
        objection = self.objections.get(self.who(member))
        if objection is None or objection.status is not ObjectionStatus.OPEN:
            raise DomainError("proposal.no_open_objection", number=self.number)
        self._resolve_objection(objection, ObjectionStatus.WITHDRAWN, now, member)
        # Their objection position no longer holds on this version.
        position = self.positions.get((objection.member, self.version))
        if position is not None and position.stance is Stance.OBJECTION:
            self._count(position, -1)
            del self.positions[(objection.member, self.version)]
            self.dirty_positions.append((objection.member, self.version))
        return objection

    def amend(self, member: MemberId, actor_is_facilitator: bool, text: str, now: datetime) -> int:
        self._ensure_open()
        if member != self.author and not actor_is_facilitator:
            raise DomainError("proposal.only_author_or_facilitator", number=self.number)
        if self.rules.method is not Method.CONSENT:
            raise DomainError("proposal.amend_only_consent", number=self.number)
        if not text.strip():
            raise DomainError("proposal.amend_missing_text", number=self.number)
        if text.strip() == self.body:  # nothing would change but every position would be reset
            raise DomainError("proposal.amend_same_text", number=self.number, version=self.version)
        self.version += 1
        self.counts = {}
        self.participated = 0
        self.texts[self.version] = text.strip()
        self.body = text.strip()
        self.dirty.add("proposal")
        self.dirty.add("text")
        self._record("amended", member, now, text=self.body)
        return self.version

    def withdraw(self, member: MemberId, now: datetime) -> None:
        self._ensure_open()
        if member != self.author:
            raise DomainError("proposal.only_author_withdraws", number=self.number)
        self._finish(Status.WITHDRAWN, "", now, member)

    # ---- closing --------------------------------------------------------------------

    def _finish(self, status: Status, outcome: str, now: datetime, member: MemberId | None) -> None:
        if status not in STATUS_TRANSITIONS[self.status]:
            raise DomainError("proposal.closed", number=self.number, status=self.status.value)
        self.status = status
        self.phase = Phase.CLOSED
        self.outcome = outcome
        self.decided_at = now
        if status is Status.ADOPTED and self.rules.review_after:
            self.review_at = add_period(now, self.rules.review_after)  # in UTC; see review_in_zone
        self.dirty.add("proposal")
        self._record("closed", member, now, status=status.value, outcome=outcome)

    def review_in_zone(self, tz: str) -> None:
        """Count the review date on the assembly's calendar (the core closes without knowing
        the zone): the same local time, across a change to or from summer time."""
        if self.review_at is None or self.decided_at is None or not self.rules.review_after:
            return
        review_at = add_period(self.decided_at, self.rules.review_after, tz)
        if review_at != self.review_at:
            self.review_at = review_at
            self.dirty.add("proposal")

    def verdict(self, *, at_deadline: bool) -> tuple[Status, str] | None:
        """What the rules say now: None while the proposal must stay open."""
        if self.phase is not Phase.DECISION:
            return (Status.EXPIRED, "") if at_deadline else None
        tally = self.tally()
        everyone = tally.electorate > 0 and tally.participated == tally.electorate
        method = self.rules.method
        if method is Method.ADVICE:
            return (Status.EXPIRED, "") if at_deadline else None
        if not (everyone or at_deadline):
            return None
        if not self.quorum_met(tally):
            return Status.EXPIRED, "quorum"
        if method is Method.CONSENT:
            if tally.open_objections:
                return (Status.EXPIRED, "objection") if at_deadline else None
            return Status.ADOPTED, ""
        if method is Method.CONSENSUS:
            if tally.counts.get(Stance.BLOCK.value, 0):
                return Status.REJECTED, "block"
            agree = tally.counts.get(Stance.AGREE.value, 0)
            disagree = tally.counts.get(Stance.DISAGREE.value, 0)
            return (Status.ADOPTED, "") if agree > disagree else (Status.REJECTED, "no_agreement")
        winner, tie = self.vote_winner(tally)
        if tie:
            return Status.REJECTED, "tie"
        if winner is None:
            return Status.REJECTED, "no_majority"
        return Status.ADOPTED, winner

    def settle(self, now: datetime) -> bool:
        """Close the proposal if the rules already decide it. True if it closed."""
        if self.is_closed:
            return False
        verdict = self.verdict(at_deadline=False)
        if verdict is None:
            return False
        self._finish(verdict[0], verdict[1], now, None)
        return True

    def reach_deadline(self, now: datetime) -> bool:
        """The deadline passed: close by the deadline rules. True if it closed now."""
        if self.is_closed:
            return False
        verdict = self.verdict(at_deadline=True)
        assert verdict is not None
        self._finish(verdict[0], verdict[1], now, None)
        return True

    def close(self, member: MemberId, actor_is_facilitator: bool, now: datetime, decision: str = "") -> Status:
        """Early close by the author or a facilitator, only when the rules allow it."""
        self._ensure_open()
        if member != self.author and not actor_is_facilitator:
            raise DomainError("proposal.only_author_or_facilitator", number=self.number)
        if self.rules.method is Method.ADVICE:
            if member != self.author:
                raise DomainError("proposal.advice_author_decides", number=self.number)
            if self.phase is not Phase.DECISION:
                raise DomainError("proposal.not_deciding", number=self.number, phase=self.phase.value)
            if not decision.strip():  # the decision is what the advice process is for: it is recorded
                raise DomainError("proposal.advice_needs_decision", number=self.number)
            self._finish(Status.ADOPTED, decision.strip(), now, member)
            return self.status
        if self.phase is not Phase.DECISION:
            raise DomainError("proposal.cannot_close_phase", number=self.number, phase=self.phase.value)
        tally = self.tally()
        if tally.participated == 0:
            raise DomainError("proposal.cannot_close_nobody", number=self.number)
        if not self.quorum_met(tally):
            raise DomainError(
                "proposal.cannot_close_quorum",
                number=self.number,
                participated=tally.participated,
                electorate=tally.electorate,
            )
        if tally.open_objections:
            raise DomainError("proposal.cannot_close_objections", number=self.number, count=tally.open_objections)
        verdict = self.verdict(at_deadline=True)
        assert verdict is not None
        if verdict[0] is not Status.ADOPTED:
            # An early close only adopts; otherwise the positions or the deadline decide. While
            # the counts are hidden (hidden results; an anonymous round's detail), why not would
            # tell how the positions stand: a tie, no majority, no agreement, a hidden block.
            reason = verdict[1]
            if self.rules.hide_results or (self.rules.anonymous and reason != "block"):
                raise DomainError("proposal.cannot_close_hidden", number=self.number)
            raise DomainError(f"proposal.cannot_close_{reason}", number=self.number)
        self._finish(verdict[0], verdict[1], now, member)
        return self.status

    def take_changes(self) -> tuple[list[DecisionEvent], set[str], list[tuple[MemberId, int]], list[MemberId], list[Entry]]:
        """Hand the pending changes to a repository and forget them."""
        changes = (self.events, self.dirty, self.dirty_positions, self.dirty_objections, self.new_entries)
        self.events, self.dirty, self.dirty_positions, self.dirty_objections, self.new_entries = [], set(), [], [], []
        return changes


def _count_key(position: Position) -> str:
    return position.option if position.stance is Stance.VOTE else position.stance.value


def add_period(start: datetime, period: str, tz: str = "UTC", most: int | None = 1000) -> datetime:
    """'90d', '6w', '6m', '1y' after `start` (months clamp to the month's last day), counted on
    the calendar of the zone `tz`: six months after 17:45 is 17:45 there, summer time or not.
    `most`: see `parse_period`."""
    from zoneinfo import ZoneInfo

    from dateutil.relativedelta import relativedelta

    amount, unit = parse_period(period, most)
    delta = {
        "h": relativedelta(hours=amount),
        "d": relativedelta(days=amount),
        "w": relativedelta(weeks=amount),
        "m": relativedelta(months=amount),
        "y": relativedelta(years=amount),
    }[unit]
    local = start.astimezone(ZoneInfo(tz))
    result: datetime = (local + delta).astimezone(start.tzinfo)
    return result


def parse_period(period: str, most: int | None = 1000) -> tuple[int, str]:
    """'6m', '6 mois', '2 semaines', '6 months', '1 année', '90d' → (amount, unit letter). The
    unit words are those of deadlines, meeting lengths and reminders (singular or plural, French
    or English, accents optional); a bare `m` is months here, the only reading a review has.
    The amount is written in ASCII digits, at most `most` units (None: the caller checks how
    far the period reaches)."""
    from core.render import TIME_UNITS
    from core.scheduling.texts import plain

    text = " ".join(period.strip().lower().split())
    digits = "".join(ch for ch in text if ch in "0123456789")  # not '²' or '①': int() refuses them
    word = plain(text[len(digits):].strip()).rstrip(".")
    unit = "m" if word == "m" else _PERIOD_UNITS.get(TIME_UNITS.get(word, ""))
    if not digits or text[: len(digits)] != digits or unit is None:
        raise DomainError("proposal.bad_period", value=period)
    amount = int(digits)
    if amount <= 0 or (most is not None and amount > most):
        raise DomainError("proposal.bad_period", value=period)
    return amount, unit


# A review comes hours to years after the decision, in the unit words of deadlines
# (core.render.TIME_UNITS): minutes are no review period, and a bare `m` is months.
_PERIOD_UNITS = {"hours": "h", "days": "d", "weeks": "w", "months": "m", "years": "y"}
