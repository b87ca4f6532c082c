"""omniverse:// over TLS (wss for discovery, auth and ConnLib; https for LFT) against our server
with a self-signed certificate for 127.0.0.1. The client trusts what OpenSSL's SSL_CERT_FILE /
SSL_CERT_DIR name, read when the client starts, so each case runs in a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from omni.server.testing import running_server, self_signed_certificate


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    cert, key = self_signed_certificate(tmp_path_factory.mktemp("tls"))
    # A low LFT threshold and 1 MiB parts: a file of several MiB goes through LFT in parallel parts.
    with running_server(extra_args=["--cert", str(cert), "--key", str(key), "--lft-threshold", "65536",
                                    "--chunk-size", str(1 << 20)]) as srv:
        yield srv, cert


def run_client(srv, script: str, cert=None) -> dict:
    """Runs `script` in a fresh process logged in as the admin; it sets `out` (a dict), returned."""
    env = {k: v for k, v in os.environ.items() if k not in ("SSL_CERT_FILE", "SSL_CERT_DIR")}
    if cert:
        env["SSL_CERT_FILE"] = str(cert)
    code = textwrap.dedent(f"""
        import json, os, sys, time
        import omni.client
        from omni.client import Result
        reg = omni.client.register_authentication_callback(lambda url: ({srv.admin_user!r}, {srv.admin_password!r}))
        omni.client.set_retries(0, 0, 0)
        out = {{}}
    """) + textwrap.dedent(script) + "\nprint('OUT', json.dumps(out))\n"
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("OUT ")]
    assert proc.returncode == 0 and lines, proc.stderr
    return json.loads(lines[-1][4:])


def test_files_over_tls_with_a_trusted_self_signed_certificate(tls):
    srv, cert = tls
    assert srv.url.startswith("omniverses://")
    out = run_client(srv, f"""
        url = {srv.url!r}
        result, info = omni.client.get_server_info(url)
        out["info"] = [result.name, info.username]
        out["small"] = omni.client.write_file(url + "/tls/small.txt", b"small").name
        result, _, content = omni.client.read_file(url + "/tls/small.txt")
        out["small_read"] = [result.name, bytes(content).decode()]
        data = os.urandom((6 << 20) + 12345)  # LFT: several parts over https
        out["big"] = omni.client.write_file(url + "/tls/big.bin", data).name
        result, _, content = omni.client.read_file(url + "/tls/big.bin")
        out["big_read"] = [result.name, bytes(content) == data]
        result, entries = omni.client.list(url + "/tls/")
        out["list"] = [result.name, sorted((e.relative_path, e.size) for e in entries)]
        # omniverse:// with the TLS port: discovery tries wss on that port first, and it answers
        result, entry = omni.client.stat(url.replace("omniverses://", "omniverse://") + "/tls/big.bin")
        out["plain_scheme"] = [result.name, entry.size]
    """, cert)
    assert out["info"] == ["OK", srv.admin_user]
    assert out["small"] == "OK" and out["small_read"] == ["OK", "small"]
    assert out["big"] == "OK" and out["big_read"] == ["OK", True]
    assert out["list"] == ["OK", [["big.bin", (6 << 20) + 12345], ["small.txt", 5]]]
    assert out["plain_scheme"] == ["OK", (6 << 20) + 12345]


def test_an_untrusted_certificate_is_refused(tls):
    srv, _ = tls
    out = run_client(srv, f"""
        start = time.monotonic()
        out["stat"] = omni.client.stat({srv.url!r} + "/")[0].name
        out["seconds"] = time.monotonic() - start
    """)
    assert out["stat"] == "ERROR_CONNECTION"
    assert out["seconds"] < 5
