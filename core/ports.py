"""Ports the application services need from storage. `storage/` implements them with
tortoise-orm; `core.fakes` implements them in memory for unit tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from core.assemblies import Assembly
from core.ids import AssemblyId, MemberId
from core.messages import Outbound
from core.proposals import Proposal


class AssemblyRepository(Protocol):
    async def get_or_create(self, platform: str, room: str, now: datetime, member: MemberId) -> Assembly:
        """The room's assembly, locked for this transaction, with `member`'s own row only."""
        ...

    async def load_members(self, assembly: Assembly) -> None:
        """Complete `assembly.members` with every member row."""
        ...

    async def save(self, assembly: Assembly) -> None: ...

    async def locate(self, assembly: AssemblyId) -> tuple[str, str] | None:
        """(platform, room) of an assembly."""
        ...


class ProposalRepository(Protocol):
    async def get(
        self, assembly: AssemblyId, number: int, *, member: MemberId | None = None, full: bool = False
    ) -> Proposal | None:
        """Load for change, locked. `member`: load that member's own positions only;
        `full`: load every position (for status and export)."""
        ...

    async def get_by_id(self, proposal_id: int) -> tuple[AssemblyId, Proposal] | None: ...

    async def add(self, assembly: AssemblyId, proposal: Proposal) -> None: ...

    async def save(self, assembly: AssemblyId, proposal: Proposal) -> None:
        """Write what changed, and append its decision events to the audit log."""
        ...

    async def list(self, assembly: AssemblyId, *, open_only: bool = False) -> list[Proposal]: ...


class Outbox(Protocol):
    async def add(self, message: Outbound) -> None: ...


class DueRepository(Protocol):
    async def schedule(self, kind: str, ref: int, due_at: datetime, data: dict[str, Any] | None = None) -> None: ...

    async def cancel(self, kind: str, ref: int) -> None: ...

    async def complete(self, due_id: int) -> None:
        """The row was handled in this transaction."""
        ...


class UnitOfWork(Protocol):
    assemblies: AssemblyRepository
    proposals: ProposalRepository
    outbox: Outbox
    due: DueRepository

    async def __aenter__(self) -> UnitOfWork: ...

    async def __aexit__(self, *exc: object) -> None: ...

    async def commit(self) -> None: ...

    async def mark_handled(self, platform: str, event_id: str) -> bool:
        """Claim an inbound event for this transaction: False if it was handled already."""
        ...

    async def forget(self, assembly: AssemblyId, member: MemberId) -> None:
        """Erase a member's personal data: positions and entries stay, pseudonymised."""
        ...
