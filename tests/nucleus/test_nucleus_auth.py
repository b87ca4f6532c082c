"""Logging in: callbacks newest first, environment variables, API tokens, abort, device flow,
connection status callbacks, sign_out / reconnect / refresh. Each test talks to the server
through its own proxy port, so it gets a connection of its own."""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.parse
import urllib.request

import pytest

import omni.client
from omni.client import ConnectionStatus, Result

from nucleus_proxy import Proxy


@pytest.fixture
def fresh(server):
    """A new server address (a proxy port) with no connection yet, and the statuses it reports."""
    old = omni.client.set_retries(0, 0, 0)
    p = Proxy(server.port)
    statuses = []
    reg = omni.client.register_connection_status_callback(
        lambda url, status: statuses.append(status) if url == p.url else None)
    yield p, statuses
    del reg
    p.close()
    omni.client.set_retries(*old)


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_password_login_reports_connecting_then_connected(server, fresh):
    p, statuses = fresh
    reg = omni.client.register_authentication_callback(lambda url: (server.admin_user, server.admin_password))
    result, info = omni.client.get_server_info(p.url)
    assert result == Result.OK and info.username == server.admin_user
    assert wait_for(lambda: statuses[:2] == [ConnectionStatus.CONNECTING, ConnectionStatus.CONNECTED])
    # one connection shared by later requests
    accepted = p.accepted
    for _ in range(5):
        assert omni.client.stat(p.url + "/")[0] == Result.OK
    assert p.accepted == accepted
    del reg


def test_callbacks_are_asked_newest_first(server, fresh):
    p, _ = fresh
    asked = []
    old = omni.client.register_authentication_callback(lambda url: asked.append("old") or ("admin", "wrong"))
    new = omni.client.register_authentication_callback(lambda url: asked.append("new") or (server.admin_user, server.admin_password))
    assert omni.client.stat(p.url + "/")[0] == Result.OK
    assert asked == ["new"]
    del old, new


def test_a_callback_answering_none_passes_to_the_next(server, fresh):
    p, _ = fresh
    old = omni.client.register_authentication_callback(lambda url: (server.admin_user, server.admin_password))
    new = omni.client.register_authentication_callback(lambda url: None)
    assert omni.client.stat(p.url + "/")[0] == Result.OK
    del old, new


def test_wrong_password_fails_at_once_and_stays_failed(server, fresh):
    p, statuses = fresh
    asked = []
    reg = omni.client.register_authentication_callback(lambda url: asked.append(url) or ("admin", "wrong"))
    omni.client.set_retries(120000, 100, 100)
    try:
        start = time.monotonic()
        assert omni.client.stat(p.url + "/")[0] == Result.ERROR_CONNECTION
        assert omni.client.stat(p.url + "/")[0] == Result.ERROR_CONNECTION
        assert time.monotonic() - start < 5
    finally:
        omni.client.set_retries(0, 0, 0)
    assert asked == [p.url]
    assert wait_for(lambda: ConnectionStatus.AUTH_FAILED in statuses)
    assert statuses[0] == ConnectionStatus.CONNECTING
    # reconnect() asks again
    del reg
    reg = omni.client.register_authentication_callback(lambda url: (server.admin_user, server.admin_password))
    omni.client.reconnect(p.url)
    assert wait_for(lambda: statuses[-1] == ConnectionStatus.CONNECTED)
    assert omni.client.stat(p.url + "/")[0] == Result.OK
    del reg


def test_environment_variables(server, fresh, monkeypatch):
    p, _ = fresh
    monkeypatch.setenv("OMNI_USER", server.admin_user)
    monkeypatch.setenv("OMNI_PASS", server.admin_password)
    assert omni.client.get_server_info(p.url)[1].username == server.admin_user


def test_alternative_environment_variables(server, fresh, monkeypatch):
    p, _ = fresh
    server.add_user("envuser", "env-pass-1")
    monkeypatch.setenv("OMNI_USERNAME", "envuser")
    monkeypatch.setenv("OMNI_PASSWORD", "env-pass-1")
    assert omni.client.get_server_info(p.url)[1].username == "envuser"


def test_api_token(server, fresh):
    p, _ = fresh
    server.add_user("tokenuser", "token-pass-1")
    token = server.api_token("tokenuser")
    reg = omni.client.register_authentication_callback(lambda url: ("$omni-api-token", token))
    result, info = omni.client.get_server_info(p.url)
    assert result == Result.OK and info.username == "tokenuser"
    del reg


def test_auth_abort(server, fresh):
    p, statuses = fresh
    reg = omni.client.register_authentication_callback(lambda url: omni.client.AUTH_ABORT)
    assert omni.client.stat(p.url + "/")[0] == Result.ERROR_CONNECTION
    assert wait_for(lambda: ConnectionStatus.AUTH_ABORT in statuses)
    del reg


def test_device_flow(server, fresh):
    """As the original: `server` is the host, `url` the page (the code is shown apart), and the
    callback hears (handle, None) once the sign-in is over, signed in or cancelled."""
    p, _ = fresh
    calls = []

    def approve(handle, params):
        calls.append((handle, params))
        if params is None:
            return
        form = urllib.parse.urlencode({"code": params.code, "username": server.admin_user,
                                       "password": server.admin_password}).encode()
        threading.Thread(target=lambda: urllib.request.urlopen(params.url, data=form, timeout=10).read(),
                         daemon=True).start()
    reg = omni.client.register_device_flow_auth_callback(approve)
    result, info = omni.client.get_server_info(p.url)
    assert result == Result.OK and info.username == server.admin_user
    assert wait_for(lambda: len(calls) == 2)
    (handle, params), over = calls
    assert params.server == "127.0.0.1"
    assert params.url == f"http://127.0.0.1:{p.port}/omni/device" and params.code and params.expiration > 0
    assert over == (handle, None)
    del reg


def test_a_cancelled_device_flow_also_says_it_is_over(server, fresh):
    p, _ = fresh
    calls = []

    def cancel(handle, params):
        calls.append((handle, params))
        if params is not None:
            omni.client.authentication_cancel(handle)
    reg = omni.client.register_device_flow_auth_callback(cancel)
    assert omni.client.get_server_info(p.url)[0] == Result.ERROR_CONNECTION
    assert wait_for(lambda: len(calls) == 2)
    assert calls[0][1] is not None and calls[1] == (calls[0][0], None)
    del reg


def test_cached_token_is_private_and_reused(server, fresh):
    p, _ = fresh
    reg = omni.client.register_authentication_callback(lambda url: (server.admin_user, server.admin_password))
    assert omni.client.stat(p.url + "/")[0] == Result.OK
    del reg
    folder = os.environ["OMNI_CLIENT_TOKEN_CACHE"]
    files = [f for f in os.listdir(folder) if str(p.port) in f]
    assert len(files) == 1
    assert os.stat(os.path.join(folder, files[0])).st_mode & 0o777 == 0o600
    # a new connection with no credentials at all logs in with the cached refresh token
    omni.client.reconnect(p.url)
    assert omni.client.get_server_info(p.url)[0] == Result.OK
    # sign_out forgets it: no credentials and no device-flow answer → no connection
    omni.client.sign_out(p.url)
    assert not [f for f in os.listdir(folder) if str(p.port) in f]
    assert omni.client.stat(p.url + "/")[0] == Result.ERROR_CONNECTION


def _cached_login(port: int) -> tuple:
    """The cache file of the server behind ``port`` and what it holds: (path, JSON)."""
    folder = os.environ["OMNI_CLIENT_TOKEN_CACHE"]
    (name,) = [f for f in os.listdir(folder) if str(port) in f]
    path = os.path.join(folder, name)
    with open(path) as f:
        return path, json.load(f)


def _signed_in_once(server, p) -> tuple:
    """Signs in to the proxy ``p`` with a password (which caches a login), then forgets the
    password: returns _cached_login's answer and the environment's credentials come next."""
    reg = omni.client.register_authentication_callback(lambda url: (server.admin_user, server.admin_password))
    assert omni.client.stat(p.url + "/")[0] == Result.OK
    del reg
    return _cached_login(p.port)


def _reconnect_as(p, monkeypatch, user: str, password: str):
    """Connects again with OMNI_USER/OMNI_PASS: (result, server info)."""
    monkeypatch.setenv("OMNI_USER", user)
    monkeypatch.setenv("OMNI_PASS", password)
    omni.client.reconnect(p.url)
    return omni.client.get_server_info(p.url)


def test_environment_credentials_try_a_login_cached_for_that_user_first(server, fresh, monkeypatch):
    p, _ = fresh
    _, before = _signed_in_once(server, p)
    # a wrong password shows that the password was not what signed in: the cached token was
    result, info = _reconnect_as(p, monkeypatch, server.admin_user, "not-the-password")
    assert result == Result.OK and info.username == server.admin_user
    _, after = _cached_login(p.port)
    assert after["refresh_token"] != before["refresh_token"]  # rotated on use, the new one kept
    # a login cached for someone else is not used for the user the environment names
    server.add_user("envuser2", "env-pass-2")
    result, info = _reconnect_as(p, monkeypatch, "envuser2", "env-pass-2")
    assert result == Result.OK and info.username == "envuser2"
    omni.client.sign_out(p.url)


def test_a_refused_cached_login_falls_back_to_the_environment_password(server, fresh, monkeypatch):
    p, _ = fresh
    path, cached = _signed_in_once(server, p)
    with open(path, "w") as f:
        json.dump({"refresh_token": "no-such-token", "username": cached["username"]}, f)
    result, info = _reconnect_as(p, monkeypatch, server.admin_user, server.admin_password)
    assert result == Result.OK and info.username == server.admin_user
    assert _cached_login(p.port)[1]["refresh_token"] not in ("no-such-token", cached["refresh_token"])
    omni.client.sign_out(p.url)


def test_sign_out_and_reconnect(server, fresh):
    p, statuses = fresh
    reg = omni.client.register_authentication_callback(lambda url: (server.admin_user, server.admin_password))
    assert omni.client.stat(p.url + "/")[0] == Result.OK
    omni.client.sign_out(p.url)
    assert wait_for(lambda: ConnectionStatus.SIGNED_OUT in statuses)
    assert omni.client.stat(p.url + "/")[0] == Result.ERROR_CONNECTION
    omni.client.reconnect(p.url)
    assert omni.client.stat(p.url + "/")[0] == Result.OK
    assert wait_for(lambda: statuses[-2:] == [ConnectionStatus.CONNECTING, ConnectionStatus.CONNECTED])
    del reg


def test_callbacks_may_make_blocking_calls_to_the_same_server(server, fresh):
    # Status and authentication callbacks do not run on the connection's own thread.
    p, statuses = fresh
    from_status, from_auth = [], []

    def on_status(url, status):
        if url == p.url and status == ConnectionStatus.CONNECTING:
            from_status.append(omni.client.stat(p.url + "/")[0])  # waits for the connection

    def on_auth(url):
        from_auth.append(omni.client.stat(url + "/")[0])
        return (server.admin_user, server.admin_password)

    status_reg = omni.client.register_connection_status_callback(on_status)
    auth_reg = omni.client.register_authentication_callback(on_auth)
    answers = []
    caller = threading.Thread(target=lambda: answers.append(omni.client.stat(p.url + "/")[0]), daemon=True)
    caller.start()
    caller.join(20)
    assert answers == [Result.OK]
    assert wait_for(lambda: from_status == [Result.OK])
    # The login waits for the authentication callback, so a call from inside it cannot wait for
    # the login: it fails at once rather than hanging.
    assert from_auth == [Result.ERROR_CONNECTION]
    assert wait_for(lambda: statuses == [ConnectionStatus.CONNECTING, ConnectionStatus.CONNECTED])
    del status_reg, auth_reg


def test_refresh_auth_token(server, fresh):
    p, _ = fresh
    reg = omni.client.register_authentication_callback(lambda url: (server.admin_user, server.admin_password))
    old = omni.client.get_server_info(p.url)[1].auth_token
    result, token = omni.client.refresh_auth_token(p.url)
    assert result == Result.OK and token and token != old
    assert omni.client.get_server_info(p.url)[1].auth_token == token
    assert omni.client.stat(p.url + "/")[0] == Result.OK
    del reg
