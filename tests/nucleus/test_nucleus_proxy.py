"""omniverse:// through an HTTP proxy: the WebSockets (discovery, auth, ConnLib) through a CONNECT
tunnel the client opens itself, LFT through libcurl's proxying, both chosen by http_proxy / no_proxy.
The test proxy (tests/cloud_servers/proxy.py) logs each CONNECT, so a client that bypasses it fails.
The proxy variables are read as connections open, so each case runs in a fresh process."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import textwrap
import time

import pytest

from omni.server.testing import running_server, self_signed_certificate

PROXY_VARIABLES = ("http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY",
                   "OMNICLIENT_HTTP_PROXY")

FILES = """
    url = {url!r}
    result, entry = omni.client.stat(url + "/")
    out["stat"] = result.name
    out["small"] = omni.client.write_file(url + "/p/small.txt", b"through the tunnel").name
    result, _, content = omni.client.read_file(url + "/p/small.txt")
    out["small_read"] = [result.name, bytes(content).decode()]
    data = os.urandom(300_000)  # over the LFT threshold: HTTP transfers, not the WebSocket
    out["big"] = omni.client.write_file(url + "/p/big.bin", data).name
    result, _, content = omni.client.read_file(url + "/p/big.bin")
    out["big_read"] = [result.name, bytes(content) == data]
    result, entries = omni.client.list(url + "/p/")
    out["list"] = [result.name, sorted(e.relative_path for e in entries)]
"""

# A stat that fails, then the wait for the log line that says why (delivered on another thread).
FAILED_STAT = """
    import time
    out["stat"] = omni.client.stat({url!r} + "/")[0].name
    deadline = time.monotonic() + 5
    while not any("Cannot connect" in message for message in log) and time.monotonic() < deadline:
        time.sleep(0.02)
"""


@pytest.fixture(scope="module")
def lft_server():
    with running_server(extra_args=["--lft-threshold", "65536"]) as srv:
        yield srv


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    cert, key = self_signed_certificate(tmp_path_factory.mktemp("tls"))
    with running_server(extra_args=["--cert", str(cert), "--key", str(key), "--lft-threshold", "65536"]) as srv:
        yield srv, cert


@pytest.fixture
def proxy(plain_proxy):
    plain_proxy.clear()
    yield plain_proxy
    plain_proxy.clear()


def run_client(srv, script: str, proxy_env: dict) -> tuple[dict, float]:
    """Runs `script` in a fresh process logged in as the admin, with `proxy_env` as its only proxy
    (and trusted certificate) variables; returns the `out` dict it fills (log messages under "log") and the seconds it took."""
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARIABLES + ("SSL_CERT_FILE", "SSL_CERT_DIR")} | proxy_env
    code = textwrap.dedent(f"""
        import json, os
        import omni.client
        log = []
        omni.client.set_log_callback(lambda thread, component, level, message: log.append(message))
        omni.client.set_log_level(omni.client.LogLevel.INFO)
        reg = omni.client.register_authentication_callback(lambda url: ({srv.admin_user!r}, {srv.admin_password!r}))
        omni.client.set_retries(0, 0, 0)
        out = {{}}
    """) + textwrap.dedent(script) + "\nout['log'] = log\nprint('OUT', json.dumps(out))\n"
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    elapsed = time.monotonic() - started
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("OUT ")]
    assert proc.returncode == 0 and lines, proc.stderr
    return json.loads(lines[-1][4:]), elapsed


def assert_files_work(out: dict) -> None:
    assert out["stat"] == "OK"
    assert out["small"] == "OK" and out["small_read"] == ["OK", "through the tunnel"]
    assert out["big"] == "OK" and out["big_read"] == ["OK", True]
    assert out["list"] == ["OK", ["big.bin", "small.txt"]]


def test_files_go_through_the_proxy_with_its_credentials(lft_server, proxy):
    proxy_url = f"http://tunnel-user:p%40ss@127.0.0.1:{proxy.port}"
    out, _ = run_client(lft_server, FILES.format(url=lft_server.url), {"http_proxy": proxy_url})
    assert_files_work(out)
    seen = proxy.requests()
    server = f"127.0.0.1:{lft_server.port}"
    tunnels = [r for r in seen if r["method"] == "CONNECT"]
    assert tunnels and all(r["target"] == server for r in tunnels)
    expected = "Basic " + base64.b64encode(b"tunnel-user:p@ss").decode()
    assert all(r["headers"].get("proxy-authorization") == expected for r in tunnels)
    # LFT's transfers, relayed by the proxy as a plain HTTP proxy relays them.
    transfers = [r for r in seen if r["method"] != "CONNECT"]
    assert {r["method"] for r in transfers} >= {"GET"} and all(r["host"] == server for r in transfers)


def test_a_slow_proxy_answer_is_read_to_its_end(lft_server, proxy):
    proxy.fault("slow", count=100, path=f"127.0.0.1:{lft_server.port}")  # CONNECTs only, not LFT's requests
    out, _ = run_client(lft_server, FILES.format(url=lft_server.url), {"all_proxy": proxy.url})
    assert_files_work(out)
    assert any(r["method"] == "CONNECT" and r["fault"] == "slow" for r in proxy.requests())


@pytest.mark.parametrize("no_proxy", ["127.0.0.1", "localhost,127.0.0.0/8", "*"])
def test_no_proxy_covering_the_server_bypasses_the_proxy(lft_server, proxy, no_proxy):
    out, _ = run_client(lft_server, FILES.format(url=lft_server.url), {"http_proxy": proxy.url, "NO_PROXY": no_proxy})
    assert_files_work(out)
    assert proxy.requests() == []


@pytest.mark.parametrize("kind, reason", [
    ("403", "the proxy refused the tunnel: 403 Forbidden"),
    ("drop", "no answer to CONNECT"),
    ("garbage", "the proxy's answer to CONNECT is not HTTP"),
])
def test_a_failing_proxy_gives_a_clear_error_quickly(lft_server, proxy, kind, reason):
    proxy.fault(kind, count=100, seconds=30, path=f"127.0.0.1:{lft_server.port}")
    out, elapsed = run_client(lft_server, FAILED_STAT.format(url=lft_server.url), {"http_proxy": proxy.url})
    assert out["stat"] == "ERROR_CONNECTION"
    assert elapsed < 10  # the garbage proxy holds its socket open for 30 s
    assert any(f"through the proxy 127.0.0.1:{proxy.port}: {reason}" in message for message in out["log"]), out["log"]
    assert [r["fault"] for r in proxy.requests() if r["method"] == "CONNECT"][:1] == [kind]


def test_tls_goes_through_the_tunnel(tls_server, proxy):
    srv, cert = tls_server
    out, _ = run_client(srv, FILES.format(url=srv.url), {"https_proxy": proxy.url, "SSL_CERT_FILE": str(cert)})
    assert_files_work(out)
    seen = proxy.requests()
    # wss:// (discovery, auth, ConnLib) and LFT's https://: every byte in a tunnel to the server.
    assert seen and all(r["method"] == "CONNECT" and r["target"] == f"127.0.0.1:{srv.port}" for r in seen)
    assert len(seen) >= 3


def test_tls_in_the_tunnel_still_checks_the_certificate(tls_server, proxy):
    srv, _ = tls_server
    out, elapsed = run_client(srv, FAILED_STAT.format(url=srv.url), {"https_proxy": proxy.url})
    assert out["stat"] == "ERROR_CONNECTION"
    assert elapsed < 10
    assert any("TLS: handshake failed: self-signed certificate" in message for message in out["log"]), out["log"]
    assert any(r["method"] == "CONNECT" for r in proxy.requests())


def test_a_proxy_that_stops_mid_answer_is_given_up(lft_server, proxy):
    proxy.fault("partial", count=100, seconds=60, path=f"127.0.0.1:{lft_server.port}")
    # Discovery's own limit (10 s) raised to 15 s: the socket's 10 s limit on the proxy's answer is
    # what ends it, so the message names the proxy.
    out, elapsed = run_client(lft_server, FAILED_STAT.format(url=lft_server.url),
                              {"http_proxy": proxy.url, "OMNI_NUCLEUS_CONNECT_TIMEOUT_MS": "15000"})
    assert out["stat"] == "ERROR_CONNECTION"
    assert 9 < elapsed < 25, out["log"]
    assert any(f"through the proxy 127.0.0.1:{proxy.port}: no answer to CONNECT" in message for message in out["log"]), out["log"]
