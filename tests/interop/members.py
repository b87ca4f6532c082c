"""Channel and session members in processes of their own (scenarios/channel_member.py),
with the original client (its virtualenv's python) or with ours (this python, this
checkout's package), so that both kinds can meet in one room."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import omni.client

SCRIPT = Path(__file__).parent / "scenarios" / "channel_member.py"
LIVE_OBJECT_SCRIPT = Path(__file__).parent / "scenarios" / "live_object_member.py"
# Where this process found omni.client (the checkout's python/ with a module built into it, or the
# installed package, as in CI): members of ours import that same one.
OUR_PACKAGE_ROOT = str(Path(omni.client.__file__).resolve().parents[2])


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Member:
    """One client process; :meth:`call` sends a command and returns its answer."""

    def __init__(self, python, server, user: str, password: str, ours: bool = False,
                 script: Path = SCRIPT):
        env = {k: v for k, v in os.environ.items() if not k.startswith("OMNI_")}
        env.update(OMNICLIENT_HUB_MODE="disabled", OMNI_TEST_USER=user,
                   OMNI_TEST_PASSWORD=password)
        env["PYTHONPATH"] = OUR_PACKAGE_ROOT if ours else ""
        self.ours = ours
        self.server = server
        self.process = subprocess.Popen([str(sys.executable if ours else python), str(script)],
                                        env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        assert self._answer() == {"ready": True}

    def _answer(self) -> dict:
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise AssertionError(f"member exited: {self.process.stderr.read()[-3000:]}")
            if line.startswith("RESULT "):
                return json.loads(line[len("RESULT "):])

    def call(self, op: str, **args) -> dict:
        try:
            self.process.stdin.write(json.dumps({"op": op, **args}) + "\n")
            self.process.stdin.flush()
        except OSError:
            raise AssertionError(f"member exited ({self.process.wait()}): "
                                 f"{self.process.stderr.read()[-3000:]}") from None
        return self._answer()

    def url(self, path: str) -> str:
        return self.server.url + path

    def join(self, path: str) -> None:
        assert self.call("join", url=self.url(path))["joined"]

    def send(self, data: bytes) -> str:
        return self.call("send", data=base64.b64encode(data).decode())["result"]

    def events(self) -> list:
        return self.call("events")["events"]

    def wait_events(self, done, seconds: float = 20) -> list:
        """The events so far, once ``done(events)`` holds (or the time is up)."""
        deadline = time.monotonic() + seconds
        while True:
            seen = self.events()
            if done(seen) or time.monotonic() > deadline:
                return seen
            time.sleep(0.1)

    def session_events(self, done, seconds: float = 20) -> list:
        deadline = time.monotonic() + seconds
        while True:
            seen = self.call("session_events")["events"]
            if done(seen) or time.monotonic() > deadline:
                return seen
            time.sleep(0.1)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.process.stdin.write(json.dumps({"op": "quit"}) + "\n")
                self.process.stdin.flush()
                self.process.wait(20)
            except (OSError, subprocess.TimeoutExpired):
                self.kill()
