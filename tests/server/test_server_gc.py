"""Blob garbage collection: the store counts the references to each blob (live items,
deleted items, checkpoints) as it commits; GC removes what nothing has referenced for the
grace period, after an obliterate and periodically, and sweeps the blob folder a part at a
time for content that was stored but never named.  Never a referenced blob, never one
younger than the grace period, also when the server is killed (-9) in the middle."""

import asyncio
import hashlib
import os
import sqlite3

import pytest

from omni.server.storage.base import INLINE_MAX
from omni.server.testing import start_server

from omni1_test_client import Omni, held, held_blobs, read

WAIT_S = 60  # bound on waiting for a periodic GC run (not a timing assertion)


async def put(conn, path, data, overwrite=True, **extra):
    answer, _ = await conn.call("create_asset", tail=data, path={"path": path},
                                overwrite=overwrite, **extra)
    return answer


async def wait_gone(srv, data):
    for _ in range(int(WAIT_S / 0.1)):
        if not held(srv, data):
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"{data[:20]!r}... still held after {WAIT_S} s")


async def connect(srv):
    omni = Omni(srv.ws_url, srv.http_url)
    return omni, await omni.connect(srv.admin_user, srv.admin_password)


@pytest.mark.parametrize("size", ["small", "large"])  # kept by the metadata store / in files
async def test_periodic_gc_removes_only_unreferenced_content(tmp_path, size, new_storage):
    # A grace of 1 s, not 0: with none, a sweep may take content stored for a write in flight
    # (stored, not yet named) - what the grace period is for.
    srv = start_server(tmp_path / "data", extra_args=["--gc-grace", "1", "--gc-interval", "0.1"],
                       **new_storage())
    pad = b"." * (INLINE_MAX if size == "large" else 0)
    try:
        omni, conn = await connect(srv)
        superseded, current = b"superseded" + pad, b"current" + pad
        kept = {name: name.encode() * 3 + pad for name in
                ("checkpointed", "after-checkpoint", "trashed", "copied", "copy-source-now",
                 "moved")}
        await put(conn, "/g/plain", superseded)
        await put(conn, "/g/plain", current)                          # superseded: unreferenced
        await put(conn, "/g/cp", kept["checkpointed"], message="cp")  # a checkpoint keeps it
        await put(conn, "/g/cp", kept["after-checkpoint"])
        await put(conn, "/g/del", kept["trashed"])
        await conn.call("delete2", paths_to_delete=[{"path": "/g/del"}])  # the trash keeps it
        await put(conn, "/g/src", kept["copied"])
        await conn.call("copy2", paths_to_copy=[{"src": {"path": "/g/src"},
                                                 "dst": {"path": "/g/copy"}}])
        await put(conn, "/g/src", kept["copy-source-now"])            # the copy keeps the old
        await put(conn, "/g/m", kept["moved"])
        await conn.call("rename2", paths_to_rename=[{"src": {"path": "/g/m"},
                                                     "dst": {"path": "/g/moved"}}])
        # content stored for a write that is then refused: a file, found by the sweep of the
        # blob folder; small content is stored only with the change that names it
        never_named = b"stored for a write that was refused" + pad
        refused = await put(conn, "/g/plain", never_named, overwrite=False)
        assert refused["status"] == "ALREADY_EXISTS"
        assert held(srv, never_named) == (size == "large")
        await wait_gone(srv, superseded)
        await wait_gone(srv, never_named)
        for data in (current, *kept.values()):
            assert held(srv, data), data
        assert await read(conn, "/g/cp", checkpoint=1) == ("OK", kept["checkpointed"])
        assert await read(conn, "/g/copy") == ("OK", kept["copied"])
        # undeleting makes it a live item; obliterating it then frees it
        await conn.call("undelete", path={"path": "/g/del"})
        assert await read(conn, "/g/del") == ("OK", kept["trashed"])
        answer, _ = await conn.call("obliterate", paths=[{"path": "/g/del"}])
        assert answer["status"] == "OK"
        await wait_gone(srv, kept["trashed"])  # (that obliterate collects at once: test_server_trash)
        await omni.close()
    finally:
        srv.stop()
    srv.assert_no_traceback()


async def test_grace_period_keeps_young_content(tmp_path, new_storage):
    srv = start_server(tmp_path / "data", extra_args=["--gc-interval", "3600"],  # grace 600 s
                       **new_storage())
    try:
        omni, conn = await connect(srv)
        await put(conn, "/y/f", b"young one")
        await put(conn, "/y/f", b"young two")
        await put(conn, "/y/other", b"other")
        answer, _ = await conn.call("obliterate", paths=[{"path": "/y/other"}])
        assert answer["status"] == "OK"  # GC ran, within the grace period of both
        assert held(srv, b"young one") and held(srv, b"other")
        await omni.close()
    finally:
        srv.stop()


async def test_kill_during_gc_leaves_every_referenced_blob(tmp_path, new_storage):
    """Many unreferenced blobs, GC started by an obliterate, kill -9 at once or a little
    later; after a restart every file and checkpoint reads back, and a GC run then leaves
    exactly the referenced content."""
    srv = start_server(tmp_path / "data", extra_args=["--gc-grace", "0", "--gc-interval", "3600"],
                       **new_storage())
    expected = {}
    try:
        for round_, delay in enumerate((0.0, 0.01, 0.05)):
            omni, conn = await connect(srv)
            reqs = []
            for i in range(300):
                path = f"/k{round_}/f{i}"
                old, new = os.urandom(64), os.urandom(64)
                extra = {"message": "keep"} if i % 3 == 0 else {}
                reqs.append(conn.start("create_asset", tail=old, path={"path": path},
                                       overwrite=True, **extra))
                reqs.append(conn.start("create_asset", tail=new, path={"path": path},
                                       overwrite=True))
                expected[path] = (new, old if extra else None)
            for req in reqs:
                assert (await conn.next(req, "create_asset"))[0]["status"] == "OK"
            await put(conn, f"/k{round_}/bye", b"bye %d" % round_)
            conn.start("obliterate", paths=[{"path": f"/k{round_}/bye"}])
            await asyncio.sleep(delay)
            srv.kill()
            await omni.close()
            srv.start()
        omni, conn = await connect(srv)
        for path, (new, checkpointed) in expected.items():
            assert await read(conn, path) == ("OK", new), path
            if checkpointed is not None:
                assert await read(conn, path, checkpoint=1) == ("OK", checkpointed), path
        # the killed obliterates may or may not have happened
        answer, _ = await conn.call("obliterate", paths=[{"path": f"/k{r}/bye"} for r in range(3)])
        assert set(answer["responses"]) <= {"OK", "NOT_EXIST"}
        referenced = {hashlib.sha256(d).hexdigest() for new, cp in expected.values()
                      for d in (new, cp) if d is not None}
        assert held_blobs(srv) == referenced
        await omni.close()
    finally:
        srv.stop()


async def test_references_are_counted_for_a_data_folder_made_before_counting(tmp_path):
    srv = start_server(tmp_path / "data", extra_args=["--gc-grace", "0", "--gc-interval", "3600"])
    try:
        omni, conn = await connect(srv)
        await put(conn, "/o/live", b"live")
        await put(conn, "/o/cp", b"checkpointed", message="cp")
        await put(conn, "/o/cp", b"now")
        await put(conn, "/o/del", b"deleted")
        await conn.call("delete2", paths_to_delete=[{"path": "/o/del"}])
        await omni.close()
        srv.stop()
        # what a data folder of an earlier server looks like: no counts, no triggers
        db = sqlite3.connect(srv.data_dir / "meta.sqlite3")
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
            db.execute(f"DROP TRIGGER {name}")
        db.execute("DROP TABLE blob_refs")
        db.execute("DELETE FROM meta WHERE key='blob_refs'")
        db.commit()
        db.close()
        srv.start()
        omni, conn = await connect(srv)
        await put(conn, "/o/x", b"x")
        answer, _ = await conn.call("obliterate", paths=[{"path": "/o/x"}])
        assert answer["status"] == "OK"
        for data in (b"live", b"checkpointed", b"now", b"deleted"):
            assert held(srv, data), data
        assert await read(conn, "/o/cp", checkpoint=1) == ("OK", b"checkpointed")
        await omni.close()
    finally:
        srv.stop()
