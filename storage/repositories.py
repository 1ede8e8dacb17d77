"""Repositories: domain objects in, rows out, and back. ORM exceptions stay here."""

from __future__ import annotations

import json
import secrets
from collections import OrderedDict
from datetime import UTC, datetime
from fractions import Fraction
from functools import lru_cache
from types import SimpleNamespace
from typing import Any, TypeVar, cast, overload

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from core.assemblies import Assembly, Mandate, Member, MembershipMode, Role
from core.ids import AssemblyId, MemberId, Number
from core.mandates import END_DUE, REMINDER_DUE
from core.proposals import (
    Electorate,
    Entry,
    Method,
    Objection,
    ObjectionStatus,
    Phase,
    Position,
    Proposal,
    Rules,
    Stance,
    Status,
)
from core.schedule_app.records import PendingDue
from core.welcome import AUDIT_SUBJECT, Welcome, WelcomeText
from storage.models import (
    AssemblyRow,
    DueRow,
    EntryRow,
    MembershipRow,
    ObjectionRow,
    OutboxRow,
    PositionRow,
    ProposalRow,
    ProposalTextRow,
    ThreadRootRow,
)

M = TypeVar("M", bound=Model)


def sql_for(conn: BaseDBAsyncClient, sql: str) -> str:
    """`?` placeholders, numbered for PostgreSQL ($1, $2, …)."""
    if conn.capabilities.dialect != "postgres":
        return sql
    parts = sql.split("?")
    return "".join(part + (f"${i}" if i < len(parts) else "") for i, part in enumerate(parts, start=1))


def _instant(value: Any) -> Any:
    """As tortoise reads a datetime with use_tz and UTC: aware, in UTC. SQLite gives text,
    read with the standard library's parser (much faster than tortoise's, same values)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime) and value.tzinfo is not UTC:
        value = value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return value


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, (str, bytes)) else value


def _flag(value: Any) -> Any:
    return bool(value) if value is not None else None


_READERS: dict[type[Model], tuple[tuple[str, Any], ...]] = {}
# JSON columns `fetch` leaves as the stored text, for their repository to read (see _electorate).
_KEPT_AS_TEXT = {("proposal", "electorate"), ("membership", "mandates")}


def _readers(model: type[Model]) -> tuple[tuple[str, Any], ...]:
    """The columns of `model` that the driver does not give as Python reads them."""
    readers = _READERS.get(model)
    if readers is None:
        found = []
        for name, field in model._meta.fields_map.items():
            column = field.source_field or name
            if isinstance(field, fields.DatetimeField):
                found.append((column, _instant))
            elif isinstance(field, fields.JSONField):
                if (model._meta.db_table, column) not in _KEPT_AS_TEXT:
                    found.append((column, _json))
            elif isinstance(field, fields.BooleanField):
                found.append((column, _flag))
        readers = _READERS[model] = tuple(found)
    return readers


def record(model: type[M], row: dict[str, Any]) -> M:
    """A row of `model` as read by the driver, as a plain record with the attributes and
    values a model instance would have (read-only: no query building, no instance)."""
    for column, read in _readers(model):
        if column in row:
            row[column] = read(row[column])
    return cast(M, SimpleNamespace(**row))


async def fetch(conn: BaseDBAsyncClient, model: type[M], sql: str, params: list[Any]) -> list[M]:
    """Rows of `model` read by one hand-written SELECT * (the hot paths), as `record`s."""
    return [record(model, row) for row in await conn.execute_query_dict(sql_for(conn, sql), params)]


def for_update(lock: bool) -> str:
    return " FOR UPDATE" if lock else ""


def db_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


@overload
def utc(value: datetime) -> datetime: ...
@overload
def utc(value: None) -> None: ...
def utc(value: datetime | None) -> datetime | None:
    """Every instant is stored in UTC: SQLite compares them as text."""
    return value.astimezone(UTC) if value is not None else None


MANDATE_DUES = (REMINDER_DUE, END_DUE)  # due rows whose data names a member: a mandate's reminder and end


async def rename_in_mandate_dues(conn: BaseDBAsyncClient, old: str, new: str, keys: tuple[str, ...],
                                 **narrowed: Any) -> None:
    """Where the data of a mandate's reminder or end (among the rows `narrowed` picks) names
    `old` under one of `keys`, it names `new` instead."""
    for due in await DueRow.filter(kind__in=MANDATE_DUES, **narrowed).using_db(conn):
        data = due.data if isinstance(due.data, dict) else {}
        renamed = {key: new for key in keys if data.get(key) == old}
        if renamed:
            due.data = {**data, **renamed}
            await due.save(using_db=conn, update_fields=["data"])


async def bring_members(conn: BaseDBAsyncClient, room: AssemblyId, home: AssemblyId, now: datetime) -> int:
    """The active members of the assembly `room` (one without items: a room that joins `home`,
    or a fresh assembly under a room's new id) become members of `home`, as members: the roles
    and mandates they held in `room` stay behind, and go with its rows (a mandate's reminder
    and end too). How many were not active members of `home` before."""
    theirs = await MembershipRow.filter(assembly_id=room, active=True).using_db(conn)
    ours = {row.member: row for row in
            await MembershipRow.filter(assembly_id=home, member__in=[r.member for r in theirs]).using_db(conn)}
    joined = 0
    for row in theirs:
        already = ours.get(row.member)
        if already is None:
            await MembershipRow.create(assembly_id=home, member=row.member, roles=[], mandates={}, active=True,
                                       joined_at=utc(now), timezone=row.timezone, using_db=conn)
            joined += 1
        elif not already.active:
            await MembershipRow.filter(id=already.id).using_db(conn).update(active=True, joined_at=utc(now))
            joined += 1
    await MembershipRow.filter(assembly_id=room).using_db(conn).delete()
    await DueRow.filter(ref=room, kind__in=MANDATE_DUES).using_db(conn).delete()
    return joined


class Assemblies:
    def __init__(self, conn: BaseDBAsyncClient, lock: bool) -> None:
        self.conn = conn
        self.lock = lock

    async def get_or_create(self, platform: str, room: str, now: datetime, member: MemberId) -> Assembly:
        """The room's assembly with the speaking member's membership, read in one statement."""
        rows = await self.conn.execute_query_dict(
            sql_for(self.conn, _ASSEMBLY_AND_MEMBER + (" FOR UPDATE OF h" if self.lock else "")),
            [member, member, platform, room],
        )
        if rows:
            row = rows[0]
        else:
            created = await AssemblyRow.create(
                platform=platform, room=room, created_at=now, feed_token=secrets.token_urlsafe(24),
                using_db=self.conn,
            )
            row = {name: getattr(created, name) for name in _ASSEMBLY_COLUMNS}
            row["m_member"] = None  # a new assembly has no member yet
            row["person"] = await self.person_of(member)
        assembly = _assembly(row)
        if row["person"] is not None:
            assembly.acting_as = MemberId(row["person"])
        if row["m_member"] is not None:
            mine = record(MembershipRow, {k[2:]: v for k, v in row.items() if k.startswith("m_")})
            assembly.members[MemberId(mine.member)] = _member(mine)
        return assembly

    async def person_of(self, identity: str) -> str | None:
        rows = await self.conn.execute_query_dict(
            sql_for(self.conn, "SELECT person FROM identity_link WHERE identity = ?"), [identity])
        return str(rows[0]["person"]) if rows else None

    async def find(self, platform: str, room: str) -> Assembly | None:
        rows = await self.conn.execute_query_dict(sql_for(self.conn, _ASSEMBLY), [platform, room])
        if not rows:
            return None
        return _assembly(rows[0])

    async def load_members(self, assembly: Assembly) -> None:
        # By hand, not through the ORM: a room of a thousand members is read at each join
        # and at each snapshot of the electorate, and building model instances dominated it.
        rows = await fetch(self.conn, MembershipRow, "SELECT * FROM membership WHERE assembly_id = ?", [assembly.id])
        for row in rows:
            if MemberId(row.member) not in assembly.members:
                assembly.members[MemberId(row.member)] = _member(row)
        assembly.members_complete = True

    async def count_active(self, assembly: AssemblyId) -> int:
        rows = await self.conn.execute_query_dict(
            sql_for(self.conn, "SELECT COUNT(*) AS n FROM membership WHERE assembly_id = ? AND active"), [assembly]
        )
        return int(rows[0]["n"])

    async def save(self, assembly: Assembly) -> None:
        if assembly.dirty:
            await AssemblyRow.filter(id=assembly.id).using_db(self.conn).update(
                language=assembly.language, timezone=assembly.timezone, mode=assembly.mode.value,
                next_number=assembly.next_number, title=assembly.title,
            )
            assembly.dirty = False
        for member in assembly.members.values():
            if not member.dirty:
                continue
            values = {
                "roles": sorted(r.value for r in member.roles),
                "mandates": _mandates_column(member),
                "active": member.active,
                "joined_at": member.joined_at,
                "timezone": member.timezone,
            }
            if member.welcomed_at is not None:  # written only by a welcome (see Welcome.last_welcomed)
                values["welcomed_at"] = member.welcomed_at
            updated = await MembershipRow.filter(assembly_id=assembly.id, member=member.member).using_db(
                self.conn
            ).update(**values)
            if not updated:
                await MembershipRow.create(assembly_id=assembly.id, member=member.member, using_db=self.conn, **values)
            member.dirty = False

    async def move_room(self, platform: str, old: str, new: str, now: datetime) -> bool:
        moving = await AssemblyRow.filter(platform=platform, room=old).using_db(self.conn).first()
        if moving is None or old == new:
            return False
        there = await AssemblyRow.filter(platform=platform, room=new).using_db(self.conn).first()
        home = moving.part_of or moving.id  # the assembly whose members they are
        if there is not None:
            parts = await AssemblyRow.filter(part_of=there.id).using_db(self.conn).exists()
            if there.next_number > 1 or there.part_of is not None or parts:
                return False  # the new id has a life of its own already: nothing is merged
            # as members, not with what they held there: the first to join a fresh assembly
            # facilitates it, not the one its room belongs to
            await bring_members(self.conn, AssemblyId(there.id), AssemblyId(home), now)
            await there.delete(using_db=self.conn)
        await AssemblyRow.filter(id=moving.id).using_db(self.conn).update(room=new)
        # what is still to be delivered goes to the new id; threads start afresh there (the old
        # id's messages are not the new one's to answer)
        for row in await OutboxRow.filter(platform=platform, room=old, status__in=("pending", "sending")).using_db(
                self.conn):
            payload = {**row.payload, "room": new} if isinstance(row.payload, dict) else row.payload
            await OutboxRow.filter(id=row.id).using_db(self.conn).update(room=new, payload=payload)
        await ThreadRootRow.filter(platform=platform, room=old).using_db(self.conn).delete()
        return True

    async def locate(self, assembly: AssemblyId) -> tuple[str, str] | None:
        row = await AssemblyRow.filter(id=assembly).using_db(self.conn).first()
        return (row.platform, row.room) if row else None

    async def welcome(self, assembly: AssemblyId, member: MemberId | None = None) -> Welcome:
        # One statement: the text on the assembly's row, `member`'s last welcome, and a row per
        # active member whose roles name the coordinator role (checked again here: LIKE only
        # narrows them down).
        rows = await self.conn.execute_query_dict(
            sql_for(self.conn, _WELCOME), [member or "", f'%"{Role.NEWCOMER_COORDINATOR.value}"%', assembly])
        if not rows:
            return Welcome()
        first = rows[0]
        text = None
        if first["welcome_text"] is not None:
            text = WelcomeText(first["welcome_text"], MemberId(first["welcome_by"] or ""),
                               _instant(first["welcome_at"]))
        coordinators = sorted(MemberId(row["member"]) for row in rows
                              if row["member"] is not None and Role.NEWCOMER_COORDINATOR.value in _json(row["roles"]))
        return Welcome(text, tuple(coordinators), _instant(first["last_welcomed"]))

    async def set_welcome(self, assembly: AssemblyId, text: WelcomeText | None, member: MemberId,
                          at: datetime) -> None:
        await AssemblyRow.filter(id=assembly).using_db(self.conn).update(
            welcome_text=text.text if text else None, welcome_by=text.set_by if text else None,
            welcome_at=utc(text.set_at) if text else None,
        )
        await self.conn.execute_query(
            sql_for(self.conn, _INSERT_AUDIT),
            [assembly, AUDIT_SUBJECT, None, "set" if text else "removed", member, 1, utc(at),
             db_json({"text": text.text} if text else {})],
        )


def _assembly(row: dict[str, Any]) -> Assembly:
    """An assembly read from its row, without its members (`load_members` reads them)."""
    return Assembly(
        federated=bool(row.get("federated")),
        id=AssemblyId(row["id"]),
        platform=row["platform"],
        room=row["room"],
        language=row["language"],
        timezone=row["timezone"],
        mode=MembershipMode(row["mode"]),
        next_number=row["next_number"],
        title=row["title"] or "",
        members_complete=False,
    )


def _member(row: MembershipRow) -> Member:
    return Member(
        member=MemberId(row.member),
        roles={Role(r) for r in row.roles if r in Role.__members__.values()},
        mandates=_mandates(row.mandates),
        active=row.active,
        joined_at=row.joined_at,
        timezone=row.timezone,
    )


def _mandates(stored: Any) -> dict[Role, Mandate]:
    """The `mandates` column: role → {"ends", "since", "by", "term"} (ISO 8601 instants)."""
    found: dict[Role, Mandate] = {}
    if not stored or stored == "{}":  # the usual row (no mandate), read with every command: no parsing
        return found
    for role, held in (_json(stored) or {}).items():
        if role not in Role.__members__.values():
            continue
        found[Role(role)] = Mandate(ends=_instant(held["ends"]), since=_instant(held["since"]),
                                    by=MemberId(held["by"]) if held.get("by") else None, term=held.get("term", ""))
    return found


def _mandates_column(member: Member) -> dict[str, dict[str, Any]]:
    return {role.value: {"ends": utc(m.ends).isoformat(), "since": utc(m.since).isoformat(), "by": m.by,
                         "term": m.term}
            for role, m in sorted(member.mandates.items())}


@lru_cache(maxsize=64)
def _share(text: str) -> Fraction:
    return Fraction(text)


# The electorate snapshot of an open proposal is read on every position, hundreds of members
# long, and rarely changes: decoded once per distinct stored text, kept for a few proposals.
_ELECTORATES: OrderedDict[str, Electorate] = OrderedDict()
_ELECTORATES_KEPT = 32


def _electorate(stored: Any) -> Electorate:
    if not isinstance(stored, str):  # read through the ORM: already decoded
        return Electorate(stored)
    found = _ELECTORATES.get(stored)
    if found is None:
        found = _ELECTORATES[stored] = Electorate(json.loads(stored))  # MemberId: a NewType of str
        if len(_ELECTORATES) > _ELECTORATES_KEPT:
            _ELECTORATES.popitem(last=False)
    else:
        _ELECTORATES.move_to_end(stored)
    return found


def _rules(row: ProposalRow) -> Rules:
    return Rules(
        method=Method(row.method),
        deadline=row.deadline,
        quorum=_share(row.quorum) if row.quorum else None,
        threshold=_share(row.threshold),
        anonymous=row.anonymous,
        hide_results=row.hide_results,
        options=tuple(row.options),
        review_after=row.review_after,
    )


def _position(row: PositionRow) -> Position:
    return Position(
        member=MemberId(row.member), version=row.version, stance=Stance(row.stance), reason=row.reason,
        option=row.option, at=row.at, recorded_by=MemberId(row.recorded_by) if row.recorded_by else None,
    )


def _objection(row: ObjectionRow) -> Objection:
    return Objection(
        member=MemberId(row.member), reason=row.reason, version=row.version,
        status=ObjectionStatus(row.status), raised_at=row.raised_at, resolved_at=row.resolved_at,
        resolved_version=row.resolved_version,
    )


class Proposals:
    def __init__(self, conn: BaseDBAsyncClient, lock: bool,
                 without_round: set[tuple[int, int]] | None = None) -> None:
        self.conn = conn
        self.lock = lock
        # (assembly, number) of the proposals read in this transaction that have no live round:
        # shared with the unit of work's Meetings, which then need not look for one (SQLite).
        self.without_round = without_round if without_round is not None else set()
        # Column values as loaded, so that a save writes only what changed (a position
        # changes the tally, not the electorate of hundreds of members).
        self._loaded: dict[int, dict[str, Any]] = {}

    def _from_row(self, row: ProposalRow) -> Proposal:
        proposal = Proposal(
            id=row.id,
            number=Number(row.number),
            title=row.title,
            body=row.body,
            author=MemberId(row.author),
            rules=_rules(row),
            created_at=row.created_at,
            status=Status(row.status),
            phase=Phase(row.phase),
            version=row.version,
            electorate=_electorate(row.electorate),
            counts=dict(row.counts),
            participated=row.participated,
            outcome=row.outcome,
            decided_at=row.decided_at,
            review_at=row.review_at,
            salt=row.salt,
            positions_complete=False,
        )
        self._loaded[row.id] = self._columns(proposal)
        return proposal

    async def _hydrate(self, row: ProposalRow, member: MemberId | None, full: bool) -> Proposal:
        proposal = self._from_row(row)
        if member is not None and not full:  # a position: the objections and mine, in one statement
            await self._objections_and_mine(proposal, proposal.who(member))
            return proposal
        objections = await fetch(self.conn, ObjectionRow, "SELECT * FROM objection WHERE proposal_id = ?", [row.id])
        proposal.objections = {MemberId(o.member): _objection(o) for o in objections}
        if full:
            positions = await fetch(self.conn, PositionRow,
                                    'SELECT * FROM "position" WHERE proposal_id = ? ORDER BY id', [row.id])
            proposal.positions = {(MemberId(p.member), p.version): _position(p) for p in positions}
            proposal.positions_complete = True
            entries = await fetch(self.conn, EntryRow,
                                  "SELECT * FROM proposal_entry WHERE proposal_id = ? ORDER BY id", [row.id])
            proposal.entries = [
                Entry(e.kind, MemberId(e.member), e.text, e.version, e.at) for e in entries
            ]
            texts = await fetch(self.conn, ProposalTextRow, "SELECT * FROM proposal_text WHERE proposal_id = ?",
                                [row.id])
            proposal.texts = {t.version: t.text for t in texts}
        return proposal

    async def _objections_and_mine(self, proposal: Proposal, who: MemberId) -> None:
        assert proposal.id is not None
        rows = await self.conn.execute_query_dict(
            sql_for(self.conn, _OBJECTIONS_AND_MINE), [proposal.id, proposal.id, who, proposal.version]
        )
        for found in rows:
            if found["row_kind"] == "objection":
                objection = _objection(record(ObjectionRow, {c: found[c] for c in _OBJECTION_COLUMNS}))
                proposal.objections[objection.member] = objection
            else:
                proposal.positions[(who, proposal.version)] = _position(
                    record(PositionRow, {c: found[c] for c in _POSITION_COLUMNS})
                )

    async def get(self, assembly: AssemblyId, number: int, *, member: MemberId | None = None,
                  full: bool = False) -> Proposal | None:
        # With the live round's status only where the whole transaction reads one snapshot
        # (SQLite). On PostgreSQL a statement that waited for the proposal's row lock still
        # reads from before the wait, and could miss a live round that the transaction it
        # waited for started: there the round is looked up on its own, when it is needed.
        if self.lock:
            found = await fetch(self.conn, ProposalRow, _PROPOSAL + for_update(True), [assembly, number])
        else:
            found = await fetch(self.conn, ProposalRow, _PROPOSAL_AND_ROUND, [assembly, number])
        if not found:
            return None
        if not self.lock and found[0].live_round_status is None:
            self.without_round.add((assembly, number))
        return await self._hydrate(found[0], member, full)

    async def get_by_id(self, proposal_id: int) -> tuple[AssemblyId, Proposal] | None:
        query = ProposalRow.filter(id=proposal_id).using_db(self.conn)
        row = await (query.select_for_update() if self.lock else query).first()
        if row is None:
            return None
        return AssemblyId(row.assembly_id), await self._hydrate(row, None, False)  # type: ignore[attr-defined]

    async def list(self, assembly: AssemblyId, *, open_only: bool = False) -> list[Proposal]:
        query = ProposalRow.filter(assembly_id=assembly)
        if open_only:
            query = query.filter(status=Status.OPEN.value)
        rows = await query.using_db(self.conn).order_by("number")
        return [self._from_row(r) for r in rows]

    def _columns(self, proposal: Proposal) -> dict[str, Any]:
        rules = proposal.rules
        return {
            "title": proposal.title,
            "body": proposal.body,
            "author": proposal.author,
            "method": rules.method.value,
            "status": proposal.status.value,
            "phase": proposal.phase.value,
            "version": proposal.version,
            "deadline": rules.deadline,
            "quorum": str(rules.quorum) if rules.quorum is not None else None,
            "threshold": str(rules.threshold),
            "anonymous": rules.anonymous,
            "hide_results": rules.hide_results,
            "options": list(rules.options),
            "review_after": rules.review_after,
            "electorate": proposal.electorate,  # a tuple, compared as such and written as a JSON array
            "counts": {k: v for k, v in proposal.counts.items() if v},
            "participated": proposal.participated,
            "outcome": proposal.outcome,
            "decided_at": proposal.decided_at,
            "review_at": proposal.review_at,
            "salt": proposal.salt,
        }

    async def _upsert_position(self, proposal_id: int, position: Position) -> None:
        await self.conn.execute_query(
            sql_for(self.conn, _UPSERT_POSITION),
            [proposal_id, position.member, position.version, position.stance.value, position.reason,
             position.option, utc(position.at), position.recorded_by],
        )

    async def add(self, assembly: AssemblyId, proposal: Proposal) -> None:
        row = await ProposalRow.create(
            assembly_id=assembly, number=proposal.number, created_at=proposal.created_at,
            using_db=self.conn, **self._columns(proposal),
        )
        proposal.id = row.id
        self._loaded[row.id] = self._columns(proposal)
        proposal.dirty.discard("proposal")
        await self.save(assembly, proposal, texts_from=1)

    async def save(self, assembly: AssemblyId, proposal: Proposal, texts_from: int | None = None) -> None:
        assert proposal.id is not None
        events, dirty, positions, objections, entries = proposal.take_changes()
        if "proposal" in dirty:
            columns = self._columns(proposal)
            before = self._loaded.get(proposal.id, {})
            # `is` first: the electorate, thousands of members long, is most often the very tuple loaded
            changed = {k: v for k, v in columns.items()
                       if (was := before.get(k, _MISSING)) is not v and was != v}
            if changed:
                await self._update(proposal.id, changed)
            self._loaded[proposal.id] = columns
        if texts_from is not None or "text" in dirty:
            version = texts_from or proposal.version
            await ProposalTextRow.create(proposal_id=proposal.id, version=version,
                                         text=proposal.texts.get(version, proposal.body), using_db=self.conn)
        for key in dict.fromkeys(positions):  # each touched position once, in order
            member, version = key
            position = proposal.positions.get(key)
            if position is None:
                await PositionRow.filter(proposal_id=proposal.id, member=member, version=version).using_db(
                    self.conn
                ).delete()
                continue
            await self._upsert_position(proposal.id, position)
        for member in dict.fromkeys(objections):
            objection = proposal.objections[member]
            values = {"reason": objection.reason, "version": objection.version, "status": objection.status.value,
                      "raised_at": objection.raised_at, "resolved_at": objection.resolved_at,
                      "resolved_version": objection.resolved_version}
            if not await ObjectionRow.filter(proposal_id=proposal.id, member=member).using_db(self.conn).update(**values):
                await ObjectionRow.create(proposal_id=proposal.id, member=member, using_db=self.conn, **values)
        if entries:
            await EntryRow.bulk_create(
                [EntryRow(proposal_id=proposal.id, kind=e.kind, member=e.member, text=e.text, version=e.version, at=e.at)
                 for e in entries],
                using_db=self.conn,
            )
        for e in events:
            await self.conn.execute_query(
                sql_for(self.conn, _INSERT_AUDIT),
                [assembly, "proposal", proposal.number, e.kind, e.member, e.version, utc(e.at),
                 db_json(_jsonable(e.data))],
            )

    async def _update(self, proposal_id: int, changed: dict[str, Any]) -> None:
        """One UPDATE of the changed columns (JSON encoded, datetimes in UTC)."""
        names = list(changed)
        values = [db_json(v) if k in _JSON_COLUMNS else utc(v) if isinstance(v, datetime) else v
                  for k, v in changed.items()]
        assignments = ", ".join(f'"{name}" = ?' for name in names)
        await self.conn.execute_query(sql_for(self.conn, f"UPDATE proposal SET {assignments} WHERE id = ?"),
                                      [*values, proposal_id])


# A position reads the proposal's objections and the member's own position on the current
# version: one statement for both (the columns each part lacks are NULL).
_OBJECTION_COLUMNS = ("member", "version", "reason", "status", "raised_at", "resolved_at", "resolved_version")
_POSITION_COLUMNS = ("member", "version", "reason", "stance", "option", "at", "recorded_by")
_OBJECTIONS_AND_MINE = (
    "SELECT 'objection' AS row_kind, member, version, reason, status, raised_at, resolved_at, resolved_version, "
    'NULL AS stance, NULL AS "option", NULL AS at, NULL AS recorded_by FROM objection WHERE proposal_id = ? '
    "UNION ALL "
    "SELECT 'position', member, version, reason, NULL, NULL, NULL, NULL, stance, \"option\", at, recorded_by "
    'FROM "position" WHERE proposal_id = ? AND member = ? AND version = ?'
)

# A proposal, and whether a live round runs on it (a position moves such a round on): one
# statement where there were two, the second one most often finding nothing.
_PROPOSAL = "SELECT * FROM proposal WHERE assembly_id = ? AND number = ?"
_PROPOSAL_AND_ROUND = (
    "SELECT *, (SELECT status FROM live_round r WHERE r.assembly_id = proposal.assembly_id "
    "AND r.proposal_number = proposal.number) AS live_round_status FROM proposal WHERE assembly_id = ? AND number = ?"
)

# the columns `_assembly` reads
_ASSEMBLY_COLUMNS = ("id", "platform", "room", "language", "timezone", "mode", "next_number", "title")
# A room federated into another's assembly (`part_of`) reads that assembly's row (`h`, its home);
# `federated`: the assembly has more than one room (its messages go to each of them).
_FEDERATED = "(r.id <> h.id OR EXISTS (SELECT 1 FROM assembly x WHERE x.part_of = h.id)) AS federated"
_ASSEMBLY = (
    "SELECT " + ", ".join(f"h.{name}" for name in _ASSEMBLY_COLUMNS) + f", {_FEDERATED} "
    "FROM assembly r JOIN assembly h ON h.id = COALESCE(r.part_of, r.id) WHERE r.platform = ? AND r.room = ?"
)
# The sender's identity may be linked to the member it acts as (`!link`): `person`.
_ASSEMBLY_AND_MEMBER = (
    "SELECT " + ", ".join(f"h.{name}" for name in _ASSEMBLY_COLUMNS) + f", {_FEDERATED}, l.person AS person, "
    "m.member AS m_member, m.roles AS m_roles, m.mandates AS m_mandates, m.active AS m_active, "
    "m.joined_at AS m_joined_at, "
    "m.timezone AS m_timezone "
    "FROM assembly r JOIN assembly h ON h.id = COALESCE(r.part_of, r.id) "
    "LEFT JOIN identity_link l ON l.identity = ? "
    "LEFT JOIN membership m ON m.assembly_id = h.id AND m.member = COALESCE(l.person, ?) "
    "WHERE r.platform = ? AND r.room = ?"
)
_WELCOME = (
    "SELECT a.welcome_text, a.welcome_by, a.welcome_at, m.member, m.roles, (SELECT w.welcomed_at FROM membership w "
    "WHERE w.assembly_id = a.id AND w.member = ?) AS last_welcomed FROM assembly a "
    "LEFT JOIN membership m ON m.assembly_id = a.id AND m.active AND CAST(m.roles AS TEXT) LIKE ? "
    "WHERE a.id = ?"
)
_MISSING = object()
_JSON_COLUMNS = frozenset({"options", "electorate", "counts"})
_INSERT_AUDIT = (
    'INSERT INTO audit_event (assembly_id, subject, "number", kind, member, version, at, data) '
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)

# One statement whether the member positions for the first time or changes their mind.
_UPSERT_POSITION = (
    'INSERT INTO "position" ("proposal_id", "member", "version", "stance", "reason", "option", "at", '
    '"recorded_by") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("proposal_id", "member", "version") DO UPDATE SET '
    '"stance" = excluded."stance", "reason" = excluded."reason", "option" = excluded."option", '
    '"at" = excluded."at", "recorded_by" = excluded."recorded_by"'
)


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: (v if isinstance(v, (str, int, float, bool, type(None))) else str(v)) for k, v in data.items()}


class Due:
    def __init__(self, conn: BaseDBAsyncClient, now: datetime) -> None:
        self.conn = conn
        self.now = now

    async def schedule(self, kind: str, ref: int, due_at: datetime, data: dict[str, Any] | None = None) -> None:
        await DueRow.create(kind=kind, ref=ref, due_at=due_at, data=data or {}, created_at=self.now,
                            using_db=self.conn)

    async def cancel(self, kind: str, ref: int) -> None:
        await DueRow.filter(kind=kind, ref=ref, status="pending").using_db(self.conn).update(status="cancelled")

    async def complete(self, due_id: int) -> None:
        await DueRow.filter(id=due_id).using_db(self.conn).update(status="done")

    async def get(self, due_id: int) -> PendingDue | None:
        row = await DueRow.filter(id=due_id).using_db(self.conn).first()
        return PendingDue(row.due_at, dict(row.data or {})) if row else None


async def thread_started_by(conn: BaseDBAsyncClient, platform: str, room: str, message_ids: list[str],
                            *, answered: str | None = None) -> str | None:
    """The thread key ("proposal:3") of the thread that one of `message_ids` belongs to, the
    first of them that does; None when none does. Besides the thread's first message, the rows
    that remember a native poll or a round's buttons ("proposal:3#poll", "proposal:3#v2") name
    messages of that thread.

    `answered`, one of `message_ids`: the message the command answers. Any message the bot
    sent for a thread counts there, not only the first (a round's call, a reminder, a
    confirmation): the outbox row that sent it says for which thread.

    One read, of the thread_root index on (platform, room, message_id) and, for the message
    answered, of the outbox's on (platform, room, sent_id)."""
    wanted = [m for m in dict.fromkeys(message_ids) if m]
    if not wanted:
        return None
    sql, params = thread_lookup(platform, room, wanted, answered if answered in wanted else None)
    rows = await conn.execute_query_dict(sql_for(conn, sql), params)
    roots = {row["message_id"]: row["thread_key"].partition("#")[0] for row in rows if not row["sent"]}
    # the row that sent the message first: a later one may name the same message (a tally
    # drawn under it, a poll already ended), for the same thread
    sent = min(((row["id"], row["thread_key"]) for row in rows if row["sent"] and "#" not in row["thread_key"]),
               default=None)
    for message in wanted:
        if message in roots:
            return str(roots[message])
        if message == answered and sent is not None:
            return str(sent[1])
    return None


def thread_lookup(platform: str, room: str, message_ids: list[str], answered: str | None,
                  ) -> tuple[str, list[Any]]:
    """The statement of `thread_started_by` and its parameters."""
    marks = ", ".join("?" for _ in message_ids)
    sql = (f"SELECT 0 AS sent, 0 AS id, message_id, thread_key FROM thread_root "
           f"WHERE platform = ? AND room = ? AND message_id IN ({marks})")
    params: list[Any] = [platform, room, *message_ids]
    if answered is not None:
        sql += (" UNION ALL SELECT 1, id, sent_id, thread_key FROM outbox "
                "WHERE platform = ? AND room = ? AND sent_id = ? AND thread_key IS NOT NULL")
        params += [platform, room, answered]
    return sql, params
