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
from typing import Callable

from .accounts_rows import now_us
from .base import FOLDER
from .tree import TreeStore
from .writer import GroupWriter

__all__ = ["SqliteStore", "now_us"]

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (
    path TEXT PRIMARY KEY,
    parent TEXT NOT NULL,
    kind TEXT NOT NULL,
    version INTEGER NOT NULL,
    size INTEGER NOT NULL,
    blob TEXT,
    created_us INTEGER NOT NULL,
    modified_us INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    modified_by TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS nodes_parent ON nodes(parent);
-- which live files hold some content (a write naming content by its hash must be allowed
-- to read one of them)
CREATE INDEX IF NOT EXISTS nodes_blob ON nodes(blob);
-- every write of an item gets a row here; its id is the item's etag and
-- transaction id (room for checkpoints and version history in part 2)
CREATE TABLE IF NOT EXISTS versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    path TEXT NOT NULL,
    kind TEXT NOT NULL,
    blob TEXT,
    size INTEGER NOT NULL,
    created_us INTEGER NOT NULL,
    author TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT ''
);
-- a change log written by earlier servers and never read (omni1 has no way to replay events;
-- clients list again after a reconnect): it only grew, two rows per write
DROP TABLE IF EXISTS events;
-- a checkpoint names one version of a file; numbered per path from 1.  Checkpoints of
-- a deleted item stay with it in the trash (trash = its trash id; 0 = a live item)
CREATE TABLE IF NOT EXISTS checkpoints (
    trash INTEGER NOT NULL DEFAULT 0,
    path TEXT NOT NULL,
    id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    message TEXT NOT NULL,
    author TEXT NOT NULL,
    created_us INTEGER NOT NULL,
    PRIMARY KEY (trash, path, id)
);
CREATE INDEX IF NOT EXISTS checkpoints_version ON checkpoints(version);
-- deleted items (soft delete): recoverable until obliterated; batch = the trash id of
-- the top item of the delete that removed them
CREATE TABLE IF NOT EXISTS trash (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    batch INTEGER NOT NULL,
    path TEXT NOT NULL,
    parent TEXT NOT NULL,
    kind TEXT NOT NULL,
    version INTEGER NOT NULL,
    size INTEGER NOT NULL,
    blob TEXT,
    created_us INTEGER NOT NULL,
    modified_us INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    modified_by TEXT NOT NULL,
    deleted_us INTEGER NOT NULL,
    deleted_by TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS trash_path ON trash(path);
CREATE INDEX IF NOT EXISTS trash_parent ON trash(parent);
CREATE INDEX IF NOT EXISTS trash_batch ON trash(batch);
CREATE TABLE IF NOT EXISTS trash_acl (
    trash INTEGER NOT NULL,
    principal TEXT NOT NULL,
    perms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS trash_acl_trash ON trash_acl(trash);
-- reference counts of blobs, kept by the triggers below in the transaction that changes
-- a reference: live items, deleted items and checkpoints (through their version) count.
-- A blob whose count fell to 0 at zero_us is a candidate for blob GC.
CREATE TABLE IF NOT EXISTS blob_refs (
    blob TEXT PRIMARY KEY,
    refs INTEGER NOT NULL,
    zero_us INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS blob_refs_unreferenced ON blob_refs(blob) WHERE refs = 0;
-- small content (see INLINE_MAX), stored in the transaction that first names it; it goes
-- with its blob_refs row (blob GC)
CREATE TABLE IF NOT EXISTS inline_blobs (blob TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TRIGGER IF NOT EXISTS inline_blobs_forget AFTER DELETE ON blob_refs
BEGIN DELETE FROM inline_blobs WHERE blob = OLD.blob; END;
CREATE TABLE IF NOT EXISTS locks (
    path TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    etag TEXT NOT NULL,
    since_us INTEGER NOT NULL,
    duration_s REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS acl (
    path TEXT NOT NULL,
    principal TEXT NOT NULL,
    perms INTEGER NOT NULL,
    PRIMARY KEY (path, principal)
);
CREATE INDEX IF NOT EXISTS acl_principal ON acl(principal);
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    admin INTEGER NOT NULL,
    created_us INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS groups (name TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS members (
    grp TEXT NOT NULL,
    user TEXT NOT NULL,
    PRIMARY KEY (grp, user)
);
CREATE INDEX IF NOT EXISTS members_user ON members(user);
CREATE TABLE IF NOT EXISTS tokens (
    hash TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    username TEXT NOT NULL,
    name TEXT NOT NULL,
    expires_us INTEGER NOT NULL,
    login TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS tokens_expiry ON tokens(expires_us);
CREATE TABLE IF NOT EXISTS device_codes (
    device_hash TEXT PRIMARY KEY,
    user_code TEXT NOT NULL UNIQUE,
    client_id TEXT NOT NULL,
    expires_us INTEGER NOT NULL,
    username TEXT
);
-- the versions of live objects (see tree_live), and the bytes of history each holds (the
-- byte bound is checked without summing)
CREATE TABLE IF NOT EXISTS live_updates (
    object_id INTEGER NOT NULL,
    sequence INTEGER NOT NULL,
    data BLOB NOT NULL,
    received_us INTEGER NOT NULL,
    est_us INTEGER NOT NULL,
    PRIMARY KEY (object_id, sequence)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS live_objects (object_id INTEGER PRIMARY KEY, bytes INTEGER NOT NULL);
"""

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
        if readonly:
            conn.execute("PRAGMA query_only=1")
        return conn

    @staticmethod
    def _migrate_tokens(conn) -> None:
        """Tokens from before sign-ins were recorded: each is a sign-in of its own."""
        if "login" not in {row[1] for row in conn.execute("PRAGMA table_info(tokens)")}:
            conn.execute("ALTER TABLE tokens ADD COLUMN login TEXT NOT NULL DEFAULT ''")
            conn.execute("UPDATE tokens SET login = hash")
        conn.execute("CREATE INDEX IF NOT EXISTS tokens_login ON tokens(login)")
        conn.execute("CREATE INDEX IF NOT EXISTS tokens_user ON tokens(username)")

    def _init_schema(self) -> None:
        conn = self._connect(readonly=False)
        try:
            conn.executescript(_SCHEMA + _ref_triggers())
            conn.execute("BEGIN IMMEDIATE")
            self._migrate_tokens(conn)
            # counted in the transaction that says so: a crash cannot leave it half done
            if conn.execute("SELECT 1 FROM meta WHERE key='blob_refs'").fetchone() is None:
                conn.execute("DELETE FROM blob_refs")
                conn.execute(_COUNT_REFS)
                conn.execute("INSERT INTO meta VALUES ('blob_refs', '1')")
            if conn.execute("SELECT 1 FROM nodes WHERE path='/'").fetchone() is None:
                t = now_us()
                version = self._new_version(conn, "/", FOLDER, None, 0, "system", t)
                conn.execute(
                    "INSERT INTO nodes VALUES ('/', '', ?, ?, 0, NULL, ?, ?, 'system', 'system')",
                    (FOLDER, version, t, t))
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                             (str(SCHEMA_VERSION),))
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

    def _reader_conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect(readonly=True)
        return conn

    async def _read(self, fn: Callable[[sqlite3.Connection], object]):
        def run():
            return fn(self._reader_conn())
        return await asyncio.get_running_loop().run_in_executor(self._readers, run)

    async def _read_few(self, fn: Callable[[sqlite3.Connection], object]):
        """A read of a few rows by key: run right here, on the event loop (such a read
        takes ~10 µs, the trip to a reader thread and back ~55 µs).  The connection it uses
        never waits for a lock: should SQLite be busy, the read goes to a reader thread."""
        conn = getattr(self._local, "quick", None)
        if conn is None:
            conn = self._local.quick = self._connect(readonly=True)
            conn.execute("PRAGMA busy_timeout=0")
        try:
            return fn(conn)
        except sqlite3.OperationalError:
            return await self._read(fn)
