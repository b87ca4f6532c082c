"""Failures: unreachable hosts, dropped and stalled connections, restarts, cancelled transfers.
Each ends with a clear result and a working next request."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import threading
import time

import pytest

import omni.client
from omni.client import Result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_host_fails_fast_even_with_retries(admin):
    old = omni.client.set_retries(120000, 100, 100)  # the defaults: a never-reached host still fails at once
    try:
        start = time.monotonic()
        result, _ = omni.client.stat(f"omniverse://127.0.0.1:{free_port()}/x")
        assert result == Result.ERROR_CONNECTION
        assert time.monotonic() - start < 5
    finally:
        omni.client.set_retries(*old)


def test_idle_connection_dropped_by_the_server_recovers(admin, proxy):
    url = proxy.url
    assert omni.client.write_file(f"{url}/idle/a.txt", b"a") == Result.OK
    before = proxy.accepted
    proxy.drop_all()
    time.sleep(0.3)
    result, entry = omni.client.stat(f"{url}/idle/a.txt")  # the original client hangs here
    assert result == Result.OK and entry.size == 1
    assert proxy.accepted > before


def test_drop_while_requests_are_in_flight_is_retried(admin, proxy):
    url = proxy.url
    assert omni.client.write_file(f"{url}/inflight/a.txt", b"a") == Result.OK
    proxy.stalled.set()
    reqs = []
    results = []
    for _ in range(5):
        reqs.append(omni.client.stat_with_callback(f"{url}/inflight/a.txt", lambda r, e: results.append(r)))
    time.sleep(0.3)
    proxy.drop_all()
    proxy.stalled.clear()
    for r in reqs:
        r.wait()
    assert results == [Result.OK] * 5


def test_server_restart_between_requests(admin, proxy):
    url = proxy.url
    assert omni.client.write_file(f"{url}/restart/a.txt", b"before") == Result.OK
    admin.restart()
    proxy.upstream_port = admin.port
    proxy.drop_all()
    assert bytes(omni.client.read_file(f"{url}/restart/a.txt")[2]) == b"before"
    assert omni.client.write_file(f"{url}/restart/b.txt", b"after") == Result.OK


def result_of_transfer_killed_midway(admin, proxy, start, timeout):
    """Starts a transfer (``start(callback)``), kills the server while the proxy holds its parts,
    and returns the transfer's result, which must come; the server is up again afterwards."""
    result = []
    done = threading.Event()
    proxy.stalled.set()  # hold the parts so the kill lands mid-transfer
    start(lambda r: (result.append(r), done.set()))
    time.sleep(0.5)
    admin.kill()
    proxy.stalled.clear()
    proxy.drop_all()
    assert done.wait(timeout), "the transfer must end when the server dies"
    admin.start()
    proxy.upstream_port = admin.port
    return result[0]


def test_server_killed_mid_transfer_then_back(admin, proxy):
    url = proxy.url
    data = os.urandom(48 << 20)
    result = result_of_transfer_killed_midway(
        admin, proxy, lambda done: omni.client.write_file_with_callback(f"{url}/killed/big.bin", data, done), 30)
    assert result != Result.OK
    assert omni.client.write_file(f"{url}/killed/small.txt", b"ok") == Result.OK
    assert omni.client.write_file(f"{url}/killed/big.bin", data[: 3 << 20]) == Result.OK
    assert omni.client.stat(f"{url}/killed/big.bin")[1].size == 3 << 20


def test_server_killed_mid_copy_up_fails_it_and_keeps_the_file(admin, proxy, tmp_path):
    """A copy from a local file sends its next parts before the last ones are stored: a part that
    fails still fails the copy (and it ends), and the file keeps its content."""
    url = f"{proxy.url}/killed-copy/big.bin"
    assert omni.client.write_file(url, b"before") == Result.OK
    local = tmp_path / "big.bin"
    local.write_bytes(os.urandom(48 << 20))
    result = result_of_transfer_killed_midway(
        admin, proxy, lambda done: omni.client.copy_with_callback(str(local), url, done, omni.client.CopyBehavior.OVERWRITE), 60)
    assert result != Result.OK
    result, _, content = omni.client.read_file(url)
    assert result == Result.OK and bytes(content) == b"before"


def stopped_while_stalled(proxy, start) -> list:
    """Start a request (``start(callback)``) while the proxy holds every byte, stop it half a
    second later; it must end within 2 s. The answers its callback got (none: as the original,
    a stopped request calls no callback)."""
    proxy.stalled.set()
    answers = []
    req = start(lambda *answer: answers.append(answer[0]))
    time.sleep(0.5)
    began = time.monotonic()
    req.stop()
    req.wait()
    assert time.monotonic() - began < 2
    proxy.stalled.clear()
    time.sleep(0.2)  # room for a late callback, which must not come
    return answers


def test_stop_cancels_an_lft_download(admin, proxy):
    url = f"{proxy.url}/stop/big.bin"
    data = os.urandom(24 << 20)
    assert omni.client.write_file(url, data) == Result.OK
    assert stopped_while_stalled(proxy, lambda cb: omni.client.read_file_with_callback(url, cb)) == []
    result, _, content = omni.client.read_file(url)
    assert result == Result.OK and bytes(content) == data


def test_stop_cancels_an_lft_upload_and_keeps_the_file(admin, proxy):
    url = f"{proxy.url}/stop/up.bin"
    assert omni.client.write_file(url, b"before") == Result.OK
    big = os.urandom(24 << 20)
    assert stopped_while_stalled(proxy, lambda cb: omni.client.write_file_with_callback(url, big, cb)) == []
    result, _, content = omni.client.read_file(url)
    assert result == Result.OK and bytes(content) == b"before"  # never named: no new version
    assert omni.client.write_file(url, b"after") == Result.OK


def test_stop_cancels_get_local_file_and_leaves_no_partial_copy(admin, proxy, tmp_path, monkeypatch):
    monkeypatch.setenv("OMNI_CLIENT_FILE_CACHE", str(tmp_path / "files"))
    url = f"{proxy.url}/stop/local.bin"
    data = os.urandom(24 << 20)
    assert omni.client.write_file(url, data) == Result.OK
    answers = stopped_while_stalled(proxy, lambda cb: omni.client.get_local_file_with_callback(url, True, cb))
    assert answers == []
    cached = [os.path.join(d, f) for d, _, files in os.walk(tmp_path / "files") for f in files]
    assert cached == []  # neither the copy nor its temporary
    result, path = omni.client.get_local_file(url)
    assert result == Result.OK and open(path, "rb").read() == data


def test_stop_cancels_a_pending_call(admin, proxy):
    url = proxy.url
    assert omni.client.stat(f"{url}/")[0] == Result.OK
    assert stopped_while_stalled(proxy, lambda cb: omni.client.list_with_callback(f"{url}/", cb)) == []
    assert omni.client.stat(f"{url}/")[0] == Result.OK


def test_stalled_server_ends_with_a_clear_result(admin, proxy, tmp_path):
    # A fresh process so the stall detector can be set short through the environment.
    script = textwrap.dedent(f"""
        import sys, time, omni.client
        reg = omni.client.register_authentication_callback(lambda u: ({admin.admin_user!r}, {admin.admin_password!r}))
        omni.client.set_retries(0, 0, 0)
        assert omni.client.stat("{proxy.url}/")[0] == omni.client.Result.OK
        open(sys.argv[1], "w").write("connected")
        while open(sys.argv[1]).read() != "stalled":
            time.sleep(0.05)
        start = time.monotonic()
        result = omni.client.stat("{proxy.url}/")[0]
        print("RESULT", result.name, round(time.monotonic() - start, 1))
    """)
    flag = tmp_path / "flag"
    # The stall may be noticed while the connection is idle; the stat then reconnects through the
    # stalled proxy, so connection attempts must give up as quickly as stalls are noticed.
    env = dict(os.environ, OMNI_NUCLEUS_STALL_MS="1000", OMNI_NUCLEUS_CONNECT_TIMEOUT_MS="2000")
    proc = subprocess.Popen([sys.executable, "-c", script, str(flag)], env=env, stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not (flag.exists() and flag.read_text() == "connected"):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.05)
        proxy.stalled.set()
        flag.write_text("stalled")
        out, _ = proc.communicate(timeout=30)
    finally:
        proc.kill()
        proxy.stalled.clear()
    line = [ln for ln in out.splitlines() if ln.startswith("RESULT")][0].split()
    assert line[1] == "ERROR_CONNECTION"
    assert float(line[2]) < 10
