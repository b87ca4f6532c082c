"""Versions and checkpoints at the protocol level: checkpoint_version, get_checkpoints,
get_branches, replace_version, reads and stats of a checkpoint, pinned paths.

Every answer is checked against the IDL field lists by the test client."""

import hashlib
import os


from omni1_test_client import put


async def checkpoint(conn, path, **extra):
    answer, _ = await conn.call("checkpoint_version", path={"branch": "", "path": path}, **extra)
    return answer


async def test_checkpoint_version_numbers_and_force(admin, d):
    f = f"{d}/a.usd"
    missing = await checkpoint(admin, f, message="")
    assert missing["status"] == "INVALID_URI"
    first = await put(admin, f, b"one")
    cp1 = await checkpoint(admin, f, message="first")
    assert cp1["status"] == "OK" and cp1["checkpoint"] == 1
    assert cp1["path"] == f and cp1["branch"] == "default"
    # the same version again: no new checkpoint unless forced
    same = await checkpoint(admin, f, message="again")
    assert same["checkpoint"] == 1
    forced = await checkpoint(admin, f, message="forced", force=True)
    assert forced["checkpoint"] == 2
    await put(admin, f, b"two")
    cp3 = await checkpoint(admin, f)
    assert cp3["checkpoint"] == 3
    listed, _ = await admin.call("get_checkpoints", path={"path": f})
    assert listed["status"] == "OK"
    assert [(c["checkpoint_id"], c["message"]) for c in listed["checkpoints"]] == \
        [(1, "first"), (2, "forced"), (3, "")]
    stat, _ = await admin.call("stat2", path={"path": f, "checkpoint": 1})
    assert stat["status"] == "OK" and stat["checkpointed"] is True and stat["size"] == 3
    assert stat["etag"] == first["etag"]
    assert stat["hash_value"] == hashlib.sha256(b"one").hexdigest()
    read, tail = await admin.call("read_asset_version", path={"path": f, "checkpoint": 2})
    assert read["status"] == "OK" and tail == b"one" and read["etag"] == first["etag"]
    latest, tail = await admin.call("read_asset_version", path={"path": f})
    assert tail == b"two"
    nope, _ = await admin.call("read_asset_version", path={"path": f, "checkpoint": 9})
    assert nope["status"] == "INVALID_URI"
    entries = (await admin.stream("list2", path=f"{d}/"))[0]["entries"]
    assert entries[0]["checkpoint_count"] == 3 and entries[0]["checkpointed"] is True
    await put(admin, f, b"three")
    entries = (await admin.stream("list2", path=f"{d}/"))[0]["entries"]
    assert entries[0]["checkpoint_count"] == 3 and entries[0]["checkpointed"] is False
    folder = await checkpoint(admin, f"{d}/")
    assert folder["status"] == "NOT_ASSET"


async def test_write_with_message_is_a_checkpoint(admin, d):
    f = f"{d}/m.usd"
    await put(admin, f, b"a", message="made")
    listed, _ = await admin.call("get_checkpoints", path={"path": f})
    assert [c["message"] for c in listed["checkpoints"]] == ["made"]
    await put(admin, f, b"b")
    listed, _ = await admin.call("get_checkpoints", path={"path": f})
    assert len(listed["checkpoints"]) == 1


async def test_pinned_paths_are_read_only(admin, d):
    f = f"{d}/p.usd"
    await put(admin, f, b"x", message="cp")
    pinned = {"path": f, "checkpoint": 1}
    for name, params in (("delete2", {"paths_to_delete": [pinned]}),
                         ("copy2", {"paths_to_copy": [{"src": pinned, "dst": {"path": f + "2"}}]})):
        answer, _ = await admin.call(name, **params)
        assert answer["responses"] == ["NOT_IMPLEMENTED"], (name, answer)
    # reading the ACLs of a checkpoint is fine: they are the path's
    acl, _ = await admin.call("get_acl_v2", paths=[pinned])
    assert acl["responses"][0]["status"] == "OK"


async def test_branches(admin, d):
    f = f"{d}/b.usd"
    await put(admin, f, b"x")
    answer, _ = await admin.call("get_branches", path=f)
    assert answer == {"id": answer["id"], "status": "OK", "branches": ["default"]}
    missing, _ = await admin.call("get_branches", path=f + ".nope")
    assert missing["status"] == "INVALID_URI"
    other, _ = await admin.call("read_asset_version", path={"path": f, "branch": "dev"})
    assert other["status"] == "INVALID_URI"


async def test_replace_version_restores_a_checkpoint(admin, d):
    f = f"{d}/r.usd"
    await put(admin, f, b"good", message="good")
    await put(admin, f, b"bad")
    sub = admin.start("subscribe_list", path={"path": f"{d}/"})
    await admin.call("ping")
    answer, _ = await admin.call("replace_version", src_path={"path": f, "checkpoint": 1},
                                 dst_path={"path": f}, message="restored")
    assert answer["status"] == "OK"
    event, _ = await admin.next(sub, "subscribe_list")
    assert event["event"] == "replace_version" and event["entry"]["path"] == f
    await admin.stop(sub)
    _, tail = await admin.call("read_asset_version", path={"path": f})
    assert tail == b"good"
    listed, _ = await admin.call("get_checkpoints", path={"path": f})
    assert [c["message"] for c in listed["checkpoints"]] == ["good", "restored"]
    # the latest version of another file (a copy), and errors
    await put(admin, f"{d}/other.usd", b"other")
    answer, _ = await admin.call("replace_version", src_path={"path": f"{d}/other.usd"},
                                 dst_path={"path": f})
    assert answer["status"] == "OK"
    _, tail = await admin.call("read_asset_version", path={"path": f})
    assert tail == b"other"
    missing, _ = await admin.call("replace_version", src_path={"path": f, "checkpoint": 7},
                                  dst_path={"path": f})
    assert missing["status"] == "INVALID_URI"
    to_folder, _ = await admin.call("replace_version", src_path={"path": f, "checkpoint": 1},
                                    dst_path={"path": f"{d}/"})
    assert to_folder["status"] == "NOT_ASSET"


async def test_checkpoints_follow_copy_and_move_and_go_with_delete(admin, d):
    f = f"{d}/c.usd"
    await put(admin, f, b"v1", message="one")
    await put(admin, f, b"v2", message="two")
    answer, _ = await admin.call("copy2", paths_to_copy=[{"src": {"path": f},
                                                           "dst": {"path": f"{d}/copy.usd"}}])
    assert answer["responses"] == ["OK"]
    answer, _ = await admin.call("rename2", paths_to_rename=[{"src": {"path": f"{d}/copy.usd"},
                                                               "dst": {"path": f"{d}/m/moved.usd"}}])
    assert answer["responses"] == ["OK"]
    listed, _ = await admin.call("get_checkpoints", path={"path": f"{d}/m/moved.usd"})
    assert [c["message"] for c in listed["checkpoints"]] == ["one", "two"]
    _, tail = await admin.call("read_asset_version", path={"path": f"{d}/m/moved.usd",
                                                           "checkpoint": 1})
    assert tail == b"v1"
    await admin.stream("delete", uri=f)
    await put(admin, f, b"new")
    listed, _ = await admin.call("get_checkpoints", path={"path": f})
    assert listed["checkpoints"] == []


async def test_checkpoint_needs_write(server, omni, admin, d):
    f = f"{d}/w.usd"
    await put(admin, f, b"x")
    server.add_user("reader", "reader-pw")
    answer, _ = await admin.call("change_acl", uri=f"{d}/", acl={"reader": ["read"]})
    assert answer["status"] == "OK"
    reader = await omni.connect("reader", "reader-pw")
    denied = await checkpoint(reader, f)
    assert denied["status"] == "DENIED"
    listed, _ = await reader.call("get_checkpoints", path={"path": f})
    assert listed["status"] == "OK"


async def test_a_large_checkpoint_is_read_through_lft(omni, admin, d):
    f = f"{d}/big.bin"
    big = os.urandom((1 << 20) + 12345)  # above the inline threshold of 1 MiB
    await put(admin, f, big, message="big")
    await put(admin, f, b"small now")
    read, tail = await admin.call("read_asset_version", path={"path": f, "checkpoint": 1})
    assert read["status"] == "OK" and read["size"] == len(big) and not tail
    async with omni.session.get(read["uri_redirection"],
                                headers={"Authorization-Token": admin.auth["token"]}) as resp:
        assert resp.status == 200
        assert await resp.read() == big


async def test_pipelined_requests_on_one_file_run_in_order(admin, d):
    """As the original client does: the checkpoint after a write is sent without waiting."""
    f = f"{d}/order.usd"
    for i in range(5):
        write = admin.start("create_asset", tail=os.urandom(200_000) + b"%d" % i,
                            path={"path": f}, overwrite=True)
        cp = admin.start("checkpoint_version", path={"path": f}, message=f"after {i}")
        read = admin.start("read_asset_version", path={"path": f})
        written, _ = await admin.next(write, "create_asset")
        checkpointed, _ = await admin.next(cp, "checkpoint_version")
        got, tail = await admin.next(read, "read_asset_version")
        assert checkpointed["checkpoint"] == i + 1
        assert got["etag"] == written["etag"] and tail.endswith(b"%d" % i)
        stat, _ = await admin.call("stat2", path={"path": f, "checkpoint": i + 1})
        assert stat["etag"] == written["etag"]


async def test_batch_requests_run_in_order_with_single_file_requests(admin, d):
    """copy2, rename2 and delete2 sent right after a write of the file they name (without
    waiting for its answer) see that write, and a read sent right after them sees them."""
    for i in range(3):
        data = os.urandom(300_000)
        write_a = admin.start("create_asset", tail=data, path={"path": f"{d}/a{i}"}, overwrite=True)
        copy = admin.start("copy2", paths_to_copy=[{"src": {"path": f"{d}/a{i}"},
                                                    "dst": {"path": f"{d}/b{i}"}}])
        read_b = admin.start("read_asset_version", path={"path": f"{d}/b{i}"})
        write_r = admin.start("create_asset", tail=data, path={"path": f"{d}/r{i}"}, overwrite=True)
        move = admin.start("rename2", paths_to_rename=[{"src": {"path": f"{d}/r{i}"},
                                                       "dst": {"path": f"{d}/s{i}"}}])
        write_x = admin.start("create_asset", tail=data, path={"path": f"{d}/x{i}"}, overwrite=True)
        delete = admin.start("delete2", paths_to_delete=[{"path": f"{d}/x{i}"}])
        stat_x = admin.start("stat2", path={"path": f"{d}/x{i}"})
        for req, command in ((write_a, "create_asset"), (write_r, "create_asset"),
                             (write_x, "create_asset")):
            assert (await admin.next(req, command))[0]["status"] == "OK"
        assert (await admin.next(copy, "copy2"))[0]["responses"] == ["OK"]
        answer, tail = await admin.next(read_b, "read_asset_version")
        assert answer["status"] == "OK" and tail == data
        assert (await admin.next(move, "rename2"))[0]["responses"] == ["OK"]
        assert (await admin.next(delete, "delete2"))[0]["responses"] == ["OK"]
        assert (await admin.next(stat_x, "stat2"))[0]["status"] == "INVALID_URI"
