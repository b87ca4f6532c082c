"""Start a real server process for tests (stable API; see docs/server.md).

    from omni.server.testing import running_server

    with running_server() as srv:
        srv.url            # 'omniverse://127.0.0.1:PORT'
        srv.port, srv.host, srv.data_dir
        srv.admin_user, srv.admin_password
        srv.add_user("alice", "pw")         # runs `omni-server user add`
        srv.api_token("alice")              # runs `omni-server token create`
        srv.assert_no_traceback()           # nothing the server did not handle, so far

The server runs as ``python -m omni.server serve --port 0 --ready-file ...`` on
127.0.0.1, on a port no earlier server or proxy of this process had, with a fresh data
folder (removed afterwards unless one was given);
``storage_args=("--store", URL, "--blobs", URL)`` (and ``env``, e.g. AWS credentials) put its
store elsewhere, for it and the admin commands (several servers on one store: docs/server.md).
:func:`start_server` returns the same object without a ``with`` (call ``stop()``
or ``kill()`` yourself; ``restart()`` starts it again on the same data folder).

:class:`TcpProxy` is a loopback TCP forwarder to put in front of a server, for tests
that cut, stall or watch a client's connections; :class:`RoundRobinProxy` spreads the
connections over several servers, as a round-robin load balancer does (with
:func:`own_lft_address_args` for each, uploads work through it too).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import subprocess
import sys
import socket
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence

ADMIN_USER = "admin"
ADMIN_PASSWORD = "admin-test-password"
START_TIMEOUT_S = 30.0

_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


# What the sanitizer pass of scripts/test.sh preloads into the test process: the processes
# the tests talk to (this server, the emulators, PostgreSQL) are not what it checks, and are
# slower under it (PostgreSQL's initdb hung).
_SANITIZER_VARIABLES = ("LD_PRELOAD", "ASAN_OPTIONS", "UBSAN_OPTIONS")


def helper_env(more: Optional[dict] = None) -> dict:
    """The environment (with ``more``) of a process the tests talk to but do not check: this
    process's, without a sanitizer's preload."""
    env = {k: v for k, v in os.environ.items() if k not in _SANITIZER_VARIABLES}
    env.update(more or {})
    return env


def _env(more: Optional[dict] = None, python: Optional[str] = None) -> dict:
    env = helper_env(more)
    if python:  # another interpreter finds its own omni package
        env.pop("PYTHONPATH", None)
        return env
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
    return env


def _command(*args: str, python: Optional[str] = None) -> list:
    return [python or sys.executable, "-m", "omni.server", *args]


# Every port a server or proxy of this process has listened on, with its owner.  The kernel
# hands a freed port out again, and a client in this process keeps what it learned of a
# host:port (a refused sign-in or a sign-out stays until reconnect(), as in the original), so a
# later server on an old port would inherit it: each new listener gets a port no other had.
_port_owners: dict = {}
_owner_ids = itertools.count(1)
_ports_lock = threading.Lock()
_PORT_TRIES = 20


def _claim_port(port: int, owner: int) -> bool:
    with _ports_lock:
        return _port_owners.setdefault(port, owner) == owner


def _fresh_port_socket() -> socket.socket:
    """A socket bound to a loopback port no listener of this process has had."""
    owner = next(_owner_ids)
    for _ in range(_PORT_TRIES):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        if _claim_port(sock.getsockname()[1], owner):
            return sock
        sock.close()
    raise RuntimeError("no fresh loopback port")


@dataclass
class RunningServer:
    data_dir: Path
    admin_user: str
    admin_password: str
    extra_args: Sequence[str] = ()
    # e.g. ("--store", "postgresql://...", "--blobs", "s3://..."): given to serve and the
    # admin commands (the data folder then holds only the log)
    storage_args: Sequence[str] = ()
    env: Optional[dict] = None  # more environment for the server and the admin commands
    host: str = "127.0.0.1"
    port: int = 0
    process: Optional[subprocess.Popen] = None
    log_path: Path = field(default=None)  # type: ignore[assignment]
    python: Optional[str] = None  # the interpreter running the server (default: this one)
    _owner: int = field(default_factory=lambda: next(_owner_ids), init=False, repr=False)

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
        out = subprocess.run(_command(*args, "--data", str(self.data_dir), *self.storage_args, python=self.python),
                             env=_env(self.env, self.python),
                             capture_output=True, text=True, timeout=60)
        if out.returncode != 0:
            raise RuntimeError(f"omni-server {' '.join(args)} failed: {out.stderr.strip()}")
        return out.stdout

    def add_user(self, name: str, password: str, admin: bool = False) -> None:
        self.cli("user", "add", name, "--password", password, *(["--admin"] if admin else []))

    def api_token(self, name: str, days: int = 1) -> str:
        return self.cli("token", "create", name, "--days", str(days)).strip()

    def start(self) -> "RunningServer":
        fixed_port = "--port" in self.extra_args
        for _ in range(_PORT_TRIES):
            self._launch()
            if fixed_port or _claim_port(self.port, self._owner):
                return self
            self.kill()  # a port an earlier server of this process had: take another
        raise RuntimeError("the server found no fresh loopback port")

    def _launch(self) -> None:
        ready = self.data_dir.parent / f".{self.data_dir.name}.port"
        ready.unlink(missing_ok=True)
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        self.log_path = self.data_dir.parent / f"{self.data_dir.name}.log"
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            _command("serve", "--init", "--data", str(self.data_dir), "--host", self.host, "--port", "0",
                     "--ready-file", str(ready), "--admin-user", self.admin_user,
                     "--admin-password", self.admin_password, *self.storage_args,
                     *self.extra_args, python=self.python),
            env=_env(self.env, self.python), stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not ready.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"server did not start; log: {self.log_text()}")
            time.sleep(0.02)
        self.port = int(ready.read_text())
        ready.unlink()

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def assert_no_traceback(self) -> None:
        """Fail if the log holds a traceback: an exception the server did not handle is a
        bug, whatever the client saw."""
        log = self.log_text()
        assert "Traceback" not in log, log[-5000:]

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
                 extra_args: Sequence[str] = (), storage_args: Sequence[str] = (),
                 env: Optional[dict] = None, python: Optional[str] = None) -> RunningServer:
    if data_dir is None:
        data_dir = Path(tempfile.mkdtemp(prefix="omni-server-")) / "data"
    return RunningServer(Path(data_dir), ADMIN_USER, admin_password, tuple(extra_args),
                         tuple(storage_args), env, python=python).start()


@contextlib.contextmanager
def running_server(data_dir: Optional[Path] = None, admin_password: str = ADMIN_PASSWORD,
                   extra_args: Sequence[str] = (), check_log: bool = False,
                   storage_args: Sequence[str] = (), env: Optional[dict] = None,
                   python: Optional[str] = None
                   ) -> Iterator[RunningServer]:
    """A server process on a free loopback port; stopped and cleaned up on exit.  With
    ``check_log``, a traceback in its log when it has stopped fails the block."""
    owned = data_dir is None
    server = start_server(data_dir, admin_password, extra_args, storage_args, env, python)
    try:
        yield server
        server.stop()
        if check_log:
            server.assert_no_traceback()
    finally:
        server.stop()
        if owned:
            shutil.rmtree(server.data_dir.parent, ignore_errors=True)


def self_signed_certificate(folder: Path) -> tuple:
    """A certificate for 127.0.0.1 and its key, made with openssl in ``folder``: (cert, key)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    return cert, key


def own_lft_address_args() -> tuple:
    """``extra_args`` of a server behind a :class:`RoundRobinProxy` that tells clients its own
    address for LFT (``--lft-address``): a free port, chosen now, and that address."""
    with _fresh_port_socket() as probe:
        port = probe.getsockname()[1]
    return "--port", str(port), "--lft-address", f"http://127.0.0.1:{port}"


class TcpProxy:
    """A TCP forwarder on a loopback port in front of a server: every connection it accepts
    goes to ``upstream_port`` (set it anew to follow a restarted server).  It can stall
    every connection (``stalled``) or cut them all (``drop_all``); a subclass may watch what
    clients send by returning a callable from :meth:`watch` (one per connection)."""

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.listener = _fresh_port_socket()
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.pairs: list = []
        self.stalled = threading.Event()
        self.closed = False
        self.accepted = 0
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"omniverse://127.0.0.1:{self.port}"

    def next_upstream(self) -> int:
        """The port the connection just accepted goes to."""
        return self.upstream_port

    def watch(self) -> Optional[Callable[[bytes], None]]:
        """Called once per connection: a callable to see the client's bytes, or None."""
        return None

    def hold(self, data: bytes) -> float:
        """Called for each piece ``data`` the server sends: seconds to hold it (and what
        follows it on its connection) before passing it on; a subclass may add jitter."""
        return 0.0

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.next_upstream()), timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.pairs.append((client, upstream))
                self.accepted += 1
            for a, b, seen, hold in ((client, upstream, self.watch(), None), (upstream, client, None, self.hold)):
                threading.Thread(target=self._pump, args=(a, b, seen, hold), daemon=True).start()

    def _pump(self, src, dst, seen: Optional[Callable[[bytes], None]],
              hold: Optional[Callable[[bytes], float]]) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                while self.stalled.is_set() and not self.closed:
                    time.sleep(0.05)
                if hold is not None and (pause := hold(data)) > 0:
                    time.sleep(pause)
                dst.sendall(data)
                if seen is not None:
                    seen(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def drop_all(self) -> None:
        """Close every forwarded connection, as a server dropping idle sockets would."""
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for pair in pairs:
            for s in pair:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def close(self) -> None:
        self.closed = True
        self.stalled.clear()
        self.listener.close()
        self.drop_all()


class RoundRobinProxy(TcpProxy):
    """A TCP forwarder sending each new connection to the next of ``upstream_ports`` in turn,
    as a round-robin load balancer in front of several server processes does;
    ``connections[port]`` counts the connections each one got."""

    def __init__(self, upstream_ports: Sequence[int]):
        self.upstream_ports = list(upstream_ports)
        self.connections = {port: 0 for port in self.upstream_ports}
        self._turn = 0
        super().__init__(self.upstream_ports[0])

    def next_upstream(self) -> int:
        port = self.upstream_ports[self._turn % len(self.upstream_ports)]
        self._turn += 1
        self.connections[port] += 1
        return port
