"""The tree rules: folders, files, locks, the trash, checkpoint numbering, ACL entries and
the events of each change, written once over a narrow transactional interface.

A backend (SQLite, PostgreSQL) only says how rows are stored: it runs ``fn(tx)`` for a read
(``_read``, ``_read_few``) or for a change (``_write``: one transaction, acknowledged after
its commit), where ``tx.execute(sql, params)`` takes SQL with ``?`` placeholders in the dialect
both databases speak (``ON CONFLICT``, ``RETURNING``) and returns a cursor (``fetchone``,
``fetchall``, iteration, ``rowcount``); a change names the paths it may alter.  The tables are
:mod:`.schema`'s, written once for both.
"""

from __future__ import annotations

import abc
import dataclasses
import itertools
from typing import Callable, Iterable, Optional

from .. import paths as P
from .accounts_rows import AccountsMixin, now_us, select_in
from .base import (
    ASSET, CHANNEL, FOLDER, INLINE_MAX, LIVE_OBJECT, AlreadyExists, BlobRef, Change,
    CheckpointInfo, Conflict, Event, Lock, Locked, Node, NotEmpty, NotFound, NOT_NOW, Store,
    WrongType,
)
from .tree_live import LiveObjectsMixin

_NODE_COLUMNS = (
    "n.path, n.kind, n.version, n.size, n.blob, n.created_us, n.modified_us, n.created_by, "
    "n.modified_by, EXISTS(SELECT 1 FROM nodes c WHERE c.parent = n.path), "
    # checkpoints are numbered 1..N per path and only ever go all together: MAX is the count,
    # found in the primary key without counting (a file written 50,000 times has as many)
    "(SELECT COALESCE(MAX(k.id), 0) FROM checkpoints k WHERE k.trash = 0 AND k.path = n.path), "
    "EXISTS(SELECT 1 FROM checkpoints k WHERE k.trash = 0 AND k.path = n.path "
    "AND k.version = n.version), "
    "l.owner, l.etag, l.since_us, l.duration_s"
)
_NODES = "nodes n LEFT JOIN locks l ON l.path = n.path"
_GET_WITH_INLINE = (f"SELECT {_NODE_COLUMNS}, ib.data FROM {_NODES} "
                    "LEFT JOIN inline_blobs ib ON ib.blob = n.blob AND n.size <= ? WHERE n.path = ?")

# an ACL read of at most this many paths (one item's levels) is a quick read (``acls_now``)
FEW_ACL_PATHS = 32

# Event.seq: unique in this process (a shared store numbers its events anew, in commit order)
_event_numbers = itertools.count(1)


def _node(row) -> Node:
    lock = Lock(*row[12:16]) if row[12] is not None else None
    return Node(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8],
                bool(row[9]), row[10], bool(row[11]), lock=lock)


def _subtree_clause(path: str, column: str = "path") -> tuple[str, tuple]:
    """WHERE clause matching ``path`` and everything below it, using the primary key."""
    if path == "/":
        return "1=1", ()
    # '0' is the character after '/', so [p + '/', p + '0') is exactly the subtree
    return (f"({column} = ? OR ({column} >= ? AND {column} < ?))",
            (path, path + "/", path + "0"))


class TreeStore(AccountsMixin, LiveObjectsMixin, Store):
    """The rules of :class:`Store`; subclasses give the transactions."""

    @abc.abstractmethod
    async def _write(self, fn: Callable, *paths: str):
        """``fn(tx)`` in a transaction of its own (a raised StoreError undoes it alone),
        answered once committed durably.  ``paths``: the items the change may alter, with
        everything below them (it reads and may create the folders above them); a change
        naming none touches no item (accounts, blob references).  A backend whose writers
        run at once keeps changes of overlapping paths apart (see :mod:`.postgres`)."""

    @abc.abstractmethod
    def _write_soon(self, fn: Callable, done: Callable[[bool, object], None], *paths: str) -> None:
        """:meth:`_write` for a caller that cannot wait: ``done(True, the value)`` or
        ``done(False, the error)`` on the event loop, once committed."""

    @abc.abstractmethod
    async def _read(self, fn: Callable):
        """``fn(tx)`` on a consistent view of the committed rows."""

    async def _read_few(self, fn: Callable, key: Optional[tuple] = None):
        """A read of a few rows by key (a backend may run it faster than :meth:`_read`);
        ``key`` names what ``fn`` reads, for a backend that can tell the rows are unchanged
        since it last read them (it may answer with that read's result)."""
        found = self._read_now(fn, key)
        return await self._read(fn) if found is NOT_NOW else found

    def _read_now(self, fn: Callable, key: Optional[tuple] = None):
        """:meth:`_read_few` for a caller that cannot wait: its answer, or ``NOT_NOW`` when
        this backend cannot read without waiting (it never can, unless it says so)."""
        return NOT_NOW

    # -- helpers running inside a transaction

    @staticmethod
    def _new_version(conn, path, kind, blob, size, user, t, message="") -> int:
        return conn.execute(
            "INSERT INTO versions (path, kind, blob, size, created_us, author, message) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (path, kind, blob, size, t, user, message)).fetchone()[0]

    def _make_root(self, conn) -> None:
        if conn.execute("SELECT 1 FROM nodes WHERE path='/'").fetchone() is None:
            t = now_us()
            version = self._new_version(conn, "/", FOLDER, None, 0, "system", t)
            conn.execute("INSERT INTO nodes VALUES ('/', '', ?, ?, 0, NULL, ?, ?, 'system', "
                         "'system')", (FOLDER, version, t, t))

    @staticmethod
    def _event(conn, change: Change, kind: str, path: str, node: Optional[Node],
               destination: Optional[str] = None) -> None:
        change.events.append(Event(next(_event_numbers), kind, path, node, destination))

    @staticmethod
    def _get_sync(conn, path: str) -> Optional[Node]:
        row = conn.execute(f"SELECT {_NODE_COLUMNS} FROM {_NODES} WHERE n.path = ?",
                           (path,)).fetchone()
        return _node(row) if row else None

    def _ensure_folders(self, conn, path: str, user: str, change: Change, t: int) -> None:
        """Create the missing folders on the way to ``path`` (which is a folder path)."""
        for folder in P.ancestors(path):
            node = self._get_sync(conn, folder)
            if node is None:
                self._insert(conn, folder, FOLDER, None, 0, user, t, change, "")
            elif node.kind != FOLDER:
                raise WrongType(folder)

    def _insert(self, conn, path, kind, blob, size, user, t, change, message,
                event: Optional[str] = "create") -> Node:
        version = self._new_version(conn, path, kind, blob, size, user, t, message)
        conn.execute("INSERT INTO nodes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      (path, P.parent_of(path), kind, version, size, blob, t, t, user, user))
        node = Node(path, kind, version, size, blob, t, t, user, user, False)
        if message:
            node = self._add_checkpoint(conn, node, user, message, t)
        change.nodes.append(node)
        if event:
            self._event(conn, change, event, path, node)
        return node

    def _replace(self, conn, old: Node, blob, size, user, t, change, message,
                 kind: str = "full") -> Node:
        version = self._new_version(conn, old.path, ASSET, blob, size, user, t, message)
        conn.execute("UPDATE nodes SET version=?, size=?, blob=?, modified_us=?, modified_by=? "
                     "WHERE path=?", (version, size, blob, t, user, old.path))
        # The version replaced is needed no more unless a checkpoint names it (each item has
        # versions of its own): without this every write would leave a row behind for good.
        conn.execute("DELETE FROM versions WHERE id = ? AND NOT EXISTS "
                     "(SELECT 1 FROM checkpoints WHERE version = ?)", (old.version, old.version))
        node = Node(old.path, ASSET, version, size, blob, old.created_us, t, old.created_by, user,
                    checkpoints=old.checkpoints)
        if message:
            node = self._add_checkpoint(conn, node, user, message, t)
        change.nodes.append(node)
        self._event(conn, change, kind, old.path, node)
        return node

    @staticmethod
    def _check_locks(conn, path: str, user: str) -> None:
        """Raise Locked if ``path`` or an item below it is locked by someone else."""
        where, args = _subtree_clause(path)
        t = now_us()
        for owner, since, duration in conn.execute(
                f"SELECT owner, since_us, duration_s FROM locks WHERE owner != ? AND {where}",
                (user, *args)):
            if Lock(owner, "", since, duration).active(t):
                raise Locked(path)

    @staticmethod
    def _add_checkpoint(conn, node: Node, user: str, message: str, t: int) -> Node:
        number = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM checkpoints "
                              "WHERE trash = 0 AND path=?", (node.path,)).fetchone()[0]
        conn.execute("INSERT INTO checkpoints VALUES (0, ?, ?, ?, ?, ?, ?)",
                     (node.path, number, node.version, message, user, t))
        return dataclasses.replace(node, checkpoints=node.checkpoints + 1, checkpointed=True)

    @staticmethod
    def _subtree_sync(conn, path: str) -> list[Node]:
        where, args = _subtree_clause(path, "n.path")
        rows = conn.execute(f"SELECT {_NODE_COLUMNS} FROM {_NODES} WHERE {where} "
                            "ORDER BY n.path", args).fetchall()
        return [_node(r) for r in rows]

    # -- tree reads

    async def get(self, path: str) -> Optional[Node]:
        return await self._read_few(lambda c: self._get_sync(c, path), ("get", path))

    async def kind_and_version(self, path: str) -> Optional[tuple[str, int]]:
        # a third of get's cost: none of the node's counts, locks or checkpoints
        row = await self._read_few(lambda c: c.execute(
            "SELECT kind, version FROM nodes WHERE path = ?", (path,)).fetchone())
        return (row[0], row[1]) if row else None

    async def children(self, path: str) -> list[Node]:
        def run(conn):
            rows = conn.execute(f"SELECT {_NODE_COLUMNS} FROM {_NODES} WHERE n.parent = ? "
                                "ORDER BY n.path", (path,)).fetchall()
            return [_node(r) for r in rows]
        return await self._read(run)

    async def subtree(self, path: str) -> list[Node]:
        return await self._read(lambda c: self._subtree_sync(c, path))

    async def get_with_content(self, path: str, checkpoint: Optional[int] = None
                               ) -> tuple[Optional[Node], Optional[bytes]]:
        def run(conn):
            if checkpoint is None:  # one query: the item and the bytes of small content
                row = conn.execute(_GET_WITH_INLINE, (INLINE_MAX, path)).fetchone()
                return (_node(row), row[-1]) if row else (None, None)
            node = self._at_checkpoint_sync(conn, path, checkpoint)
            if node is None or node.blob is None or node.size > INLINE_MAX:
                return node, None
            return node, self._inline_sync(conn, node.blob)
        return await self._read_few(run, ("content", path, checkpoint))

    @staticmethod
    def _inline_sync(conn, sha256: str) -> Optional[bytes]:
        row = conn.execute("SELECT data FROM inline_blobs WHERE blob = ?", (sha256,)).fetchone()
        return row[0] if row else None

    async def inline_content(self, sha256: str) -> Optional[bytes]:
        return await self._read_few(lambda c: self._inline_sync(c, sha256))

    async def holders(self, sha256: str, limit: int) -> list[str]:
        return await self._read_few(lambda c: [r[0] for r in c.execute(
            "SELECT path FROM nodes WHERE blob = ? LIMIT ?", (sha256, limit))])

    # -- tree writes

    async def make_folder(self, path: str, user: str, parents: bool) -> Change:
        return await self._make_empty(path, FOLDER, user, parents)

    async def make_channel(self, path: str, user: str) -> Change:
        return await self._make_empty(path, CHANNEL, user, parents=True)

    async def _make_empty(self, path: str, kind: str, user: str, parents: bool) -> Change:
        """A new item without content (a folder or a channel)."""
        def run(conn):
            change = Change()
            existing = self._get_sync(conn, path)
            if existing is not None:
                raise AlreadyExists(path)
            parent = self._get_sync(conn, P.parent_of(path))
            t = now_us()
            if parent is None:
                if not parents:
                    raise NotFound(P.parent_of(path))
                self._ensure_folders(conn, P.parent_of(path), user, change, t)
            elif parent.kind != FOLDER:
                raise WrongType(parent.path)
            self._insert(conn, path, kind, None, 0, user, t, change, "")
            return change
        return await self._write(run, path)

    async def put_asset(self, path: str, blob: BlobRef, user: str, overwrite: bool,
                        message: str = "", base: Optional[int] = None,
                        event: str = "full") -> Change:
        def run(conn):
            change = Change()
            if blob.inline is not None:  # in this transaction: durable with the change
                conn.execute("INSERT INTO inline_blobs VALUES (?, ?) ON CONFLICT DO NOTHING",
                             (blob.sha256, blob.inline))
            t = now_us()
            existing = self._get_sync(conn, path)
            if base is not None and existing is None:
                raise NotFound(path)
            if existing is not None:
                if existing.kind != ASSET:
                    raise WrongType(path)
                if not overwrite:
                    raise AlreadyExists(path)
                if base is not None and existing.version != base:
                    raise Conflict(path)
                self._check_locks(conn, path, user)
                self._replace(conn, existing, blob.sha256, blob.size, user, t, change, message,
                              kind=event)
            else:
                self._ensure_folders(conn, P.parent_of(path), user, change, t)
                self._insert(conn, path, ASSET, blob.sha256, blob.size, user, t, change, message)
            return change
        return await self._write(run, path)

    async def delete(self, path: str, recursive: bool, user: str = "system") -> Change:
        def run(conn):
            if path == "/":
                raise Conflict("cannot delete the root")
            node = self._get_sync(conn, path)
            if node is None:
                raise NotFound(path)
            if node.has_children and not recursive:
                raise NotEmpty(path)
            self._check_locks(conn, path, user)
            change = Change()
            removed = self._subtree_sync(conn, path)
            t = now_us()
            batch = None
            for gone in removed:  # parents first: the top item's trash id names the batch
                trash_id = conn.execute(
                    "INSERT INTO trash (batch, path, parent, kind, version, size, blob, created_us, "
                    "modified_us, created_by, modified_by, deleted_us, deleted_by) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    (batch or 0, gone.path, P.parent_of(gone.path), gone.kind, gone.version, gone.size,
                     gone.blob, gone.created_us, gone.modified_us, gone.created_by,
                     gone.modified_by, t, user)).fetchone()[0]
                if batch is None:
                    batch = trash_id
                    conn.execute("UPDATE trash SET batch=id WHERE id=?", (batch,))
                conn.execute("UPDATE checkpoints SET trash=? WHERE trash=0 AND path=?",
                             (trash_id, gone.path))
                conn.execute("INSERT INTO trash_acl SELECT ?, principal, perms FROM acl "
                             "WHERE path=?", (trash_id, gone.path))
            where, args = _subtree_clause(path)
            conn.execute(f"DELETE FROM nodes WHERE {where}", args)
            conn.execute(f"DELETE FROM acl WHERE {where}", args)
            conn.execute(f"DELETE FROM locks WHERE {where}", args)
            for gone in reversed(removed):  # children before parents
                change.nodes.append(gone)
                self._event(conn, change, "delete", gone.path, gone)
            return change
        return await self._write(run, path)

    async def set_options(self, path: str, created_by: Optional[str], modified_by: Optional[str],
                          created_us: Optional[int], modified_us: Optional[int]) -> Change:
        given = {column: value for column, value in (
            ("created_by", created_by), ("modified_by", modified_by),
            ("created_us", created_us), ("modified_us", modified_us)) if value is not None}

        def run(conn):
            if self._get_sync(conn, path) is None:
                raise NotFound(path)
            if given:
                conn.execute(f"UPDATE nodes SET {', '.join(c + '=?' for c in given)} "
                             "WHERE path=?", (*given.values(), path))
            node = self._get_sync(conn, path)
            change = Change(nodes=[node])
            self._event(conn, change, "set_path_options", path, node)
            return change
        return await self._write(run, path)

    # -- the trash (soft-deleted items)

    async def trash_acls(self, paths: Iterable[str]) -> dict[str, dict]:
        wanted = list(dict.fromkeys(paths))

        def run(conn):
            out: dict[str, dict] = {}
            for path in wanted:
                row = conn.execute("SELECT MAX(id) FROM trash WHERE path = ?", (path,)).fetchone()
                if row[0] is not None:
                    out[path] = dict(conn.execute(
                        "SELECT principal, perms FROM trash_acl WHERE trash = ?", (row[0],)))
            return out
        return await self._read(run)

    async def deleted(self, folder: str) -> list[Node]:
        def run(conn):
            rows = conn.execute(
                "SELECT t.path, t.kind, t.version, t.size, t.blob, t.created_us, t.modified_us, "
                "t.created_by, t.modified_by, EXISTS(SELECT 1 FROM trash c WHERE c.parent = t.path "
                "AND c.batch = t.batch), (SELECT COUNT(*) FROM checkpoints k WHERE k.trash = t.id), "
                "0, t.deleted_us, t.deleted_by FROM trash t WHERE t.parent = ? "
                "ORDER BY t.path, t.id", (folder,)).fetchall()
            return [Node(*r[:9], bool(r[9]), r[10], False, r[12], r[13]) for r in rows]
        return await self._read(run)

    def _restore_row(self, conn, trash_id: int, change: Change) -> None:
        row = conn.execute("SELECT path, kind, version, size, blob, created_us, modified_us, "
                           "created_by, modified_by FROM trash WHERE id=?", (trash_id,)).fetchone()
        conn.execute("INSERT INTO nodes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (row[0], P.parent_of(row[0]), *row[1:]))
        conn.execute("UPDATE checkpoints SET trash=0 WHERE trash=?", (trash_id,))
        conn.execute("INSERT INTO acl SELECT ?, principal, perms FROM trash_acl WHERE trash=? "
                     "ON CONFLICT (path, principal) DO UPDATE SET perms = excluded.perms",
                     (row[0], trash_id))
        self._drop_trash(conn, [trash_id])
        node = self._get_sync(conn, row[0])
        change.nodes.append(node)
        self._event(conn, change, "create", node.path, node)

    @staticmethod
    def _drop_trash(conn, ids: list) -> None:
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            conn.execute(f"DELETE FROM trash WHERE id IN ({marks})", chunk)
            conn.execute(f"DELETE FROM trash_acl WHERE trash IN ({marks})", chunk)

    def _undelete_plan(self, conn, path: str) -> tuple[list, list]:
        """What undeleting ``path`` brings back: ``(folders, ids)``, the missing folders on
        the way as ``(path, trash id or None)`` (None: made anew), and the trash ids of the
        item and of what was deleted with it below it."""
        if self._get_sync(conn, path) is not None:
            raise AlreadyExists(path)
        top = conn.execute("SELECT id, batch FROM trash WHERE path=? ORDER BY id DESC LIMIT 1",
                           (path,)).fetchone()
        if top is None:
            raise NotFound(path)
        folders = []
        for folder in P.ancestors(P.parent_of(path)):
            node = self._get_sync(conn, folder)
            if node is not None:
                if node.kind != FOLDER:
                    raise WrongType(folder)
                continue
            trashed = conn.execute("SELECT id FROM trash WHERE path=? AND kind=? "
                                   "ORDER BY id DESC LIMIT 1", (folder, FOLDER)).fetchone()
            folders.append((folder, trashed[0] if trashed else None))
        where, args = _subtree_clause(path)
        ids = [r[0] for r in conn.execute(
            f"SELECT id FROM trash WHERE batch=? AND id >= ? AND {where} ORDER BY path",
            (top[1], top[0], *args))]
        return folders, ids

    async def restorable(self, path: str) -> list[str]:
        def run(conn):
            folders, ids = self._undelete_plan(conn, path)
            return [f for f, trash_id in folders if trash_id is not None] + [
                conn.execute("SELECT path FROM trash WHERE id=?", (i,)).fetchone()[0] for i in ids]
        return await self._read(run)

    async def trash_below(self, path: str) -> list[str]:
        where, args = _subtree_clause(path)
        return await self._read(lambda c: [r[0] for r in c.execute(
            f"SELECT DISTINCT path FROM trash WHERE {where}", args)])

    async def undelete(self, path: str, user: str) -> Change:
        def run(conn):
            folders, ids = self._undelete_plan(conn, path)
            change = Change()
            t = now_us()
            # the folders on the way: restored from the trash when they are there, else made
            for folder, trash_id in folders:
                if trash_id is not None:
                    self._restore_row(conn, trash_id, change)
                else:
                    self._insert(conn, folder, FOLDER, None, 0, user, t, change, "")
            for trash_id in ids:
                self._restore_row(conn, trash_id, change)
            return change
        return await self._write(run, path)

    async def obliterate(self, path: str) -> Change:
        def run(conn):
            if path == "/":
                raise Conflict("cannot obliterate the root")
            change = Change()
            where, args = _subtree_clause(path)
            trashed = conn.execute(f"SELECT id, kind, version FROM trash WHERE {where}",
                                   args).fetchall()
            ids = [r[0] for r in trashed]
            live = self._subtree_sync(conn, path)
            if not ids and not live:
                raise NotFound(path)
            # live objects go with their versions, whether deleted or not
            self._live_forget(conn, [version for _, kind, version in trashed if kind == LIVE_OBJECT]
                              + [node.version for node in live if node.kind == LIVE_OBJECT])
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                conn.execute(f"DELETE FROM checkpoints WHERE trash IN ({','.join('?' * len(chunk))})",
                             chunk)
            self._drop_trash(conn, ids)
            conn.execute(f"DELETE FROM nodes WHERE {where}", args)
            conn.execute(f"DELETE FROM acl WHERE {where}", args)
            conn.execute(f"DELETE FROM checkpoints WHERE trash = 0 AND {where}", args)
            conn.execute(f"DELETE FROM locks WHERE {where}", args)
            for gone in reversed(live):
                change.nodes.append(gone)
                self._event(conn, change, "delete", gone.path, gone)
            return change
        return await self._write(run, path)

    # -- blob references (kept by triggers, see _ref_triggers)

    async def unreferenced_blobs(self, before_us: int, after: str, limit: int) -> list[str]:
        return await self._read(lambda c: [r[0] for r in c.execute(
            "SELECT blob FROM blob_refs WHERE refs = 0 AND blob > ? AND zero_us <= ? "
            "ORDER BY blob LIMIT ?", (after, before_us, limit))])

    async def known_blobs(self, names: Iterable[str]) -> set[str]:
        wanted = list(names)
        return await self._read(lambda c: select_in(
            c, "SELECT blob FROM blob_refs WHERE blob IN ({})", wanted))

    async def forget_blobs(self, names: Iterable[str]) -> None:
        gone = list(names)

        def run(conn):
            for i in range(0, len(gone), 500):
                chunk = gone[i:i + 500]
                conn.execute(f"DELETE FROM blob_refs WHERE refs = 0 AND blob IN "
                             f"({','.join('?' * len(chunk))})", chunk)
        if gone:
            await self._write(run)

    async def copy(self, src: str, dst: str, user: str, overwrite: bool, message: str = "") -> Change:
        def run(conn):
            source = self._get_sync(conn, src)
            if source is None:
                raise NotFound(src)
            if P.is_within(dst, src):
                raise Conflict("cannot copy into itself")
            change = Change()
            t = now_us()
            target = self._get_sync(conn, dst)
            if target is not None:
                # an existing file gets new content: told as an update (`full`)
                if not overwrite or target.kind != ASSET or source.kind != ASSET:
                    raise AlreadyExists(dst)
                self._check_locks(conn, dst, user)
                self._replace(conn, target, source.blob, source.size, user, t, change, message)
                return change
            self._ensure_folders(conn, P.parent_of(dst), user, change, t)
            for node in self._subtree_sync(conn, src):
                new_path = P.rebase(node.path, src, dst)
                # the copy keeps the checkpoints of the source (same versions), then
                # gets its own version (a checkpoint too when a message is given)
                conn.execute("INSERT INTO checkpoints SELECT 0, ?, id, version, message, "
                             "author, created_us FROM checkpoints WHERE trash = 0 AND path=?",
                             (new_path, node.path))
                # the new item itself is told once, by the copy event below (NVIDIA's client
                # reports that event as the creation of the destination)
                self._insert(conn, new_path, node.kind, node.blob, node.size, user, t,
                             change, message, event=None if node.path == src else "create")
            self._event(conn, change, "copy", src, source, destination=dst)
            return change
        return await self._write(run, src, dst)

    async def move(self, src: str, dst: str, user: str) -> Change:
        def run(conn):
            if src == "/":
                raise Conflict("cannot move the root")
            source = self._get_sync(conn, src)
            if source is None:
                raise NotFound(src)
            if P.is_within(dst, src):
                raise Conflict("cannot move into itself")
            if self._get_sync(conn, dst) is not None:
                raise AlreadyExists(dst)
            self._check_locks(conn, src, user)
            change = Change()
            t = now_us()
            self._ensure_folders(conn, P.parent_of(dst), user, change, t)
            for node in self._subtree_sync(conn, src):
                new_path = P.rebase(node.path, src, dst)
                conn.execute("UPDATE nodes SET path=?, parent=? WHERE path=?",
                             (new_path, P.parent_of(new_path), node.path))
                conn.execute("UPDATE acl SET path=? WHERE path=?", (new_path, node.path))
                conn.execute("UPDATE checkpoints SET path=? WHERE trash = 0 AND path=?",
                             (new_path, node.path))
                conn.execute("UPDATE locks SET path=? WHERE path=?", (new_path, node.path))
            conn.execute("UPDATE nodes SET modified_us=?, modified_by=? WHERE path=?", (t, user, dst))
            moved = self._get_sync(conn, dst)
            change.nodes.append(moved)
            self._event(conn, change, "rename", src, moved, destination=dst)
            return change
        return await self._write(run, src, dst)

    # -- locks

    async def lock(self, path: str, owner: str, etag: str, duration_s: float) -> Change:
        def run(conn):
            node = self._get_sync(conn, path)
            if node is None:
                raise NotFound(path)
            if node.kind != ASSET:
                raise WrongType(path)
            self._check_locks(conn, path, owner)
            if etag not in ("", "0") and etag != str(node.version):
                raise Conflict(path)
            conn.execute("INSERT INTO locks VALUES (?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE "
                         "SET owner = excluded.owner, etag = excluded.etag, "
                         "since_us = excluded.since_us, duration_s = excluded.duration_s",
                         (path, owner, str(node.version), now_us(), duration_s))
            node = self._get_sync(conn, path)
            change = Change(nodes=[node])
            self._event(conn, change, "lock", path, node)
            return change
        return await self._write(run, path)

    async def unlock(self, path: str, owner: str, force: bool) -> Change:
        def run(conn):
            node = self._get_sync(conn, path)
            if node is None:
                raise NotFound(path)
            change = Change(nodes=[node])
            if node.lock is None:
                return change
            if not force:
                self._check_locks(conn, path, owner)
            conn.execute("DELETE FROM locks WHERE path=?", (path,))
            node = dataclasses.replace(node, lock=None)
            change.nodes = [node]
            self._event(conn, change, "unlock", path, node)
            return change
        return await self._write(run, path)

    # -- versions and checkpoints

    async def checkpoint(self, path: str, user: str, message: str, force: bool) -> tuple[int, Change]:
        def run(conn):
            node = self._get_sync(conn, path)
            if node is None:
                raise NotFound(path)
            if node.kind != ASSET:
                raise WrongType(path)
            change = Change()
            if node.checkpointed and not force:
                number = conn.execute("SELECT MAX(id) FROM checkpoints WHERE trash = 0 AND path=? "
                                      "AND version=?", (path, node.version)).fetchone()[0]
                return number, change
            node = self._add_checkpoint(conn, node, user, message, now_us())
            change.nodes.append(node)
            self._event(conn, change, "checkpoints_changed", path, node)
            number = conn.execute("SELECT MAX(id) FROM checkpoints WHERE trash = 0 AND path=?",
                                  (path,)).fetchone()[0]
            return number, change
        return await self._write(run, path)

    async def checkpoints(self, path: str) -> list[CheckpointInfo]:
        return await self._read(lambda c: [CheckpointInfo(*r) for r in c.execute(
            "SELECT id, version, message, author, created_us FROM checkpoints "
            "WHERE trash = 0 AND path=? ORDER BY id", (path,))])

    @staticmethod
    def _at_checkpoint_sync(conn, path: str, checkpoint: int) -> Optional[Node]:
        row = conn.execute(
            f"SELECT {_NODE_COLUMNS}, v.id, v.size, v.blob, v.created_us, v.author "
            f"FROM {_NODES} JOIN checkpoints k ON k.path = n.path "
            "JOIN versions v ON v.id = k.version "
            "WHERE n.path = ? AND k.trash = 0 AND k.id = ?", (path, checkpoint)).fetchone()
        if row is None:
            return None
        version, size, blob, t, author = row[16:]
        return dataclasses.replace(_node(row[:16]), version=version, size=size, blob=blob,
                                   modified_us=t, modified_by=author, checkpointed=True)

    async def at_checkpoint(self, path: str, checkpoint: int) -> Optional[Node]:
        return await self._read_few(lambda c: self._at_checkpoint_sync(c, path, checkpoint))

    async def restore(self, src: str, checkpoint: int, dst: str, user: str,
                      message: str = "") -> Change:
        def run(conn):
            source = self._at_checkpoint_sync(conn, src, checkpoint)
            if source is None:
                raise NotFound(src)
            target = self._get_sync(conn, dst)
            if target is None:
                raise NotFound(dst)
            if target.kind != ASSET:
                raise WrongType(dst)
            self._check_locks(conn, dst, user)
            change = Change()
            self._replace(conn, target, source.blob, source.size, user, now_us(), change, message,
                          kind="replace_version")
            return change
        return await self._write(run, src, dst)

    # -- ACLs

    @staticmethod
    def _acls_read(wanted: list) -> Callable:
        def run(conn):
            out: dict[str, dict] = {}
            for i in range(0, len(wanted), 500):
                chunk = wanted[i:i + 500]
                marks = ",".join("?" * len(chunk))
                for path, principal, perms in conn.execute(
                        f"SELECT path, principal, perms FROM acl WHERE path IN ({marks})", chunk):
                    out.setdefault(path, {})[principal] = perms
            return out
        return run

    async def acls(self, paths: Iterable[str]) -> dict[str, dict]:
        wanted = list(dict.fromkeys(paths))
        found = self.acls_now(wanted)
        return found if found is not None else await self._read(self._acls_read(wanted))

    def acls_now(self, paths: Iterable[str]) -> Optional[dict[str, dict]]:
        wanted = list(dict.fromkeys(paths))
        if len(wanted) > FEW_ACL_PATHS:
            return None
        # one item's ACL levels (every request of a user who is not an administrator asks):
        # a quick read, remembered while nothing changes; the caller gets a dict of its own
        found = self._read_now(self._acls_read(wanted), ("acls", *wanted))
        return None if found is NOT_NOW else dict(found)

    async def granted_paths(self, principals: Iterable[str], bits: int) -> list[str]:
        names = list(principals)
        marks = ",".join("?" * len(names))
        return await self._read(lambda c: [r[0] for r in c.execute(
            f"SELECT DISTINCT path FROM acl WHERE principal IN ({marks}) AND (perms & ?) != 0",
            (*names, bits))])

    async def set_acl(self, path: str, acl: dict) -> Change:
        def run(conn):
            node = self._get_sync(conn, path)
            if node is None:
                raise NotFound(path)
            conn.execute("DELETE FROM acl WHERE path=?", (path,))
            conn.executemany("INSERT INTO acl VALUES (?, ?, ?)",
                             [(path, principal, perms) for principal, perms in acl.items()])
            change = Change(nodes=[node])
            self._event(conn, change, "change_acl", path, node)
            return change
        return await self._write(run, path)
