"""The live-objects rules of :class:`~.tree.TreeStore` (a mixin), in the SQL both backends
speak; the tables ``live_updates`` and ``live_objects`` are in each backend's schema.

A live object is a node of kind ``omniobject`` (listed, stat'ed, ACL'd, deleted, moved and
restored from the trash like a file); its node's version is its object id, fixed for its
life (a ``create_object`` that overwrites makes a new object id).  Its versions are rows of
``live_updates``: the creation is sequence 1, each update the next one.  The server does
not interpret content: a version is the object's whole content as that writer sent it, so
the newest row is the object's content and the older rows are history, kept only so that a
subscriber who resumes gets exactly what it missed.

History is bounded: after each append the rows more than :data:`HISTORY_UPDATES` behind the
newest go, and then the oldest ones until the rest hold at most :data:`HISTORY_BYTES`
(the newest always stays: it is the new base).  A subscriber whose ``have_sequence_num``
is older than the history gets the whole current object instead.
"""

from __future__ import annotations

from typing import Callable, Optional

from .. import paths as P
from .accounts_rows import now_us
from .base import LIVE_OBJECT, AlreadyExists, Change, LiveUpdate, Node, NotFound, WrongType

HISTORY_UPDATES = 1000
HISTORY_BYTES = 16 << 20

_UPDATE_COLUMNS = "object_id, sequence, data, received_us, est_us"  # LiveUpdate's fields, in order
# a group's rows go in statements of these many (few distinct statements, each prepared once)
_INSERT_ROWS = (64, 16, 4, 1)
_INSERT_SQL = {n: f"INSERT INTO live_updates ({_UPDATE_COLUMNS}) VALUES "
                  + ",".join(["(?, ?, ?, ?, ?)"] * n) for n in _INSERT_ROWS}


def _update(row) -> LiveUpdate:
    return LiveUpdate(row[0], row[1], bytes(row[2]), row[3], row[4])


class LiveObjectsMixin:
    @staticmethod
    def _live_forget(conn, object_ids: list) -> None:
        """Drop the versions of these objects (replaced, or obliterated: a deleted object
        keeps them in the trash, to come back with them)."""
        for i in range(0, len(object_ids), 500):
            chunk = object_ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            conn.execute(f"DELETE FROM live_updates WHERE object_id IN ({marks})", chunk)
            conn.execute(f"DELETE FROM live_objects WHERE object_id IN ({marks})", chunk)

    @staticmethod
    def _live_insert(conn, updates: list[LiveUpdate]) -> None:
        """Store versions of one object: a few statements of many rows each (one per row held
        the writer's thread to one trip through the GIL per row)."""
        at = 0
        while at < len(updates):
            rows = next(n for n in _INSERT_ROWS if len(updates) - at >= n)
            conn.execute(_INSERT_SQL[rows], [value for u in updates[at:at + rows] for value in u])
            at += rows
        conn.execute("INSERT INTO live_objects VALUES (?, ?) ON CONFLICT(object_id) "
                     "DO UPDATE SET bytes = live_objects.bytes + excluded.bytes",
                     (updates[0].object_id, sum(len(u.data) for u in updates)))

    @staticmethod
    def _live_compact(conn, object_id: int, newest: int) -> None:
        """Drop the versions beyond the history bound (never the newest), in SQL."""
        cut = newest - HISTORY_UPDATES
        held, gone = conn.execute(
            "SELECT bytes, (SELECT COALESCE(SUM(LENGTH(data)), 0) FROM live_updates "
            "WHERE object_id = ? AND sequence <= ?) FROM live_objects WHERE object_id = ?",
            (object_id, cut, object_id)).fetchone()
        held -= gone
        over = held > HISTORY_BYTES
        # then the oldest go until the rest fit: up to the newest version that, with the ones
        # after it, holds more than the bound
        if over:
            row = conn.execute(
                "SELECT MAX(sequence) FROM (SELECT sequence, SUM(LENGTH(data)) OVER "
                "(ORDER BY sequence DESC) AS kept FROM live_updates WHERE object_id = ? "
                "AND sequence > ?) AS newer WHERE kept > ?",
                (object_id, cut, HISTORY_BYTES)).fetchone()
            if row[0] is not None:
                cut = min(row[0], newest - 1)
        if cut <= 0:
            return
        conn.execute("DELETE FROM live_updates WHERE object_id = ? AND sequence <= ?",
                     (object_id, cut))
        if over:
            held = conn.execute("SELECT SUM(LENGTH(data)) FROM live_updates WHERE object_id = ?",
                                (object_id,)).fetchone()[0]
        if gone or over:
            conn.execute("UPDATE live_objects SET bytes = ? WHERE object_id = ?", (held, object_id))

    async def live_create(self, path: str, first: LiveUpdate, user: str, overwrite: bool
                          ) -> Change:
        def run(conn):
            change = Change()
            t = now_us()
            existing = self._get_sync(conn, path)
            size = len(first.data)
            if existing is not None:
                if existing.kind != LIVE_OBJECT:
                    raise WrongType(path)
                if not overwrite:
                    raise AlreadyExists(path)
                self._check_locks(conn, path, user)
                object_id = self._new_version(conn, path, LIVE_OBJECT, None, size, user, t)
                conn.execute("UPDATE nodes SET version=?, size=?, modified_us=?, modified_by=? "
                             "WHERE path=?", (object_id, size, t, user, path))
                self._live_forget(conn, [existing.version])
                node = Node(path, LIVE_OBJECT, object_id, size, None, existing.created_us, t,
                            existing.created_by, user)
                change.nodes.append(node)
                self._event(conn, change, "full", path, node)
            else:
                self._ensure_folders(conn, P.parent_of(path), user, change, t)
                node = self._insert(conn, path, LIVE_OBJECT, None, size, user, t, change, "")
            self._live_insert(conn, [LiveUpdate(node.version, 1, first.data, first.received_us,
                                                first.est_us)])
            return change
        return await self._write(run, path)

    def _live_appended(self, conn, update: LiveUpdate) -> None:
        """Tell whoever else serves the store (a backend shared by several processes)."""

    def live_append(self, path: str, take: Callable[[], tuple],
                    done: Callable[[bool, object], None]) -> None:
        """Append the versions ``take()`` gives as the object's next versions, in one change:
        one check, one numbering and one compaction for all of them."""
        def run(conn):
            updates, user = take()
            object_id = updates[0].object_id
            row = conn.execute("SELECT kind, version FROM nodes WHERE path = ?", (path,)).fetchone()
            if row is None or row[0] != LIVE_OBJECT or row[1] != object_id:
                raise NotFound(path)
            # the next number, decided here: the path is this change's alone until COMMIT
            first = conn.execute("SELECT MAX(sequence) + 1 FROM live_updates "
                                 "WHERE object_id = ?", (object_id,)).fetchone()[0]
            # (made anew: LiveUpdate._replace takes twice as long, on the writer's thread)
            stored = [LiveUpdate(u.object_id, first + i, u.data, u.received_us, u.est_us)
                      for i, u in enumerate(updates)]
            self._live_insert(conn, stored)
            last = stored[-1]
            conn.execute("UPDATE nodes SET size=?, modified_us=?, modified_by=? WHERE path=?",
                         (len(last.data), last.received_us, user, path))
            self._live_compact(conn, object_id, last.sequence)
            self._live_appended(conn, last)
            return stored
        self._write_soon(run, done, path)

    async def live_latest(self, path: str) -> tuple[Optional[Node], Optional[LiveUpdate]]:
        def run(conn):
            node = self._get_sync(conn, path)
            if node is None or node.kind != LIVE_OBJECT:
                return node, None
            row = conn.execute(f"SELECT {_UPDATE_COLUMNS} FROM live_updates WHERE object_id = ? "
                               "ORDER BY sequence DESC LIMIT 1", (node.version,)).fetchone()
            return node, _update(row) if row else None
        return await self._read(run)

    async def live_since(self, object_id: int, sequence: int) -> Optional[list[LiveUpdate]]:
        def run(conn):
            oldest = conn.execute("SELECT MIN(sequence) FROM live_updates WHERE object_id = ?",
                                  (object_id,)).fetchone()[0]
            if oldest is None or oldest > sequence + 1:
                return None
            rows = conn.execute(f"SELECT {_UPDATE_COLUMNS} FROM live_updates WHERE object_id = ? "
                                "AND sequence > ? ORDER BY sequence", (object_id, sequence))
            return [_update(r) for r in rows]
        return await self._read(run)
