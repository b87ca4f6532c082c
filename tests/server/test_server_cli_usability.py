"""omni-server as a person meets it: clear one-line errors (busy port, missing certificate, a
data folder that was never initialised, the [server] extra not installed), --version, option help
with defaults and units, log levels, an access log, the events that matter at info, and a data
folder only its owner can read."""

import os
from pathlib import Path
import re
import socket
import stat
import subprocess
import sys
import time
import urllib.request
import venv

import pytest

import omni.server
from omni.server.testing import _env, running_server

from test_server_cli import cli


def test_version():
    out = cli("--version")
    assert out.stdout.strip() == f"omni-server {omni.server.__version__}"


def test_option_help_shows_defaults_and_units():
    text = " ".join(cli("serve", "--help").stdout.split())
    assert "TCP port (0: pick a free one) (default: 3333)" in text
    assert "bytes: larger files go through large file transfer (0: never) (default: 1048576)" in text
    assert "seconds between blob GC runs" in text and "(default: 60.0)" in text
    assert "--log-level {debug,info,warning,error}" in text and "(default: info)" in text
    assert "data folder (default: omni-data)" in " ".join(cli("init", "--help").stdout.split())


def one_line_error(out):
    assert out.returncode != 0
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("omni-server: error: "), out.stderr
    return lines[0]


def test_serve_refuses_a_folder_init_did_not_make(tmp_path):
    typo = tmp_path / "typo"
    message = one_line_error(cli("serve", "--data", str(typo), "--port", "0", check=False))
    assert f"omni-server init --data {typo}" in message
    assert not typo.exists()  # no new server, no new admin password


def test_store_and_blob_urls_are_checked_in_one_line(tmp_path):
    for given, wanted in ((["--store", "mysql://h/db"], "--store 'mysql://h/db': use sqlite:///path"),
                          (["--store", "sqlite://relative/x"], "sqlite:// takes an absolute path"),
                          (["--blobs", "s3://"], "--blobs 's3://': use file:///abs/folder")):
        message = one_line_error(cli("user", "list", "--data", str(tmp_path), *given, check=False))
        assert wanted in message, message
    # a database that cannot be reached is named, without its password
    message = one_line_error(cli("serve", "--store", "postgresql://u:secret@127.0.0.1:1/db",
                                 "--port", "0", check=False))
    assert "cannot reach postgresql://u:***@127.0.0.1:1/db" in message and "secret" not in message


def test_a_busy_port_is_one_line(tmp_path):
    cli("init", "--data", str(tmp_path / "d"), "--admin-password", "pw")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = cli("serve", "--data", str(tmp_path / "d"), "--port", str(port), check=False)
    assert f"port {port} on 127.0.0.1 is in use" in one_line_error(out)


def test_a_missing_certificate_names_its_path(tmp_path):
    cli("init", "--data", str(tmp_path / "d"), "--admin-password", "pw")
    missing = tmp_path / "nowhere" / "cert.pem"
    out = cli("serve", "--data", str(tmp_path / "d"), "--port", "0", "--cert", str(missing), "--key", str(missing),
              check=False)
    assert one_line_error(out) == f"omni-server: error: --cert {missing}: no such file"


def test_an_lft_address_that_is_no_http_base_is_one_line(tmp_path):
    cli("init", "--data", str(tmp_path / "d"), "--admin-password", "pw")
    for bad in ("ftp://host:1", "http://host:1/omni/lft", "host:1"):
        out = cli("serve", "--data", str(tmp_path / "d"), "--port", "0", "--lft-address", bad, check=False)
        assert one_line_error(out) == f"omni-server: error: --lft-address {bad}: not http[s]://host:port"


def test_without_the_server_extra_the_command_names_it(tmp_path):
    bare = tmp_path / "bare"
    venv.create(bare, with_pip=False)  # an interpreter without aiohttp or argon2
    code = "import sys; from omni.server import main; sys.exit(main(['--version']))"
    # only this checkout's sources on the path: an installed package's folder would bring aiohttp
    source = Path(__file__).resolve().parents[2] / "python"
    env = dict(_env(), PYTHONPATH=str(source))
    out = subprocess.run([str(bare / "bin" / "python"), "-c", code], env=env, capture_output=True, text=True,
                         timeout=60)
    assert "pip install 'omni-client-open[server]'" in one_line_error(out)


def test_data_folder_and_database_are_private(tmp_path):
    data = tmp_path / "d"
    cli("init", "--data", str(data), "--admin-password", "pw")
    assert stat.S_IMODE(os.stat(data).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(data / "meta.sqlite3").st_mode) == 0o600


def server_log(srv):
    return srv.log_path.read_text()


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.05)
    return predicate()


@pytest.mark.timeout(60)
def test_info_tells_start_logins_refusals_denials_and_stop(tmp_path):
    import omni.client
    from omni.client import Result

    retries = omni.client.set_retries(0, 0, 0)
    password = ["wrong"]
    login = omni.client.register_authentication_callback(lambda url: ("alice", password[0]))
    try:
        with running_server(data_dir=tmp_path / "d") as srv:
            srv.add_user("alice", "alice-pw")
            assert omni.client.stat(srv.url + "/Users/alice/")[0] == Result.ERROR_CONNECTION
            password[0] = "alice-pw"
            omni.client.reconnect(srv.url)
            assert omni.client.stat(srv.url + "/Users/alice/")[0] == Result.OK
            assert omni.client.write_file(srv.url + "/not-hers.txt", b"x") != Result.OK
            omni.client.sign_out(srv.url)
            srv.stop()
            log = server_log(srv)
    finally:
        login.unregister()
        omni.client.set_retries(*retries)
    assert re.search(r"INFO serving .* on omniverse://127\.0\.0\.1:\d+/", log)
    assert re.search(r"INFO login of 'alice' from 127\.0\.0\.1 refused", log)
    assert re.search(r"INFO login of 'alice' from 127\.0\.0\.1 accepted", log)
    assert "wrong" not in log and "alice-pw" not in log
    assert re.search(r"INFO denied \w+ to 'alice'", log)
    assert "INFO stopped" in log


@pytest.mark.timeout(60)
def test_log_level_and_access_log(tmp_path):
    with running_server(data_dir=tmp_path / "quiet", extra_args=("--log-level", "warning")) as srv:
        srv.stop()
        assert "INFO" not in server_log(srv)
    with running_server(data_dir=tmp_path / "plain") as srv:
        urllib.request.urlopen(srv.http_url + "/omni/device", timeout=10).read()
        srv.stop()
        assert "omni.server.access" not in server_log(srv)
    with running_server(data_dir=tmp_path / "access", extra_args=("--access-log",)) as srv:
        urllib.request.urlopen(srv.http_url + "/omni/device", timeout=10).read()
        assert wait_for(lambda: "omni.server.access" in server_log(srv))
        assert re.search(r'omni\.server\.access INFO .*"GET /omni/device HTTP/1\.1" 200', server_log(srv))
