"""Rooms federated into one assembly, one-time codes, and identities linked to one member."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q

from core.federation import (
    AUDIT_SUBJECT,
    WRONG_CODES_WINDOW,
    CodeKind,
    LinkCode,
    LinkConflict,
    Room,
)
from core.ids import AssemblyId, MemberId
from core.proposals import pseudonym
from storage.models import (
    AssemblyRow,
    AuditRow,
    IdentityLinkRow,
    LinkCodeRow,
    MeetingRsvpRow,
    MembershipRow,
    ObjectionRow,
    PollAnswerRow,
    PositionRow,
    ProposalRow,
    ThreadRootRow,
)
from storage.repositories import bring_members, rename_in_mandate_dues, sql_for, utc

OPEN = "open"

# Open rounds in which two identities both hold a position on the current version, or in which
# the first holds an open objection while the second has objected too: linking them would
# count one person twice, or leave an objection nobody can lift.
_CONFLICTS = (
    "SELECT p.number FROM proposal p WHERE p.status = ? AND ("
    "(EXISTS (SELECT 1 FROM position a WHERE a.proposal_id = p.id AND a.member = ? AND a.version = p.version) "
    "AND EXISTS (SELECT 1 FROM position b WHERE b.proposal_id = p.id AND b.member = ? AND b.version = p.version)) "
    "OR (EXISTS (SELECT 1 FROM objection c WHERE c.proposal_id = p.id AND c.member = ? AND c.status = ?) "
    "AND EXISTS (SELECT 1 FROM objection d WHERE d.proposal_id = p.id AND d.member = ?))"
    ") ORDER BY p.number LIMIT 1"
)
# the accounts the federation's audit events name in their data (besides their `member`)
_NAMED = ("identity", "code_by")
_ROOMS = (
    "SELECT id, platform, room, title FROM assembly WHERE id = ? OR part_of = ? "
    "ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END, id"
)


def _code(row: LinkCodeRow) -> LinkCode:
    return LinkCode(
        code=row.code, kind=CodeKind(row.kind), member=MemberId(row.member), created_at=row.created_at,
        expires_at=row.expires_at, assembly=AssemblyId(row.assembly_id) if row.assembly_id is not None else None,
        other=MemberId(row.other) if row.other else None, used_at=row.used_at, id=row.id,
    )


class Federation:
    def __init__(self, conn: BaseDBAsyncClient) -> None:
        self.conn = conn

    async def rooms(self, assembly: AssemblyId) -> list[Room]:
        rows = await self.conn.execute_query_dict(sql_for(self.conn, _ROOMS), [assembly, assembly, assembly])
        return [Room(row["platform"], row["room"], row["title"] or "", home=row["id"] == assembly) for row in rows]

    async def add_code(self, code: LinkCode) -> None:
        await LinkCodeRow.create(
            code=code.code, kind=code.kind.value, assembly_id=code.assembly, member=code.member, other=code.other,
            created_at=utc(code.created_at), expires_at=utc(code.expires_at), using_db=self.conn,
        )

    async def code(self, code: str) -> LinkCode | None:
        row = await LinkCodeRow.filter(code=code).using_db(self.conn).first()
        return _code(row) if row is not None else None

    async def use_code(self, code: LinkCode, now: datetime) -> bool:
        used = await LinkCodeRow.filter(id=code.id, used_at=None).using_db(self.conn).update(used_at=utc(now))
        return bool(used)

    async def wrong_code(self, identity: str, now: datetime) -> None:
        # a row of its own among the codes (a `code` no one can type), gone once it no longer counts
        wrong = LinkCodeRow.filter(kind=CodeKind.WRONG.value, member=identity, expires_at__lte=utc(now))
        await wrong.using_db(self.conn).delete()
        await LinkCodeRow.create(
            code=f"{CodeKind.WRONG.value}-{secrets.token_hex(12)}", kind=CodeKind.WRONG.value, member=identity,
            created_at=utc(now), expires_at=utc(now + WRONG_CODES_WINDOW), using_db=self.conn,
        )

    async def wrong_codes(self, identity: str, since: datetime) -> int:
        wrong = LinkCodeRow.filter(kind=CodeKind.WRONG.value, member=identity, created_at__gt=utc(since))
        return await wrong.using_db(self.conn).count()

    async def attach(self, room: AssemblyId, home: AssemblyId, now: datetime) -> int:
        joined = await bring_members(self.conn, room, home, now)
        await AssemblyRow.filter(id=room).using_db(self.conn).update(part_of=home)
        return joined

    async def detach(self, home: AssemblyId, platform: str, room: str) -> bool:
        left = await AssemblyRow.filter(platform=platform, room=room, part_of=home).using_db(self.conn).update(
            part_of=None)
        if left:  # its numbers start again at 1: the assembly's threads there are no longer its own
            await ThreadRootRow.filter(platform=platform, room=room).using_db(self.conn).delete()
        return bool(left)

    async def person_of(self, identity: str) -> MemberId | None:
        row = await IdentityLinkRow.filter(identity=identity).using_db(self.conn).first()
        return MemberId(row.person) if row is not None else None

    async def identities(self, person: MemberId) -> list[str]:
        found = await IdentityLinkRow.filter(person=person).using_db(self.conn).order_by("linked_at", "identity")
        return [row.identity for row in found]

    async def link(self, identity: MemberId, person: MemberId, now: datetime) -> LinkConflict | None:
        group = [identity, *await self.identities(identity)]  # it may have had identities of its own
        for one in group:
            rows = await self.conn.execute_query_dict(
                sql_for(self.conn, _CONFLICTS), [OPEN, one, person, one, OPEN, person])
            if rows:
                return LinkConflict(int(rows[0]["number"]))
        for one in group:
            await self._merge_memberships(one, person)
            await self._merge_open_rounds(one, person)
            await self._merge_answers(one, person)
        await IdentityLinkRow.filter(person=identity).using_db(self.conn).update(person=person)
        updated = await IdentityLinkRow.filter(identity=identity).using_db(self.conn).update(
            person=person, linked_at=utc(now))
        if not updated:
            await IdentityLinkRow.create(identity=identity, person=person, linked_at=utc(now), using_db=self.conn)
        return None

    async def unlink(self, identity: str) -> bool:
        return bool(await IdentityLinkRow.filter(identity=identity).using_db(self.conn).delete())

    async def forget(self, member: MemberId, identity: str) -> None:
        accounts = {member, identity, *await self.identities(member)}
        # the log keeps that rooms joined and accounts were linked, not whose accounts they were
        for audit in await AuditRow.filter(subject=AUDIT_SUBJECT).using_db(self.conn):
            data = audit.data if isinstance(audit.data, dict) else {}
            named = {key: pseudonym("forgotten", data[key]) for key in _NAMED if data.get(key) in accounts}
            if named or audit.member in accounts:
                audit.data = {**data, **named}
                if audit.member in accounts:
                    audit.member = pseudonym("forgotten", audit.member)
                await audit.save(using_db=self.conn, update_fields=["data", "member"])
        for one in {member, identity}:
            await IdentityLinkRow.filter(Q(identity=one) | Q(person=one)).using_db(self.conn).delete()
            codes = LinkCodeRow.filter(Q(member=one) | Q(other=one)).exclude(kind=CodeKind.WRONG.value)
            await codes.using_db(self.conn).delete()

    async def _merge_memberships(self, identity: str, person: str) -> None:
        # the reminders and ends of its mandates name the person
        await rename_in_mandate_dues(self.conn, identity, person, ("member",), status="pending")
        for row in await MembershipRow.filter(member=identity).using_db(self.conn):
            theirs = await MembershipRow.filter(assembly_id=row.assembly_id, member=person).using_db(self.conn).first()  # type: ignore[attr-defined]
            if theirs is None:
                await MembershipRow.filter(id=row.id).using_db(self.conn).update(member=person)
                continue
            values: dict[str, Any] = {
                "roles": sorted(set(theirs.roles) | set(row.roles)),
                "mandates": {**row.mandates, **theirs.mandates},
                "active": theirs.active or row.active,
            }
            if not theirs.active and row.active:
                values["joined_at"] = row.joined_at
            await MembershipRow.filter(id=theirs.id).using_db(self.conn).update(**values)
            await MembershipRow.filter(id=row.id).using_db(self.conn).delete()

    async def _merge_open_rounds(self, identity: str, person: str) -> None:
        """In open proposals: the identity's place in the electorate, its positions and its
        objections become the person's (where the person has none of their own)."""
        opened = ProposalRow.filter(status=OPEN)
        for proposal in await opened.using_db(self.conn):
            electorate = list(proposal.electorate or [])
            if identity in electorate:
                merged = [person if member == identity else member for member in electorate]
                proposal.electorate = sorted(set(merged))
                await proposal.save(using_db=self.conn, update_fields=["electorate"])
            ours = {row.version for row in
                    await PositionRow.filter(proposal_id=proposal.id, member=person).using_db(self.conn)}
            for position in await PositionRow.filter(proposal_id=proposal.id, member=identity).using_db(self.conn):
                if position.version not in ours:
                    await PositionRow.filter(id=position.id).using_db(self.conn).update(member=person)
            if not await ObjectionRow.filter(proposal_id=proposal.id, member=person).using_db(self.conn).exists():
                await ObjectionRow.filter(proposal_id=proposal.id, member=identity).using_db(self.conn).update(
                    member=person)

    async def _merge_answers(self, identity: str, person: str) -> None:
        """The identity's answers to open time polls and to meetings become the person's: one
        person, counted once (where the person answered too, their own answer stays)."""
        for answer in await PollAnswerRow.filter(member=identity, poll__status=OPEN).using_db(self.conn):
            theirs = PollAnswerRow.filter(poll_id=answer.poll_id, member=person)  # type: ignore[attr-defined]
            if await theirs.using_db(self.conn).exists():
                await PollAnswerRow.filter(id=answer.id).using_db(self.conn).delete()
            else:
                await PollAnswerRow.filter(id=answer.id).using_db(self.conn).update(member=person)
        for rsvp in await MeetingRsvpRow.filter(member=identity).using_db(self.conn):
            theirs = MeetingRsvpRow.filter(meeting_id=rsvp.meeting_id, occurrence=rsvp.occurrence,  # type: ignore[attr-defined]
                                           member=person)
            if await theirs.using_db(self.conn).exists():
                await MeetingRsvpRow.filter(id=rsvp.id).using_db(self.conn).delete()
            else:
                await MeetingRsvpRow.filter(id=rsvp.id).using_db(self.conn).update(member=person)
