"""The virtualenv holding NVIDIA's original client (omniverseclient), for the
interop tests.  Created on first use, reused afterwards (keyed by version);
OMNI_INTEROP_VENV overrides where it lives.  Benchmarks only look it up
(installed_python): the interop tests are the one place that installs it."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import venv
from pathlib import Path

CLIENT_VERSION = "2.75.1"
_DEFAULT_VENV = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / \
    "omni-client-open" / f"interop-venv-omniverseclient-{CLIENT_VERSION}"


def _venv_dir() -> Path:
    return Path(os.environ.get("OMNI_INTEROP_VENV", _DEFAULT_VENV))


def installed_python() -> Path | None:
    """The virtualenv's python if an earlier run installed it, else None (installs nothing)."""
    root = _venv_dir()
    return root / "bin" / "python" if (root / ".installed").exists() else None


def ensure_venv() -> Path:
    """The virtualenv's python, creating the virtualenv when needed."""
    root = _venv_dir()
    python = root / "bin" / "python"
    marker = root / ".installed"
    root.parent.mkdir(parents=True, exist_ok=True)
    with open(str(root) + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not marker.exists():
            venv.EnvBuilder(with_pip=True, clear=True).create(root)
            done = subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                                   f"omniverseclient=={CLIENT_VERSION}"])
            if done.returncode != 0:
                raise RuntimeError(
                    f"could not install omniverseclient {CLIENT_VERSION} into {root} "
                    f"(it needs the package index, and its wheels exist for CPython 3.11 on "
                    f"Linux x86-64; this is {sys.version.split()[0]})")
            marker.write_text(CLIENT_VERSION)
    return python
