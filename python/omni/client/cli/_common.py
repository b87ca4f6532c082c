"""What every ``omni`` subcommand shares: logging in, waiting on requests so Ctrl-C works,
turning results into messages and exit codes, and printing for people or for scripts."""

from __future__ import annotations

import json
import os
import queue
import sys
import threading
from datetime import datetime

import omni.client as oc

from .._errors import describe

API_TOKEN_ENV = "OMNI_API_TOKEN"

# Exit codes (docs/cli.md lists them).
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_ACCESS_DENIED = 4
EXIT_AUTH = 5
EXIT_CONNECT = 6
EXIT_LOCKED = 7
EXIT_EXISTS = 8
EXIT_INTERRUPTED = 130

_EXIT_OF = {
    oc.Result.ERROR_NOT_FOUND: EXIT_NOT_FOUND,
    oc.Result.ERROR_ACCESS_DENIED: EXIT_ACCESS_DENIED,
    oc.Result.ERROR_ACCESS_LOST: EXIT_ACCESS_DENIED,
    oc.Result.ERROR_CONNECTION: EXIT_CONNECT,
    oc.Result.ERROR_LOCKED: EXIT_LOCKED,
    oc.Result.ERROR_ALREADY_EXISTS: EXIT_EXISTS,
}

# What a connection status says about a failed request, for the message and the exit code.
_STATUS_HINTS = {
    oc.ConnectionStatus.AUTH_FAILED: ("wrong credentials", EXIT_AUTH),
    oc.ConnectionStatus.AUTH_ABORT: ("login aborted", EXIT_AUTH),
    oc.ConnectionStatus.AUTH_CANCELLED: (
        f"not logged in (run `omni login URL`, or set {API_TOKEN_ENV} or OMNI_USER and OMNI_PASS)", EXIT_AUTH),
    oc.ConnectionStatus.NO_USERNAME: (
        f"not logged in (run `omni login URL`, or set {API_TOKEN_ENV} or OMNI_USER and OMNI_PASS)", EXIT_AUTH),
    oc.ConnectionStatus.CONNECT_ERROR: (
        "cannot connect: no server answered discovery on the host and port in the URL "
        "(tried wss:// and ws://; without a port, 443, 80 and 3333)", EXIT_CONNECT),
    oc.ConnectionStatus.AUTH_ERROR: ("cannot reach the server's login service", EXIT_CONNECT),
    oc.ConnectionStatus.SERVER_INCOMPATIBLE: ("the server speaks an incompatible protocol", EXIT_CONNECT),
}


class Failure(Exception):
    """A subcommand failed: the message for the person and the exit code for the shell."""

    def __init__(self, message: str, code: int = EXIT_ERROR):
        super().__init__(message)
        self.code = code


# Statuses after which the library would keep retrying a login that cannot succeed unattended.
# A command gives up on a server that did not answer discovery rather than retry for minutes.
# (A refused password or token is given again on every try: a command's credentials do not change.)
_HOPELESS = (oc.ConnectionStatus.AUTH_FAILED, oc.ConnectionStatus.AUTH_CANCELLED, oc.ConnectionStatus.NO_USERNAME,
             oc.ConnectionStatus.AUTH_ABORT, oc.ConnectionStatus.CONNECT_ERROR)

# Set (once) when a login became hopeless: waits stop and report it instead of waiting on.
_hopeless_login = []
_hopeless_lock = threading.Lock()


class Session:
    """One run of ``omni``: credentials, the last connection status seen, and output options."""

    def __init__(self, as_json: bool = False, quiet: bool = False, verbose: bool = False):
        self.as_json = as_json
        self.quiet = quiet
        # The library's own log lines would repeat what our messages say.
        oc.set_log_level(oc.LogLevel.INFO if verbose else oc.LogLevel.ERROR)
        self._status = {}
        self._registrations = [
            oc.register_connection_status_callback(self._on_status),
            oc.register_device_flow_auth_callback(self._on_device_flow),
        ]
        token = os.environ.get(API_TOKEN_ENV)
        if token:
            self._registrations.append(oc.register_authentication_callback(lambda url: ("$omni-api-token", token)))

    def close(self) -> None:
        for registration in self._registrations:
            oc.stop(registration)
        self._registrations = []

    def _on_status(self, url, status) -> None:
        self._status[_server_of(url)] = status
        if status in _HOPELESS:
            with _hopeless_lock:
                if not _hopeless_login:
                    message, code = _STATUS_HINTS[status]
                    _hopeless_login.append(Failure(f"{oc.make_printable(url)}: {message}", code))

    def _on_device_flow(self, handle, params) -> None:
        if params is None:  # that sign-in is over
            return
        if not sys.stdin.isatty():
            # A script cannot open a browser; fail at once rather than poll until the code expires.
            oc.authentication_cancel(handle)
            return
        print(f"To log in to {params.server}, open {params.url} and enter the code {params.code}",
              file=sys.stderr, flush=True)

    def failure(self, result, url: str) -> Failure:
        """The :class:`Failure` for ``result`` answered about ``url``."""
        hint = _STATUS_HINTS.get(self._status.get(_server_of(url)))
        if result in (oc.Result.ERROR_CONNECTION, oc.Result.ERROR_ACCESS_DENIED) and hint:
            return Failure(f"{oc.make_printable(url)}: {hint[0]}", hint[1])
        return Failure(f"{oc.make_printable(url)}: {describe(result)}", _EXIT_OF.get(result, EXIT_ERROR))

    def check(self, result, url: str) -> None:
        if result not in (oc.Result.OK, oc.Result.OK_LATEST):
            raise self.failure(result, url)

    def emit(self, value, text: str | None = None) -> None:
        """Prints ``value`` as JSON with ``--json``, else ``text`` (when given and not ``-q``)."""
        if self.as_json:
            print(json.dumps(value, default=_json_default), flush=True)
        elif text is not None and not self.quiet:
            print(text, flush=True)


def _server_of(url: str) -> tuple:
    parts = oc.break_url(url)
    return (parts.host or "", parts.port or "")


def _json_default(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__}")


def call(start):
    """Calls ``start(done)`` (a ``*_with_callback`` call given its callback) and waits for the
    answer, so that Ctrl-C reaches Python (a blocking call would hold the main thread in the
    library); Ctrl-C stops the request."""
    answers = queue.SimpleQueue()
    request = start(lambda *answer: answers.put(answer))
    try:
        return wait_answer(answers)
    except KeyboardInterrupt:
        request.stop()
        raise


def wait_answer(answers: queue.SimpleQueue):
    while True:
        if _hopeless_login:
            raise _hopeless_login[0]
        try:
            answer = answers.get(timeout=0.2)
        except queue.Empty:
            continue
        return answer[0] if len(answer) == 1 else answer


def entry_record(url: str, entry) -> dict:
    """A ListEntry as plain values (for ``--json`` and the long listing)."""
    is_folder = bool(entry.flags & oc.ItemFlags.CAN_HAVE_CHILDREN)
    return {
        "url": url,
        "name": entry.relative_path,
        "type": "folder" if is_folder else "file",
        "size": entry.size,
        "modified": entry.modified_time,
        "created": entry.created_time,
        "modified_by": entry.modified_by,
        "created_by": entry.created_by,
        "version": entry.version,
        "hash": entry.hash,
        "locked_by": entry.locked_by,
        "checkpointed": bool(entry.flags & oc.ItemFlags.IS_CHECKPOINTED),
        "deleted": bool(entry.flags & oc.ItemFlags.IS_DELETED),
        "comment": entry.comment,
    }


def child_url(folder: str, name: str) -> str:
    return folder.rstrip("/") + "/" + name.rstrip("/")


def is_folder(entry) -> bool:
    return bool(entry.flags & oc.ItemFlags.CAN_HAVE_CHILDREN)


def human_size(size: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if size < 1024 or unit == "TiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)

