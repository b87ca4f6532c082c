"""Live objects, frame by frame: objects as items (stat, list, delete), create_object with
and without overwrite, update_object numbering (one order per object, concurrent writers
included), subscribe_read_object (current content, LATEST, then every update byte-exact
with the server's timestamps), resuming with the numbers a subscriber has (and the whole
object once the history is compacted), access (read to subscribe, write to update, taken
away), LFT for large objects, bad input, kill -9 during updates, and what updates waiting for
their commit hold of their connection."""

import asyncio
import json
import random
import sqlite3
import time

import aiohttp
import pytest

from omni.server import models as M
from omni.server.answers import now_ts
from omni.server.framing import connlib
from omni.server.methods.live_objects import _push_ts, push_message, updated_message
from omni.server.session import MAX_PLACED
from omni.server.live_objects import Entry, LiveHub
from omni.server.storage.base import LiveUpdate, NotFound
from omni.server.storage.tree_live import HISTORY_UPDATES
from omni.server.testing import start_server

from omni1_test_client import Omni, put, store_rows


def obj(d):
    return f"{d}/layer.live"


@pytest.mark.parametrize("update", [
    LiveUpdate(5, 1, b"u" * 1024, 1796530713941622, 1796530713941999),
    LiveUpdate(1 << 62, 123456, b"", 1, 0),  # no estimate: no est; an empty version
    LiveUpdate(7, 2, b"\x00{not json}\x00", 1796530713941622, 0),
])
def test_a_push_is_written_as_the_general_encoder_writes_its_answer(update):
    """Pushes are made from a template: the same bytes as the model's answer through
    connlib.encode (key order included), bar the moment of sending."""
    made = push_message(9, update)
    general = connlib.encode(9, M.make(M.SubscribeReadObjectResult, status="OK",
                                       ts=_push_ts(update), sequence=update.sequence,
                                       object_id=update.object_id, size=len(update.data)),
                             update.data)
    made_at, general_at = (json.loads(m.partition(b"\x00")[0])["ts"]["omni_server_out_ts"]
                           for m in (made, general))
    assert abs(made_at - general_at) < 10 ** 6
    assert made == general.replace(b'"omni_server_out_ts":%d' % general_at,
                                   b'"omni_server_out_ts":%d' % made_at, 1)


@pytest.mark.parametrize("update", [LiveUpdate(5, 1, b"u", 1, 0), LiveUpdate(1 << 62, 1 << 40, b"", 1, 2)])
def test_an_update_answer_is_written_as_the_general_encoder_writes_it(update):
    """Updates taken as they are read are answered from a template: the same text as the
    model's answer through connlib.encode (key order included), bar the moment of sending."""
    made = updated_message(12, update)
    general = connlib.encode(12, M.make(M.UpdateObjectResult, status="OK", ts=now_ts(),
                                        sequence=update.sequence,
                                        transaction_id=update.object_id))
    made_at, general_at = (json.loads(m)["ts"]["srv"] for m in (made, general))
    assert abs(made_at - general_at) < 10 ** 6
    assert made == general.replace('"srv":%d' % general_at, '"srv":%d' % made_at, 1)


async def test_a_write_takes_what_waits_when_it_runs_and_fails_what_it_never_took():
    """The store's writer takes an object's waiting updates when their write runs (one write
    asked for, however many wait; a write run again takes the same); those appended after
    that go in the next write; a write that fails before it took any fails all that wait."""
    writes, told = [], []
    hub = LiveHub(load=None, append=lambda path, take, done: writes.append((take, done)))
    entry = Entry(hub, "/o.live", 7, 1)
    tell = lambda entry, items: told.extend(items)  # noqa: E731
    update = [LiveUpdate(7, 0, b"u%d" % i, i, 0) for i in range(4)]
    entry.append(update[0], "ann", tell, "k0")
    entry.append(update[1], "bob", tell, "k1")
    assert len(writes) == 1
    assert writes[0][0]() == ([update[0], update[1]], "bob")
    assert writes[0][0]() == ([update[0], update[1]], "bob")  # run again: the same
    entry.append(update[2], "ann", tell, "k2")
    assert len(writes) == 2
    stored = [u._replace(sequence=s) for u, s in zip(update, (2, 3))]
    writes[0][1](True, stored)
    gone = NotFound("/o.live")
    writes[1][1](False, gone)  # before it ran: update 2 was never taken
    await asyncio.sleep(0)
    assert told == [("k0", stored[0], None), ("k1", stored[1], None), ("k2", None, gone)]
    assert entry.delivered == 3 and entry.writing == 0
    entry.append(update[3], "ann", tell, "k3")
    assert len(writes) == 3 and writes[2][0]() == ([update[3]], "ann")


async def create(conn, path, data, overwrite=True):
    answer, _ = await conn.call("create_object", tail=data, path={"branch": "", "path": path},
                                overwrite=overwrite)
    return answer


async def update(conn, path, object_id, data, **extra):
    answer, _ = await conn.call("update_object", tail=data, object_id=object_id,
                                path={"branch": "", "path": path}, **extra)
    return answer


async def subscribe(conn, path, **have):
    """Subscribe; (request id, versions before LATEST as (sequence, data), LATEST answer)."""
    rid = conn.start("subscribe_read_object", path={"branch": "", "path": path}, **have)
    state = []
    while True:
        answer, tail = await conn.next(rid, "subscribe_read_object")
        if answer["status"] != "OK":
            return rid, state, answer
        state.append((answer["sequence"], tail))


async def pushed(conn, rid, timeout=10):
    answer, tail = await conn.next(rid, "subscribe_read_object", timeout=timeout)
    assert answer["status"] == "OK", answer
    assert answer["size"] == len(tail)
    return answer, tail


async def nothing_more(conn, rid, seconds=0.4):
    with pytest.raises(ConnectionError):
        await conn.next(rid, "subscribe_read_object", timeout=seconds)


async def test_a_live_object_is_an_item_of_its_own_type(admin, d):
    path = obj(d)
    made = await create(admin, path, b"v1", overwrite=False)
    assert (made["status"], made["sequence"]) == ("OK", 1)
    assert made["object_id"] > 0
    again = await create(admin, path, b"v1", overwrite=False)
    assert again["status"] == "ALREADY_EXISTS"
    stat, _ = await admin.call("stat2", path={"path": path})
    assert (stat["status"], stat["type"], stat["size"]) == ("OK", "omniobject", 2)
    listed = await admin.stream("list2", path=f"{d}/")
    assert [(e["path"], e["path_type"]) for e in listed[0]["entries"]] == [(path, "omniobject")]
    remade = await create(admin, path, b"fresh")
    assert remade["status"] == "OK" and remade["object_id"] != made["object_id"]
    stale = await update(admin, path, made["object_id"], b"to the old object")
    assert stale["status"] == "INVALID_URI"
    await put(admin, f"{d}/file", b"a file")
    assert (await create(admin, f"{d}/file", b"x"))["status"] != "OK"
    assert (await update(admin, f"{d}/file", 1, b"x"))["status"] == "NOT_OBJECT"
    _, _, on_file = await subscribe(admin, f"{d}/file")
    assert on_file["status"] == "NOT_OBJECT"
    _, _, on_nothing = await subscribe(admin, f"{d}/none.live")
    assert on_nothing["status"] == "INVALID_URI"
    read, tail = await admin.call("read_object_version", path={"path": path})
    assert (read["status"], read["sequence"], tail) == ("OK", 1, b"fresh")


async def test_subscribers_get_the_state_latest_then_every_update_in_order(server, omni, d):
    path = obj(d)
    writer = await omni.connect(server.admin_user, server.admin_password)
    reader = await omni.connect(server.admin_user, server.admin_password)
    made = await create(writer, path, b"base")
    oid = made["object_id"]
    rid, state, latest = await subscribe(reader, path)
    assert state == [(1, b"base")]
    assert (latest["status"], latest["sequence"], latest["object_id"]) == ("LATEST", 1, oid)
    own, _, _ = await subscribe(writer, path)  # the writer's own subscription gets them too
    rng = random.Random(7)
    sent = [rng.randbytes(rng.randrange(0, 3000)) for _ in range(50)]
    sent[3] = b""  # an empty update is an update
    est = time.time_ns() // 1000
    for i, data in enumerate(sent):
        answer = await update(writer, path, oid, data, ts={"est": est + i})
        assert (answer["status"], answer["sequence"]) == ("OK", i + 2)
    for conn, sub in ((reader, rid), (writer, own)):
        for i, data in enumerate(sent):
            answer, tail = await pushed(conn, sub)
            assert (answer["sequence"], answer["object_id"], tail) == (i + 2, oid, data)
            ts = answer["ts"]
            assert ts["est"] == est + i
            assert ts["omni_server_in_ts"] <= ts["omni_server_out_ts"]
            assert abs(ts["omni_server_out_ts"] - time.time_ns() // 1000) < 60_000_000
        await nothing_more(conn, sub)
    # a new subscriber gets the current content only
    _, state, latest = await subscribe(reader, path)
    assert state == [(len(sent) + 1, sent[-1])] and latest["sequence"] == len(sent) + 1


async def test_concurrent_writers_share_one_order(server, omni, d):
    path = obj(d)
    conns = [await omni.connect(server.admin_user, server.admin_password) for _ in range(4)]
    oid = (await create(conns[0], path, b"0"))["object_id"]
    rid, _, _ = await subscribe(conns[0], path)

    async def write(conn, name):
        return [(await update(conn, path, oid, f"{name}-{i}".encode()))["sequence"]
                for i in range(40)]
    numbers = await asyncio.gather(*(write(c, n) for n, c in enumerate(conns)))
    assert sorted(sum(numbers, [])) == list(range(2, 2 + 160))
    assert all(seq == sorted(seq) for seq in numbers)  # one writer's updates keep their order
    by_number = {s: f"{n}-{i}".encode() for n, seq in enumerate(numbers) for i, s in enumerate(seq)}
    for expected in range(2, 2 + 160):
        answer, tail = await pushed(conns[0], rid)
        assert (answer["sequence"], tail) == (expected, by_number[expected])


async def test_resuming_sends_only_what_the_subscriber_lacks(admin, d):
    path = obj(d)
    oid = (await create(admin, path, b"v1"))["object_id"]
    for i in range(2, 6):
        await update(admin, path, oid, f"v{i}".encode())
    _, state, latest = await subscribe(admin, path, object_id=oid, sequence=3)
    assert state == [(4, b"v4"), (5, b"v5")] and latest["sequence"] == 5
    _, state, latest = await subscribe(admin, path, object_id=oid, sequence=5)
    assert state == [] and (latest["status"], latest["sequence"]) == ("LATEST", 5)
    _, state, _ = await subscribe(admin, path, object_id=oid + 1000, sequence=3)
    assert state == [(5, b"v5")]  # another object: the whole current one


async def test_history_is_compacted_and_an_old_resume_gets_the_whole_object(admin, d):
    path = obj(d)
    oid = (await create(admin, path, b"v1"))["object_id"]
    last = HISTORY_UPDATES + 5
    for i in range(2, last + 1):
        assert (await update(admin, path, oid, f"v{i}".encode()))["status"] == "OK"
    _, state, _ = await subscribe(admin, path, object_id=oid, sequence=2)
    assert state == [(last, f"v{last}".encode())]
    kept_from = last - HISTORY_UPDATES + 1
    _, state, _ = await subscribe(admin, path, object_id=oid, sequence=kept_from - 1)
    assert [s for s, _ in state] == list(range(kept_from, last + 1))


async def test_reading_needs_read_and_updating_needs_write(server, omni, admin, d):
    path = obj(d)
    oid = (await create(admin, path, b"v1"))["object_id"]
    server.add_user("live-r", "live-r-pw")
    answer, _ = await admin.call("change_acl", uri=path, acl={
        server.admin_user: ["read", "write", "admin"], "live-r": ["read"]})
    assert answer["status"] == "OK"
    reader = await omni.connect("live-r", "live-r-pw")
    rid, state, _ = await subscribe(reader, path)
    assert state == [(1, b"v1")]
    assert (await update(reader, path, oid, b"no"))["status"] == "DENIED"
    assert (await create(reader, path, b"no"))["status"] == "DENIED"
    await nothing_more(reader, rid)
    answer, _ = await admin.call("change_acl", uri=path,
                                 acl={server.admin_user: ["read", "write", "admin"]})
    assert answer["status"] == "OK"
    ended, _ = await reader.next(rid, "subscribe_read_object")
    assert ended["status"] == "ACCESS_LOST"
    _, _, denied = await subscribe(reader, path)
    assert denied["status"] == "DENIED"


@pytest.mark.parametrize("through", ["user", "group"])
async def test_a_writer_whose_right_is_taken_away_has_each_next_update_refused(
        server, omni, admin, d, through):
    """A user's updates of an object the server follows are taken as they are read, the right
    to write read from the store for each: once an ACL change (or the user's removal from the
    group that gave the right) is answered, every update sent after it is DENIED and none is
    numbered."""
    path = obj(d)
    oid = (await create(admin, path, b"v1"))["object_id"]
    user, group = f"live-w-{through}", f"live-g-{through}"
    server.add_user(user, "pw")
    grantee = user
    if through == "group":
        grantee = group
        assert (await admin.call("create_group", group_name=group))[0]["status"] == "OK"
        assert (await admin.call("add_user_to_group", username=user, group_name=group))[0]["status"] == "OK"
    owner = {server.admin_user: ["read", "write", "admin"]}
    answer, _ = await admin.call("change_acl", uri=path, acl={**owner, grantee: ["read", "write"]})
    assert answer["status"] == "OK"
    writer = await omni.connect(user, "pw")
    rid, _, _ = await subscribe(admin, path)  # the server follows the object
    for rounds in range(2):  # the second after the server has remembered the first's reads
        ids = [writer.start("update_object", tail=b"w%d" % i, object_id=oid,
                            path={"branch": "", "path": path}) for i in range(40)]
        answers = [(await writer.next(i, "update_object"))[0] for i in ids]
        assert [a["status"] for a in answers] == ["OK"] * 40
    if through == "group":
        answer, _ = await admin.call("remove_user_from_group", username=user, group_name=group)
    else:
        answer, _ = await admin.call("change_acl", uri=path, acl={**owner, user: ["read"]})
    assert answer["status"] == "OK"
    ids = [writer.start("update_object", tail=b"late", object_id=oid,
                        path={"branch": "", "path": path}) for _ in range(20)]
    assert [(await writer.next(i, "update_object"))[0]["status"] for i in ids] == ["DENIED"] * 20
    for sequence in range(2, 82):
        answer, tail = await pushed(admin, rid)
        assert answer["sequence"] == sequence and tail.startswith(b"w")
    await nothing_more(admin, rid)


async def test_deleting_an_object_ends_its_subscriptions(admin, d):
    path = obj(d)
    oid = (await create(admin, path, b"v1"))["object_id"]
    rid, _, _ = await subscribe(admin, path)
    answer, _ = await admin.call("delete", uri=path)
    assert answer["status"] == "OK"
    ended, _ = await admin.next(rid, "subscribe_read_object")
    assert ended["status"] == "NOT_EXIST"
    assert (await update(admin, path, oid, b"v2"))["status"] == "INVALID_URI"
    stat, _ = await admin.call("stat2", path={"path": path})
    assert stat["status"] != "OK"


async def test_bad_input_gets_a_clear_answer(admin, d):
    path = obj(d)
    oid = (await create(admin, path, b"v1"))["object_id"]
    answer, _ = await admin.call("update_object", tail=b"x", path={"path": path})
    assert answer["status"] == "INVALID_PARAMETERS"
    answer, _ = await admin.call("update_object", tail=b"x", path={"path": path},
                                 object_id="one")
    assert answer["status"] == "INVALID_PARAMETERS"
    answer = await update(admin, path, oid, b"x", ts={"est": -5})
    assert answer["status"] == "OK"  # a nonsense estimate is ignored, not echoed
    answer, _ = await admin.call("create_object", tail=b"x", path={"path": f"{d}/"})
    assert answer["status"] == "INVALID_URI"
    answer, _ = await admin.call("create_object", tail=b"x", path={"path": path},
                                 content_id="not a number")
    assert answer["status"] == "INVALID_CONTENT_ID"


async def test_large_objects_go_over_lft(admin, d):
    base, chunk = admin.auth["lft_address"], admin.auth["multipart_chunk_size"]
    path = obj(d)
    big, bigger = random.randbytes(2 * chunk + 17), random.randbytes(3 * chunk + 5)
    async with aiohttp.ClientSession(headers={"Authorization-Token": admin.auth["token"]}) as http:
        async def upload(method, url, body, data):
            async with http.request(method, url, json=body) as resp:
                assert resp.status == 200
                cid = (await resp.json())["content_id_numeric"]
            for offset in range(0, len(data), chunk):
                async with http.put(f"{base}/content/", data=data[offset:offset + chunk], headers={
                        "Content-ID": str(cid), "Content-Start": str(offset),
                        "Multipart-Chunk-Size": str(chunk)}) as resp:
                    assert resp.status == 200
            return cid
        cid = await upload("POST", f"{base}/object/", {"path": path}, big)
        answer, _ = await admin.call("create_object", tail=b"", path={"path": path},
                                     overwrite=True, content_id=cid)
        assert answer["status"] == "OK"
        oid = answer["object_id"]
        rid, state, _ = await subscribe(admin, path)
        assert state == [(1, big)]
        cid = await upload("PATCH", f"{base}/content/", {"etag": "", "path": path}, bigger)
        answer, _ = await admin.call("update_object", tail=b"", path={"path": path},
                                     object_id=oid, content_id=cid)
        assert (answer["status"], answer["sequence"]) == ("OK", 2)
        assert (await pushed(admin, rid))[1] == bigger


@pytest.mark.timeout(120)
async def test_kill_during_updates_loses_nothing_acknowledged(tmp_path, new_storage):
    server = start_server(tmp_path / "data", **new_storage())
    try:
        client = Omni(server.ws_url, server.http_url)
        conn = await client.connect(server.admin_user, server.admin_password)
        oid = (await create(conn, "/dur/layer.live", b"v1"))["object_id"]
        acked = {1: b"v1"}

        async def write():
            for i in range(2, 1002):
                data = f"update {i} ".encode() * 100
                answer = await update(conn, "/dur/layer.live", oid, data)
                assert answer["status"] == "OK"
                acked[answer["sequence"]] = data

        writing = asyncio.ensure_future(write())
        while len(acked) < 300:
            await asyncio.sleep(0.01)
        server.kill()
        await asyncio.gather(writing, return_exceptions=True)
        await client.close()
        assert 300 <= len(acked) < 1001  # killed mid-stream
        server.start()
        client = Omni(server.ws_url, server.http_url)
        conn = await client.connect(server.admin_user, server.admin_password)
        _, state, latest = await subscribe(conn, "/dur/layer.live", object_id=oid, sequence=0)
        got = dict(state)
        for sequence, data in acked.items():
            assert got.get(sequence) == data, f"acknowledged update {sequence} lost"
        assert sorted(got) == list(range(1, latest["sequence"] + 1))
        # numbering goes on after the last version that reached the disk
        answer = await update(conn, "/dur/layer.live", oid, b"after")
        assert answer["sequence"] == latest["sequence"] + 1
        await client.close()
    finally:
        server.stop()


async def test_a_deleted_object_comes_back_with_its_versions_until_obliterated(server, admin, d):
    path = obj(d)
    oid = (await create(admin, path, b"v1"))["object_id"]
    await update(admin, path, oid, b"v2")
    answer, _ = await admin.call("delete", uri=path)
    assert answer["status"] == "OK"
    answer, _ = await admin.call("undelete", path={"path": path})
    assert answer["status"] == "OK"
    _, state, _ = await subscribe(admin, path, object_id=oid, sequence=0)
    assert state == [(1, b"v1"), (2, b"v2")]
    assert (await update(admin, path, oid, b"v3"))["sequence"] == 3
    answer, _ = await admin.call("delete", uri=path)
    answer, _ = await admin.call("obliterate", paths=[{"path": path}])
    assert answer["status"] == "OK"
    left = store_rows(server, "SELECT COUNT(*) FROM live_updates WHERE object_id = ?", (oid,))
    assert left == [(0,)]  # the versions went with the object


async def test_one_connections_updates_are_numbered_in_the_order_sent(server, omni, d):
    """update_object is pipelined: a writer need not wait for an answer before the next
    update, and its updates still get consecutive numbers in the order it sent them."""
    path = obj(d)
    writer = await omni.connect(server.admin_user, server.admin_password)
    oid = (await create(writer, path, b"v1"))["object_id"]
    rid, _, _ = await subscribe(writer, path)
    ids = [writer.start("update_object", tail=b"u%d" % i, object_id=oid,
                        path={"branch": "", "path": path}) for i in range(300)]
    answers = [(await writer.next(i, "update_object"))[0] for i in ids]
    assert [a["sequence"] for a in answers] == list(range(2, 302))
    for i in range(300):
        answer, tail = await pushed(writer, rid)
        assert (answer["sequence"], tail) == (i + 2, b"u%d" % i)


@pytest.mark.parametrize("updates", [MAX_PLACED - 16, MAX_PLACED + 100])
async def test_updates_waiting_for_their_commit_hold_no_request_slot(tmp_path, updates):
    """While the store cannot commit (another connection holds SQLite's write lock), a
    writer's updates that have their numbers wait without holding the connection's 64 slots:
    a request sent after them is read and answered, up to MAX_PLACED of them; well past that
    (by more than the requests that hold slots) the connection is not read until the commit.
    Then every update is answered, in order."""
    server = start_server(tmp_path / "data")
    try:
        conn = await Omni(server.ws_url, server.http_url).connect(server.admin_user,
                                                                   server.admin_password)
        path = "/held/layer.live"
        oid = (await create(conn, path, b"v1"))["object_id"]
        lock = sqlite3.connect(server.data_dir / "meta.sqlite3", isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")
        try:
            ids = [conn.start("update_object", tail=b"u%d" % i, object_id=oid,
                              path={"branch": "", "path": path}) for i in range(updates)]
            stat = conn.start("stat2", path={"path": path})
            if updates <= MAX_PLACED:
                answer, _ = await conn.next(stat, "stat2", timeout=10)
                assert answer["status"] == "OK", answer
            else:
                with pytest.raises(ConnectionError):
                    await conn.next(stat, "stat2", timeout=1)
            with pytest.raises(ConnectionError):  # nothing is acknowledged before its commit
                await conn.next(ids[0], "update_object", timeout=0.3)
        finally:
            lock.rollback()
            lock.close()
        answers = [(await conn.next(i, "update_object"))[0] for i in ids]
        assert [a["sequence"] for a in answers] == list(range(2, updates + 2))
        if updates > MAX_PLACED:
            assert (await conn.next(stat, "stat2"))[0]["status"] == "OK"
    finally:
        server.stop()


async def test_updates_waiting_when_their_object_is_deleted_are_each_refused(tmp_path):
    """Updates that took their place (the writer follows the object) while its deletion waits
    for the same commit are each answered INVALID_URI, none is lost or left unanswered, the
    connection goes on; the delete, sent first, goes first."""
    server = start_server(tmp_path / "data")
    try:
        writer, deleter = [await Omni(server.ws_url, server.http_url).connect(
            server.admin_user, server.admin_password) for _ in range(2)]
        path = "/held/layer.live"
        oid = (await create(writer, path, b"v1"))["object_id"]
        rid, _, _ = await subscribe(writer, path)
        lock = sqlite3.connect(server.data_dir / "meta.sqlite3", isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")
        try:
            deleted = deleter.start("delete", uri=path)
            await asyncio.sleep(0.5)  # the delete waits for the lock in the store's writer
            ids = [writer.start("update_object", tail=b"u%d" % i, object_id=oid,
                                path={"branch": "", "path": path}) for i in range(20)]
            await asyncio.sleep(0.5)
        finally:
            lock.rollback()
            lock.close()
        assert (await deleter.next(deleted, "delete"))[0]["status"] == "OK"
        answers = [(await writer.next(i, "update_object"))[0] for i in ids]
        assert [a["status"] for a in answers] == ["INVALID_URI"] * 20
        assert (await writer.next(rid, "subscribe_read_object"))[0]["status"] == "NOT_EXIST"
        stat, _ = await writer.call("stat2", path={"path": "/held/"})
        assert stat["status"] == "OK"
    finally:
        server.stop()


async def test_a_ping_socket_signs_in_with_the_connections_token_and_pings_carry_times(omni, admin, d):
    """The original's second socket: ``auth`` with the token authorize_token answered (a
    bogus or revoked one is DENIED), then pings whose answers echo the client's send time
    and carry when the server received and answered them (its jitter reduction needs all
    three)."""
    pinger = await omni.connlib()
    answer, _ = await pinger.call("auth", token=admin.auth["token"], version="1.19")
    assert answer["status"] == "OK", answer
    assert answer["username"] == admin.auth["username"]
    assert answer["connection_id"] != admin.auth["connection_id"]
    for _ in range(3):
        sent = time.time_ns() // 1000
        pong, _ = await pinger.call("ping", ts={"omni_client_out_ts": sent})
        got = time.time_ns() // 1000
        ts = pong["ts"]
        assert pong["status"] == "OK" and ts["omni_client_out_ts"] == sent
        assert sent <= ts["omni_server_in_ts"] <= ts["omni_server_out_ts"] <= got  # one host, one clock
    # the socket acts as its user: it may read what the user may
    assert (await create(admin, obj(d), b"v1"))["status"] == "OK"
    _, state, _ = await subscribe(pinger, obj(d))
    assert state == [(1, b"v1")]
    stranger = await omni.connlib()
    for token in ("not-a-token", admin.auth["connection_id"], ""):
        answer, _ = await stranger.call("auth", token=token, version="1.19")
        assert answer["status"] == "DENIED", token
    assert (await stranger.call("stat2", path={"path": obj(d)}))[0]["status"] == "UNAUTHENTICATED"
