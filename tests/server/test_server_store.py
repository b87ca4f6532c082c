"""The storage layer on its own (no network): tree operations, ACL rows, group
commits, concurrent writers, and the blob folder."""

import asyncio
import hashlib
import os
import random
import sqlite3

import pytest

from omni.server.storage import LocalBlobStore, SqliteStore
from omni.server.storage.base import (
    INLINE_MAX, AlreadyExists, AlreadyMember, BlobRef, Conflict, GroupNotFound, LiveUpdate, NotEmpty,
    NotFound, NotMember, StoreError, UserNotFound, WrongType,
)
from omni.server.storage.schema import SCHEMA_VERSION
from omni.server.storage.sqlite import _Remembered


@pytest.fixture
async def store(tmp_path):
    s = SqliteStore(tmp_path / "meta.sqlite3")
    await s.open()
    yield s
    await s.close()


@pytest.fixture
def blobs(tmp_path):
    b = LocalBlobStore(tmp_path, inline_max=0)  # the blob folder alone: every blob a file
    b.open()
    yield b
    b.close()


async def live_append(store, path: str, updates: list, user: str) -> list:
    """Store.live_append of ``updates``, waited for: what was stored (or its error)."""
    stored = asyncio.get_running_loop().create_future()
    store.live_append(path, lambda: (updates, user),
                      lambda ok, value: stored.set_result(value) if ok else stored.set_exception(value))
    return await stored


def ref(data: bytes) -> BlobRef:
    return BlobRef(hashlib.sha256(data).hexdigest(), len(data))


async def test_tree_operations(store):
    await store.put_asset("/a/b/c.txt", ref(b"c"), "u", overwrite=False)
    assert (await store.get("/a")).kind == "folder" and (await store.get("/a")).has_children
    assert [n.path for n in await store.children("/a")] == ["/a/b"]
    with pytest.raises(AlreadyExists):
        await store.put_asset("/a/b/c.txt", ref(b"c"), "u", overwrite=False)
    with pytest.raises(WrongType):
        await store.put_asset("/a/b", ref(b"x"), "u", overwrite=True)
    with pytest.raises(WrongType):
        await store.put_asset("/a/b/c.txt/d", ref(b"x"), "u", overwrite=True)
    with pytest.raises(NotFound):
        await store.make_folder("/x/y", "u", parents=False)
    with pytest.raises(NotEmpty):
        await store.delete("/a", recursive=False)
    with pytest.raises(Conflict):
        await store.move("/a", "/a/b/inside", "u")
    with pytest.raises(Conflict):
        await store.copy("/a", "/a/copy", "u", overwrite=False)
    with pytest.raises(Conflict):
        await store.delete("/", recursive=True)


async def test_subtree_does_not_touch_siblings_sharing_a_prefix(store):
    for path in ("/ab/x", "/a/x", "/a-b/x", "/a0/x"):
        await store.put_asset(path, ref(path.encode()), "u", overwrite=False)
    await store.set_acl("/ab", {"bob": 1})
    await store.move("/a", "/moved", "u")
    assert await store.get("/ab/x") is not None and await store.get("/a-b/x") is not None
    assert await store.get("/a0/x") is not None and await store.get("/moved/x") is not None
    change = await store.delete("/moved", recursive=True)
    assert sorted(n.path for n in change.nodes) == ["/moved", "/moved/x"]
    assert (await store.acls(["/ab"])) == {"/ab": {"bob": 1}}
    assert [n.path for n in await store.subtree("/ab")] == ["/ab", "/ab/x"]


async def test_move_carries_acls_and_delete_drops_them(store):
    await store.put_asset("/p/q/f", ref(b"f"), "u", overwrite=False)
    await store.set_acl("/p/q", {"bob": 3})
    await store.move("/p", "/r", "u")
    assert await store.acls(["/p/q", "/r/q"]) == {"/r/q": {"bob": 3}}
    await store.delete("/r", recursive=True)
    assert await store.acls(["/r/q"]) == {}
    assert await store.granted_paths(["bob"], 1) == []


async def test_acls_of_one_item_are_each_callers_own_and_follow_changes(store):
    """One item's ACL levels are a quick read, remembered while nothing changes: a caller that
    adds to its answer (the trash's ACLs are merged in so) does not change the next caller's,
    and a change is seen at once."""
    await store.put_asset("/s/f.txt", ref(b"f"), "u", overwrite=False)
    await store.set_acl("/s", {"bob": 1})
    levels = ["/", "/s", "/s/f.txt"]
    first = await store.acls(levels)
    assert first == {"/s": {"bob": 1}}
    first["/s/f.txt"] = {"mallory": 7}
    assert await store.acls(levels) == {"/s": {"bob": 1}}
    await store.set_acl("/s", {"bob": 3})
    assert await store.acls(levels) == {"/s": {"bob": 3}}


async def test_copy_gives_new_versions(store):
    first = (await store.put_asset("/s/f", ref(b"1"), "u", overwrite=False)).nodes[-1]
    change = await store.copy("/s", "/t", "v", overwrite=False)
    copied = {n.path: n for n in change.nodes}
    assert copied["/t/f"].blob == first.blob and copied["/t/f"].version > first.version
    assert copied["/t/f"].created_by == "v"
    with pytest.raises(AlreadyExists):
        await store.copy("/s", "/t", "v", overwrite=True)  # folders are not overwritten


async def test_a_failing_operation_in_a_group_commit_rolls_back_alone(store):
    results = await asyncio.gather(
        store.put_asset("/g/ok1", ref(b"1"), "u", overwrite=False),
        store.put_asset("/g/ok1", ref(b"2"), "u", overwrite=False),  # refused
        store.put_asset("/g/ok2", ref(b"3"), "u", overwrite=False),
        return_exceptions=True)
    assert isinstance(results[1], AlreadyExists)
    assert (await store.get("/g/ok1")).blob == ref(b"1").sha256
    assert (await store.get("/g/ok2")) is not None


async def test_concurrent_writers_to_one_file_serialize(store):
    payloads = [f"v{i}".encode() for i in range(200)]
    changes = await asyncio.gather(*(store.put_asset("/one", ref(p), f"u{i}", overwrite=True)
                                     for i, p in enumerate(payloads)))
    versions = [c.nodes[-1].version for c in changes]
    assert len(set(versions)) == len(versions)  # every write got its own version
    final = await store.get("/one")
    winner = max(changes, key=lambda c: c.nodes[-1].version).nodes[-1]
    assert final.version == winner.version and final.blob == winner.blob


async def test_a_read_sees_what_another_connection_committed_before_it(tmp_path):
    """Reads on the event loop share a read transaction within one pass of the loop; a change
    another store (as another process would) committed before a read was asked is seen by it,
    however soon after, while reads keep going on every pass."""
    a, b = SqliteStore(tmp_path / "meta.sqlite3"), SqliteStore(tmp_path / "meta.sqlite3")
    await a.open()
    await b.open()

    async def keep_reading():
        while True:
            await a.get("/f")
            await asyncio.sleep(0)

    reader = asyncio.ensure_future(keep_reading())
    try:
        for i in range(30):
            content = b"%d" % i
            inline = BlobRef(hashlib.sha256(content).hexdigest(), len(content), content)
            written = (await b.put_asset("/f", inline, "u", overwrite=True)).nodes[-1]
            seen = await asyncio.gather(*(a.get("/f") for _ in range(3)))
            assert [n.version for n in seen] == [written.version] * 3
            assert (await a.get_with_content("/f"))[1] == content
    finally:
        reader.cancel()
        await a.close()
        await b.close()


async def test_a_remembered_read_is_answered_again_only_while_nothing_changed(tmp_path):
    """A repeated read of an item on the event loop is answered from memory, without a query,
    while the database is unchanged; any commit (this store's own writer, another store as
    another process, a bare connection) makes the next read query again, also when what it
    changes lies outside the item's row (its children, locks, checkpoints)."""
    a, b = SqliteStore(tmp_path / "meta.sqlite3"), SqliteStore(tmp_path / "meta.sqlite3")
    await a.open()
    await b.open()
    other = sqlite3.connect(tmp_path / "meta.sqlite3", isolation_level=None)
    try:
        await a.put_asset("/d/f", BlobRef(hashlib.sha256(b"x").hexdigest(), 1, b"x"), "u", overwrite=False)
        await a.make_folder("/e", "u", parents=False)
        await a.get("/d/f")  # the quick connection exists from here on
        queries = []
        a._local.quick.set_trace_callback(queries.append)

        async def read_in_a_new_pass(path):
            await asyncio.sleep(0)  # the pass's snapshot ends: the next read begins another
            queries.clear()
            node, content = await a.get_with_content(path)
            return await a.get(path), node, content, [q for q in queries if q.startswith("SELECT")]

        await read_in_a_new_pass("/e")
        await read_in_a_new_pass("/d/f")
        folder, _, _, selects = await read_in_a_new_pass("/e")
        assert not folder.has_children and selects == []
        node, _, content, selects = await read_in_a_new_pass("/d/f")
        assert content == b"x" and selects == []

        await b.make_folder("/e/sub", "u", parents=False)  # another store: the folder's children
        folder, _, _, selects = await read_in_a_new_pass("/e")
        assert folder.has_children and selects
        await a.lock("/d/f", "u", str(node.version), 60)  # this store's writer: a lock row
        locked, _, _, selects = await read_in_a_new_pass("/d/f")
        assert locked.lock is not None and locked.lock.owner == "u" and selects
        await b.checkpoint("/d/f", "u", "kept", force=False)
        checkpointed, _, _, selects = await read_in_a_new_pass("/d/f")
        assert checkpointed.checkpointed and checkpointed.checkpoints == 1 and selects
        other.execute("UPDATE nodes SET size = 7 WHERE path = '/d/f'")  # a bare connection
        changed, with_content, _, selects = await read_in_a_new_pass("/d/f")
        assert changed.size == with_content.size == 7 and selects
        _, _, _, selects = await read_in_a_new_pass("/d/f")
        assert selects == []
    finally:
        other.close()
        await a.close()
        await b.close()


def test_remembered_reads_are_bounded():
    """At most MAX_ENTRIES reads and MAX_BYTES of content are remembered; the oldest go first."""
    remembered = _Remembered()
    remembered.clear(1)
    for i in range(_Remembered.MAX_ENTRIES + 10):
        remembered.add(("get", i), None)
    assert remembered.get(("get", 9), "gone") == "gone"
    assert remembered.get(("get", 10), "gone") is None
    big = bytes(INLINE_MAX)
    for i in range(_Remembered.MAX_BYTES // INLINE_MAX + 5):
        remembered.add(("content", i), (None, big))
    kept = [i for i in range(_Remembered.MAX_BYTES // INLINE_MAX + 5)
            if remembered.get(("content", i), "gone") != "gone"]
    assert kept == list(range(5, _Remembered.MAX_BYTES // INLINE_MAX + 5))
    remembered.add(("content", "huge"), (None, bytes(_Remembered.MAX_BYTES + 1)))
    assert remembered.get(("content", "huge"), "gone") == "gone"
    remembered.clear(2)
    assert remembered.version == 2 and remembered.get(("content", 5), "gone") == "gone"


async def test_users_and_groups(store):
    await store.add_user("ann", "hash", admin=False)
    with pytest.raises(AlreadyExists):
        await store.add_user("ann", "hash", admin=False)
    await store.create_group("team")
    with pytest.raises(AlreadyExists):
        await store.create_group("ann")  # users and groups share one namespace
    await store.add_member("team", "ann")
    with pytest.raises(AlreadyMember):
        await store.add_member("team", "ann")
    with pytest.raises(UserNotFound):
        await store.add_member("team", "zed")
    with pytest.raises(GroupNotFound):
        await store.add_member("nope", "ann")
    await store.set_acl("/", {"team": 1})
    await store.rename_group("team", "crew")
    assert await store.user_groups("ann") == ["crew"]
    assert await store.acls(["/"]) == {"/": {"crew": 1}}
    assert await store.remove_group("crew") == 3  # the group, one membership, one ACL entry
    await store.create_group("g2")
    with pytest.raises(NotMember):
        await store.remove_member("g2", "ann")


async def test_blobs(blobs):
    first = await blobs.put(b"content")
    assert first == ref(b"content") and await blobs.put(b"content") == first
    assert await blobs.read(first.sha256, 2, 3) == b"nte"
    assert await blobs.exists(first.sha256) == first
    assert await blobs.exists("../../etc/passwd") is None
    staging = blobs.staging()
    await asyncio.gather(staging.write_at(4, b"5678"), staging.write_at(0, b"1234"))
    await staging.write_at(8, b"torn")  # a part that never completed
    assert await staging.commit(8) == ref(b"12345678")
    retried = blobs.staging()
    await retried.write_at(4, b"XX")  # a part cut short, sent again below
    await retried.write_at(0, b"1234")
    await retried.write_at(4, b"5678")
    assert await retried.commit(8) == ref(b"12345678")
    data = os.urandom(1 << 20)
    shuffled = blobs.staging()
    pieces = list(range(0, len(data), 65536))
    random.Random(3).shuffle(pieces)
    await asyncio.gather(*(shuffled.write_at(o, data[o:o + 65536]) for o in pieces))
    assert await shuffled.commit(len(data)) == ref(data)
    stored = blobs.local_path(ref(data).sha256).stat()
    again = blobs.staging()  # the same content again, in pieces written at once
    await again.write_at(0, data[:1000], data[1000:500000], data[500000:])
    assert await again.commit(len(data)) == ref(data)
    assert blobs.local_path(ref(data).sha256).stat().st_ino == stored.st_ino  # kept, not replaced
    dropped = blobs.staging()
    await dropped.write_at(0, b"never")
    await dropped.discard()
    blobs.close()  # waits for the copy not needed to be removed
    assert list(blobs.tmp_dir.iterdir()) == []


async def test_rewrites_keep_no_rows_they_no_longer_need(store, tmp_path):
    """A version replaced by a write is forgotten unless a checkpoint names it; no change log
    grows (nothing read it)."""
    for i in range(50):
        await store.put_asset("/v/f", ref(b"%d" % i), "u", overwrite=True)
    await store.checkpoint("/v/f", "u", "kept", force=False)
    for i in range(50, 100):
        await store.put_asset("/v/f", ref(b"%d" % i), "u", overwrite=True)
    db = sqlite3.connect(tmp_path / "meta.sqlite3")
    try:
        versions = db.execute("SELECT COUNT(*) FROM versions WHERE path = '/v/f'").fetchone()[0]
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        db.close()
    assert versions == 2  # the checkpoint's and the current one
    assert "events" not in tables
    assert (await store.at_checkpoint("/v/f", 1)).blob == ref(b"49").sha256
    assert (await store.get("/v/f")).blob == ref(b"99").sha256


async def test_blob_references_are_counted_by_every_change(store):
    """unreferenced_blobs names exactly the content nothing (live item, deleted item,
    checkpoint) refers to any more; a refused operation changes no count."""
    async def unreferenced():
        return set(await store.unreferenced_blobs(2 ** 62, "", 1000))

    a, b, c, d = (ref(x) for x in (b"a", b"b", b"c", b"d"))
    await store.put_asset("/r/f", a, "u", overwrite=False)
    await store.put_asset("/r/f", b, "u", overwrite=True)              # a superseded
    assert await unreferenced() == {a.sha256}
    await store.checkpoint("/r/f", "u", "", force=False)               # b: the checkpoint
    await store.put_asset("/r/f", c, "u", overwrite=True)
    await store.copy("/r/f", "/r/g", "u", overwrite=False)             # with f's checkpoint
    await store.move("/r/g", "/r/h", "u")
    await store.delete("/r/f", recursive=False, user="u")              # the trash keeps c, b
    with pytest.raises(AlreadyExists):
        await store.put_asset("/r/h", d, "u", overwrite=False)
    assert await unreferenced() == {a.sha256}
    assert await store.known_blobs([a.sha256, d.sha256]) == {a.sha256}  # d never counted
    await store.obliterate("/r/f")                                     # h still has b and c
    assert await unreferenced() == {a.sha256}
    await store.put_asset("/r/h", d, "u", overwrite=True)
    assert await unreferenced() == {a.sha256, c.sha256}
    await store.delete("/r/h", recursive=False, user="u")
    await store.undelete("/r/h", "u")
    assert await unreferenced() == {a.sha256, c.sha256}
    await store.obliterate("/r/h")
    assert await unreferenced() == {a.sha256, b.sha256, c.sha256, d.sha256}
    await store.forget_blobs([a.sha256, b.sha256])
    await store.put_asset("/r/x", c, "u", overwrite=False)             # c is content again
    assert await unreferenced() == {d.sha256}
    assert await store.known_blobs([a.sha256, b.sha256, c.sha256]) == {c.sha256}


async def test_small_content_is_kept_with_the_change_that_names_it(store, tmp_path):
    """Content up to INLINE_MAX goes into the metadata store in the transaction naming it
    (no blob file, nothing kept for a refused write) and leaves with its last reference."""
    blobs = LocalBlobStore(tmp_path / "data")
    blobs.open()
    try:
        small, large = await blobs.put(b"s" * INLINE_MAX), await blobs.put(b"L" * (INLINE_MAX + 1))
        assert small.inline == b"s" * INLINE_MAX and large.inline is None
        assert list(blobs.blob_dir.glob("*/*")) == [blobs.local_path(large.sha256)]
        other = await blobs.put(b"refused")
        await store.put_asset("/i/f", small, "u", overwrite=False)
        with pytest.raises(AlreadyExists):
            await store.put_asset("/i/f", other, "u", overwrite=False)
        assert await store.inline_content(other.sha256) is None
        assert await store.get_with_content("/i/f") == (await store.get("/i/f"), small.inline)
        await store.checkpoint("/i/f", "u", "", force=False)
        await store.put_asset("/i/f", large, "u", overwrite=True)
        node, content = await store.get_with_content("/i/f")
        assert node.blob == large.sha256 and content is None  # read from its file
        assert (await store.get_with_content("/i/f", checkpoint=1))[1] == small.inline
        assert await store.get_with_content("/i/missing") == (None, None)
        await store.obliterate("/i/f")
        assert set(await store.unreferenced_blobs(2 ** 62, "", 10)) == {small.sha256, large.sha256}
        await store.forget_blobs([small.sha256])
        assert await store.inline_content(small.sha256) is None
    finally:
        blobs.close()


async def test_blob_removal_keeps_young_blobs_and_patches_make_new_ones(blobs):
    old, young = await blobs.put(b"old content"), await blobs.put(b"young content")
    past = os.path.getmtime(blobs.local_path(old.sha256)) - 3600
    os.utime(blobs.local_path(old.sha256), (past, past))
    gone = await blobs.remove([old.sha256, young.sha256, "0" * 64, "not a blob"], grace_s=600)
    assert gone == [old.sha256, "0" * 64]  # removed, and never held
    assert not blobs.local_path(old.sha256).exists() and blobs.local_path(young.sha256).exists()
    assert young.sha256 in await blobs.shard(int(young.sha256[:2], 16))
    # storing content again marks it young: a GC that looked before cannot remove it now
    again = await blobs.put(b"young content")
    os.utime(blobs.local_path(again.sha256), (past, past))
    assert await blobs.exists(again.sha256) == again
    assert await blobs.remove([again.sha256], grace_s=600) == []
    patched = await blobs.patch(young.sha256, 6, b"CONTENT, longer")
    assert await blobs.read(patched.sha256) == b"young CONTENT, longer"
    assert patched == BlobRef(hashlib.sha256(b"young CONTENT, longer").hexdigest(), 21)
    assert await blobs.read(young.sha256) == b"young content"  # the base is untouched


async def test_blob_patches_at_every_place(blobs):
    base = os.urandom((4 << 20) + 100)  # more than one read chunk
    ref_base = await blobs.put(base)
    for offset, data in ((0, b"head"), ((4 << 20) - 10, b"x" * 30), (len(base) - 3, b"tail+"),
                         (len(base), b"appended"), (len(base) + 5, b"after a gap"),
                         (100, b"")):
        want = bytearray(base)
        want[len(want):offset] = bytes(max(0, offset - len(want)))
        want[offset:offset + len(data)] = data
        patched = await blobs.patch(ref_base.sha256, offset, data)
        assert patched == BlobRef(hashlib.sha256(want).hexdigest(), len(want)), offset
        assert await blobs.read(patched.sha256) == bytes(want), offset


async def test_live_history_keeps_the_newest_versions_within_both_bounds(store, monkeypatch):
    """After each append the versions more than HISTORY_UPDATES behind the newest go, then the
    oldest until the rest hold at most HISTORY_BYTES; the newest stays whatever its size, and
    the bytes counted for the object are those of the versions kept."""
    from omni.server.storage import tree_live
    monkeypatch.setattr(tree_live, "HISTORY_UPDATES", 50)
    monkeypatch.setattr(tree_live, "HISTORY_BYTES", 1000)
    change = await store.live_create("/h.live", LiveUpdate(0, 1, b"b" * 10, 1), "admin", False)
    object_id = change.nodes[-1].version
    sizes = {1: 10}

    async def append(*lengths):
        stored = await live_append(store, "/h.live", [LiveUpdate(object_id, 0, bytes([n % 251]) * n, 5)
                                                      for n in lengths], "admin")
        sizes.update((u.sequence, len(u.data)) for u in stored)
        newest = stored[-1].sequence
        kept = [seq for seq in sorted(sizes) if seq > newest - 50]
        while len(kept) > 1 and sum(sizes[seq] for seq in kept) > 1000:
            kept.pop(0)
        since = await store.live_since(object_id, kept[0] - 1)
        assert [u.sequence for u in since] == kept
        assert [len(u.data) for u in since] == [sizes[seq] for seq in kept]
        assert await store.live_since(object_id, kept[0] - 2) is None or kept[0] == 1
        counted = await store._read(lambda tx: tx.execute(
            "SELECT bytes FROM live_objects WHERE object_id = ?", (object_id,)).fetchone()[0])
        assert counted == sum(sizes[seq] for seq in kept)

    await append(*[3] * 60)  # the count bound alone
    await append(300, 300, 300)  # the byte bound: the 3-byte ones go first
    await append(*[20] * 10)
    await append(2500)  # the newest alone is above the bound: it alone stays
    await append(1, 2)


async def test_live_versions_of_a_schema_2_database_move_to_a_rowid_table(tmp_path):
    """Schema 2 kept live versions in a WITHOUT ROWID table (a 1 KiB version overflowed to a
    page of its own); a database that has one opens with the same versions in a rowid table."""
    s = SqliteStore(tmp_path / "meta.sqlite3")
    await s.open()
    try:
        change = await s.live_create("/o.live", LiveUpdate(0, 1, b"base", 1), "admin", False)
        object_id = change.nodes[-1].version
        await live_append(s, "/o.live", [LiveUpdate(object_id, 0, bytes([i]) * 1024, 2 + i, 7)
                                         for i in range(3)], "admin")
        before = await s.live_since(object_id, 0)
    finally:
        await s.close()
    db = sqlite3.connect(tmp_path / "meta.sqlite3")
    db.executescript("""
        ALTER TABLE live_updates RENAME TO newer;
        CREATE TABLE live_updates (object_id INTEGER NOT NULL, sequence INTEGER NOT NULL,
            data BLOB NOT NULL, received_us INTEGER NOT NULL, est_us INTEGER NOT NULL,
            PRIMARY KEY (object_id, sequence)) WITHOUT ROWID;
        INSERT INTO live_updates SELECT * FROM newer;
        DROP TABLE newer;
        UPDATE schema_version SET version = 2;""")
    db.close()
    s = SqliteStore(tmp_path / "meta.sqlite3")
    await s.open()
    try:
        assert [u.sequence for u in before] == [1, 2, 3, 4]
        assert await s.live_since(object_id, 0) == before
        appended = await live_append(s, "/o.live", [LiveUpdate(object_id, 0, b"next", 9)], "admin")
        assert [u.sequence for u in appended] == [5]
    finally:
        await s.close()
    db = sqlite3.connect(tmp_path / "meta.sqlite3")
    table = db.execute("SELECT sql FROM sqlite_master WHERE name = 'live_updates'").fetchone()[0]
    assert "WITHOUT ROWID" not in table.upper()
    assert db.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    db.close()


async def test_tokens_from_before_sign_ins_are_each_one(tmp_path):
    """A data folder whose tokens table predates sign-ins (no ``login`` column) opens; each
    old token is a sign-in of its own, revoked alone."""
    db = sqlite3.connect(tmp_path / "meta.sqlite3")
    db.execute("CREATE TABLE tokens (hash TEXT PRIMARY KEY, kind TEXT NOT NULL, "
               "username TEXT NOT NULL, name TEXT NOT NULL, expires_us INTEGER NOT NULL)")
    db.executemany("INSERT INTO tokens VALUES (?, ?, 'u', '', ?)",
                   [("aa", "api", 1 << 60), ("bb", "refresh", 1 << 60)])
    db.commit()
    db.close()
    s = SqliteStore(tmp_path / "meta.sqlite3")
    await s.open()
    try:
        assert (await s.get_token("aa")).login == "aa"
        assert await s.live_logins(["aa", "bb", "cc"]) == {"aa", "bb"}
        assert await s.delete_logins(["aa"]) == 1
        assert [h for h, _ in await s.tokens("u")] == ["bb"]
    finally:
        await s.close()
    db = sqlite3.connect(tmp_path / "meta.sqlite3")
    assert db.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    # a database a newer server has changed is not served by this one
    db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer"):
        await SqliteStore(tmp_path / "meta.sqlite3").open()
