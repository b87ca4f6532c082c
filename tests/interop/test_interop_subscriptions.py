"""Two original clients at once: one changes a folder (write, checkpoint, lock, unlock,
ACLs, move, copy, delete), the other's list, stat and resolve subscriptions see each
change, in order, as the ListEvent the original maps our event kinds to."""

import asyncio
import json
import os
import subprocess
from pathlib import Path

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


async def test_two_clients_events_in_order(server, client_python, tmp_path):
    flag = tmp_path / "done"
    base = "/Watched2"
    watcher = subprocess.Popen([str(client_python), str(SCENARIOS / "watch_kinds.py")],
                               env=_env(server, OMNI_TEST_BASE=base, OMNI_TEST_FLAG=str(flag)),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    loop = asyncio.get_running_loop()
    try:
        line = await loop.run_in_executor(None, watcher.stdout.readline)
        assert line.strip() == "READY", watcher.stderr.read()
        driver = await loop.run_in_executor(None, lambda: subprocess.run(
            [str(client_python), str(SCENARIOS / "drive.py")], env=_env(server, OMNI_TEST_BASE=base),
            capture_output=True, text=True, timeout=120))
        flag.touch()
        rest, err = await loop.run_in_executor(None, watcher.communicate, None, 120)
    finally:
        watcher.kill()
    assert all(status == "OK" for _, status in _result(driver.stdout)), driver.stdout
    out = _result(rest)
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
