"""Several server processes on one PostgreSQL database and one S3 bucket (moto): a change
committed through one process reaches the subscribers of the others, in commit order; locks
and checkpoint numbers taken through one hold on the others; a process killed with -9 loses
no acknowledged write, which the others serve."""

import asyncio
import contextlib

import pytest

from omni.server.storage.schema import SCHEMA_VERSION
from omni.server.testing import start_server

from omni1_test_client import Omni, put, read
from test_server_durability import Ledger, verify, write_until_killed


@contextlib.contextmanager
def servers(shared_store, tmp_path, count, extra_args=()):
    started = []
    try:
        for i in range(count):  # the first makes the schema and the administrator
            started.append(start_server(tmp_path / f"s{i}", extra_args=extra_args,
                                        storage_args=shared_store.args, env=shared_store.env))
        yield started
        for srv in started:
            srv.stop()
            srv.assert_no_traceback()
    finally:
        for srv in started:
            srv.kill()


@contextlib.asynccontextmanager
async def connected(srv, user=None, password=None):
    client = Omni(srv.ws_url, srv.http_url)
    try:
        yield await client.connect(user or srv.admin_user, password or srv.admin_password)
    finally:
        await client.close()


async def next_events(conn, sub, n):
    return [(await conn.next(sub, "subscribe_list"))[0] for _ in range(n)]


async def test_changes_through_any_process_reach_every_subscriber_in_commit_order(
        shared_store, tmp_path):
    with servers(shared_store, tmp_path, 3) as procs:
        async with connected(procs[0]) as a, connected(procs[1]) as b, \
                connected(procs[2]) as c:
            await put(a, "/shared/keep")
            subs = [(conn, conn.start("subscribe_list", path={"path": "/shared/"}))
                    for conn in (a, b, c)]
            for conn, _ in subs:
                await conn.call("ping")
            # the event of a write just before subscribing may reach another process's
            # subscriber after it subscribed: every subscriber reads up to a marker first
            await put(a, "/shared/marker")
            for conn, sub in subs:
                while (await next_events(conn, sub, 1))[0]["entry"]["path"] != "/shared/marker":
                    pass
            # one after the other through every process: the commit order is known
            await put(a, "/shared/f.usd", b"one")                                  # create
            watch = b.start("subscribe_read_asset", path={"path": "/shared/f.usd"})
            answer, tail = await b.next(watch, "subscribe_read_asset")
            assert answer["status"] == "OK" and tail == b"one"
            await put(c, "/shared/f.usd", b"two")                                  # full
            await b.call("checkpoint_version", path={"path": "/shared/f.usd"}, message="cp")
            answer, _ = await c.call("rename2", paths_to_rename=[
                {"src": {"path": "/shared/f.usd"}, "dst": {"path": "/shared/g.usd"}}])
            assert answer["responses"] == ["OK"]
            await a.call("delete2", paths_to_delete=[{"path": "/shared/g.usd"}])
            expected = ["create", "full", "checkpoints_changed", "rename", "delete"]
            for conn, sub in subs:
                got = await next_events(conn, sub, len(expected))
                assert [e["event"] for e in got] == expected
                assert got[1]["entry"]["size"] == 3 and got[2]["entry"]["checkpoint_count"] == 1
                assert got[3]["entry"]["destination"] == "/shared/g.usd"
            # the read subscription on another process saw the write through a third one
            answer, tail = await b.next(watch, "subscribe_read_asset")
            assert answer["status"] == "OK" and tail == b"two"

async def test_locks_and_checkpoint_numbers_hold_across_processes(shared_store, tmp_path):
    with servers(shared_store, tmp_path, 2) as (one, two):
        one.add_user("alice", "alice-pw")
        two.add_user("bob", "bob-pw")  # the admin commands work on the shared store too
        async with connected(one) as admin:
            await admin.call("create_directory", path={"path": "/team/"})
            answer, _ = await admin.call("change_acl", uri="/team/",
                                         acl={"alice": ["read", "write"], "bob": ["read", "write"]})
            assert answer["status"] == "OK"
        async with connected(one, "alice", "alice-pw") as alice, \
                connected(two, "bob", "bob-pw") as bob:
            await put(alice, "/team/scene.usd", b"v1")
            answer, _ = await alice.call("lock", uri="/team/scene.usd", etag="0")
            assert answer["status"] == "OK"
            stat, _ = await bob.call("stat2", path={"path": "/team/scene.usd"})
            assert stat["locked_by"] == "alice"
            refused, _ = await bob.call("create_asset", tail=b"mine",
                                        path={"path": "/team/scene.usd"}, overwrite=True)
            assert refused["status"] == "RESOURCE_BUSY"
            answer, _ = await bob.call("lock", uri="/team/scene.usd", etag="0")
            assert answer["status"] != "OK"
            await alice.call("unlock", uri="/team/scene.usd")
            await put(bob, "/team/scene.usd", b"v2")
            assert await read(alice, "/team/scene.usd") == ("OK", b"v2")
            # checkpoints made at once through both processes get distinct numbers 1..N
            answers = await asyncio.gather(*(
                conn.call("checkpoint_version", path={"path": "/team/scene.usd"},
                          message=f"m{i}", force=True)
                for i in range(10) for conn in (alice, bob)))
            numbers = sorted(a["checkpoint"] for a, _ in answers)
            assert numbers == list(range(1, 21))


@pytest.mark.timeout(300)
async def test_kill_9_of_one_process_loses_no_acknowledged_write(shared_store, tmp_path):
    lft = ["--lft-threshold", "65536", "--chunk-size", "262144"]
    with servers(shared_store, tmp_path, 2, extra_args=lft) as (victim, survivor):
        ledger = Ledger()
        await write_until_killed(victim, ledger, 0)
        assert victim.process is None  # killed with SIGKILL while writes were in flight
        # every acknowledged write is there, whole, served by the other process
        assert await verify(survivor, ledger) >= len(ledger.acked)
        # and clients reconnect to another process: it takes writes at once
        async with connected(survivor) as conn:
            await put(conn, "/dur/after", b"after the crash")
            assert await read(conn, "/dur/after") == ("OK", b"after the crash")


async def test_a_database_of_the_previous_schema_is_brought_up_to_date_at_serve(
        shared_store, tmp_path):
    import psycopg
    with servers(shared_store, tmp_path, 1) as (first,):
        async with connected(first) as conn:
            await put(conn, "/old/kept", b"from before")
    # the database as servers of schema version 1 left it: no live-object tables, and the
    # version in meta
    with psycopg.connect(shared_store.database_url, autocommit=True) as db:
        db.execute("DROP TABLE live_updates, live_objects, schema_version")
        db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    with servers(shared_store, tmp_path / "again", 2) as (one, two):
        async with connected(one) as a, connected(two) as b:
            assert await read(b, "/old/kept") == ("OK", b"from before")
            answer, _ = await a.call("create_object", tail=b"live", path={"path": "/old/obj"})
            assert answer["status"] == "OK"
            answer, tail = await b.call("read_object_version", path={"path": "/old/obj"})
            assert (answer["status"], tail) == ("OK", b"live")
    with psycopg.connect(shared_store.database_url) as db:
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
        assert db.execute("SELECT 1 FROM meta WHERE key = 'schema_version'").fetchone() is None


async def test_live_object_updates_reach_the_subscribers_of_every_process_once_in_order(
        shared_store, tmp_path):
    with servers(shared_store, tmp_path, 2) as (one, two):
        async with connected(one) as w1, connected(two) as w2, connected(one) as r1, \
                connected(two) as r2:
            path = {"path": "/live/layer.live"}
            answer, _ = await w1.call("create_object", tail=b"first", path=path)
            object_id = answer["object_id"]
            readers = []
            for conn in (r1, r2):
                rid = conn.start("subscribe_read_object", path=path)
                while (await conn.next(rid, "subscribe_read_object"))[0]["status"] != "LATEST":
                    pass
                readers.append((conn, rid))

            async def write(conn, tag):
                sent = {}
                for i in range(30):
                    answer, _ = await conn.call("update_object", tail=b"%s%d" % (tag, i),
                                                object_id=object_id, path=path)
                    assert answer["status"] == "OK", answer
                    sent[answer["sequence"]] = b"%s%d" % (tag, i)
                return sent
            # writers on both processes at once: the database numbers their updates
            a, b = await asyncio.gather(write(w1, b"a"), write(w2, b"b"))
            assert sorted({**a, **b}) == list(range(2, 62))
            for conn, rid in readers:  # each: every update once, in order, whichever wrote it
                got = []
                for _ in range(60):
                    answer, tail = await conn.next(rid, "subscribe_read_object", timeout=10)
                    assert answer["status"] == "OK", answer
                    got.append((answer["sequence"], tail))
                assert got == sorted({**a, **b}.items())
            # a new object made at that path through the other process: the subscribers move
            answer, _ = await w2.call("create_object", tail=b"anew", path=path, overwrite=True)
            for conn, rid in readers:
                moved, tail = await conn.next(rid, "subscribe_read_object", timeout=10)
                assert (moved["object_id"], tail) == (answer["object_id"], b"anew")
