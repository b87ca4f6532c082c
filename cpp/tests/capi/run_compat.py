"""Runs the C API compatibility program on a fresh local folder or on a fresh server.

    run_compat.py <program> file     a temporary folder, as a file: URL
    run_compat.py <program> server   our server (omni.server) on 127.0.0.1, signed in as its admin

HOME points at a temporary folder, so the bookmarks the program saves stay out of the user's.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path


def run(program: str, args: list, home: str) -> int:
    env = dict(os.environ, HOME=home)
    return subprocess.run([program, *args], env=env, timeout=300).returncode


def main() -> int:
    program, where = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="omniclient-capi-") as scratch:
        home = os.path.join(scratch, "home")
        os.mkdir(home)
        if where == "file":
            folder = os.path.join(scratch, "files")
            os.mkdir(folder)
            return run(program, [Path(folder).as_uri() + "/"], home)
        sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "python"))
        from omni.server.testing import running_server

        with running_server() as server:
            code = run(program, [server.url + "/", server.admin_user, server.admin_password], home)
            server.assert_no_traceback()
            return code


if __name__ == "__main__":
    sys.exit(main())
