"""The shared stores on their own (no server): the tree rules over PostgreSQL (the store tests
of test_server_store, run here on a PostgresStore), events across two stores on one database,
and the S3 blob store on moto."""

import asyncio
import hashlib
import os

import pytest

from omni.server import paths as P
from omni.server.storage.base import INLINE_MAX, BlobRef, Locked, StoreError
from omni.server.storage.postgres import PostgresStore
from omni.server.storage.s3 import RANGE_GET, READ_AHEAD, S3BlobStore

from test_server_store import (  # noqa: F401  (collected here too, on PostgreSQL)
    ref, test_a_failing_operation_in_a_group_commit_rolls_back_alone,
    test_blob_references_are_counted_by_every_change, test_concurrent_writers_to_one_file_serialize,
    test_copy_gives_new_versions, test_live_history_keeps_the_newest_versions_within_both_bounds,
    test_move_carries_acls_and_delete_drops_them,
    test_subtree_does_not_touch_siblings_sharing_a_prefix, test_tree_operations,
    test_users_and_groups,
)


@pytest.fixture
async def store(postgres):
    s = PostgresStore(postgres.new_database())
    await s.open()
    yield s
    await s.close()


@pytest.fixture
def blobs(moto_s3, monkeypatch):
    for name, value in (("AWS_ACCESS_KEY_ID", moto_s3.access_key_id),
                        ("AWS_SECRET_ACCESS_KEY", moto_s3.secret_access_key),
                        ("AWS_DEFAULT_REGION", "us-west-2")):
        monkeypatch.setenv(name, value)
    b = S3BlobStore(moto_s3.new_bucket(), "content", f"http://127.0.0.1:{moto_s3.port}")
    b.open()
    yield b
    b.close()


async def test_small_content_lives_in_the_postgresql_transaction(store):
    small = BlobRef(hashlib.sha256(b"s").hexdigest(), 1, inline=b"s")
    await store.put_asset("/i/f", small, "u", overwrite=False)
    assert await store.get_with_content("/i/f") == (await store.get("/i/f"), b"s")
    await store.obliterate("/i/f")
    await store.forget_blobs([small.sha256])
    assert await store.inline_content(small.sha256) is None


async def test_two_stores_on_one_database_tell_each_other_in_commit_order(postgres):
    url = postgres.new_database()
    one, two = PostgresStore(url), PostgresStore(url)
    await one.open()
    await two.open()
    told = {one: [], two: []}
    try:
        for s in (one, two):
            async def publish(pairs, s=s):
                told[s].extend((e.seq, e.path, own) for e, own in pairs)
            assert await s.follow(publish)
        writers = [one if i % 2 else two for i in range(20)]  # concurrently from both
        changes = await asyncio.gather(*(s.put_asset(f"/e/f{i}", ref(b"%d" % i), "u", True)
                                         for i, s in enumerate(writers)))
        committed = sorted(e.seq for c in changes for e in c.events)
        deadline = asyncio.get_running_loop().time() + 10
        while min(len(t) for t in told.values()) < len(committed):
            assert asyncio.get_running_loop().time() < deadline, told
            await asyncio.sleep(0.05)
        for s, seen in told.items():
            assert [seq for seq, _, _ in seen] == committed  # every event, in commit order
            mine = {e.seq for c, w in zip(changes, writers) if w is s for e in c.events}
            assert {seq for seq, _, own in seen if own} == mine
        # a change carries the other's events committed before it that were not told yet
        later = await one.put_asset("/e/last", ref(b"last"), "u", overwrite=True)
        assert all(e.seq < later.events[0].seq for e in later.preceding)
    finally:
        await one.close()
        await two.close()


async def test_connection_ids_of_two_stores_on_one_database_never_meet(postgres):
    url = postgres.new_database()
    one, two = PostgresStore(url), PostgresStore(url)
    await one.open()
    await two.open()
    try:
        ids_one, ids_two = one.connection_ids(), two.connection_ids()
        # past several blocks each, taken in turns as connections would come
        taken = [next(ids) for _ in range(2500) for ids in (ids_one, ids_two)]
        assert len(set(taken)) == len(taken) and min(taken) >= 1
        assert max(taken) < 10 * len(taken)  # still small numbers: whole blocks, none skipped
    finally:
        await one.close()
        await two.close()


async def test_two_stores_racing_on_one_folder_keep_the_tree_whole(postgres):
    """Writes making the same missing folders through two stores at once, while folders above
    them are deleted: no item is left without its folder, no folder is made twice, and the
    events replayed in their order give the tree that is stored."""
    url = postgres.new_database()
    one, two = PostgresStore(url), PostgresStore(url)
    await one.open()
    await two.open()
    try:
        changes, refused = [], []

        async def keep(calls):  # one change after the other, as one client does
            for call in calls:
                try:
                    changes.append(await call())
                except StoreError as exc:  # e.g. a folder deleted just before
                    refused.append(exc)
        writers = [[lambda s=s, i=i, w=w: s.put_asset(f"/race/d{i % 3}/e{i % 2}/f{w}", ref(b"%d" % i),
                                                      "u", True) for i in range(25)]
                   for w, s in enumerate([one, two] * 3)]
        deleters = [[lambda s=s, i=i: s.delete("/race" if i % 4 == 0 else f"/race/d{i % 3}", True)
                     for i in range(25)] for s in (one, two)]
        await asyncio.gather(*(keep(calls) for calls in writers + deleters))
        assert len(changes) > 150 and all(not isinstance(e, Locked) for e in refused)
        stored = {node.path for node in await one.subtree("/race")}
        assert all(P.parent_of(path) in stored for path in stored if path != "/race")
        live = {"/"}
        for event in sorted((e for c in changes for e in c.events), key=lambda e: e.seq):
            if event.kind == "create":
                assert event.path not in live and P.parent_of(event.path) in live, event
                live.add(event.path)
            elif event.kind == "delete":
                assert event.path in live, event
                live.remove(event.path)
            else:
                assert event.path in live, event
        assert live == stored | {"/"}
    finally:
        await one.close()
        await two.close()


async def test_s3_blob_store(blobs):
    small = await blobs.put(b"small")
    assert small.inline == b"small"  # kept by the metadata store, not the bucket
    data = os.urandom(INLINE_MAX + 12345)
    stored = await blobs.put(data)
    assert stored == ref(data) and await blobs.put(data) == stored
    assert await blobs.read(stored.sha256, 100, 50) == data[100:150]
    assert await blobs.read(stored.sha256, len(data) + 1) == b""
    assert b"".join([p async for p in blobs.stream(stored.sha256, 7, len(data) - 7)]) == data[7:]
    assert await blobs.exists(stored.sha256) == BlobRef(stored.sha256, len(data))
    assert await blobs.exists("../../etc/passwd") is None
    assert await blobs.exists("0" * 64) is None
    assert blobs.local_path(stored.sha256) is None
    assert stored.sha256 in await blobs.shard(int(stored.sha256[:2], 16))
    # large content in parts arriving in any order, uploaded in parts
    big = os.urandom(40 << 20)
    staging = blobs.staging()
    offsets = list(range(0, len(big), 1 << 20))[::-1]
    await asyncio.gather(*(staging.write_at(o, big[o:o + (1 << 20)]) for o in offsets))
    assert await staging.commit(len(big)) == ref(big)
    assert await blobs.read(ref(big).sha256, (33 << 20) - 5, 10) == big[(33 << 20) - 5:(33 << 20) + 5]
    streamed = [p async for p in blobs.stream(ref(big).sha256, 5, len(big) - 10)]
    assert len(streamed) == -(-(len(big) - 10) // RANGE_GET) > READ_AHEAD  # read ahead, in order
    assert b"".join(streamed) == big[5:-5]
    patched = await blobs.patch(stored.sha256, len(data), b"+tail")
    assert await blobs.read(patched.sha256) == data + b"+tail"
    # removal keeps what was stored or looked up within the grace period
    assert await blobs.remove([stored.sha256], grace_s=600) == []
    assert await blobs.remove([stored.sha256, "0" * 64, "not a blob"], grace_s=0) == \
        [stored.sha256, "0" * 64]
    assert await blobs.exists(stored.sha256) is None
    await asyncio.sleep(0.2)  # the staged files not needed are removed in the background
    assert list(blobs.tmp_dir.iterdir()) == []
