"""Tortoise's SQLite backend, with one difference: the sqlite3 connection may also be used
from the event loop's thread, not only from aiosqlite's.

`storage.onetrip` runs a whole unit of work on it from the event loop while it holds
tortoise's lock (so nothing else uses the connection meanwhile), which spares the trip to
aiosqlite's thread and back. Every other query goes through aiosqlite as usual.

Selected by `storage.db.tortoise_config` as the engine of every SQLite URL."""

from __future__ import annotations

import sqlite3

import aiosqlite
from tortoise.backends.sqlite.client import SqliteClient


class SharedSqliteClient(SqliteClient):
    busy_timeout_ms = 0  # as the connection's pragmas set it (storage.onetrip sets it back after each run)

    def shared_connection(self) -> sqlite3.Connection | None:
        """The sqlite3 connection, for use with tortoise's lock held; None when not connected."""
        if self._connection is None:
            return None
        try:
            return self._connection._conn
        except ValueError:  # aiosqlite is closing it
            return None

    async def create_connection(self, with_db: bool) -> None:
        if self._connection:
            return
        # As tortoise connects, but with `check_same_thread=False`: tortoise's lock, not the
        # thread, is what keeps two users of the connection apart.
        self._connection = await aiosqlite.connect(self.filename, isolation_level=None, check_same_thread=False)
        self._connection._conn.row_factory = sqlite3.Row
        for pragma, value in self.pragmas.items():
            cursor = await self._connection.execute(f"PRAGMA {pragma}={value}")
            await cursor.close()
        await self._post_connect()
        cursor = await self._connection.execute("PRAGMA busy_timeout")
        row = await cursor.fetchone()
        await cursor.close()
        self.busy_timeout_ms = int(row[0]) if row else 0


client_class = SharedSqliteClient
