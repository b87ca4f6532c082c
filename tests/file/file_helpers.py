"""Helpers of the file provider's tests: the two spellings of a local item (a raw path and a
percent-encoded file: URL), file utilities, and running code in a child interpreter."""

import os
import subprocess
import sys
import textwrap
import urllib.parse

import omni.client

from behavior_helpers import local_tree as tree  # noqa: F401 (the file tests' name for it)


def file_url(path):
    return "file:" + urllib.parse.quote(str(path))


# Every operation is tested in both spellings: the raw path, taken literally, and the file: URL.
FORMS = {"raw": str, "url": file_url}


def write(path, data=b"data"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def run_python(code, *args, user=None, timeout=120):
    """Runs `code` in a fresh interpreter that imports the same omni.client; returns the completed process.

    With `user`, the child runs as root without the capabilities that let root ignore file modes,
    so permission checks apply to it as to any other user."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [os.path.dirname(os.path.dirname(os.path.dirname(omni.client.__file__)))] + sys.path)
    cmd = [sys.executable, "-c", textwrap.dedent(code), *map(str, args)]
    if user == "unprivileged" and os.geteuid() == 0:
        cmd = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"] + cmd
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
