"""Two original clients at once: one changes a folder (write, checkpoint, lock, unlock,
ACLs, move, copy, delete), the other's list, stat and resolve subscriptions see each
change, in order, as the ListEvent the original maps our event kinds to."""

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "server"))

from omni1_test_client import Omni  # noqa: E402

SCENARIOS = Path(__file__).parent / "scenarios"


def _env(server, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMNI_")}
    env.update(OMNICLIENT_HUB_MODE="disabled", OMNI_TEST_URL=server.url,
               PYTHONPATH=str(SCENARIOS), OMNI_TEST_USER=server.admin_user,
               OMNI_TEST_PASSWORD=server.admin_password, **extra)
    return env


def _result(text):
    lines = [l for l in text.splitlines() if l.startswith("RESULT ")]
    assert lines, text[-3000:]
    return json.loads(lines[-1][len("RESULT "):])


def in_order(seen, wanted):
    """``wanted`` is a subsequence of ``seen``."""
    it = iter(seen)
    return all(any(w == s for s in it) for w in wanted)


async def _watcher(server, client_python, base, flag):
    """The original client watching ``base`` (watch_kinds.py), once it says it is ready."""
    watcher = subprocess.Popen([str(client_python), str(SCENARIOS / "watch_kinds.py")],
                               env=_env(server, OMNI_TEST_BASE=base, OMNI_TEST_FLAG=str(flag)),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = await asyncio.get_running_loop().run_in_executor(None, watcher.stdout.readline)
    if line.strip() != "READY":
        watcher.kill()
        raise AssertionError(watcher.stderr.read())
    return watcher


async def test_two_clients_events_in_order(server, client_python, tmp_path):
    assert_saw_the_drive(await drive_and_watch(server, server, client_python, "/Watched2",
                                               tmp_path / "done"))


async def drive_and_watch(driven, watched, client_python, base, flag) -> dict:
    """drive.py changes ``base`` through the server ``driven`` while watch_kinds.py watches
    it through ``watched``; what the watcher saw."""
    watcher = await _watcher(watched, client_python, base, flag)
    loop = asyncio.get_running_loop()
    try:
        driver = await loop.run_in_executor(None, lambda: subprocess.run(
            [str(client_python), str(SCENARIOS / "drive.py")], env=_env(driven, OMNI_TEST_BASE=base),
            capture_output=True, text=True, timeout=120))
        flag.touch()
        rest, err = await loop.run_in_executor(None, watcher.communicate, None, 120)
    finally:
        watcher.kill()
    assert all(status == "OK" for _, status in _result(driver.stdout)), driver.stdout
    return _result(rest)


def assert_saw_the_drive(out):
    """The watcher (watch_kinds.py) saw every change of drive.py, in order."""
    listed = [(kind, path) for status, kind, path in out["listed"] if status == "OK"]
    assert in_order(listed, [
        ("CREATED", "a.usd"),      # write
        ("UPDATED", "a.usd"),      # overwrite (full)
        ("METADATA", "a.usd"),     # checkpoints_changed
        ("LOCKED", "a.usd"),
        ("UNLOCKED", "a.usd"),
        ("DELETED", "a.usd"),      # move: rename = DELETED + CREATED
        ("CREATED", "b.usd"),
        ("CREATED", "a.usd"),      # copy
        ("DELETED", "a.usd"),
        ("DELETED", "b.usd"),
    ]), listed
    assert ("METADATA", "a.usd") in listed[listed.index(("UNLOCKED", "a.usd")):]  # change_acl
    stated = [(kind, path) for status, kind, path in out["stated"] if status == "OK"]
    assert in_order(stated, [("CREATED", "a.usd"), ("UPDATED", "a.usd"), ("LOCKED", "a.usd"),
                             ("UNLOCKED", "a.usd"), ("DELETED", "a.usd")]), stated
    assert {path for _, path in stated} == {"a.usd"}  # only the file's own events
    resolved = [kind for status, kind, url in out["resolved"] if status == "OK"]
    assert "UPDATED" in resolved, out["resolved"]


async def test_delta_options_and_copy_events(server, client_python, tmp_path):
    """Events the original client has no call for, sent by another (protocol) client:
    a delta update is UPDATED, set_path_options METADATA; the copy event (entry = the
    source, destination = the copy) is CREATED of the copy's name, like the second half of
    a rename: the server tells a copy by that event alone, so it is reported once; the
    stat subscription of the source sees nothing of the copy."""
    flag = tmp_path / "done"
    base = "/WatchedMore"
    watcher = await _watcher(server, client_python, base, flag)
    loop = asyncio.get_running_loop()
    other = Omni(server.ws_url, server.http_url)
    try:
        conn = await other.connect(server.admin_user, server.admin_password)
        a, b = f"{base}/a.usd", f"{base}/b.usd"
        for command, tail, params in (
                ("create_asset", b"v1", {"path": {"path": a}}),
                ("update_asset", b"+", {"path": {"path": a}, "delta": "append"}),
                ("set_path_options2", None, {"path": a, "modified_by": "migrator"}),
                ("copy2", None, {"paths_to_copy": [{"src": {"path": a}, "dst": {"path": b}}]}),
                ("delete2", None, {"paths_to_delete": [{"path": a}]}),
                ("delete2", None, {"paths_to_delete": [{"path": b}]})):
            answer, _ = await conn.call(command, tail, **params)
            assert answer["status"] == "OK", (command, answer)
        flag.touch()
        rest, err = await loop.run_in_executor(None, watcher.communicate, None, 120)
    finally:
        watcher.kill()
        await other.close()
    out = _result(rest)
    assert out["listed"] == [["OK", "CREATED", "a.usd"], ["OK", "UPDATED", "a.usd"],
                             ["OK", "METADATA", "a.usd"], ["OK", "CREATED", "b.usd"],
                             ["OK", "DELETED", "a.usd"], ["OK", "DELETED", "b.usd"]], out
    assert out["stated"] == [["OK", "CREATED", "a.usd"], ["OK", "UPDATED", "a.usd"],
                             ["OK", "METADATA", "a.usd"], ["OK", "DELETED", "a.usd"]], out
