"""The generic http(s) provider against a local web server, directly or through the test proxy
(which logs the requests and injects faults)."""

from __future__ import annotations

import os
import time

import pytest

import omni.client
from omni.client import ItemFlags, Result


@pytest.fixture
def site(web_server, plain_proxy, monkeypatch):
    """The web server's folder, reached through the proxy, with fast retries."""
    monkeypatch.setenv("OMNICLIENT_HTTP_PROXY", plain_proxy.url)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.setenv("OMNICLIENT_HTTP_RETRIES", "3")
    plain_proxy.clear()
    omni.client.clear_list_cache(web_server.url())
    yield web_server
    plain_proxy.clear()
    omni.client.bypass_list_cache(False)


def put(site, name: str, data: bytes) -> str:
    path = site.root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return site.url(name)


def test_stat_reports_the_head_answer(site):
    url = put(site, "stat/a.usd", b"#usda 1.0\n")
    mtime = os.stat(site.root / "stat/a.usd").st_mtime
    result, entry = omni.client.stat(url)
    assert result == Result.OK
    assert entry.relative_path == "a.usd"
    assert entry.size == 10
    assert entry.flags == ItemFlags.READABLE_FILE
    assert entry.version and '"' not in entry.version
    assert abs(entry.modified_time.timestamp() - mtime) <= 1  # Last-Modified has whole seconds


def test_missing_file_is_not_found_after_one_request(site, plain_proxy):
    assert omni.client.stat(site.url("nothing/here.usd"))[0] == Result.ERROR_NOT_FOUND
    assert omni.client.read_file(site.url("nothing/there.usd"))[0] == Result.ERROR_NOT_FOUND
    assert [r["method"] for r in plain_proxy.requests()] == ["HEAD", "GET"]


def test_small_read_is_one_request(site, plain_proxy):
    url = put(site, "read/small.bin", b"0123456789")
    result, version, content = omni.client.read_file(url)
    assert result == Result.OK and bytes(memoryview(content)) == b"0123456789"
    assert version == omni.client.stat(url)[1].version
    gets = [r for r in plain_proxy.requests() if r["method"] == "GET"]
    assert len(gets) == 1 and gets[0]["headers"]["range"] == "bytes=0-4194303"


def test_large_read_comes_in_parallel_ranges(site, plain_proxy):
    data = os.urandom(37 << 20)
    url = put(site, "read/large.bin", data)
    result, _, content = omni.client.read_file(url)
    assert result == Result.OK and bytes(memoryview(content)) == data
    ranges = sorted(r["headers"]["range"] for r in plain_proxy.requests() if r["method"] == "GET")
    assert ranges == sorted(["bytes=0-4194303", "bytes=4194304-20971519", "bytes=20971520-37748735",
                             f"bytes=37748736-{len(data) - 1}"])
    etag = omni.client.stat(url)[1].version
    assert all(r["headers"].get("if-match", "").strip('"') == etag
               for r in plain_proxy.requests() if r["method"] == "GET" and r["headers"]["range"] != "bytes=0-4194303")


def test_empty_file_reads_empty(site):
    url = put(site, "read/empty.bin", b"")
    result, _, content = omni.client.read_file(url)
    assert result == Result.OK and bytes(memoryview(content)) == b""


def test_redirects_are_followed(site):
    put(site, "moved/target.txt", b"here")
    result, entry = omni.client.stat(site.url("redirect/moved/target.txt"))
    assert result == Result.OK and entry.size == 4
    result, _, content = omni.client.read_file(site.url("redirect/moved/target.txt"))
    assert result == Result.OK and bytes(memoryview(content)) == b"here"


def test_no_listing_and_no_writes(site):
    url = put(site, "ro/file.txt", b"x")
    assert omni.client.list(site.url("ro"))[0] == Result.ERROR_NOT_SUPPORTED
    assert omni.client.write_file(url, b"y") == Result.ERROR_NOT_SUPPORTED
    assert omni.client.delete(url) == Result.ERROR_NOT_SUPPORTED
    assert (site.root / "ro/file.txt").read_bytes() == b"x"


def test_stat_cache_until_cleared_or_bypassed(site, plain_proxy):
    url = put(site, "cache/c.txt", b"1")
    assert omni.client.stat(url)[1].size == 1
    (site.root / "cache/c.txt").write_bytes(b"22")
    assert omni.client.stat(url)[1].size == 1  # from the cache: no request
    assert [r["method"] for r in plain_proxy.requests()] == ["HEAD"]
    omni.client.bypass_list_cache(True)
    assert omni.client.stat(url)[1].size == 2
    omni.client.bypass_list_cache(False)
    (site.root / "cache/c.txt").write_bytes(b"333")
    assert omni.client.clear_list_cache(url) is True
    assert omni.client.stat(url)[1].size == 3
    assert omni.client.clear_list_cache("file:/tmp") is False


def test_server_errors_are_retried(site, plain_proxy):
    url = put(site, "retry/r.txt", b"retried")
    plain_proxy.fault("503", count=2, path="/retry/")
    result, _, content = omni.client.read_file(url)
    assert result == Result.OK and bytes(memoryview(content)) == b"retried"
    seen = [(r["method"], r["target"], r["fault"]) for r in plain_proxy.requests()]
    # only this file's requests count: the proxy is shared with the rest of the session
    assert [s[2] for s in seen if s[1] == "/retry/r.txt"] == ["503", "503", None], seen


def test_retries_give_up_after_the_configured_number(site, plain_proxy, monkeypatch):
    monkeypatch.setenv("OMNICLIENT_HTTP_RETRIES", "1")
    url = put(site, "retry/gone.txt", b"x")
    plain_proxy.fault("429", count=5, path="/retry/gone")
    assert omni.client.stat(url)[0] == Result.ERROR
    seen = [(r["method"], r["target"], r["fault"]) for r in plain_proxy.requests()]
    # only this file's requests count: the proxy is shared with the rest of the session
    assert [s for s in seen if s[1] == "/retry/gone.txt"] == [("HEAD", "/retry/gone.txt", "429")] * 2, seen


def test_dropped_connection_is_retried(site, plain_proxy):
    url = put(site, "retry/drop.txt", b"dropped once")
    plain_proxy.fault("drop", count=1, path="/retry/drop")
    result, _, content = omni.client.read_file(url)
    assert result == Result.OK and bytes(memoryview(content)) == b"dropped once"


def test_stalled_server_times_out(site, plain_proxy, monkeypatch):
    monkeypatch.setenv("OMNICLIENT_HTTP_TIMEOUT", "1")
    monkeypatch.setenv("OMNICLIENT_HTTP_RETRIES", "0")
    url = put(site, "stall/s.txt", b"x")
    plain_proxy.fault("stall", count=1, seconds=4, path="/stall/")
    start = time.monotonic()
    assert omni.client.stat(url)[0] == Result.ERROR_CONNECTION
    assert time.monotonic() - start < 3.5


def test_connection_refused_is_a_connection_error(monkeypatch):
    monkeypatch.setenv("OMNICLIENT_HTTP_RETRIES", "0")
    from cloud_servers.servers import free_port
    assert omni.client.stat(f"http://127.0.0.1:{free_port()}/x")[0] == Result.ERROR_CONNECTION


def test_extra_headers_are_sent_until_removed(site, plain_proxy):
    url = put(site, "hdr/h.txt", b"h")
    omni.client.set_http_header("X-Test-Header", "yes")
    try:
        omni.client.read_file(url)
    finally:
        omni.client.set_http_header("X-Test-Header", None)
    omni.client.read_file(url)
    first, second = plain_proxy.requests()
    assert first["headers"]["x-test-header"] == "yes"
    assert "x-test-header" not in second["headers"]
    assert first["headers"]["user-agent"].startswith("OmniClient/")


def test_no_proxy_bypasses_the_proxy(site, plain_proxy, monkeypatch):
    url = put(site, "direct/d.txt", b"direct")
    monkeypatch.delenv("OMNICLIENT_HTTP_PROXY")
    monkeypatch.setenv("http_proxy", plain_proxy.url)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    assert omni.client.read_file(url)[0] == Result.OK
    assert plain_proxy.requests() == []
    monkeypatch.setenv("no_proxy", "")
    assert omni.client.read_file(url)[0] == Result.OK
    assert len(plain_proxy.requests()) == 1


def test_concurrent_requests_are_capped(site, plain_proxy, monkeypatch):
    """OMNICLIENT_HTTP_CONCURRENT_OPS=2: six requests the server holds for 1 s each take three rounds."""
    monkeypatch.setenv("OMNICLIENT_HTTP_CONCURRENT_OPS", "2")
    monkeypatch.setenv("OMNICLIENT_HTTP_RETRIES", "0")
    omni.client.shutdown()  # the cap is taken when the transport starts
    try:
        urls = [put(site, f"cap/{i}.txt", b"x") for i in range(6)]
        plain_proxy.fault("stall", count=6, seconds=1, path="/cap/")
        start = time.monotonic()
        requests = [omni.client.stat_with_callback(url, lambda *a: None) for url in urls]
        for request in requests:
            request.wait()
        elapsed = time.monotonic() - start
        assert 2.9 < elapsed < 6, elapsed
        assert len(plain_proxy.requests()) == 6
    finally:
        monkeypatch.delenv("OMNICLIENT_HTTP_CONCURRENT_OPS")
        omni.client.shutdown()


def test_get_local_file_downloads_once_with_the_servers_time(site, plain_proxy, tmp_path, monkeypatch):
    monkeypatch.setenv("OMNI_CLIENT_FILE_CACHE", str(tmp_path / "files"))
    data = os.urandom(5 << 20)
    url = put(site, "local/tex.png", data)
    result, path = omni.client.get_local_file(url)
    assert result == Result.OK and path.startswith(str(tmp_path / "files")) and path.endswith("tex.png")
    with open(path, "rb") as f:
        assert f.read() == data
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert abs(os.stat(path).st_mtime - omni.client.stat(url)[1].modified_time.timestamp()) < 1
    assert [r["method"] for r in plain_proxy.requests()] == ["HEAD", "GET"]
    plain_proxy.clear()
    assert omni.client.get_local_file(url) == (Result.OK, path)
    assert plain_proxy.requests() == []  # the stat is cached, the copy is there
    # a new version (after the cache is cleared) is a new copy
    put(site, "local/tex.png", b"changed")
    os.utime(site.root / "local/tex.png", (1_000_000_000, 1_000_000_000))
    omni.client.clear_list_cache(url)
    result, changed = omni.client.get_local_file(url)
    assert result == Result.OK and changed != path
    with open(changed, "rb") as f:
        assert f.read() == b"changed"
    assert omni.client.get_local_file(site.url("local/missing.png")) == (Result.ERROR_NOT_FOUND, "")
    assert os.listdir(tmp_path / "files") and not [n for n in os.listdir(tmp_path / "files") if ".part-" in n]
