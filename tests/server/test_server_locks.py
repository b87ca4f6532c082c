"""Locks at the protocol level: lock (etag, duration, expiry), unlock (owner, force for
administrators); writes, moves and deletes of an item locked by another user are refused
with RESOURCE_BUSY; stat and list show the lock; lock and unlock events.

Every answer is checked against the IDL field lists by the test client."""

import asyncio
import itertools

import pytest

_counter = itertools.count()


@pytest.fixture
def d():
    return f"/lk{next(_counter)}"


@pytest.fixture
async def bob(server, omni, admin, d):
    server.add_user(f"bob{d[3:]}", "bob-pw")
    answer, _ = await admin.call("create_directory", path={"path": f"{d}/"})
    assert answer["status"] == "OK"
    answer, _ = await admin.call("change_acl", uri=f"{d}/",
                                 acl={f"bob{d[3:]}": ["read", "write"]})
    assert answer["status"] == "OK"
    return await omni.connect(f"bob{d[3:]}", "bob-pw")


async def put(conn, path, data=b"x", **extra):
    answer, _ = await conn.call("create_asset", tail=data, path={"path": path}, overwrite=True,
                                **extra)
    return answer


async def test_lock_refuses_others_until_unlocked(admin, bob, d):
    f = f"{d}/scene.usd"
    created = await put(admin, f)
    sub = bob.start("subscribe_list", path={"path": f"{d}/"})
    await bob.call("ping")
    answer, _ = await admin.call("lock", uri=f, etag="0", duration=315360000)
    assert answer == {"id": answer["id"], "status": "OK", "ts": answer["ts"],
                      "etag": created["etag"], "uri": f}
    event, _ = await bob.next(sub, "subscribe_list")
    assert event["event"] == "lock" and event["entry"]["locked_by"] == "admin"
    stat, _ = await bob.call("stat2", path={"path": f})
    assert stat["locked_by"] == "admin" and stat["lock_etag"] == created["etag"]
    assert stat["lock_duration"] == 315360000
    entry = (await bob.stream("list2", path=f"{d}/"))[0]["entries"][0]
    assert entry["locked_by"] == "admin"
    # another user may not write, move, delete or lock it
    assert (await put(bob, f, b"mine"))["status"] == "RESOURCE_BUSY"
    moved, _ = await bob.call("rename2", paths_to_rename=[{"src": {"path": f},
                                                           "dst": {"path": f + ".moved"}}])
    assert moved["responses"] == ["RESOURCE_BUSY"]
    deleted, _ = await bob.call("delete2", paths_to_delete=[{"path": f}])
    assert deleted["responses"] == ["RESOURCE_BUSY"]
    folder = await bob.stream("delete", uri=d)
    assert folder[0]["status"] == "RESOURCE_BUSY"
    theirs, _ = await bob.call("lock", uri=f, etag="0")
    assert theirs["status"] == "RESOURCE_BUSY"
    not_theirs, _ = await bob.call("unlock", uri=f)
    assert not_theirs["status"] == "RESOURCE_BUSY"
    forced, _ = await bob.call("unlock", uri=f, force=True)
    assert forced["status"] == "DENIED"  # force is for administrators
    # the owner may
    assert (await put(admin, f, b"owner writes"))["status"] == "OK"
    answer, _ = await admin.call("unlock", uri=f)
    assert answer["status"] == "OK" and answer["uri"] == f
    event, _ = await bob.next(sub, "subscribe_list")
    assert event["event"] == "full"
    event, _ = await bob.next(sub, "subscribe_list")
    assert event["event"] == "unlock" and "locked_by" not in event["entry"]
    await bob.stop(sub)
    assert (await put(bob, f, b"now mine"))["status"] == "OK"


async def test_force_unlock_by_an_administrator(admin, bob, d):
    f = f"{d}/b.usd"
    await put(admin, f)
    answer, _ = await bob.call("lock", uri=f, etag="0")
    assert answer["status"] == "OK"
    assert (await put(admin, f))["status"] == "RESOURCE_BUSY"
    refused, _ = await admin.call("unlock", uri=f)
    assert refused["status"] == "RESOURCE_BUSY"
    answer, _ = await admin.call("unlock", uri=f, force=True)
    assert answer["status"] == "OK"
    assert (await put(admin, f))["status"] == "OK"


async def test_lock_expires(admin, bob, d):
    f = f"{d}/e.usd"
    await put(admin, f)
    answer, _ = await admin.call("lock", uri=f, etag="0", duration=1)
    assert answer["status"] == "OK"
    assert (await put(bob, f))["status"] == "RESOURCE_BUSY"
    await asyncio.sleep(1.2)
    stat, _ = await bob.call("stat2", path={"path": f})
    assert "locked_by" not in stat
    assert (await put(bob, f))["status"] == "OK"


async def test_lock_etag_and_bad_targets(admin, d):
    f = f"{d}/t.usd"
    first = await put(admin, f)
    await put(admin, f, b"second")
    stale, _ = await admin.call("lock", uri=f, etag=first["etag"])
    assert stale["status"] == "INVALID_ETAG"
    folder, _ = await admin.call("lock", uri=d, etag="0")
    assert folder["status"] == "NOT_ASSET"
    missing, _ = await admin.call("lock", uri=f"{d}/nope", etag="0")
    assert missing["status"] == "INVALID_URI"
    bad, _ = await admin.call("lock", uri=f, etag="0", duration=-5)
    assert bad["status"] == "INVALID_PARAMETERS"
    again, _ = await admin.call("unlock", uri=f)  # not locked: nothing to do
    assert again["status"] == "OK"


async def test_a_lock_outlives_its_connection(server, omni, admin, d):
    f = f"{d}/c.usd"
    await put(admin, f)
    other = await omni.connect(server.admin_user, server.admin_password)
    answer, _ = await other.call("lock", uri=f, etag="0")
    assert answer["status"] == "OK"
    await other.close()
    stat, _ = await admin.call("stat2", path={"path": f})
    assert stat["locked_by"] == "admin"
    # the lock is the user's, on every connection of that user
    assert (await put(admin, f))["status"] == "OK"
    await admin.call("unlock", uri=f)
