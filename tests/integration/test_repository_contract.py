"""One contract for the storage ports, run over the in-memory fake (what the core's unit
tests trust) and over the tortoise unit of work on SQLite and on PostgreSQL.

Each backend gives units of work and a few read-only probes (audit log, due rows, outbox
size) that the ports do not expose; every assertion is the same for all three."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any, Protocol

import pytest

from core.assemblies import Role
from core.errors import DomainError
from core.fakes import FakeStore
from core.ids import AssemblyId, MemberId, Number
from core.messages import Outbound, Platform, RoomId
from core.proposals import (
    Method,
    ObjectionStatus,
    Phase,
    Proposal,
    Rules,
    Stance,
    Status,
    pseudonym,
)
from core.welcome import Welcome, WelcomeText

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ALICE, BOB, CAROL = MemberId("console:alice"), MemberId("console:bob"), MemberId("console:carol")


class Backend(Protocol):
    def uow(self, now: datetime = NOW) -> Any: ...

    async def audit(self, assembly: AssemblyId) -> list[tuple[int | None, str, str | None]]: ...

    async def due(self) -> list[tuple[int, str, int, bool]]:
        """(id, kind, ref, pending) of every due row."""
        ...

    async def outbox_size(self) -> int: ...


class FakeBackend:
    def __init__(self) -> None:
        self.store = FakeStore()

    def uow(self, now: datetime = NOW) -> Any:
        return self.store.uow()

    async def audit(self, assembly: AssemblyId) -> list[tuple[int | None, str, str | None]]:
        return [(n, e.kind, e.member) for a, n, e in self.store.state.audit if a == assembly]

    async def due(self) -> list[tuple[int, str, int, bool]]:
        return [(r.id, r.kind, r.ref, not r.done) for r in self.store.state.due]

    async def outbox_size(self) -> int:
        return len(self.store.state.outbox)


@dataclass
class TortoiseBackend:
    url: str

    def uow(self, now: datetime = NOW) -> Any:
        from storage.db import is_postgres
        from storage.uow import TortoiseUnitOfWork

        return TortoiseUnitOfWork(now, lock_rows=is_postgres(self.url))

    async def audit(self, assembly: AssemblyId) -> list[tuple[int | None, str, str | None]]:
        from storage.models import AuditRow

        rows = await AuditRow.filter(assembly_id=assembly, subject="proposal").order_by("id")
        return [(r.number, r.kind, r.member) for r in rows]

    async def due(self) -> list[tuple[int, str, int, bool]]:
        from storage.models import DueRow

        return [(r.id, r.kind, r.ref, r.status == "pending") for r in await DueRow.all().order_by("id")]

    async def outbox_size(self) -> int:
        from storage.models import OutboxRow

        return await OutboxRow.all().count()


# ---- building blocks -------------------------------------------------------------------


async def room_with(backend: Backend, *members: MemberId, room: str = "salon") -> AssemblyId:
    async with backend.uow() as uow:
        assembly = await uow.assemblies.get_or_create("console", room, NOW, members[0])
        await uow.assemblies.load_members(assembly)
        for member in members:
            assembly.join(member, NOW)
        await uow.assemblies.save(assembly)
        await uow.commit()
        return AssemblyId(assembly.id)


def new_proposal(number: int, *, method: Method = Method.CONSENT, anonymous: bool = False,
                 members: tuple[MemberId, ...] = (ALICE, BOB, CAROL)) -> Proposal:
    rules = Rules(
        method=method, deadline=NOW + timedelta(days=7), quorum=Fraction(1, 2), anonymous=anonymous,
        options=("Rouge", "Vert") if method is Method.VOTE else (), review_after="6m",
    )
    return Proposal.open(number=Number(number), title=f"Proposition {number}", body="Le texte.", author=ALICE,
                         rules=rules, now=NOW, members=members, salt=f"sel{number}")


async def add(backend: Backend, assembly: AssemblyId, proposal: Proposal) -> int:
    async with backend.uow() as uow:
        await uow.proposals.add(assembly, proposal)
        await uow.commit()
    assert proposal.id is not None
    return proposal.id


async def in_decision(backend: Backend, assembly: AssemblyId, number: int = 1) -> None:
    """Add a consent proposal and move it to its consent round."""
    await add(backend, assembly, new_proposal(number))
    async with backend.uow() as uow:
        proposal = await uow.proposals.get(assembly, number)
        proposal.next_phase(ALICE, True, (ALICE, BOB, CAROL), NOW)
        proposal.next_phase(ALICE, True, (ALICE, BOB, CAROL), NOW)
        await uow.proposals.save(assembly, proposal)
        await uow.commit()


def current_positions(proposal: Proposal) -> dict[tuple[str, int], tuple[str, str]]:
    return {key: (p.stance.value, p.reason) for key, p in proposal.positions.items()}


# ---- the contract ------------------------------------------------------------------------


class RepositoryContract:
    """Every test here runs once per backend (see the subclasses below)."""

    async def test_assembly_get_or_create_save_and_load_members(self, backend: Backend) -> None:
        async with backend.uow() as uow:
            assembly = await uow.assemblies.get_or_create("console", "salon", NOW, ALICE)
            assert assembly.members == {} and assembly.next_number == 1 and assembly.language == "fr"
            await uow.assemblies.load_members(assembly)
            assembly.join(ALICE, NOW)
            assembly.join(BOB, NOW)
            assembly.language = "en"
            assembly.timezone = "America/Montreal"
            assert assembly.take_number() == 1
            assembly.members[BOB].timezone = "Europe/Brussels"
            await uow.assemblies.save(assembly)
            await uow.commit()
            first_id = assembly.id
        async with backend.uow() as uow:
            again = await uow.assemblies.get_or_create("console", "salon", NOW, BOB)
            assert again.id == first_id
            assert again.language == "en" and again.timezone == "America/Montreal" and again.next_number == 2
            assert again.is_member(BOB) and again.members[BOB].timezone == "Europe/Brussels"
            assert await uow.assemblies.count_active(again.id) == 2
            await uow.assemblies.load_members(again)
            assert again.active_members() == (ALICE, BOB)
            assert again.has_role(ALICE, Role.FACILITATOR) and not again.has_role(BOB, Role.FACILITATOR)
            again.leave(BOB)
            again.give_role(ALICE, Role.CATALYSER)
            await uow.assemblies.save(again)
            other = await uow.assemblies.get_or_create("console", "autre", NOW, ALICE)
            assert other.id != first_id and not other.is_member(ALICE)
            assert await uow.assemblies.locate(AssemblyId(first_id)) == ("console", "salon")
            await uow.commit()
        async with backend.uow() as uow:
            third = await uow.assemblies.get_or_create("console", "salon", NOW, ALICE)
            await uow.assemblies.load_members(third)
            assert third.active_members() == (ALICE,)
            assert third.members[BOB].active is False
            assert await uow.assemblies.count_active(third.id) == 1  # bob left
            assert await uow.assemblies.count_active(other.id) == 0
            assert third.members[ALICE].roles == {Role.FACILITATOR, Role.CATALYSER}
            assert await uow.assemblies.locate(AssemblyId(999_999)) is None

    async def test_assembly_find_reads_without_creating(self, backend: Backend) -> None:
        async with backend.uow() as uow:
            assert await uow.assemblies.find("console", "salon") is None
            await uow.commit()
        async with backend.uow() as uow:  # asking founded nothing
            assert await uow.assemblies.find("console", "salon") is None
            assembly = await uow.assemblies.get_or_create("console", "salon", NOW, ALICE)
            await uow.assemblies.load_members(assembly)
            assembly.join(ALICE, NOW)
            assembly.language = "en"
            assembly.take_number()
            assembly.dirty = True
            await uow.assemblies.save(assembly)
            await uow.commit()
        async with backend.uow() as uow:
            found = await uow.assemblies.find("console", "salon")
            assert found is not None and found.id == assembly.id
            assert (found.platform, found.room, found.language, found.next_number) == ("console", "salon", "en", 2)
            assert await uow.assemblies.find("console", "autre") is None
            assert await uow.assemblies.find("matrix", "salon") is None

    async def test_proposal_add_get_and_list(self, backend: Backend) -> None:
        assembly = await room_with(backend, ALICE, BOB, CAROL)
        consent = new_proposal(1)
        vote = new_proposal(2, method=Method.VOTE)
        consent_id = await add(backend, assembly, consent)
        vote_id = await add(backend, assembly, vote)
        assert consent_id != vote_id
        async with backend.uow() as uow:
            loaded = await uow.proposals.get(assembly, 1, full=True)
            assert loaded is not None and loaded.id == consent_id
            assert (loaded.title, loaded.body, loaded.author) == ("Proposition 1", "Le texte.", ALICE)
            assert loaded.rules == consent.rules
            assert (loaded.status, loaded.phase, loaded.version) == (Status.OPEN, Phase.CLARIFICATION, 1)
            assert loaded.texts == {1: "Le texte."} and loaded.salt == "sel1"
            assert loaded.created_at == NOW and loaded.electorate == ()
            voted = await uow.proposals.get(assembly, 2, full=True)
            assert voted.phase is Phase.DECISION and voted.electorate == (ALICE, BOB, CAROL)
            assert voted.rules.options == ("Rouge", "Vert") and voted.rules.method is Method.VOTE
            assert await uow.proposals.get(assembly, 3) is None
            assert await uow.proposals.get(AssemblyId(assembly + 1000), 1) is None
            found = await uow.proposals.get_by_id(vote_id)
            assert found is not None and found[0] == assembly and found[1].number == 2
            assert await uow.proposals.get_by_id(999_999) is None
            listed = await uow.proposals.list(assembly)
            assert [(p.number, p.title, p.status) for p in listed] == [
                (1, "Proposition 1", Status.OPEN), (2, "Proposition 2", Status.OPEN)]
            voted.withdraw(ALICE, NOW)
            await uow.proposals.save(assembly, voted)
            await uow.commit()
        async with backend.uow() as uow:
            assert [p.number for p in await uow.proposals.list(assembly, open_only=True)] == [1]
            closed = await uow.proposals.get(assembly, 2)
            assert closed.status is Status.WITHDRAWN and closed.decided_at == NOW

    async def test_positions_change_and_delete_with_member_and_full_loading(self, backend: Backend) -> None:
        assembly = await room_with(backend, ALICE, BOB, CAROL)
        await in_decision(backend, assembly)
        async with backend.uow() as uow:
            proposal = await uow.proposals.get(assembly, 1, member=ALICE)
            proposal.take_position(ALICE, Stance.CONSENT, NOW)
            await uow.proposals.save(assembly, proposal)
            await uow.commit()
        async with backend.uow() as uow:
            proposal = await uow.proposals.get(assembly, 1, member=BOB)
            assert proposal.positions.get((BOB, 1)) is None
            if not proposal.positions_complete:  # partial loading: the member's own rows only
                assert proposal.positions == {}
            proposal.take_position(BOB, Stance.OBJECTION, NOW, reason="Trop cher")
            await uow.proposals.save(assembly, proposal)
            await uow.commit()
        async with backend.uow() as uow:
            proposal = await uow.proposals.get(assembly, 1, member=ALICE)
            assert proposal.positions[(ALICE, 1)].stance is Stance.CONSENT
            if not proposal.positions_complete:
                assert set(proposal.positions) == {(ALICE, 1)}
            proposal.take_position(ALICE, Stance.CONCERN, NOW, reason="Le bruit")  # a change
            await uow.proposals.save(assembly, proposal)
            await uow.commit()
        async with backend.uow() as uow:
            proposal = await uow.proposals.get(assembly, 1, member=BOB)
            proposal.withdraw_objection(BOB, NOW)  # deletes bob's objection position
            await uow.proposals.save(assembly, proposal)
            await uow.commit()
        async with backend.uow() as uow:
            proposal = await uow.proposals.get(assembly, 1, full=True)
            assert proposal.positions_complete
            assert current_positions(proposal) == {("console:alice", 1): ("concern", "Le bruit")}
            assert proposal.participated == 1 and proposal.tally().counts == {"concern": 1}
            assert proposal.objections[BOB].status is ObjectionStatus.WITHDRAWN

    async def test_a_members_reading_gives_the_same_objections_and_own_position_as_a_full_one(
        self, backend: Backend
    ) -> None:
        assembly = await room_with(backend, ALICE, BOB, CAROL)
        await in_decision(backend, assembly)
        async with backend.uow() as uow:
            proposal = await uow.proposals.get(assembly, 1, member=BOB)
            proposal.take_position(BOB, Stance.OBJECTION, NOW, reason="Trop cher")
            proposal.take_position(CAROL, Stance.OBJECTION, NOW + timedelta(minutes=1), reason="Trop tôt")
            proposal.take_position(ALICE, Stance.CONCERN, NOW, reason="Le bruit")
            await uow.proposals.save(assembly, proposal)
            await uow.commit()
        async with backend.uow() as uow:
            full = await uow.proposals.get(assembly, 1, full=True)
            for who in (ALICE, BOB, CAROL):
                mine = await uow.proposals.get(assembly, 1, member=who)
                assert mine.objections == full.objections and set(mine.objections) == {BOB, CAROL}
                assert mine.positions[(who, 1)] == full.positions[(who, 1)]
                if not mine.positions_complete:  # partial loading: the member's own rows only
                    assert set(mine.positions) == {(who, 1)}
                assert mine.positions[(who, 1)].at.tzinfo is not None  # read as an aware instant
            assert full.objections[CAROL].raised_at == NOW + timedelta(minutes=1)

    async def test_objections_amendments_texts_and_entries(self, backend: Backend) -> None:
        assembly = await room_with(backend, ALICE, BOB, CAROL)
        await add(backend, assembly, new_proposal(1))
        async with backend.uow() as uow:
            proposal = await uow.proposals.get(assembly, 1)
            proposal.ask(BOB, "Qui arrose ?", NOW)
            proposal.answer(ALICE, "Chacun son tour.", NOW)
            proposal.next_phase(ALICE, True, (ALICE, BOB, CAROL), NOW)
            proposal.react(CAROL, "Bonne idée", NOW)
            proposal.next_phase(ALICE, True, (ALICE, BOB, CAROL), NOW)
            proposal.take_position(BOB, Stance.OBJECTION, NOW, reason="Pas d'eau")
            await uow.proposals.save(assembly, proposal)
            await uow.commit()
        async with backend.uow() as uow:
            proposal = await uow.proposals.get(assembly, 1)
            assert proposal.open_objections()[0].reason == "Pas d'eau"
            assert proposal.amend(ALICE, False, "Avec une cuve.", NOW) == 2
            await uow.proposals.save(assembly, proposal)
            await uow.commit()
        async with backend.uow() as uow:
            proposal = await uow.proposals.get(assembly, 1, member=BOB)
            assert proposal.version == 2 and proposal.participated == 0
            proposal.take_position(BOB, Stance.CONSENT, NOW)
            await uow.proposals.save(assembly, proposal)
            await uow.commit()
        async with backend.uow() as uow:
            proposal = await uow.proposals.get(assembly, 1, full=True)
            assert proposal.texts == {1: "Le texte.", 2: "Avec une cuve."} and proposal.body == "Avec une cuve."
            objection = proposal.objections[BOB]
            assert (objection.status, objection.version, objection.resolved_version) == (
                ObjectionStatus.INTEGRATED, 1, 2)
            assert [(e.kind, e.member, e.text, e.version) for e in proposal.entries] == [
                ("question", BOB, "Qui arrose ?", 1), ("answer", ALICE, "Chacun son tour.", 1),
                ("reaction", CAROL, "Bonne idée", 1)]
            assert current_positions(proposal) == {
                ("console:bob", 1): ("objection", "Pas d'eau"), ("console:bob", 2): ("consent", "")}
        assert [kind for _, kind, _ in await backend.audit(assembly)] == [
            "opened", "question", "answer", "phase", "reaction", "decision_opened", "phase", "position",
            "objection_raised", "amended", "position", "objection_integrated"]

    async def test_closing_records_outcome_and_review(self, backend: Backend) -> None:
        assembly = await room_with(backend, ALICE, BOB)
        await add(backend, assembly, new_proposal(1, members=(ALICE, BOB)))
        async with backend.uow() as uow:
            proposal = await uow.proposals.get(assembly, 1)
            proposal.next_phase(ALICE, True, (ALICE, BOB), NOW)
            proposal.next_phase(ALICE, True, (ALICE, BOB), NOW)
            proposal.take_position(ALICE, Stance.CONSENT, NOW)
            proposal.take_position(BOB, Stance.STAND_ASIDE, NOW)
            assert proposal.settle(NOW + timedelta(hours=1))
            await uow.proposals.save(assembly, proposal)
            await uow.commit()
        async with backend.uow() as uow:
            proposal = await uow.proposals.get(assembly, 1, full=True)
            assert proposal.status is Status.ADOPTED and proposal.phase is Phase.CLOSED
            assert proposal.decided_at == NOW + timedelta(hours=1)
            assert proposal.review_at == datetime(2027, 5, 23, 10, 0, tzinfo=UTC)
            assert proposal.tally().counts == {"consent": 1, "stand_aside": 1}
            with pytest.raises(DomainError):
                proposal.take_position(ALICE, Stance.OBJECTION, NOW, reason="Trop tard")
        assert [kind for _, kind, _ in await backend.audit(assembly)][-1] == "closed"

    async def test_anonymous_positions_are_stored_under_pseudonyms(self, backend: Backend) -> None:
        assembly = await room_with(backend, ALICE, BOB, CAROL)
        await add(backend, assembly, new_proposal(1, method=Method.CONSENSUS, anonymous=True))
        async with backend.uow() as uow:
            proposal = await uow.proposals.get(assembly, 1, member=BOB)
            proposal.take_position(BOB, Stance.BLOCK, NOW, reason="Non")
            await uow.proposals.save(assembly, proposal)
            await uow.commit()
        async with backend.uow() as uow:
            mine = await uow.proposals.get(assembly, 1, member=BOB)
            assert mine.position_of(BOB) is not None and mine.position_of(BOB).stance is Stance.BLOCK
            proposal = await uow.proposals.get(assembly, 1, full=True)
            assert set(proposal.positions) == {(pseudonym("sel1", BOB), 1)}
        audit = await backend.audit(assembly)
        assert [member for _, kind, member in audit if kind == "position"] == [None]

    async def test_due_schedule_cancel_complete(self, backend: Backend) -> None:
        later = NOW + timedelta(days=7)
        async with backend.uow() as uow:
            await uow.due.schedule("proposal.deadline", 1, later)
            await uow.due.schedule("proposal.deadline", 2, later, {"why": "test"})
            await uow.due.schedule("proposal.review", 1, later)
            await uow.commit()
        rows = await backend.due()
        assert [(kind, ref, pending) for _, kind, ref, pending in rows] == [
            ("proposal.deadline", 1, True), ("proposal.deadline", 2, True), ("proposal.review", 1, True)]
        async with backend.uow() as uow:
            await uow.due.cancel("proposal.deadline", 1)
            await uow.due.complete(rows[2][0])
            await uow.commit()
        assert [(kind, ref, pending) for _, kind, ref, pending in await backend.due()] == [
            ("proposal.deadline", 1, False), ("proposal.deadline", 2, True), ("proposal.review", 1, False)]
        async with backend.uow() as uow:  # cancelling again, or what does not exist, is harmless
            await uow.due.cancel("proposal.deadline", 1)
            await uow.due.cancel("proposal.deadline", 42)
            await uow.commit()
        assert [pending for *_, pending in await backend.due()] == [False, True, False]

    async def test_mark_handled_claims_once(self, backend: Backend) -> None:
        async with backend.uow() as uow:
            assert await uow.mark_handled("console", "evt-1")
            assert not await uow.mark_handled("console", "evt-1")
            assert await uow.mark_handled("telegram", "evt-1")  # ids are per platform
            await uow.commit()
        async with backend.uow() as uow:
            assert not await uow.mark_handled("console", "evt-1")
            assert await uow.mark_handled("console", "evt-2")
            # not committed: the claim does not hold
        async with backend.uow() as uow:
            assert await uow.mark_handled("console", "evt-2")
            await uow.commit()
        async with backend.uow() as uow:
            assert not await uow.mark_handled("console", "evt-2")

    async def test_an_edit_runs_once_and_only_of_what_changed_nothing(self, backend: Backend) -> None:
        async with backend.uow() as uow:
            assert await uow.mark_handled("matrix", "$refused", refused=True)
            assert await uow.mark_handled("matrix", "$applied")
            await uow.commit()
        async with backend.uow() as uow:
            assert await uow.claim_edit("matrix", "$refused")
            assert not await uow.claim_edit("matrix", "$refused")  # one edit, not two
            # not committed (the edit was refused in turn): the message stays open to edits
        async with backend.uow() as uow:
            assert not await uow.claim_edit("matrix", "$applied")
            assert await uow.claim_edit("matrix", "$refused")
            await uow.commit()
        async with backend.uow() as uow:
            assert not await uow.claim_edit("matrix", "$refused")
            # a message the bot never had (no command) may be edited into one, once
            assert await uow.claim_edit("matrix", "$chat")
            await uow.commit()
        async with backend.uow() as uow:
            assert not await uow.claim_edit("matrix", "$chat")
            assert not await uow.mark_handled("matrix", "$chat")  # and never runs itself

    async def test_rollback_without_commit_leaves_nothing(self, backend: Backend) -> None:
        assembly = await room_with(backend, ALICE, BOB)
        async with backend.uow() as uow:
            room = await uow.assemblies.get_or_create("console", "salon", NOW, ALICE)
            await uow.assemblies.load_members(room)
            room.join(CAROL, NOW)
            room.language = "en"
            room.dirty = True
            await uow.assemblies.save(room)
            await uow.assemblies.get_or_create("console", "nouveau", NOW, ALICE)
            await uow.proposals.add(assembly, new_proposal(1))
            await uow.due.schedule("proposal.deadline", 1, NOW)
            await uow.outbox.add(Outbound(platform=Platform("console"), room=RoomId("salon"), text="Bonjour"))
            assert await uow.mark_handled("console", "evt-x")
        async with backend.uow() as uow:
            assert await uow.proposals.get(assembly, 1) is None
            assert await uow.proposals.list(assembly) == []
            again = await uow.assemblies.get_or_create("console", "salon", NOW, CAROL)
            assert not again.is_member(CAROL) and again.language == "fr"
            assert await uow.mark_handled("console", "evt-x")
        assert await backend.due() == []
        assert await backend.outbox_size() == 0
        assert await backend.audit(assembly) == []

    async def test_outbox_rows_commit_with_the_state(self, backend: Backend) -> None:
        async with backend.uow() as uow:
            await uow.outbox.add(Outbound(platform=Platform("console"), room=RoomId("salon"), text="Un"))
            await uow.outbox.add(Outbound(platform=Platform("console"), room=RoomId("salon"), text="Deux",
                                          thread_key="proposal:1"))
            await uow.commit()
        assert await backend.outbox_size() == 2

    async def test_forget_pseudonymises_within_the_assembly(self, backend: Backend) -> None:
        assembly = await room_with(backend, ALICE, BOB, CAROL)
        elsewhere = await room_with(backend, ALICE, BOB, room="ailleurs")
        await add(backend, assembly, new_proposal(1))
        await add(backend, elsewhere, new_proposal(1, members=(ALICE, BOB)))
        async with backend.uow() as uow:
            proposal = await uow.proposals.get(assembly, 1)
            proposal.ask(ALICE, "Une question de moi", NOW)
            proposal.next_phase(ALICE, True, (ALICE, BOB, CAROL), NOW)
            proposal.next_phase(ALICE, True, (ALICE, BOB, CAROL), NOW)
            proposal.take_position(ALICE, Stance.OBJECTION, NOW, reason="Mon objection")
            proposal.take_position(BOB, Stance.CONSENT, NOW)
            await uow.proposals.save(assembly, proposal)
            await uow.commit()
        async with backend.uow() as uow:
            await uow.forget(assembly, ALICE)
            room = await uow.assemblies.get_or_create("console", "salon", NOW, ALICE)
            await uow.assemblies.load_members(room)
            room.leave(ALICE)
            room.members.pop(ALICE, None)
            room.dirty = True
            await uow.assemblies.save(room)
            await uow.commit()
        alias = pseudonym("forgotten", ALICE)
        async with backend.uow() as uow:
            proposal = await uow.proposals.get(assembly, 1, full=True)
            assert proposal.author == alias
            assert set(proposal.positions) == {(alias, 1), (BOB, 1)}
            assert proposal.positions[(alias, 1)].reason == "Mon objection"  # what was said stays
            assert set(proposal.objections) == {alias} and proposal.objections[alias].member == alias
            assert [e.member for e in proposal.entries] == [alias]
            assert ALICE not in proposal.electorate and alias in proposal.electorate
            assert proposal.participated == 2  # the positions still count
            room = await uow.assemblies.get_or_create("console", "salon", NOW, BOB)
            await uow.assemblies.load_members(room)
            assert ALICE not in room.members and room.active_members() == (BOB, CAROL)
            other = await uow.proposals.get(elsewhere, 1, full=True)  # another assembly: untouched
            assert other.author == ALICE
            away = await uow.assemblies.get_or_create("console", "ailleurs", NOW, ALICE)
            assert away.is_member(ALICE)
        audit = await backend.audit(assembly)
        assert audit and all(member != ALICE for _, _, member in audit)
        assert any(member == alias for _, _, member in audit)
        assert any(member == ALICE for _, _, member in await backend.audit(elsewhere))

    async def test_welcome_text_coordinators_and_last_welcome(self, backend: Backend) -> None:
        assembly_id = await room_with(backend, ALICE, BOB, CAROL)
        later = NOW + timedelta(hours=1)
        async with backend.uow() as uow:
            assert await uow.assemblies.welcome(assembly_id) == Welcome()
            room = await uow.assemblies.get_or_create("console", "salon", NOW, ALICE)
            await uow.assemblies.load_members(room)
            room.give_role(BOB, Role.NEWCOMER_COORDINATOR)
            room.give_role(CAROL, Role.CATALYSER)
            room.give_role(CAROL, Role.NEWCOMER_COORDINATOR)
            room.give_role(ALICE, Role.CATALYSER)
            room.members[BOB].welcomed_at = later
            await uow.assemblies.save(room)
            await uow.assemblies.set_welcome(assembly_id, WelcomeText("Bonjour\nà tous", ALICE, later), ALICE, later)
            await uow.commit()
        async with backend.uow() as uow:
            assert await uow.assemblies.welcome(assembly_id) == Welcome(
                WelcomeText("Bonjour\nà tous", ALICE, later), (BOB, CAROL))
            room = await uow.assemblies.get_or_create("console", "salon", NOW, CAROL)
            room.leave(CAROL)
            await uow.assemblies.save(room)
            await uow.commit()
        async with backend.uow() as uow:
            assert (await uow.assemblies.welcome(assembly_id)).coordinators == (BOB,)  # active ones only
            assert (await uow.assemblies.welcome(assembly_id, BOB)).last_welcomed == later
            assert (await uow.assemblies.welcome(assembly_id, ALICE)).last_welcomed is None
            room = await uow.assemblies.get_or_create("console", "salon", NOW, BOB)
            room.members[BOB].timezone = "Europe/Brussels"  # a later save keeps the last welcome
            room.members[BOB].dirty = True
            await uow.assemblies.save(room)
            await uow.assemblies.set_welcome(assembly_id, None, BOB, later)
            await uow.commit()
        async with backend.uow() as uow:
            assert await uow.assemblies.welcome(assembly_id, BOB) == Welcome(None, (BOB,), later)


class TestFakeRepositories(RepositoryContract):
    @pytest.fixture
    def backend(self) -> Backend:
        return FakeBackend()


class TestTortoiseRepositories(RepositoryContract):
    """SQLite and PostgreSQL (the `storage` fixture runs each test on both)."""

    @pytest.fixture
    def backend(self, storage: str) -> Backend:
        return TortoiseBackend(storage)

    async def test_an_accepted_event_is_claimed_once(self, backend: Backend) -> None:
        from storage.models import InboxRow

        await InboxRow.create(platform="telegram", event_id="update:7", payload={"text": "!aide"},
                              handled=False, received_at=NOW)
        async with backend.uow() as uow:
            assert await uow.mark_handled("telegram", "update:7")  # stored unhandled: this claim is the first
            assert not await uow.mark_handled("telegram", "update:7")
            await uow.commit()
        async with backend.uow() as uow:
            assert not await uow.mark_handled("telegram", "update:7")
        rows = await InboxRow.filter(platform="telegram", event_id="update:7").values_list("handled", "payload")
        assert rows == [(True, {"text": "!aide"})]  # one row, the stored event kept

    async def test_an_accepted_event_refused_is_open_to_one_edit(self, backend: Backend) -> None:
        from storage.models import InboxRow

        await InboxRow.create(platform="matrix", event_id="$typo", payload={"text": "!okk #1"},
                              handled=False, received_at=NOW)
        async with backend.uow() as uow:
            assert not await uow.claim_edit("matrix", "$typo")  # not handled yet: nothing to fix
        async with backend.uow() as uow:
            assert await uow.mark_handled("matrix", "$typo", refused=True)
            await uow.commit()
        async with backend.uow() as uow:
            assert await uow.claim_edit("matrix", "$typo")
            await uow.commit()
        rows = await InboxRow.filter(platform="matrix", event_id="$typo").values_list("handled", "refused", "payload")
        assert rows == [(True, False, {"text": "!okk #1"})]
