"""Tensions on real storage. One contract for the tensions repository, run over the
in-memory fake (what the core's unit tests trust) and over the tortoise unit of work on
SQLite and PostgreSQL; then a room driven through the real pipeline pieces on both
databases, read back with `assemblee export` (JSON and Markdown)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from core.ids import AssemblyId, MemberId
from core.proposals import pseudonym
from core.tension_fakes import tension_state
from core.tensions import Tension, TensionStatus
from tests.integration.scheduling.conftest import Bot, members
from tests.integration.test_repository_contract import (
    ALICE,
    BOB,
    NOW,
    Backend,
    FakeBackend,
    TortoiseBackend,
    room_with,
)

LATER = NOW + timedelta(hours=2)


async def tension_audit(backend: Backend, assembly: AssemblyId) -> list[tuple[int | None, str, str | None]]:
    if isinstance(backend, FakeBackend):
        return [(n, e.kind, e.member) for a, n, e in tension_state(backend.store.state).events if a == assembly]
    from storage.models import AuditRow

    rows = await AuditRow.filter(assembly_id=assembly, subject="tension").order_by("id")
    return [(r.number, r.kind, r.member) for r in rows]


async def noted(backend: Backend, assembly: AssemblyId, number: int, author: MemberId, text: str) -> None:
    async with backend.uow() as uow:
        await uow.tensions.add(assembly, Tension.note_down(number, author, text, NOW))
        await uow.commit()


class TensionContract:
    async def test_a_tension_is_stored_and_read_back(self, backend: Backend) -> None:
        assembly = await room_with(backend, ALICE, BOB)
        await noted(backend, assembly, 1, BOB, "Le local est trop froid\nle mardi soir")
        async with backend.uow() as uow:
            found = await uow.tensions.get(assembly, 1)
            assert found is not None and found.id is not None
            assert (found.number, found.author, found.text, found.status) == (
                1, BOB, "Le local est trop froid\nle mardi soir", TensionStatus.OPEN)
            assert found.created_at == NOW and found.closed_at is None and found.events == []
            assert await uow.tensions.get(assembly, 2) is None

    async def test_what_was_done_is_saved_and_logged(self, backend: Backend) -> None:
        assembly = await room_with(backend, ALICE, BOB)
        await noted(backend, assembly, 1, BOB, "Froid")
        await noted(backend, assembly, 2, BOB, "Bruit")
        await noted(backend, assembly, 3, ALICE, "Retards")
        async with backend.uow() as uow:
            first = await uow.tensions.get(assembly, 1)
            first.put_on_agenda(BOB, False, 7, NOW)
            first.link(ALICE, True, 8, NOW)
            await uow.tensions.save(assembly, first)
            second = await uow.tensions.get(assembly, 2)
            second.drop(BOB, "Plus d'actualité", LATER)
            await uow.tensions.save(assembly, second)
            await uow.commit()
        async with backend.uow() as uow:
            assert [t.number for t in await uow.tensions.list(assembly)] == [1, 2, 3]
            assert [t.number for t in await uow.tensions.list(assembly, open_only=True)] == [1, 3]
            [linked] = await uow.tensions.linked_to(assembly, 8)
            assert (linked.number, linked.meeting_number, linked.proposal_number) == (1, 7, 8)
            assert await uow.tensions.linked_to(assembly, 7) == []
            dropped = await uow.tensions.get(assembly, 2)
            assert (dropped.status, dropped.note, dropped.closed_by, dropped.closed_at) == (
                TensionStatus.DROPPED, "Plus d'actualité", BOB, LATER)
            assert linked.resolved_by_proposal(8, LATER)
            await uow.tensions.save(assembly, linked)
            await uow.commit()
        async with backend.uow() as uow:
            resolved = await uow.tensions.get(assembly, 1)
            assert (resolved.status, resolved.resolved_by, resolved.closed_by) == (TensionStatus.RESOLVED, 8, None)
            assert await uow.tensions.linked_to(assembly, 8) == []  # only open ones
        assert await tension_audit(backend, assembly) == [
            (1, "noted", BOB), (2, "noted", BOB), (3, "noted", ALICE), (1, "on_agenda", BOB),
            (1, "proposal_linked", ALICE), (2, "dropped", BOB), (1, "resolved", None)]

    async def test_a_rolled_back_change_leaves_nothing(self, backend: Backend) -> None:
        assembly = await room_with(backend, ALICE)
        await noted(backend, assembly, 1, ALICE, "Froid")
        async with backend.uow() as uow:
            found = await uow.tensions.get(assembly, 1)
            found.resolve(ALICE, False, "", NOW)
            await uow.tensions.save(assembly, found)
            await uow.tensions.add(assembly, Tension.note_down(2, ALICE, "Autre", NOW))
        async with backend.uow() as uow:
            assert [(t.number, t.status) for t in await uow.tensions.list(assembly)] == [(1, TensionStatus.OPEN)]
        assert await tension_audit(backend, assembly) == [(1, "noted", ALICE)]

    async def test_forgetting_pseudonymises_the_author_in_one_assembly(self, backend: Backend) -> None:
        assembly = await room_with(backend, ALICE, BOB)
        elsewhere = await room_with(backend, ALICE, room="ailleurs")
        await noted(backend, assembly, 1, ALICE, "Froid")
        await noted(backend, assembly, 2, BOB, "Bruit")
        await noted(backend, elsewhere, 1, ALICE, "Ailleurs")
        async with backend.uow() as uow:
            found = await uow.tensions.get(assembly, 2)
            found.resolve(ALICE, True, "", NOW)
            await uow.tensions.save(assembly, found)
            await uow.tensions.forget(assembly, ALICE)
            await uow.forget(assembly, ALICE)
            await uow.commit()
        alias = pseudonym("forgotten", ALICE)
        async with backend.uow() as uow:
            first, second = await uow.tensions.list(assembly)
            assert (first.author, first.text) == (alias, "Froid")
            assert (second.author, second.closed_by) == (BOB, alias)
            [away] = await uow.tensions.list(elsewhere)
            assert away.author == ALICE
        assert all(member != ALICE for _, _, member in await tension_audit(backend, assembly))
        assert (1, "noted", ALICE) in await tension_audit(backend, elsewhere)


class TestFakeTensions(TensionContract):
    @pytest.fixture
    def backend(self) -> Backend:
        return FakeBackend()


class TestTortoiseTensions(TensionContract):
    """SQLite and PostgreSQL (the `storage` fixture runs each test on both)."""

    @pytest.fixture
    def backend(self, storage: str) -> Backend:
        return TortoiseBackend(storage)


# ---- through the pipeline, read back by the export ---------------------------------------


@pytest.fixture
async def bot(storage: str) -> Bot:
    return Bot(storage, start=datetime(2026, 11, 23, 9, 0, tzinfo=UTC))


def text(outs: list[Any]) -> str:
    return "\n".join(o.text for o in outs)


async def test_tensions_processed_in_a_room_and_exported(bot: Bot) -> None:
    from storage.export import export_state, to_csv, to_markdown

    await members(bot, "alice", "bob")
    await bot.say("bob", "!tension Le local est trop froid\nle mardi soir")  # 1
    await bot.say("alice", "!tension Les comptes rendus arrivent tard")  # 2
    await bot.say("bob", "!tension Le bruit")  # 3
    await bot.say("alice", "!reunion AG 2026-12-01 18:30")  # 4
    assert "réunion #4" in await bot.text("bob", "!tension #1 odj")
    assert "Tension #1 : Le local est trop froid" in await bot.text("alice", "!odj #4")
    await bot.say("alice", "!proposer --tension 1 Chauffer le local")  # 5
    await bot.say("alice", "!proposer --tension 2 Compte rendu sous 48 h")  # 6
    for step in ("!suivant #5", "!suivant #5"):
        await bot.say("alice", step)
    await bot.say("alice", "!ok #5")
    adopted = await bot.text("bob", "!ok #5")
    assert "ADOPTÉE" in adopted and "La tension #1 est levée par cette décision." in adopted
    expired = text(await bot.advance(timedelta(days=8)))
    assert "#6" in expired and "La tension #2 reste ouverte" in expired
    await bot.say("bob", "!tension #3 abandonnee Réglé entre voisins")
    assert "1 tension ouverte" in await bot.text("bob", "!etat")
    assert "Déjà traitées (levées ou abandonnées) : 2." in await bot.text("bob", "!tensions")

    state = await export_state()
    (assembly,) = state["assemblies"]
    assert [(t["number"], t["member"], t["status"], t["resolved_by"], t["note"]) for t in assembly["tensions"]] == [
        (1, "console:bob", "resolved", 5, None), (2, "console:alice", "open", None, None),
        (3, "console:bob", "dropped", None, "Réglé entre voisins")]
    first = assembly["tensions"][0]
    assert first["text"] == "Le local est trop froid\nle mardi soir" and (first["meeting"], first["proposal"]) == (4, 5)
    assert datetime.fromisoformat(first["created_at"]) == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert first["closed_at"] is not None and assembly["tensions"][1]["proposal"] == 6
    # the fields of the command reference stay as they were
    assert [(p["number"], p["status"]) for p in assembly["proposals"]] == [(5, "adopted"), (6, "expired")]
    assert [m["number"] for m in assembly["meetings"]] == [4] and assembly["polls"] == []
    kinds = [(a["number"], a["kind"]) for a in assembly["audit"] if a["subject"] == "tension"]
    assert kinds == [(1, "noted"), (2, "noted"), (3, "noted"), (1, "on_agenda"), (1, "proposal_linked"),
                     (2, "proposal_linked"), (1, "resolved"), (3, "dropped")]

    markdown = to_markdown(state, now=bot.clock.now())
    assert "## Tensions (3)" in markdown
    assert "### #1 Le local est trop froid — levée" in markdown
    assert "- Levée le " in markdown and "par l'adoption de la proposition #5" in markdown
    assert "### #3 Le bruit — abandonnée" in markdown and "par bob — Réglé entre voisins" in markdown
    assert "- Texte : Le local est trop froid le mardi soir" in markdown
    assert "Tension" not in to_csv(state)  # the CSV lists the positions on proposals only
