"""The names members go by on the networks whose adapters show people by name themselves.

Telegram and the generic webhook write a member's name in place of their id in what the bot
sends, from what that person's own events told the adapter. Kept only in memory, those names
were lost at every restart: until someone spoke again, the bot showed them by their raw id
(`telegram:123456789`), in the very reminders that name those who have not spoken lately.
Here each member's latest name is kept in the database, written in the transaction of the
event that brought it, and only when it is new or changed (`KnownNames` remembers what the
database holds), so that ordinary messages write nothing more.

Beside the name, the handle others mention that member by, where the network has one (a
Telegram @username): after a restart, `/role @bob_t catalyseur` finds Bob before he speaks
again. A handle may pass from one person to another (Telegram allows it): the one seen with
it last holds it, as `latest` gives rows back oldest first.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import datetime

import structlog
from tortoise.backends.base.client import BaseDBAsyncClient

from storage.repositories import sql_for, utc

log = structlog.get_logger("assemblee.storage")

NAME_MAX = 128  # the column's size (a Telegram name is up to 64 + 1 + 64 characters: the rare longer one is cut)
USERNAME_MAX = 64  # the column's size (a Telegram username is 5 to 32 characters)
KNOWN_KEPT = 50_000  # names this process remembers having stored; the oldest are forgotten first

_UPSERT = (
    "INSERT INTO member_name (platform, member, name, username, updated_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (platform, member) DO UPDATE SET name = excluded.name, username = excluded.username, "
    "updated_at = excluded.updated_at"
)

Key = tuple[str, str]  # (platform, member)
Entry = tuple[str, str | None]  # (name, username): what is kept of one member


def stored_form(name: str, size: int = NAME_MAX) -> str:
    """A name as it is kept: without control characters (PostgreSQL refuses NUL in text),
    cut to the column's size."""
    kept = "".join(" " if unicodedata.category(c) == "Cc" else c for c in name).strip()
    return kept[:size]


def stored_entry(name: str, username: str | None) -> Entry:
    """Name and username as they are kept (an empty username is none)."""
    handle = stored_form(username.removeprefix("@"), USERNAME_MAX) if username else ""
    return stored_form(name), handle or None


class KnownNames:
    """What this process knows the database holds, for the platforms whose names are kept.

    Owned by the pipeline and shared by its units of work: a name already stored (read at
    start-up or written since) costs no write. A unit of work notes what it wrote and
    erased, and its notes count only once it commits."""

    def __init__(self, platforms: Iterable[str] = (), capacity: int = KNOWN_KEPT,
                 forgotten: Callable[[str, str], None] | None = None) -> None:
        self.platforms = frozenset(platforms)
        self._capacity = capacity
        self._stored: OrderedDict[Key, Entry] = OrderedDict()
        # told (platform, member) once the erasure of a member's name has committed, so that
        # the adapter showing it forgets it too
        self.forgotten = forgotten

    def stored(self, key: Key) -> Entry | None:
        return self._stored.get(key)

    def note(self, key: Key, entry: Entry | None) -> None:
        """`entry` is what the database now holds for `key` (None: nothing)."""
        if entry is None:
            self._stored.pop(key, None)
            return
        self._stored[key] = entry
        self._stored.move_to_end(key)
        while len(self._stored) > self._capacity:
            self._stored.popitem(last=False)


class Names:
    """The names repository of one unit of work (`core.ports.NameBook`)."""

    def __init__(self, conn: BaseDBAsyncClient, now: datetime, known: KnownNames | None) -> None:
        self.conn = conn
        self.now = now
        self.known = known
        self.pending: list[tuple[Key, Entry | None]] = []  # what the cache learns at commit

    async def remember(self, platform: str, member: str, name: str, username: str | None = None, *,
                       federated: bool = False) -> None:
        known = self.known
        if known is None or (platform not in known.platforms and not federated):
            return  # this network shows people otherwise (or this is no pipeline's work)
        key = (platform, member)
        given: Entry = (name, username or None)
        if known.stored(key) == given:
            return  # the usual case: nothing to write
        kept = stored_entry(name, username)
        if not kept[0]:
            return
        if known.stored(key) == kept:
            return
        if await self._write(key, kept):
            self.pending.append((key, kept))

    async def _write(self, key: Key, entry: Entry) -> bool:
        """Upsert the name; a failure is logged and changes nothing else: the event's own
        work commits all the same (on PostgreSQL the statement runs in a savepoint, since a
        failed statement would otherwise spoil the whole transaction)."""
        savepoint = self.conn.capabilities.dialect == "postgres"
        try:
            if savepoint:
                await self.conn.execute_query("SAVEPOINT member_name")
            await self.conn.execute_query(sql_for(self.conn, _UPSERT), [*key, *entry, utc(self.now)])
            if savepoint:
                await self.conn.execute_query("RELEASE SAVEPOINT member_name")
        except Exception as error:  # noqa: BLE001 - a name is never worth the message it came with
            if savepoint:
                with contextlib.suppress(Exception):
                    await self.conn.execute_query("ROLLBACK TO SAVEPOINT member_name")
            log.warning("names.not_kept", platform=key[0], member=key[1], error=str(error))
            return False
        return True

    async def get(self, platform: str, member: str) -> str | None:
        rows = await self.conn.execute_query_dict(
            sql_for(self.conn, "SELECT name FROM member_name WHERE platform = ? AND member = ?"),
            [platform, member],
        )
        return str(rows[0]["name"]) if rows else None

    async def names_of(self, members: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for start in range(0, len(members), 500):
            chunk = members[start:start + 500]
            rows = await self.conn.execute_query_dict(
                sql_for(self.conn, f"SELECT member, name FROM member_name WHERE member IN ({', '.join('?' * len(chunk))}) "
                                   "ORDER BY updated_at, id"), chunk)
            found.update((str(row["member"]), str(row["name"])) for row in rows)  # the latest last
        return found

    async def username(self, platform: str, member: str) -> str | None:
        rows = await self.conn.execute_query_dict(
            sql_for(self.conn, "SELECT username FROM member_name WHERE platform = ? AND member = ?"),
            [platform, member],
        )
        return str(rows[0]["username"]) if rows and rows[0]["username"] else None

    async def erase(self, platform: str, member: str) -> None:
        await self.conn.execute_query(
            sql_for(self.conn, "DELETE FROM member_name WHERE platform = ? AND member = ?"), [platform, member]
        )
        self.pending.append(((platform, member), None))

    def committed(self) -> None:
        known = self.known
        if known is not None:
            for key, name in self.pending:
                known.note(key, name)
                if name is None and known.forgotten is not None:
                    try:
                        known.forgotten(*key)
                    except Exception:  # the erasure has committed: it stands
                        log.exception("names.not_forgotten_in_memory", platform=key[0], member=key[1])
        self.pending.clear()


async def latest(conn: BaseDBAsyncClient, platform: str, limit: int) -> list[tuple[str, str, str | None]]:
    """The `limit` names of `platform` updated last, as (member, name, username), oldest first:
    of two members seen with the same username, the one seen with it last comes later."""
    rows = await conn.execute_query_dict(
        sql_for(conn, "SELECT member, name, username FROM member_name WHERE platform = ? "
                      "ORDER BY updated_at DESC, id DESC LIMIT ?"),
        [platform, limit],
    )
    return [(str(row["member"]), str(row["name"]), str(row["username"]) if row["username"] else None)
            for row in reversed(rows)]
