"""The tensions table: a tension in, a row out, and back; its events go to the audit log."""

from __future__ import annotations

from typing import Any

from core.ids import AssemblyId, MemberId
from core.proposals import pseudonym
from core.tensions import Tension, TensionStatus, tension_data
from storage.models import TensionRow
from storage.repositories import fetch, for_update, utc
from storage.scheduling_repositories import _Log

SUBJECT = "tension"


def tension_from_row(row: TensionRow) -> Tension:
    return Tension(
        number=row.number,
        author=MemberId(row.author),
        text=row.text,
        created_at=row.created_at,
        status=TensionStatus(row.status),
        proposal_number=row.proposal_number,
        meeting_number=row.meeting_number,
        resolved_by=row.resolved_by,
        note=row.note,
        closed_at=row.closed_at,
        closed_by=MemberId(row.closed_by) if row.closed_by else None,
        id=row.id,
    )


def _columns(tension: Tension) -> dict[str, Any]:
    return {
        "author": tension.author,
        "text": tension.text,
        "status": tension.status.value,
        "proposal_number": tension.proposal_number,
        "meeting_number": tension.meeting_number,
        "resolved_by": tension.resolved_by,
        "note": tension.note,
        "closed_at": utc(tension.closed_at),
        "closed_by": tension.closed_by,
    }


class Tensions(_Log):
    async def get(self, assembly: AssemblyId, number: int) -> Tension | None:
        found = await fetch(self.conn, TensionRow, "SELECT * FROM tension WHERE assembly_id = ? AND number = ?"
                            + for_update(self.lock), [assembly, number])
        return tension_from_row(found[0]) if found else None

    async def add(self, assembly: AssemblyId, tension: Tension) -> None:
        row = await TensionRow.create(assembly_id=assembly, number=tension.number,
                                      created_at=utc(tension.created_at), using_db=self.conn, **_columns(tension))
        tension.id = row.id
        await self._log(assembly, tension)

    async def save(self, assembly: AssemblyId, tension: Tension) -> None:
        assert tension.id is not None, "the repository gives an id on add"
        await TensionRow.filter(id=tension.id).using_db(self.conn).update(**_columns(tension))
        await self._log(assembly, tension)

    async def _log(self, assembly: AssemblyId, tension: Tension) -> None:
        for event in tension.take_events():
            await self.record_event(assembly, SUBJECT, tension.number, event.kind, event.member, event.at, event.data)

    async def linked_to(self, assembly: AssemblyId, proposal: int) -> list[Tension]:
        found = await fetch(self.conn, TensionRow, "SELECT * FROM tension WHERE assembly_id = ? AND proposal_number = ?"
                            " AND status = ? ORDER BY number" + for_update(self.lock),
                            [assembly, proposal, TensionStatus.OPEN.value])
        return [tension_from_row(row) for row in found]

    async def list(self, assembly: AssemblyId, *, open_only: bool = False) -> list[Tension]:
        query = TensionRow.filter(assembly_id=assembly)
        if open_only:
            query = query.filter(status=TensionStatus.OPEN.value)
        return [tension_from_row(row) for row in await query.using_db(self.conn).order_by("number")]

    async def forget(self, assembly: AssemblyId, member: MemberId) -> None:
        """The audit rows are pseudonymised with the rest of the member's (`forget` of the unit of work)."""
        alias = pseudonym("forgotten", member)
        await TensionRow.filter(assembly_id=assembly, author=member).using_db(self.conn).update(author=alias)
        await TensionRow.filter(assembly_id=assembly, closed_by=member).using_db(self.conn).update(closed_by=alias)


async def export_tensions(assembly: int) -> list[dict[str, Any]]:
    """The assembly's tensions for `assemblee export` (by number)."""
    exported = []
    for row in await TensionRow.filter(assembly_id=assembly).order_by("number"):
        tension = tension_from_row(row)
        # what `!mes-donnees` gives of it, with who noted and closed it, its instants as text
        exported.append({"number": tension.number, "member": tension.author, **tension_data(tension),
                         "created_at": tension.created_at.isoformat(),
                         "closed_at": tension.closed_at.isoformat() if tension.closed_at else None,
                         "closed_by": tension.closed_by})
    return exported
