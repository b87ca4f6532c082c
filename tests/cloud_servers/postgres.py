"""A throw-away PostgreSQL cluster (Debian's postgresql package, from scripts/setup-system.sh):
initdb and pg_ctl in a temporary folder, on a free loopback port.  PostgreSQL refuses to run as
root: as root, the cluster runs as ``nobody``."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from omni.server.testing import helper_env

from .servers import REGION, free_port

SUPERUSER = "omni"


def postgres_bin() -> Path | None:
    """The folder of initdb and pg_ctl (Debian keeps them off PATH), newest version first."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@dataclass
class PostgresCluster:
    port: int

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A new, empty database; its URL."""
        import psycopg
        name = f"d_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


@contextlib.contextmanager
def postgres_cluster():
    binaries = postgres_bin()
    if binaries is None:
        raise RuntimeError("PostgreSQL is not installed: run scripts/setup-system.sh")
    folder = Path(tempfile.mkdtemp(prefix="omni-pg-"))
    as_user: list = []
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody", "nogroup")
        as_user = ["runuser", "-u", "nobody", "--"]
    data, port = folder / "data", free_port()

    env = helper_env()

    def run(*args: str) -> None:
        subprocess.run([*as_user, *args], check=True, capture_output=True, timeout=120, env=env)

    # fsync stays on: the tests check that an acknowledged write survives a kill -9
    run(str(binaries / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust",
        "--encoding=UTF8", "--locale=C")
    try:
        run(str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "-t", "60",
            "-o", f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={folder} "
                  "-c max_connections=300", "start")
        yield PostgresCluster(port)
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            run(str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class SharedStore:
    """Where a server (or several) keeps its metadata and content: a PostgreSQL database
    and a prefix of an S3 bucket on moto."""

    database_url: str
    bucket: str
    moto: object  # servers.MotoS3

    @property
    def blobs_url(self) -> str:
        return f"s3://{self.bucket}/content?endpoint=http://127.0.0.1:{self.moto.port}"

    @property
    def args(self) -> tuple:
        return ("--store", self.database_url, "--blobs", self.blobs_url)

    @property
    def env(self) -> dict:
        return {"AWS_ACCESS_KEY_ID": self.moto.access_key_id,
                "AWS_SECRET_ACCESS_KEY": self.moto.secret_access_key,
                "AWS_DEFAULT_REGION": REGION}
