"""Client sessions run in a process of their own by test_nucleus_logging.py, which reads what
they print on standard error (the log's default place). Each starts its own server.

    python log_scenarios.py session|wrong-password|server-dies|cancelled-download
"""

from __future__ import annotations

import os
import sys
import time

import omni.client
from omni.client import Result
from omni.server.testing import running_server


def session(url: str) -> None:
    """A successful session: every operation answers as expected."""
    assert omni.client.write_file(f"{url}/logs/a.txt", b"hello") == Result.OK
    assert omni.client.read_file(f"{url}/logs/a.txt")[0] == Result.OK
    assert omni.client.stat(f"{url}/logs/a.txt")[0] == Result.OK
    assert omni.client.stat(f"{url}/logs/missing.txt")[0] == Result.ERROR_NOT_FOUND
    assert omni.client.list(f"{url}/logs")[0] == Result.OK
    assert omni.client.delete(f"{url}/logs/a.txt") == Result.OK


def main(scenario: str) -> None:
    with running_server() as server:
        password = "not-the-password" if scenario == "wrong-password" else server.admin_password
        registration = omni.client.register_authentication_callback(lambda url: (server.admin_user, password))
        if scenario == "session":
            session(server.url)
        elif scenario == "wrong-password":
            assert omni.client.stat(f"{server.url}/x")[0] == Result.ERROR_CONNECTION
        elif scenario == "server-dies":
            assert omni.client.write_file(f"{server.url}/a.txt", b"a") == Result.OK
            server.kill()
            omni.client.set_retries(1500, 50, 50)
            assert omni.client.stat(f"{server.url}/a.txt")[0] == Result.ERROR_CONNECTION
            assert omni.client.read_file(f"{server.url}/b.txt")[0] == Result.ERROR_CONNECTION
        elif scenario == "cancelled-download":  # large enough for LFT, in parts
            assert omni.client.write_file(f"{server.url}/big.bin", os.urandom(48 << 20)) == Result.OK
            for running in (0.02, 0.05, 0.1):  # stopped at some point of its transfer
                request = omni.client.read_file_with_callback(f"{server.url}/big.bin", lambda *a: None)
                time.sleep(running)
                request.stop()
                time.sleep(0.5)  # what the transfer's parts answer once stopped
        del registration
    omni.client.shutdown()  # delivers what the log holds back (the count of repeated messages)


if __name__ == "__main__":
    main(sys.argv[1])
