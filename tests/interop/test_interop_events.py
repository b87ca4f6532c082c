"""Changes made by another client reach the original client's caches through our
subscribe_list events (its list and stat are served from those caches)."""

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "server"))

from members import OUR_PACKAGE_ROOT  # noqa: E402
from omni1_test_client import Omni  # noqa: E402

SCENARIOS = Path(__file__).parent / "scenarios"


async def test_other_clients_changes_are_seen(server, client_python, tmp_path):
    other = Omni(server.ws_url, server.http_url)
    conn = await other.connect(server.admin_user, server.admin_password)
    for name in ("gone.txt", "changed.txt", "stays.txt"):
        await conn.call("create_asset", tail=b"old", path={"path": f"/Watched/{name}"})
    flag = tmp_path / "go"
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMNI_")}
    env.update(OMNICLIENT_HUB_MODE="disabled", OMNI_TEST_URL=server.url, PYTHONPATH=str(SCENARIOS),
               OMNI_TEST_USER=server.admin_user, OMNI_TEST_PASSWORD=server.admin_password,
               OMNI_TEST_FLAG=str(flag))
    proc = subprocess.Popen([str(client_python), str(SCENARIOS / "watch.py")], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = await asyncio.get_running_loop().run_in_executor(None, proc.stdout.readline)
        assert line.strip() == "READY", proc.stderr.read()
        await conn.call("create_asset", tail=b"brand new", path={"path": "/Watched/new.txt"})
        await conn.stream("delete", uri="/Watched/gone.txt")
        await conn.call("create_asset", tail=b"new content", path={"path": "/Watched/changed.txt"},
                        overwrite=True)
        flag.touch()
        rest, err = await asyncio.get_running_loop().run_in_executor(None, proc.communicate, None, 120)
    finally:
        proc.kill()
        await other.close()
    result = [l for l in rest.splitlines() if l.startswith("RESULT ")]
    assert result, err[-3000:]
    out = json.loads(result[-1][len("RESULT "):])
    assert out["before"] == ["OK", ["changed.txt", "gone.txt", "stays.txt"]]
    assert out["stat_new_before"] == "ERROR_NOT_FOUND"
    assert out["after"] == ["OK", ["changed.txt", "new.txt", "stays.txt"]]
    assert out["stat_new_after"] == ["OK", len(b"brand new")]
    assert out["stat_gone_after"] == "ERROR_NOT_FOUND"
    assert out["read_changed"] == ["OK", "new content"]
    kinds = {(kind, path) for status, kind, path in out["events"] if status == "OK"}
    assert ("CREATED", "new.txt") in kinds
    assert ("DELETED", "gone.txt") in kinds
    assert ("UPDATED", "changed.txt") in kinds


def run_write_events(python, pythonpath: str, server, folder: str, tokens) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMNI_")}
    env.update(OMNICLIENT_HUB_MODE="disabled", OMNI_TEST_URL=server.url, PYTHONPATH=pythonpath,
               OMNI_TEST_USER=server.admin_user, OMNI_TEST_PASSWORD=server.admin_password,
               OMNI_TEST_FOLDER=folder, OMNI_CLIENT_TOKEN_CACHE=str(tokens))
    done = subprocess.run([str(python), str(SCENARIOS / "write_events.py")], env=env,
                          capture_output=True, text=True, timeout=120)
    result = [l for l in done.stdout.splitlines() if l.startswith("RESULT ")]
    assert result, done.stderr[-3000:]
    return json.loads(result[-1][len("RESULT "):])


def test_a_write_by_either_client_is_heard_the_same(server, client_python, tmp_path):
    # Subscribers (apps reload on each event) hear the same of a write by our client as of one by
    # NVIDIA's: UPDATED then METADATA (its checkpoint) for a rewrite, CREATED then METADATA for a
    # new file. A subscription opened once the write has returned hears nothing of it from ours;
    # NVIDIA's answers before its after-write checkpoint is done, so such a subscriber may hear
    # that checkpoint.
    ours_path = os.pathsep.join([str(SCENARIOS), OUR_PACKAGE_ROOT])
    original = run_write_events(client_python, str(SCENARIOS), server, "ByOriginal", tmp_path / "a")
    ours = run_write_events(sys.executable, ours_path, server, "ByOurs", tmp_path / "b")
    expected = {"first": "OK", "rewrite": "OK", "new": "OK",
                "heard": [["list", "UPDATED", "old.txt"], ["list", "METADATA", "old.txt"],
                          ["list", "CREATED", "new.txt"], ["list", "METADATA", "new.txt"],
                          ["stat", "UPDATED", "old.txt"], ["stat", "METADATA", "old.txt"]]}
    for out in (original, ours):
        out["heard"].sort(key=lambda h: h[0])  # by subscriber, each one's events in order
    assert original.pop("late") in ([], [["METADATA", "new.txt"]])
    assert original == expected
    assert ours.pop("late") == []
    assert ours == expected
