"""Soft delete: deleted items go to the trash with their checkpoints and ACLs;
``undelete`` (our extension) brings them back, missing parents too; ``obliterate``
(our extension) removes them for good, and blob GC then removes the content
nothing references any more (and never content still referenced).  Deleted items
and checkpoints survive kill -9.  Answers are checked against the IDL field lists."""


import pytest

from omni.server.testing import running_server, start_server

from omni1_test_client import Omni, held, put, read


@pytest.fixture(scope="module")
def server(storage):
    # blobs are collected at once (no grace period), so that obliterate can be checked
    with running_server(extra_args=["--gc-grace", "0"], check_log=True, **storage) as srv:
        yield srv


async def test_capabilities_name_the_extensions(admin):
    assert {"undelete", "obliterate", "list_deleted"} <= set(admin.auth["server_capabilities"])


async def test_list_deleted_shows_the_trash_of_a_folder(server, omni, admin, d):
    await put(admin, f"{d}/a.usd", b"first")
    await admin.call("delete2", paths_to_delete=[{"path": f"{d}/a.usd"}])
    await put(admin, f"{d}/a.usd", b"second, deleted later")
    await put(admin, f"{d}/sub/inner.txt", b"inner")
    await put(admin, f"{d}/live.txt", b"live")
    await admin.stream("delete", uri=f"{d}/a.usd")
    await admin.stream("delete", uri=f"{d}/sub")
    answers = await admin.stream("list_deleted", path=f"{d}/")
    entries = {e["path"]: e for a in answers for e in a["entries"]}
    assert set(entries) == {f"{d}/a.usd", f"{d}/sub"}  # not the live file
    a = entries[f"{d}/a.usd"]  # as last deleted: what undelete brings back
    assert a["size"] == len(b"second, deleted later") and a["path_type"] == "asset"
    assert a["deleted_by"] == server.admin_user and a["deleted_timestamp"] > 1_700_000_000
    assert entries[f"{d}/sub"]["path_type"] == "folder" and not entries[f"{d}/sub"]["empty"]
    # inside a deleted folder; only some kinds
    inner = await admin.stream("list_deleted", path=f"{d}/sub/")
    assert [e["path"] for e in inner[0]["entries"]] == [f"{d}/sub/inner.txt"]
    folders = await admin.stream("list_deleted", path=f"{d}/", path_types=["folder"])
    assert [e["path"] for e in folders[0]["entries"]] == [f"{d}/sub"]
    # undeleted items leave the trash listing
    await admin.call("undelete", path={"path": f"{d}/sub"})
    after = await admin.stream("list_deleted", path=f"{d}/")
    assert [e["path"] for e in after[0]["entries"]] == [f"{d}/a.usd"]
    missing = await admin.stream("list_deleted", path=f"{d}/never/")
    assert missing[0]["status"] == "INVALID_URI"
    # users see deleted items they may read
    server.add_user("trashreader", "reader-pw")
    reader = await omni.connect("trashreader", "reader-pw")
    denied = await reader.stream("list_deleted", path=f"{d}/")
    assert denied[0]["status"] == "DENIED"
    await admin.call("change_acl", uri=f"{d}/", acl={"admin": ["read", "write", "admin"],
                                                      "trashreader": ["read"]})
    shown = await reader.stream("list_deleted", path=f"{d}/")
    assert [e["path"] for e in shown[0]["entries"]] == [f"{d}/a.usd"]


async def test_undelete_brings_back_item_parents_checkpoints_and_acls(server, admin, d):
    await put(admin, f"{d}/sub/a.usd", b"first", message="one")
    await put(admin, f"{d}/sub/a.usd", b"second")
    await put(admin, f"{d}/sub/b.txt", b"bee")
    answer, _ = await admin.call("change_acl", uri=f"{d}/sub/a.usd", acl={"admin": ["read", "write",
                                                                                    "admin"]})
    assert answer["status"] == "OK"
    deleted = await admin.stream("delete", uri=f"{d}/sub")
    assert {a["uri"] for a in deleted} == {f"{d}/sub", f"{d}/sub/a.usd", f"{d}/sub/b.txt"}
    assert (await read(admin, f"{d}/sub/a.usd"))[0] == "INVALID_URI"
    listed = server.cli("trash", "list", d)
    assert f"{d}/sub\tfolder" in listed and server.admin_user in listed
    # a.usd alone: its parent comes back (from the trash), b.txt stays deleted
    answer, _ = await admin.call("undelete", path={"path": f"{d}/sub/a.usd"})
    assert answer["status"] == "OK" and len(answer["transaction_ids"]) == 2
    assert await read(admin, f"{d}/sub/a.usd") == ("OK", b"second")
    assert await read(admin, f"{d}/sub/a.usd", checkpoint=1) == ("OK", b"first")
    cps, _ = await admin.call("get_checkpoints", path={"path": f"{d}/sub/a.usd"})
    assert [c["message"] for c in cps["checkpoints"]] == ["one"]
    acl, _ = await admin.call("get_acl_v2", paths=[{"path": f"{d}/sub/a.usd"}])
    assert acl["responses"][0]["acl"] == {"admin": ["read", "write", "admin"]}
    assert (await read(admin, f"{d}/sub/b.txt"))[0] == "INVALID_URI"
    answer, _ = await admin.call("undelete", path={"path": f"{d}/sub/b.txt"})
    assert answer["status"] == "OK"
    assert await read(admin, f"{d}/sub/b.txt") == ("OK", b"bee")
    again, _ = await admin.call("undelete", path={"path": f"{d}/sub/b.txt"})
    assert again["status"] == "ALREADY_EXISTS"
    never, _ = await admin.call("undelete", path={"path": f"{d}/never"})
    assert never["status"] == "INVALID_URI"


async def test_undelete_a_folder_and_the_latest_deletion(admin, d):
    await put(admin, f"{d}/f/x", b"old")
    await admin.stream("delete", uri=f"{d}/f")
    await put(admin, f"{d}/f/x", b"new")
    await admin.stream("delete", uri=f"{d}/f")
    answer, _ = await admin.call("undelete", path={"path": f"{d}/f"})
    assert answer["status"] == "OK"
    assert await read(admin, f"{d}/f/x") == ("OK", b"new")
    # a folder subscription sees the undelete as a create
    sub = admin.start("subscribe_list", path={"path": f"{d}/"})
    await admin.call("ping")
    await admin.stream("delete", uri=f"{d}/f")
    event, _ = await admin.next(sub, "subscribe_list")
    assert event["event"] == "delete"
    await admin.call("undelete", path={"path": f"{d}/f"})
    event, _ = await admin.next(sub, "subscribe_list")
    assert event["event"] == "create" and event["entry"]["path"] == f"{d}/f"
    await admin.stop(sub)


async def test_obliterate_collects_unreferenced_blobs_only(server, admin, d):
    unique, shared, old = b"only here " + d.encode(), b"shared " + d.encode(), b"old " + d.encode()
    await put(admin, f"{d}/gone.usd", old, message="old")
    await put(admin, f"{d}/gone.usd", unique)
    await put(admin, f"{d}/shared-a", shared)
    await put(admin, f"{d}/shared-b", shared)
    await admin.stream("delete", uri=f"{d}/shared-b")
    for data in (unique, shared, old):
        assert held(server, data)
    answer, _ = await admin.call("obliterate", paths=[{"path": f"{d}/gone.usd"},
                                                     {"path": f"{d}/shared-b"},
                                                     {"path": f"{d}/nothing"}])
    assert answer["responses"] == ["OK", "OK", "NOT_EXIST"]
    # the file, its checkpoint's content and the deleted copy are gone for good ...
    assert not held(server, unique) and not held(server, old)
    assert (await read(admin, f"{d}/gone.usd"))[0] == "INVALID_URI"
    undo, _ = await admin.call("undelete", path={"path": f"{d}/shared-b"})
    assert undo["status"] == "INVALID_URI"
    # ... content another file still uses stays
    assert held(server, shared)
    assert await read(admin, f"{d}/shared-a") == ("OK", shared)


async def test_trash_needs_write(server, omni, admin, d):
    await put(admin, f"{d}/t.txt", b"t")
    server.add_user("looker", "looker-pw")
    await admin.call("change_acl", uri=f"{d}/", acl={"looker": ["read"]})
    await admin.stream("delete", uri=f"{d}/t.txt")
    looker = await omni.connect("looker", "looker-pw")
    answer, _ = await looker.call("undelete", path={"path": f"{d}/t.txt"})
    assert answer["status"] == "DENIED"
    answer, _ = await looker.call("obliterate", paths=[{"path": f"{d}/t.txt"}])
    assert answer["status"] == "DENIED" and answer["responses"] == ["DENIED"]


async def test_deleted_items_and_checkpoints_survive_kill(tmp_path, new_storage):
    srv = start_server(data_dir=tmp_path / "data", **new_storage())
    try:
        omni = Omni(srv.ws_url, srv.http_url)
        conn = await omni.connect(srv.admin_user, srv.admin_password)
        await put(conn, "/k/file.usd", b"v1", message="cp")
        await put(conn, "/k/file.usd", b"v2")
        await conn.stream("delete", uri="/k")
        await omni.close()
        srv.kill()
        srv.start()
        omni = Omni(srv.ws_url, srv.http_url)
        conn = await omni.connect(srv.admin_user, srv.admin_password)
        answer, _ = await conn.call("undelete", path={"path": "/k/file.usd"})
        assert answer["status"] == "OK"
        assert await read(conn, "/k/file.usd") == ("OK", b"v2")
        assert await read(conn, "/k/file.usd", checkpoint=1) == ("OK", b"v1")
        # the administrator's command brings back what the original client cannot
        await conn.stream("delete", uri="/k")
        assert srv.cli("trash", "restore", "/k/file.usd").split("\n")[:2] == \
            ["restored /k", "restored /k/file.usd"]
        assert await read(conn, "/k/file.usd") == ("OK", b"v2")
        await omni.close()
    finally:
        srv.stop()
