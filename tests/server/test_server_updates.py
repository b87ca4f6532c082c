"""Delta updates (``update_asset`` with ``delta``), path options (``set_path_options``,
``set_path_options2``) and the ``copy`` event, at the protocol level; every answer and
event is checked against the IDL field lists (and the PathEvent enum) by the test client."""

import hashlib

from omni.server.storage.base import INLINE_MAX

from omni1_test_client import put, read


async def delta(conn, path, data, kind, **extra):
    answer, _ = await conn.call("update_asset", tail=data, path={"path": path}, delta=kind,
                                **extra)
    return answer


async def test_delta_updates_append_and_write_ranges(admin, d):
    f = f"{d}/log.txt"
    first = await put(admin, f, b"hello")
    sub = admin.start("subscribe_list", path={"path": f"{d}/"})
    live = admin.start("subscribe_read_asset", path={"path": f}, etag=first["etag"])
    await admin.call("ping")
    appended = await delta(admin, f, b" world", "append", etag=first["etag"])
    assert appended["status"] == "OK" and appended["etag"] != first["etag"]
    assert appended["hash_value"] == hashlib.sha256(b"hello world").hexdigest()
    assert appended["hash_bsize"] == 11
    assert await read(admin, f) == ("OK", b"hello world")
    event, _ = await admin.next(sub, "subscribe_list")
    assert event["event"] == "delta" and event["entry"]["size"] == 11
    content, tail = await admin.next(live, "subscribe_read_asset")  # the whole new content
    assert content["etag"] == appended["etag"] and tail == b"hello world"
    # a range inside, then one that extends the file, with a checkpoint message
    assert (await delta(admin, f, b"J", "range:0"))["status"] == "OK"
    assert (await delta(admin, f, b"!!", "range:10", message="cp"))["status"] == "OK"
    assert await read(admin, f) == ("OK", b"Jello worl!!")
    assert await read(admin, f, checkpoint=1) == ("OK", b"Jello worl!!")
    assert [(await admin.next(sub, "subscribe_list"))[0]["event"] for _ in range(2)] == \
        ["delta", "delta"]
    # refused: past the end, an unknown format, a stale etag, content by LFT, a hash
    assert (await delta(admin, f, b"x", "range:13"))["status"] == "INVALID_PARAMETERS"
    assert (await delta(admin, f, b"x", "range:-1"))["status"] == "NOT_IMPLEMENTED"
    assert (await delta(admin, f, b"x", "range:" + "9" * 5000))["status"] == "NOT_IMPLEMENTED"
    assert (await delta(admin, f, b"x", "range:" + "9" * 20))["status"] == "INVALID_PARAMETERS"
    assert (await delta(admin, f, b"x", "json-patch"))["status"] == "NOT_IMPLEMENTED"
    assert (await delta(admin, f, b"x", "append", etag=first["etag"]))["status"] == "INVALID_ETAG"
    answer, _ = await admin.call("update_asset", path={"path": f}, delta="append", content_id=1)
    assert answer["status"] == "NOT_IMPLEMENTED"
    answer, _ = await admin.call("update_asset_with_hash", path={"path": f}, delta="append",
                                 hash_type="sha256", hash_bsize=5,
                                 hash_value=hashlib.sha256(b"hello").hexdigest())
    assert answer["status"] == "NOT_IMPLEMENTED"
    assert (await delta(admin, f"{d}/missing", b"x", "append"))["status"] == "INVALID_URI"
    assert await read(admin, f) == ("OK", b"Jello worl!!")
    # an empty delta is a plain (full) update
    answer, _ = await admin.call("update_asset", tail=b"full", path={"path": f}, delta="")
    assert answer["status"] == "OK"
    assert (await admin.next(sub, "subscribe_list"))[0]["event"] == "full"
    await admin.stop(sub)
    await admin.stop(live)


async def test_delta_updates_on_small_and_large_content(admin, d):
    """Small content (kept by the metadata store) is patched in memory, larger content in
    its blob file: the same bytes either way, also across the size where one turns into
    the other."""
    f = f"{d}/sizes.bin"
    want = bytearray(b"s" * 100)
    await put(admin, f, bytes(want))
    for kind, data in (("range:98", b"XYZ"), ("append", b"a" * INLINE_MAX), ("range:5", b"mid"),
                       (f"range:{INLINE_MAX + 101}", b"end"), ("range:0", b"^")):
        answer = await delta(admin, f, data, kind)
        assert answer["status"] == "OK", kind
        offset = len(want) if kind == "append" else int(kind.split(":")[1])
        want[offset:offset + len(data)] = data
        assert answer["hash_value"] == hashlib.sha256(want).hexdigest(), kind
        assert await read(admin, f) == ("OK", bytes(want)), kind


async def test_delta_updates_respect_locks(server, omni, admin, d):
    f = f"{d}/locked.txt"
    await put(admin, f, b"mine")
    server.add_user("deltabob", "bob-pw")
    await admin.call("change_acl", uri=f"{d}/", acl={"admin": ["read", "write", "admin"],
                                                      "deltabob": ["read", "write"]})
    await admin.call("lock", uri=f, etag="0")
    bob = await omni.connect("deltabob", "bob-pw")
    assert (await delta(bob, f, b"!", "append"))["status"] == "RESOURCE_BUSY"
    await admin.call("unlock", uri=f)
    assert (await delta(bob, f, b"!", "append"))["status"] == "OK"
    assert await read(admin, f) == ("OK", b"mine!")


async def test_set_path_options_sets_authors_and_times(server, omni, admin, d):
    f = f"{d}/migrated.usd"
    written = await put(admin, f, b"content", message="cp")
    answer, _ = await admin.call("set_path_options", uri=f, created_by="maker",
                                 modified_by="editor", created="2001-02-03T04:05:06Z",
                                 modified="2002-03-04T05:06:07+00:00")
    assert answer["status"] == "OK"
    stat, _ = await admin.call("stat2", path={"path": f})
    assert (stat["created_by"], stat["modified_by"]) == ("maker", "editor")
    assert stat["created_date_seconds"] == 981173106
    assert stat["modified_date_seconds"] == 1015218367
    assert stat["etag"] == written["etag"]  # metadata only: no new version
    answer, _ = await admin.call("set_path_options2", path=f, modified=1234567890)
    assert answer["status"] == "OK"
    listed = await admin.stream("list2", path=f"{d}/")
    entry = listed[0]["entries"][0]
    assert entry["modified_timestamp"] == 1234567890 and entry["created_by"] == "maker"
    for params, status in (
            ({"created": "yesterday"}, "INVALID_PARAMETERS"),
            ({"created": "0001-01-01T00:00:00Z"}, "INVALID_PARAMETERS"),
            ({"created_by": ""}, "INVALID_PARAMETERS"),
            ({"checkpoint": 1}, "NOT_IMPLEMENTED"),
            ({"branch": "other"}, "INVALID_URI")):
        answer, _ = await admin.call("set_path_options", uri=f, **params)
        assert answer["status"] == status, params
    answer, _ = await admin.call("set_path_options2", path=f, created=2 ** 40)
    assert answer["status"] == "INVALID_PARAMETERS"
    answer, _ = await admin.call("set_path_options2", path=f"{d}/missing", created=1)
    assert answer["status"] == "INVALID_URI"
    # writers are not enough: it takes admin rights on the item
    server.add_user("optwriter", "writer-pw")
    await admin.call("change_acl", uri=f"{d}/", acl={"admin": ["read", "write", "admin"],
                                                      "optwriter": ["read", "write"]})
    writer = await omni.connect("optwriter", "writer-pw")
    answer, _ = await writer.call("set_path_options2", path=f, created_by="me")
    assert answer["status"] == "DENIED"


async def test_copy_event_names_source_and_destination(omni, server, admin, d):
    await put(admin, f"{d}/a/tree/one", b"1")
    await put(admin, f"{d}/b/keep", b"k")
    watcher = await omni.connect(server.admin_user, server.admin_password)
    sub_a = watcher.start("subscribe_list", path={"path": f"{d}/a/"})
    sub_b = watcher.start("subscribe_list", path={"path": f"{d}/b/"})
    await watcher.call("ping")
    answer, _ = await admin.call("copy2", paths_to_copy=[{"src": {"path": f"{d}/a/tree"},
                                                          "dst": {"path": f"{d}/b/tree"}}])
    assert answer["responses"] == ["OK"]
    # The destination's folder hears of the copy once: the copy event (which NVIDIA's client
    # reports as the creation of the destination), no `create` of its own.
    copied, _ = await watcher.next(sub_b, "subscribe_list")
    assert copied["event"] == "copy"
    assert copied["entry"]["path"] == f"{d}/a/tree"
    assert copied["entry"]["destination"] == f"{d}/b/tree"
    # Nothing changed in the source's folder: the next event there is the next change.
    await put(admin, f"{d}/a/later", b"l")
    later, _ = await watcher.next(sub_a, "subscribe_list")
    assert (later["event"], later["entry"]["path"]) == ("create", f"{d}/a/later")
    # Copying onto an existing file is an update of that file.
    answer, _ = await admin.call("copy2", paths_to_copy=[{"src": {"path": f"{d}/b/keep"},
                                                          "dst": {"path": f"{d}/a/later"}}])
    assert answer["responses"] == ["OK"]
    updated, _ = await watcher.next(sub_a, "subscribe_list")
    assert (updated["event"], updated["entry"]["path"]) == ("full", f"{d}/a/later")
