"""SQLite metadata store (WAL, synchronous=FULL): the tables of :mod:`.tree`'s rules.

All writes go through one writer thread that commits in groups (:mod:`.writer`), and none
is answered before the shared COMMIT has reached the disk.  Reads run on a small pool of
read-only connections, which WAL lets proceed while a write commits.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Optional

from .accounts_rows import now_us
from .base import NOT_NOW
from .schema import bring_up_to_date
from .tree import TreeStore
from .writer import GroupWriter

__all__ = ["SqliteStore", "now_us"]

_REF = ("INSERT INTO blob_refs VALUES ({0}, 1, 0) "
        "ON CONFLICT(blob) DO UPDATE SET refs = refs + 1;")
_UNREF = ("UPDATE blob_refs SET refs = refs - 1, zero_us = CASE WHEN refs = 1 THEN "
          "CAST((julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER) ELSE zero_us END "
          "WHERE blob = {0};")


def _ref_triggers() -> str:
    """Triggers keeping ``blob_refs`` right: a blob is referenced by a live item, a deleted
    item, or a checkpoint (through the version it names)."""
    blob_of = {"nodes": "{}.blob", "trash": "{}.blob",
               "checkpoints": "(SELECT blob FROM versions WHERE id = {}.version)"}
    out = []
    for table, blob in blob_of.items():
        new, old = blob.format("NEW"), blob.format("OLD")
        out.append(f"CREATE TRIGGER IF NOT EXISTS {table}_ref AFTER INSERT ON {table} "
                   f"WHEN {new} IS NOT NULL BEGIN {_REF.format(new)} END;")
        out.append(f"CREATE TRIGGER IF NOT EXISTS {table}_unref AFTER DELETE ON {table} "
                   f"WHEN {old} IS NOT NULL BEGIN {_UNREF.format(old)} END;")
    # a new version of a file (the trash and checkpoints never change the blob of a row)
    for name, side, body in (("nodes_reref", "NEW", _REF), ("nodes_unref_old", "OLD", _UNREF)):
        out.append(f"CREATE TRIGGER IF NOT EXISTS {name} AFTER UPDATE OF blob ON nodes "
                   f"WHEN {side}.blob IS NOT NULL AND NEW.blob IS NOT OLD.blob "
                   f"BEGIN {body.format(side + '.blob')} END;")
    return "\n".join(out)


# what counts as a reference, for data folders made before blob_refs existed
_COUNT_REFS = (
    "INSERT INTO blob_refs SELECT blob, COUNT(*), 0 FROM ("
    "SELECT blob FROM nodes WHERE blob IS NOT NULL UNION ALL "
    "SELECT blob FROM trash WHERE blob IS NOT NULL UNION ALL "
    "SELECT v.blob FROM checkpoints k JOIN versions v ON v.id = k.version "
    "WHERE v.blob IS NOT NULL) GROUP BY blob")


# what only SQLite has (the tables of both are schema.TABLES)
_OWN = """
-- a change log written by earlier servers and never read (omni1 has no way to replay events;
-- clients list again after a reconnect): it only grew, two rows per write
DROP TABLE IF EXISTS events;
CREATE TRIGGER IF NOT EXISTS inline_blobs_forget AFTER DELETE ON blob_refs
BEGIN DELETE FROM inline_blobs WHERE blob = OLD.blob; END;
""" + _ref_triggers()


_UNKNOWN = object()


class _Remembered:
    """Reads of one connection's snapshots of one data version (``version``), by key:
    at most MAX_ENTRIES, with at most MAX_BYTES of content; the oldest go first."""

    MAX_ENTRIES = 4096
    MAX_BYTES = 16 << 20

    def __init__(self):
        self.version: Optional[int] = None
        self._reads: dict = {}
        self._bytes = 0

    def get(self, key: tuple, default):
        return self._reads.get(key, default)

    def clear(self, version: Optional[int]) -> None:
        self.version = version
        self._reads.clear()
        self._bytes = 0

    def add(self, key: tuple, value) -> None:
        size = _content_size(value)
        if size > self.MAX_BYTES:
            return
        self._bytes += size
        self._reads[key] = value
        while len(self._reads) > self.MAX_ENTRIES or self._bytes > self.MAX_BYTES:
            oldest = next(iter(self._reads))
            self._bytes -= _content_size(self._reads.pop(oldest))


def _content_size(value) -> int:
    return len(value[1]) if isinstance(value, tuple) and isinstance(value[1], bytes) else 0


class SqliteStore(TreeStore):
    def __init__(self, db_path: Path, readers: int = 2):
        self.db_path = Path(db_path)
        self._readers = ThreadPoolExecutor(max_workers=readers, thread_name_prefix="db-read")
        self._local = threading.local()
        self._writer = GroupWriter(lambda: self._connect(readonly=False),
                                   lambda conn: conn.execute("BEGIN IMMEDIATE"),
                                   lambda conn: conn.close())

    # -- connections and threads

    def _connect(self, readonly: bool) -> sqlite3.Connection:
        conn = sqlite3.connect(self.db_path, isolation_level=None, check_same_thread=False,
                               timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=30000")
        # Debian's SQLite zeroes every freed page (SECURE_DELETE), each one written twice more
        # (WAL, checkpoint): a fifth of the pages a live update wrote (its history is cut at
        # every commit); deleted content stays until its page is reused, as upstream's default
        conn.execute("PRAGMA secure_delete=FAST")
        if readonly:
            conn.execute("PRAGMA query_only=1")
        return conn

    def _init_schema(self) -> None:
        conn = self._connect(readonly=False)
        try:
            conn.execute("BEGIN IMMEDIATE")
            bring_up_to_date(conn, "sqlite", _OWN, every_time=True)  # one process: cheap
            # counted in the transaction that says so: a crash cannot leave it half done
            if conn.execute("SELECT 1 FROM meta WHERE key='blob_refs'").fetchone() is None:
                conn.execute("DELETE FROM blob_refs")
                conn.execute(_COUNT_REFS)
                conn.execute("INSERT INTO meta VALUES ('blob_refs', '1')")
            self._make_root(conn)
            conn.execute("COMMIT")
        finally:
            conn.close()

    async def open(self) -> None:
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        await asyncio.get_running_loop().run_in_executor(self._readers, self._init_schema)
        self._writer.start()

    async def close(self) -> None:
        quick = getattr(self._local, "quick", None)
        if quick is not None:
            quick.close()
            self._local.quick = None
        await self._writer.stop()
        self._readers.shutdown(wait=True)

    async def _write(self, fn: Callable[[sqlite3.Connection], object], *paths: str):
        return await self._writer.run(fn)  # one writer: the changes are apart already

    def _write_soon(self, fn: Callable[[sqlite3.Connection], object], done: Callable,
                    *paths: str) -> None:
        self._writer.run_soon(fn, done)

    def _reader_conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect(readonly=True)
        return conn

    async def _read(self, fn: Callable[[sqlite3.Connection], object]):
        def run():
            return fn(self._reader_conn())
        return await asyncio.get_running_loop().run_in_executor(self._readers, run)

    def _read_now(self, fn: Callable[[sqlite3.Connection], object],
                  key: Optional[tuple] = None):
        """A read of a few rows by key, run right here, on the event loop (such a read
        takes ~10 µs, the trip to a reader thread and back ~55 µs).  The connection it uses
        never waits for a lock: should SQLite be busy, the answer is ``NOT_NOW``
        (:meth:`_read_few` then sends the read to a reader thread).

        The reads of one pass of the loop share a read transaction (in WAL mode each
        transaction takes and drops a lock with two system calls), ended by the next pass:
        what it serves comes from callbacks queued before it began, so everything they
        follow (an answer a client had, another thread's commit) was committed before its
        snapshot was taken.

        A read named by ``key`` is remembered: while the database's data version (which
        any commit of any connection, this process's writer's or another process's,
        changes) stays that of the snapshot, the same read gets the same answer without a
        query (a repeated stat2 or small read of an unchanged item)."""
        try:
            conn = self._quick_conn()
            if not conn.in_transaction:
                self._begin_snapshot(conn)
            if key is None:
                return fn(conn)
            remembered = self._local.remembered
            found = remembered.get(key, _UNKNOWN)
            if found is _UNKNOWN:
                found = fn(conn)
                remembered.add(key, found)
            return found
        except sqlite3.OperationalError:
            return NOT_NOW

    def _begin_snapshot(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN")
        asyncio.get_running_loop().call_soon(self._end_snapshot, conn)
        remembered = self._local.remembered
        try:  # (the pragma starts the read transaction: the version is the snapshot's)
            version = conn.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.OperationalError:
            remembered.clear(None)  # the pass's later reads may see a newer snapshot
            raise
        if remembered.version != version:
            remembered.clear(version)

    def _quick_conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "quick", None)
        if conn is None:
            conn = self._local.quick = self._connect(readonly=True)
            conn.execute("PRAGMA busy_timeout=0")
            # a data version belongs to its connection: what an earlier one read goes
            self._local.remembered = _Remembered()
        return conn

    def _end_snapshot(self, conn: sqlite3.Connection) -> None:
        if conn is getattr(self._local, "quick", None) and conn.in_transaction:
            conn.execute("COMMIT")
