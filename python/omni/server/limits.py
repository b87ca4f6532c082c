"""The limits that keep one client (or a crowd of them) from taking the server down: each
is a ``serve`` flag (``--login-user-failures`` for ``login_user_failures``), listed with its
default in docs/server.md's Security section."""

from __future__ import annotations

import argparse
import dataclasses
from dataclasses import dataclass, field


def _limit(default, help_text: str):
    return field(default=default, metadata={"help": help_text})


@dataclass(frozen=True)
class Limits:
    # password guessing
    login_user_failures: int = _limit(5, "wrong passwords for one user before its logins back off")
    login_source_failures: int = _limit(
        20, "wrong passwords from one address before its logins back off")
    login_backoff: float = _limit(
        1.0, "seconds a backed-off user or address waits, doubled per further failure")
    login_backoff_max: float = _limit(60.0, "the longest back-off, in seconds")
    password_checks: int = _limit(2, "argon2 password checks at once (64 MiB each)")
    login_user_checks: int = _limit(
        1, "password checks of one user at once (more wait their turn)")
    login_source_checks: int = _limit(
        1, "password checks for one address at once (more wait their turn)")
    login_pending: int = _limit(
        256, "logins waiting for a password check in all; more are refused")
    # sockets and subscriptions
    idle_timeout: float = _limit(
        30.0, "seconds before an HTTP connection that sends no (complete) request, or a "
              "ConnLib socket that has not signed in, is closed; WebSockets are pinged this "
              "often and closed when the peer does not answer")
    user_subscriptions: int = _limit(2000, "subscriptions one user may hold open, all "
                                           "connections together")
    server_subscriptions: int = _limit(20000, "subscriptions open on the server in all")
    # LFT uploads (content received before a create_asset names it)
    lft_user_bytes: int = _limit(8 << 30, "bytes of open LFT uploads one user may hold")
    lft_user_uploads: int = _limit(64, "open LFT uploads one user may hold")
    lft_upload_ttl: float = _limit(3600.0, "seconds an LFT upload stays open")
    lft_body_timeout: float = _limit(
        30.0, "seconds an LFT part's body may send nothing before the part is dropped")

def add_flags(parser: argparse.ArgumentParser) -> None:
    for f in dataclasses.fields(Limits):
        parser.add_argument("--" + f.name.replace("_", "-"), type=type(f.default),
                            default=f.default, metavar="N",
                            help=f"{f.metadata['help']} (default: {f.default})")


def from_args(args: argparse.Namespace) -> Limits:
    return Limits(**{f.name: getattr(args, f.name) for f in dataclasses.fields(Limits)})
