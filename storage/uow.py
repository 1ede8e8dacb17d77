"""The tortoise unit of work: one database transaction per command or due row."""

from __future__ import annotations

import itertools
import os
import secrets
from datetime import datetime, timedelta
from typing import Self

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from core.ids import AssemblyId, MemberId
from core.mandates import AUDIT_SUBJECT as MANDATE_AUDIT
from core.messages import Outbound, outbound_to_dict
from core.proposals import pseudonym
from storage.federation_repository import Federation
from storage.models import (
    AssemblyRow,
    AuditRow,
    EntryRow,
    MembershipRow,
    ObjectionRow,
    PositionRow,
    ProposalRow,
)
from storage.names import KnownNames, Names
from storage.onetrip import DirectClient
from storage.repositories import (
    Assemblies,
    Due,
    Proposals,
    db_json,
    rename_in_mandate_dues,
    sql_for,
    utc,
)
from storage.scheduling_repositories import Meetings, Polls
from storage.tension_repository import Tensions


class _Keys:
    """Outbox keys, unique across processes and restarts: a random prefix drawn when the
    process starts (96 bits, as unlikely to repeat as a random UUID) and a counter. Cheaper
    than a UUID per message (no system call for randomness), and consecutive keys sit side
    by side in the key's index instead of on a random page of it."""

    def __init__(self) -> None:
        self.renew()
        os.register_at_fork(after_in_child=self.renew)  # a forked child must not repeat its parent's keys

    def renew(self) -> None:
        self.prefix = secrets.token_hex(12)
        self.counter = itertools.count(1)

    def next(self) -> str:
        return f"{self.prefix}{next(self.counter):010x}"


_KEYS = _Keys()


class OutboxWriter:
    """Outbound messages as outbox rows of the unit of work's transaction. It holds what it
    needs, not the unit of work itself: no reference cycle, so a finished unit of work is
    freed at once instead of waiting for the cyclic collector."""

    def __init__(self, conn: BaseDBAsyncClient, now: datetime, hold_seconds: float, keys: list[str],
                 round_platforms: frozenset[str] = frozenset(),
                 rooms: dict[str, tuple[str, str]] | None = None) -> None:
        self.conn = conn
        self.now = utc(now)
        self.hold = timedelta(seconds=hold_seconds)
        self.keys = keys
        self.rooms = {} if rooms is None else rooms  # each key's (platform, room)
        self.round_platforms = round_platforms

    def redraws_rounds(self, platform: str) -> bool:
        return platform in self.round_platforms

    async def add(self, message: Outbound) -> None:
        key = _KEYS.next()
        await self.conn.execute_query(
            sql_for(self.conn, _INSERT_OUTBOX),
            [key, message.platform, message.room, message.thread_key, db_json(outbound_to_dict(message)),
             "pending", 0, self.now + self.hold, "", self.now],
        )
        self.keys.append(key)
        self.rooms[key] = (message.platform, message.room)


_INSERT_OUTBOX = (
    'INSERT INTO outbox ("key", platform, room, thread_key, payload, status, attempts, next_attempt_at, '
    "last_error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)

# Claims an inbound event (see TortoiseUnitOfWork.mark_handled); the second one also marks it
# refused, for an edit of it (see claim_edit)
_MARK_HANDLED = (
    "INSERT INTO inbox (platform, event_id, handled, received_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (platform, event_id) DO UPDATE SET handled = ? "
    "WHERE inbox.handled = ? RETURNING id"
)
_MARK_REFUSED = (
    "INSERT INTO inbox (platform, event_id, handled, refused, received_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (platform, event_id) DO UPDATE SET handled = ?, refused = ? "
    "WHERE inbox.handled = ? RETURNING id"
)


class TortoiseUnitOfWork:
    """`async with uow:` opens a transaction; only `commit()` makes it durable."""

    def __init__(self, now: datetime, *, lock_rows: bool, hold_seconds: float = 0.0,
                 client: DirectClient | None = None, round_platforms: frozenset[str] = frozenset(),
                 names: KnownNames | None = None) -> None:
        self.now = now
        self.known_names = names  # the pipeline's: members' names are kept for its networks
        self.client = client  # run at once on the loop (storage.onetrip), else None
        self.lock_rows = lock_rows  # PostgreSQL: SELECT … FOR UPDATE; SQLite has one writer anyway
        self.hold_seconds = hold_seconds  # outbox rows wait this long (replies given inline meanwhile)
        # the networks whose round messages carry buttons redrawn after typed positions (the
        # adapters' `edits_round_messages`): for the others the core writes no such redraw
        self.round_platforms = round_platforms
        self.outbox_keys: list[str] = []
        # the room each of them goes to: an assembly of several rooms (`!federate`) writes to
        # rooms other than the one the event came from
        self.outbox_rooms: dict[str, tuple[str, str]] = {}

    async def __aenter__(self) -> Self:
        if self.client is not None:
            self._tx = None
            self.conn = self.client.fresh()
            await self.conn.begin()
        else:
            self._tx = in_transaction("default")
            self.conn = await self._tx.__aenter__()
        self.assemblies = Assemblies(self.conn, self.lock_rows)
        without_round: set[tuple[int, int]] = set()
        self.proposals = Proposals(self.conn, self.lock_rows, without_round)
        self.outbox = OutboxWriter(self.conn, self.now, self.hold_seconds, self.outbox_keys, self.round_platforms,
                                   self.outbox_rooms)
        self.due = Due(self.conn, self.now)
        self.polls = Polls(self.conn, self.lock_rows)
        self.meetings = Meetings(self.conn, self.lock_rows, without_round)
        self.names = Names(self.conn, self.now, self.known_names)
        self.tensions = Tensions(self.conn, self.lock_rows)
        self.federation = Federation(self.conn)
        return self

    async def __aexit__(self, *exc: object) -> None:
        try:
            if not self.conn._finalized:  # not committed: nothing of it survives
                await self.conn.rollback()
        finally:
            if self._tx is not None:
                await self._tx.__aexit__(*exc)

    async def commit(self) -> None:
        await self.conn.commit()
        self.names.committed()

    async def mark_handled(self, platform: str, event_id: str, *, refused: bool = False) -> bool:
        """Claim the event in one statement: a new inbox row is inserted as handled, or an
        accepted (not yet handled) row flips to handled. Only the first transaction that runs
        it gets a row back; on PostgreSQL a concurrent one waits for the row lock, then sees
        `handled` already true and gets nothing. A refusal writes its mark in the same
        statement; an event that did something leaves `refused` to its default."""
        sql = _MARK_REFUSED if refused else _MARK_HANDLED
        # execute_query_dict: the asyncpg client drops the rows an INSERT … RETURNING gives
        # through execute_query, which would make every new event look handled already.
        params: list[object] = [platform, event_id, True, self.now, True, False]
        if refused:
            params = [platform, event_id, True, True, self.now, True, True, False]
        rows = await self.conn.execute_query_dict(sql_for(self.conn, sql), params)
        return bool(rows)

    async def claim_edit(self, platform: str, original: str) -> bool:
        """One statement: the original's row leaves `refused` (it was refused, no edit of it
        ran yet), or, when the bot never had the original (no command: nothing to refuse), a
        row is written for it, handled and not refused. Any other row (the original did
        something, or an edit of it ran already) gives nothing back. On PostgreSQL a concurrent
        edit waits for the row lock, then finds `refused` false."""
        sql = (
            "INSERT INTO inbox (platform, event_id, handled, refused, received_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (platform, event_id) DO UPDATE SET refused = ? "
            "WHERE inbox.refused = ? RETURNING id"
        )
        rows = await self.conn.execute_query_dict(
            sql_for(self.conn, sql), [platform, original, True, False, self.now, False, True]
        )
        return bool(rows)

    async def _forget_in_data(self, assembly: AssemblyId, member: MemberId, alias: str) -> None:
        """The member named inside the data of rows about roles: as the giver of a role in the
        audit log (`by`), as the holder in the due rows of a mandate's reminder and end."""
        for audit in await AuditRow.filter(assembly_id=assembly, subject=MANDATE_AUDIT).using_db(self.conn):
            if isinstance(audit.data, dict) and audit.data.get("by") == member:
                audit.data = {**audit.data, "by": alias}
                await audit.save(using_db=self.conn, update_fields=["data"])
        await rename_in_mandate_dues(self.conn, member, alias, ("member", "by"), ref=assembly)

    async def forget(self, assembly: AssemblyId, member: MemberId) -> None:
        alias = pseudonym("forgotten", member)
        proposals = ProposalRow.filter(assembly_id=assembly)
        ids = await proposals.using_db(self.conn).values_list("id", flat=True)
        await ProposalRow.filter(assembly_id=assembly, author=member).using_db(self.conn).update(author=alias)
        await PositionRow.filter(proposal_id__in=ids, member=member).using_db(self.conn).update(member=alias)
        await PositionRow.filter(proposal_id__in=ids, recorded_by=member).using_db(self.conn).update(recorded_by=alias)
        await ObjectionRow.filter(proposal_id__in=ids, member=member).using_db(self.conn).update(member=alias)
        await EntryRow.filter(proposal_id__in=ids, member=member).using_db(self.conn).update(member=alias)
        await AuditRow.filter(assembly_id=assembly, member=member).using_db(self.conn).update(member=alias)
        await self._forget_in_data(assembly, member, alias)
        await AssemblyRow.filter(id=assembly, welcome_by=member).using_db(self.conn).update(welcome_by=alias)
        await MembershipRow.filter(assembly_id=assembly, member=member).using_db(self.conn).delete()
        for row in await ProposalRow.filter(assembly_id=assembly).using_db(self.conn):
            if member in row.electorate:
                row.electorate = [alias if m == member else m for m in row.electorate]
                await row.save(using_db=self.conn, update_fields=["electorate"])
