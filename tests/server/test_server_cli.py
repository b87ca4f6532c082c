"""The omni-server command: init, serve, user administration, tokens, devices."""

import shutil
import subprocess
import sys

from omni.server.testing import _env, running_server

import pytest


def cli(*args, check=True, store=None):
    """``omni-server ARGS`` (on ``store``: a ``new_storage()``, the data folder by default)."""
    store = store or {"storage_args": (), "env": None}
    out = subprocess.run([sys.executable, "-m", "omni.server", *args, *store["storage_args"]],
                         env=_env(store["env"]),
                         capture_output=True, text=True, timeout=60)
    if check:
        assert out.returncode == 0, out.stderr
    return out


def test_init_generates_and_prints_a_password(tmp_path, new_storage):
    store = new_storage()
    out = cli("init", "--data", str(tmp_path / "d"), store=store)
    assert "administrator 'admin', password: " in out.stdout
    password = out.stdout.strip().rsplit(" ", 1)[1]
    assert len(password) >= 16
    again = cli("init", "--data", str(tmp_path / "d"), check=False, store=store)
    assert again.returncode == 1 and "already initialized" in again.stderr


def test_init_with_given_password_prints_none(tmp_path):
    out = cli("init", "--data", str(tmp_path / "d"), "--admin-user", "root",
              "--admin-password", "s3cret")
    assert "s3cret" not in out.stdout and "'root'" in out.stdout


def test_commands_need_an_initialized_folder(tmp_path):
    out = cli("user", "list", "--data", str(tmp_path / "none"), check=False)
    assert out.returncode == 2 and "not initialized" in out.stderr


async def test_user_admin_commands_against_a_running_server(tmp_path, new_storage):
    from omni1_test_client import Omni
    store = new_storage()
    with running_server(**store) as srv:
        data = str(srv.data_dir)
        out = cli("user", "add", "carol", "--data", data, store=store)
        generated = out.stdout.strip().rsplit(" ", 1)[1]
        cli("user", "add", "dave", "--password", "dave-pw", "--admin", "--data", data, store=store)
        dup = cli("user", "add", "dave", "--password", "x", "--data", data, check=False, store=store)
        assert dup.returncode == 1 and "AlreadyExists" in dup.stderr
        bad = cli("user", "add", "a/b", "--data", data, check=False, store=store)
        assert bad.returncode == 1
        listing = cli("user", "list", "--data", data, store=store).stdout.splitlines()
        assert "carol\tuser\t" in listing and "dave\tadmin\t" in listing
        client = Omni(srv.ws_url, srv.http_url)
        try:
            assert (await client.login("carol", generated))["status"] == "OK"
            cli("user", "passwd", "carol", "--password", "new-pw", "--data", data, store=store)
            assert (await client.login("carol", generated))["status"] == "DENIED"
            assert (await client.login("carol", "new-pw"))["status"] == "OK"
            missing = cli("user", "passwd", "nobody", "--password", "x", "--data", data,
                          check=False, store=store)
            assert missing.returncode == 1
            token = cli("token", "create", "carol", "--name", "ci", "--days", "2",
                        "--data", data, store=store).stdout.strip()
            assert (await client.login("$omni-api-token", token))["username"] == "carol"
            no_user = cli("token", "create", "nobody", "--data", data, check=False, store=store)
            assert no_user.returncode == 1
            dave = await client.connect("dave", "dave-pw")
            assert dave.auth["super_user"] is True
            home, _ = await dave.call("get_acl", uri="/Users/carol")
            assert home["acl"]["carol"] == ["read", "write", "admin"]
            wrong_code = cli("device", "approve", "NOPE-NOPE", "carol", "--data", data,
                             check=False, store=store)
            assert wrong_code.returncode == 1
        finally:
            await client.close()


@pytest.mark.timeout(60)
def test_serve_initializes_a_new_folder_and_stops_on_sigterm(tmp_path):
    with running_server(data_dir=tmp_path / "fresh") as srv:
        assert (tmp_path / "fresh" / "meta.sqlite3").exists()
        code = srv.stop()
    assert code == 0


async def test_sigterm_with_open_connections_stops_promptly():
    import asyncio
    import time

    from omni.server.testing import start_server
    from omni1_test_client import Omni
    srv = start_server()
    client = Omni(srv.ws_url, srv.http_url)
    try:
        conn = await client.connect(srv.admin_user, srv.admin_password)
        conn.start("subscribe_list", path={"path": "/"})  # stays open
        await client.connlib()  # a socket that never authorized
        await client.sows("/omni/auth")
        started = time.monotonic()
        code = await asyncio.get_running_loop().run_in_executor(None, srv.stop)
        assert code == 0 and time.monotonic() - started < 10
        await asyncio.wait_for(conn.closed.wait(), 5)  # the client saw the socket close
    finally:
        await client.close()
        srv.kill()
        shutil.rmtree(srv.data_dir.parent, ignore_errors=True)
