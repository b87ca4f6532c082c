"""Start a real server process for tests (stable API; see docs/server.md).

    from omni.server.testing import running_server

    with running_server() as srv:
        srv.url            # 'omniverse://127.0.0.1:PORT'
        srv.port, srv.host, srv.data_dir
        srv.admin_user, srv.admin_password
        srv.add_user("alice", "pw")         # runs `omni-server user add`
        srv.api_token("alice")              # runs `omni-server token create`

The server runs as ``python -m omni.server serve --port 0 --ready-file ...`` on
127.0.0.1 with a fresh data folder (removed afterwards unless one was given).
:func:`start_server` returns the same object without a ``with`` (call ``stop()``
or ``kill()`` yourself; ``restart()`` starts it again on the same data folder).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Sequence

ADMIN_USER = "admin"
ADMIN_PASSWORD = "admin-test-password"
START_TIMEOUT_S = 30.0

_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
    return env


def _command(*args: str) -> list:
    return [sys.executable, "-m", "omni.server", *args]


@dataclass
class RunningServer:
    data_dir: Path
    admin_user: str
    admin_password: str
    extra_args: Sequence[str] = ()
    host: str = "127.0.0.1"
    port: int = 0
    process: Optional[subprocess.Popen] = None
    log_path: Path = field(default=None)  # type: ignore[assignment]

    @property
    def secure(self) -> bool:
        """Started with ``--cert``: the URLs below are omniverses/https/wss."""
        return "--cert" in self.extra_args

    @property
    def url(self) -> str:
        return f"omniverse{'s' if self.secure else ''}://{self.host}:{self.port}"

    @property
    def http_url(self) -> str:
        return f"http{'s' if self.secure else ''}://{self.host}:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws{'s' if self.secure else ''}://{self.host}:{self.port}"

    def cli(self, *args: str) -> str:
        """Run an ``omni-server`` admin command on this data folder; return its stdout."""
        out = subprocess.run(_command(*args, "--data", str(self.data_dir)), env=_env(),
                             capture_output=True, text=True, timeout=60)
        if out.returncode != 0:
            raise RuntimeError(f"omni-server {' '.join(args)} failed: {out.stderr.strip()}")
        return out.stdout

    def add_user(self, name: str, password: str, admin: bool = False) -> None:
        self.cli("user", "add", name, "--password", password, *(["--admin"] if admin else []))

    def api_token(self, name: str, days: int = 1) -> str:
        return self.cli("token", "create", name, "--days", str(days)).strip()

    def start(self) -> "RunningServer":
        ready = self.data_dir.parent / f".{self.data_dir.name}.port"
        ready.unlink(missing_ok=True)
        self.log_path = self.data_dir.parent / f"{self.data_dir.name}.log"
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            _command("serve", "--data", str(self.data_dir), "--host", self.host, "--port", "0",
                     "--ready-file", str(ready), "--admin-user", self.admin_user,
                     "--admin-password", self.admin_password, *self.extra_args),
            env=_env(), stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not ready.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"server did not start; log: {self.log_text()}")
            time.sleep(0.02)
        self.port = int(ready.read_text())
        ready.unlink()
        return self

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def stop(self, timeout: float = 15.0) -> int:
        """Stop gracefully (SIGTERM); return the exit code."""
        if self.process is None:
            return 0
        self.process.terminate()
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        self.process = None
        return code

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def restart(self) -> "RunningServer":
        self.stop()
        return self.start()


def start_server(data_dir: Optional[Path] = None, admin_password: str = ADMIN_PASSWORD,
                 extra_args: Sequence[str] = ()) -> RunningServer:
    if data_dir is None:
        data_dir = Path(tempfile.mkdtemp(prefix="omni-server-")) / "data"
    return RunningServer(Path(data_dir), ADMIN_USER, admin_password, tuple(extra_args)).start()


@contextlib.contextmanager
def running_server(data_dir: Optional[Path] = None, admin_password: str = ADMIN_PASSWORD,
                   extra_args: Sequence[str] = ()) -> Iterator[RunningServer]:
    """A server process on a free loopback port; stopped and cleaned up on exit."""
    owned = data_dir is None
    server = start_server(data_dir, admin_password, extra_args)
    try:
        yield server
    finally:
        server.stop()
        if owned:
            shutil.rmtree(server.data_dir.parent, ignore_errors=True)
