"""pytest fixtures that start the loopback cloud servers once per session (tests/conftest.py
imports them), and `cloud_env`, which points this process's client at them for one test."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .certs import make_certificates

REPO = Path(__file__).resolve().parents[2]
REGION = "us-west-2"
S3_SUFFIX = f".s3.{REGION}.amazonaws.com"
AZURE_SUFFIX = ".blob.core.windows.net"
# Azurite's well-known development account (public, in Azure's documentation).
AZURE_ACCOUNT = "devstoreaccount1"
AZURE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not start within {timeout} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass
class MotoS3:
    port: int
    access_key_id: str
    secret_access_key: str

    def client(self, secret: str | None = None):
        import boto3
        return boto3.client("s3", endpoint_url=f"http://127.0.0.1:{self.port}", region_name=REGION,
                            aws_access_key_id=self.access_key_id,
                            aws_secret_access_key=secret or self.secret_access_key)

    def new_bucket(self) -> str:
        name = f"b-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        return name


@pytest.fixture(scope="session")
def moto_s3():
    """moto's S3 server with SigV4 checking on, and an IAM user allowed everything."""
    pytest.importorskip("moto", reason="moto[server] is in the test extra")
    import boto3
    port = free_port()
    # The first three requests (the IAM set-up below) go unchecked; every later one is verified.
    env = dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT="3")
    process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process, "moto")
        iam = boto3.client("iam", endpoint_url=f"http://127.0.0.1:{port}", region_name=REGION,
                           aws_access_key_id="setup", aws_secret_access_key="setup")
        iam.create_user(UserName="tester")
        key = iam.create_access_key(UserName="tester")["AccessKey"]
        iam.put_user_policy(UserName="tester", PolicyName="all", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
        yield MotoS3(port, key["AccessKeyId"], key["SecretAccessKey"])
    finally:
        stop(process)


@dataclass
class Azurite:
    port: int

    @property
    def connection_string(self) -> str:
        return (f"DefaultEndpointsProtocol=http;AccountName={AZURE_ACCOUNT};AccountKey={AZURE_KEY};"
                f"BlobEndpoint=http://127.0.0.1:{self.port}/{AZURE_ACCOUNT};")

    def service(self):
        from azure.storage.blob import BlobServiceClient
        return BlobServiceClient.from_connection_string(self.connection_string)

    def new_container(self) -> str:
        name = f"c-{uuid.uuid4().hex[:12]}"
        self.service().create_container(name)
        return name

    def sas(self, container: str, permissions: str = "racwdl") -> str:
        import datetime
        from azure.storage.blob import ContainerSasPermissions, generate_container_sas
        return generate_container_sas(AZURE_ACCOUNT, container, account_key=AZURE_KEY,
                                      permission=ContainerSasPermissions.from_string(permissions),
                                      expiry=datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=2))


def azurite_command() -> Path | None:
    """Azurite as scripts/setup-test-tools.sh installs it (a project-local npm prefix)."""
    tool = REPO / ".cache" / "npm-tools" / "node_modules" / ".bin" / "azurite-blob"
    return tool if tool.exists() else None


@pytest.fixture(scope="session")
def cloud_proxy_port():
    """Chosen before the servers start: Azurite is told to use the proxy (see azurite)."""
    return free_port()


@pytest.fixture(scope="session")
def azurite(tmp_path_factory, cloud_proxy_port):
    tool = azurite_command()
    if tool is None:
        pytest.fail("Azurite is not installed: run scripts/setup-test-tools.sh")
    pytest.importorskip("azure.storage.blob", reason="azure-storage-blob is in the test extra")
    port = free_port()
    data = tmp_path_factory.mktemp("azurite")
    # Azurite checks the source of a copy by fetching its URL: through the proxy, that reaches
    # Azurite itself instead of the real host.
    env = dict(os.environ, https_proxy=f"http://127.0.0.1:{cloud_proxy_port}", no_proxy="")
    process = subprocess.Popen([str(tool), "--blobHost", "127.0.0.1", "--blobPort", str(port), "--location", str(data),
                                "--silent", "--skipApiVersionCheck", "--loose"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process, "Azurite")
        yield Azurite(port)
    finally:
        stop(process)


@dataclass
class Proxy:
    port: int
    ca: Path
    routes: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _get(self, path: str) -> bytes:
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(self.url + path, timeout=10) as r:
            return r.read()

    def fault(self, kind: str, count: int = 1, seconds: float = 5, path: str = "") -> None:
        from urllib.parse import urlencode
        self._get("/_control/fault?" + urlencode({"kind": kind, "count": count, "seconds": seconds, "path": path}))

    def requests(self) -> list[dict]:
        return [json.loads(line) for line in self._get("/_control/log").decode().splitlines() if line]

    def clear(self) -> None:
        self._get("/_control/clear")


def start_proxy(certs: dict, routes: dict[str, int], port: int = 0) -> tuple[subprocess.Popen, int]:
    port = port or free_port()
    args = [sys.executable, str(Path(__file__).with_name("proxy.py")), "--port", str(port),
            "--cert", str(certs["cert"]), "--key", str(certs["key"])]
    for suffix, backend in routes.items():
        args += ["--route", f"{suffix}={backend}"]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, process, "the test proxy")
    return process, port


@pytest.fixture(scope="session")
def cloud_certs(tmp_path_factory):
    return make_certificates(tmp_path_factory.mktemp("certs"))


@pytest.fixture(scope="session")
def cloud_proxy(cloud_certs, moto_s3, azurite, cloud_proxy_port):
    """The proxy in front of moto and Azurite, for their real host names."""
    routes = {S3_SUFFIX: moto_s3.port, AZURE_SUFFIX: azurite.port}
    process, port = start_proxy(cloud_certs, routes, cloud_proxy_port)
    try:
        yield Proxy(port, cloud_certs["ca"], routes)
    finally:
        stop(process)


@pytest.fixture
def cloud_env(cloud_proxy, moto_s3, tmp_path, monkeypatch):
    """This process's client reaches the loopback servers through the proxy, trusting the test CA,
    with S3 credentials for every bucket of the region in an omniverse.toml of its own, and fast
    retries. Yields the folder of that omniverse.toml."""
    import omni.client
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("OMNI_CONFIG_PATH", str(config))
    monkeypatch.setenv("https_proxy", cloud_proxy.url)
    monkeypatch.setenv("SSL_CERT_FILE", str(cloud_proxy.ca))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", moto_s3.access_key_id)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", moto_s3.secret_access_key)
    monkeypatch.setenv("OMNICLIENT_HTTP_RETRIES", "3")
    cloud_proxy.clear()
    yield config
    cloud_proxy.clear()
    omni.client.bypass_list_cache(False)


def s3_url(bucket: str, key: str = "") -> str:
    return f"https://{bucket}{S3_SUFFIX}/{key}"


def azure_url(container: str, blob: str = "") -> str:
    return f"https://{AZURE_ACCOUNT}{AZURE_SUFFIX}/{container}/{blob}"


@dataclass
class WebServer:
    port: int
    root: Path

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path}"


@pytest.fixture(scope="session")
def web_server(tmp_path_factory):
    """A plain web server over a folder the tests fill."""
    root = tmp_path_factory.mktemp("www")
    port = free_port()
    process = subprocess.Popen([sys.executable, str(Path(__file__).with_name("web_server.py")), "--port", str(port),
                                "--root", str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process, "the web server")
        yield WebServer(port, root)
    finally:
        stop(process)


@pytest.fixture(scope="session")
def plain_proxy(cloud_certs):
    """The test proxy alone (no cloud routes): an HTTP proxy to loopback servers with faults."""
    process, port = start_proxy(cloud_certs, {})
    try:
        yield Proxy(port, cloud_certs["ca"])
    finally:
        stop(process)
