"""The loopback cloud servers as context managers (no pytest): the test fixtures (fixtures.py) and
bench/bench_cloud.py start them the same way."""

from __future__ import annotations

import contextlib
import json
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from omni.server.testing import helper_env

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


@contextlib.contextmanager
def running(args: list[str], port: int, what: str, env: dict | None = None, timeout: float = 60):
    """Starts `args` (this process's environment with `env`, less a sanitizer's preload), waits
    until `port` accepts connections, and stops the process at the end."""
    process = subprocess.Popen(args, env=helper_env(env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{what} exited with {process.returncode}")
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{what} did not start within {timeout} s")
                time.sleep(0.1)
        yield process
    finally:
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
    ca: Path | None = None  # the CA of its certificate when it speaks TLS itself
    pid: int = 0  # its process (the benches read its CPU time)

    def client(self, secret: str | None = None):
        import boto3
        return boto3.client("s3", endpoint_url=f"{'https' if self.ca else 'http'}://127.0.0.1:{self.port}", region_name=REGION,
                            aws_access_key_id=self.access_key_id, aws_secret_access_key=secret or self.secret_access_key,
                            verify=str(self.ca) if self.ca else None)

    def new_bucket(self) -> str:
        name = f"b-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        return name

    @contextlib.contextmanager
    def signature_checks_off(self):
        """Turns moto's signature checks off for the block (its own /moto-api/reset-auth), for
        presigned URLs: moto 5.2's checks read the Authorization header only and answer 500 to a
        request signed in its query string (in server mode too: KeyError 'HTTP_AUTHORIZATION')."""
        def reset_auth(count: bytes) -> None:
            url = f"{'https' if self.ca else 'http'}://127.0.0.1:{self.port}/moto-api/reset-auth"
            context = ssl.create_default_context(cafile=str(self.ca)) if self.ca else None
            # not a form: moto reads the count from the raw body
            urllib.request.urlopen(urllib.request.Request(url, data=count, headers={"Content-Type": "text/plain"}),
                                   context=context).close()
        reset_auth(b"inf")  # no request is checked
        try:
            yield self
        finally:
            reset_auth(b"0")  # every request is checked again


@contextlib.contextmanager
def moto_server(certs: dict | None = None, check_signatures: bool = True):
    """moto's S3 server with SigV4 checking on, and an IAM user allowed everything; speaking TLS
    with `certs` (make_certificates'), plain HTTP without. Without `check_signatures`, for
    presigned URLs: moto 5.2's checks read the Authorization header only, and answer 500 to a
    request signed in its query string."""
    import boto3
    port = free_port()
    # The first three requests (the IAM set-up below) go unchecked; every later one is verified.
    env = {"INITIAL_NO_AUTH_ACTION_COUNT": "3"} if check_signatures else None
    args = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    if certs:
        args += ["-c", str(certs["cert"]), "-k", str(certs["key"])]
    with running(args, port, "moto", env) as process:
        iam = boto3.client("iam", endpoint_url=f"{'https' if certs else 'http'}://127.0.0.1:{port}", region_name=REGION,
                           aws_access_key_id="setup", aws_secret_access_key="setup",
                           verify=str(certs["ca"]) if certs else None)
        iam.create_user(UserName="tester")
        key = iam.create_access_key(UserName="tester")["AccessKey"]
        iam.put_user_policy(UserName="tester", PolicyName="all", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
        yield MotoS3(port, key["AccessKeyId"], key["SecretAccessKey"], certs["ca"] if certs else None, process.pid)


@dataclass
class Azurite:
    port: int
    ca: Path | None = None  # the CA of its certificate when it speaks TLS itself
    pid: int = 0  # its process (the benches read its CPU time)

    @property
    def connection_string(self) -> str:
        scheme = "https" if self.ca else "http"
        return (f"DefaultEndpointsProtocol={scheme};AccountName={AZURE_ACCOUNT};AccountKey={AZURE_KEY};"
                f"BlobEndpoint={scheme}://127.0.0.1:{self.port}/{AZURE_ACCOUNT};")

    def service(self):
        from azure.storage.blob import BlobServiceClient
        return BlobServiceClient.from_connection_string(self.connection_string,
                                                        connection_verify=str(self.ca) if self.ca else True)

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


@contextlib.contextmanager
def azurite_server(data: Path, proxy_port: int, certs: dict | None = None):
    """Azurite's blob service (speaking TLS with `certs`). It checks the source of a copy by fetching
    its URL: `proxy_port` is the proxy that takes such a fetch back to Azurite itself instead of the
    real host."""
    tool = azurite_command()
    if tool is None:
        raise RuntimeError("Azurite is not installed: run scripts/setup-test-tools.sh")
    port = free_port()
    env = {"https_proxy": f"http://127.0.0.1:{proxy_port}", "no_proxy": ""}
    args = [str(tool), "--blobHost", "127.0.0.1", "--blobPort", str(port), "--location", str(data),
            "--silent", "--skipApiVersionCheck", "--loose"]
    if certs:
        args += ["--cert", str(certs["cert"]), "--key", str(certs["key"])]
    with running(args, port, "Azurite", env) as process:
        yield Azurite(port, certs["ca"] if certs else None, process.pid)


@dataclass
class Proxy:
    port: int
    ca: Path
    routes: dict = field(default_factory=dict)
    pid: int = 0  # its process (the benches read its CPU time)

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


@contextlib.contextmanager
def proxy_server(certs: dict, routes: dict[str, int], port: int = 0, tunnel: bool = False):
    """The test proxy (proxy.py) with `routes` (host suffix → local port); with `tunnel`, to
    backends that speak TLS themselves."""
    port = port or free_port()
    args = [sys.executable, str(Path(__file__).with_name("proxy.py")), "--port", str(port),
            "--cert", str(certs["cert"]), "--key", str(certs["key"])] + (["--tunnel"] if tunnel else [])
    for suffix, backend in routes.items():
        args += ["--route", f"{suffix}={backend}"]
    with running(args, port, "the test proxy") as process:
        yield Proxy(port, certs["ca"], routes, process.pid)


@dataclass
class WebServer:
    port: int
    root: Path

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path}"


@contextlib.contextmanager
def web_server_process(root: Path):
    """A plain web server over `root` (web_server.py)."""
    port = free_port()
    args = [sys.executable, str(Path(__file__).with_name("web_server.py")), "--port", str(port), "--root", str(root)]
    with running(args, port, "the web server"):
        yield WebServer(port, root)


def client_environment(proxy: Proxy, moto: MotoS3) -> dict[str, str]:
    """What points this process's client at the servers: the proxy, the test CA, S3 credentials."""
    return {"https_proxy": proxy.url, "SSL_CERT_FILE": str(proxy.ca),
            "AWS_ACCESS_KEY_ID": moto.access_key_id, "AWS_SECRET_ACCESS_KEY": moto.secret_access_key}


def s3_url(bucket: str, key: str = "") -> str:
    return f"https://{bucket}{S3_SUFFIX}/{key}"


def azure_url(container: str, blob: str = "") -> str:
    return f"https://{AZURE_ACCOUNT}{AZURE_SUFFIX}/{container}/{blob}"
