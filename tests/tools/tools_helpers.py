"""Helpers of the tools' tests: how an ``omni`` process is started and with what environment."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import omni.client
from server_fixtures import CREDENTIAL_ENV

PACKAGE_ROOT = str(Path(omni.client.__file__).resolve().parents[2])


def omni_env(token_cache: Path, **credentials) -> dict:
    """The environment of an ``omni`` process: this checkout's package, its own token cache, and
    only the credentials given (OMNI_USER=..., OMNI_PASS=..., OMNI_API_TOKEN=...)."""
    env = {k: v for k, v in os.environ.items() if k not in CREDENTIAL_ENV}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
    env["OMNI_CLIENT_TOKEN_CACHE"] = str(token_cache)
    env.update(credentials)
    return env


def omni_command(*args: str) -> list:
    return [sys.executable, "-m", "omni.client.cli", *args]
