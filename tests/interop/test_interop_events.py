"""Changes made by another client reach the original client's caches through our
subscribe_list events (its list and stat are served from those caches)."""

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "server"))

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
