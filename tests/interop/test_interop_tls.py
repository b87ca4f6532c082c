"""The original client over TLS (issue 14, item 13).  It takes the certificates it trusts
from the PEM file named by OMNI_TRUSTED_CERTIFICATE (else the system's CA bundle): it does
not read SSL_CERT_FILE, which is why, given a self-signed certificate that way, its
discovery failed ("certificate verify failed: self-signed certificate", then "Connection
terminated").  Our server needed nothing more: wss for discovery, auth and ConnLib, and
https for LFT."""

import pytest

from omni.server.testing import running_server, self_signed_certificate

from test_interop_files import check_file_operations

MIB = 1 << 20


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    cert, key = self_signed_certificate(tmp_path_factory.mktemp("tls"))
    with running_server(extra_args=["--cert", str(cert), "--key", str(key)],
                        check_log=True) as srv:
        yield srv, cert


def test_files_and_lft_over_tls(tls, scenario):
    srv, cert = tls
    assert srv.url.startswith("omniverses://")
    out = scenario("files.py", srv.url, srv.admin_user, srv.admin_password,
                   OMNI_TEST_BASE="/Projects", OMNI_TRUSTED_CERTIFICATE=cert)
    check_file_operations(out, srv.admin_user)
    size = 3 * MIB + 17  # above the LFT threshold: an https upload and ranged downloads
    out = scenario("large.py", srv.url, srv.admin_user, srv.admin_password,
                   OMNI_TEST_SIZES=str(size), OMNI_TRUSTED_CERTIFICATE=cert)
    got = out[str(size)]
    assert got["write"] == got["read"] == got["stat"] == "OK"
    assert got["sha_read"] == got["sha_written"] and got["stat_size"] == size
    blobs = [p for p in (srv.data_dir / "blobs").rglob("*") if p.is_file()]
    assert any(p.stat().st_size == size for p in blobs)  # it went through LFT


def test_a_certificate_given_as_ssl_cert_file_is_not_trusted(tls, scenario):
    """What the issue tried: the original client ignores SSL_CERT_FILE."""
    srv, cert = tls
    out = scenario("large.py", srv.url, srv.admin_user, srv.admin_password,
                   OMNI_TEST_SIZES="100", SSL_CERT_FILE=cert)
    assert out["100"]["write"] == "ERROR_CONNECTION"
