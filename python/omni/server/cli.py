"""``omni-server``: initialise, serve and administer a data folder.

    omni-server init  --data DIR [--admin-user admin] [--admin-password PW]
    omni-server serve --data DIR [--host 127.0.0.1] [--port 3333] [--cert C --key K]
                      [--ready-file F] [--admin-password PW]
    omni-server init|serve --store URL --blobs URL ...   (several servers: docs/server.md)
    omni-server user add NAME [--admin] [--password PW] --data DIR
    omni-server user passwd NAME [--password PW] --data DIR
    omni-server user list --data DIR
    omni-server token create NAME [--name N] [--days D] --data DIR
    omni-server token list [--user NAME] --data DIR
    omni-server token revoke [ID ...] [--user NAME] --data DIR
    omni-server device approve CODE NAME --data DIR
    omni-server trash list FOLDER --data DIR
    omni-server trash restore PATH --data DIR

Every command takes ``--store sqlite:///path|postgresql://user@host:port/db`` and
``--blobs file:///path|s3://bucket/prefix?endpoint=URL`` in place of (or beside) ``--data``.
``serve`` refuses a folder ``init`` has not made (a mistyped ``--data`` would
otherwise start a new, empty server), unless given ``--init``: then it
initialises a new folder first, printing the generated admin password.
``--port 0`` picks a free port; ``--ready-file`` receives the port once the
server listens.
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import logging
import re
import ssl
import sys
from datetime import datetime, timezone
from pathlib import Path

from . import __version__, admin, limits
from .app import Settings, serve
from .storage.locations import Locations, without_password
from .storage.base import StoreError

DEFAULT_DATA = Path("omni-data")
MAX_TOKEN_DAYS = 36500  # expiry times are kept in microseconds: far from their limit


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of days: {text!r}") from None
    if not 0 <= days <= MAX_TOKEN_DAYS:
        raise argparse.ArgumentTypeError(f"days must be from 0 to {MAX_TOKEN_DAYS}")
    return days


def _where(args) -> Locations:
    return Locations.of(args.data, args.store, args.blobs)


def _init(args) -> None:
    user, password = args.admin_user, args.admin_password
    generated = not password
    password = asyncio.run(admin.init(_where(args), user, password))
    print(f"initialized {_shown(args)}; administrator {user!r}" +
          (f", password: {password}" if generated else ""), flush=True)


def _shown(args) -> str:
    """How the store is named to the user: the folder, or its URL."""
    return str(args.data) if args.store is None else without_password(args.store)


def _not_initialized(args) -> str:
    option = f"--data {args.data}" if args.store is None else f"--store {_shown(args)}"
    return (f"{_shown(args)} is not initialized (not a server's data folder): make one with "
            f"`omni-server init {option}`")


def cmd_init(args) -> int:
    _init(args)
    return 0


def cmd_serve(args) -> int:
    if not _where(args).is_initialized():
        if not args.init:
            return _error(_not_initialized(args) + " (or serve with --init)")
        _init(args)
    for option, path in (("--cert", args.cert), ("--key", args.key)):
        if path is not None and not path.is_file():
            return _error(f"{option} {path}: no such file")
    if (args.cert is None) != (args.key is None):
        return _error("--cert and --key go together")
    if args.lft_address is not None and not re.fullmatch(r"https?://[^/?#\s]+", args.lft_address):
        return _error(f"--lft-address {args.lft_address}: not http[s]://host:port")
    settings = Settings(where=_where(args), host=args.host, port=args.port, cert=args.cert,
                        key=args.key, lft_threshold=args.lft_threshold,
                        lft_address=args.lft_address,
                        multipart_chunk_size=args.chunk_size, gc_grace_s=args.gc_grace,
                        gc_interval_s=args.gc_interval, session_check_s=args.session_check,
                        limits=limits.from_args(args), access_log=args.access_log,
                        channel_queue_bytes=args.channel_queue)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        _run_fast(serve(settings, args.ready_file))
    except ssl.SSLError as exc:
        return _error(f"cannot use the TLS certificate {args.cert} and key {args.key}: {exc.reason or exc}")
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            return _error(f"port {args.port} on {args.host} is in use by another program "
                          "(choose another with --port, or --port 0 for a free one)")
        return _error(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    return 0


def _error(message: str, code: int = 1) -> int:
    """Every error of the command, in one style: `omni-server: error: ...` on stderr."""
    print(f"omni-server: error: {message}", file=sys.stderr)
    return code


def _run_fast(main) -> None:
    """asyncio.run on uvloop where installed (the server extra brings it outside Windows):
    ~10% less server CPU per small request (4 KiB reads, measured on a 2-CPU VM)."""
    try:
        import uvloop
    except ImportError:
        asyncio.run(main)
    else:
        uvloop.run(main)


async def _add_user(args) -> str:
    async with admin.open_store(_where(args)) as store:
        return await admin.add_user(store, args.name, args.password, args.admin)


def cmd_user_add(args) -> int:
    password = asyncio.run(_add_user(args))
    print(f"user {args.name!r} added" + ("" if args.password else f", password: {password}"))
    return 0


def cmd_user_passwd(args) -> int:
    password = asyncio.run(admin.set_password(_where(args), args.name, args.password))
    print(f"password of {args.name!r} changed" + ("" if args.password else f": {password}"))
    return 0


def cmd_user_list(args) -> int:
    for name, is_admin, groups in asyncio.run(admin.list_users(_where(args))):
        print(f"{name}\t{'admin' if is_admin else 'user'}\t{','.join(groups)}")
    return 0


def cmd_token_create(args) -> int:
    print(asyncio.run(admin.create_api_token(_where(args), args.name, args.token_name, args.days)))
    return 0


def _when(us: int) -> str:
    return datetime.fromtimestamp(us / 1e6, tz=timezone.utc).isoformat()


def cmd_token_list(args) -> int:
    for token_id, kind, user, name, expires_us in asyncio.run(
            admin.list_tokens(_where(args), args.user)):
        print(f"{token_id}\t{kind}\t{user}\t{name}\t{_when(expires_us)}")
    return 0


def cmd_token_revoke(args) -> int:
    if not args.ids and args.user is None:
        print("name tokens by id (token list) or give --user", file=sys.stderr)
        return 2
    gone = asyncio.run(admin.revoke_tokens(_where(args), args.ids, args.user))
    print(f"{gone} tokens revoked; the sessions they opened end within seconds")
    return 0


def cmd_device_approve(args) -> int:
    if not asyncio.run(admin.approve_device(_where(args), args.code, args.name)):
        return _error(f"no device is waiting with the code {args.code} (unknown, used or expired)")
    print(f"approved {args.code} for {args.name!r}")
    return 0


def cmd_trash_list(args) -> int:
    for path, kind, size, deleted_us, deleted_by in asyncio.run(
            admin.trash_list(_where(args), args.folder.rstrip("/") or "/")):
        print(f"{path}\t{kind}\t{size}\t{_when(deleted_us)}\t{deleted_by}")
    return 0


def cmd_trash_restore(args) -> int:
    for path in asyncio.run(admin.trash_restore(_where(args), args.path.rstrip("/"))):
        print(f"restored {path}")
    return 0


def _parser() -> argparse.ArgumentParser:
    # Every option's help shows its default.
    defaults = {"formatter_class": argparse.ArgumentDefaultsHelpFormatter}
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder")
    common.add_argument("--store", help="metadata store: sqlite:///path or "
                        "postgresql://user[:password]@host:port/db (None: in the data folder)")
    common.add_argument("--blobs", help="content: file:///folder or "
                        "s3://bucket/prefix[?endpoint=http://host:port] (None: in the data folder)")
    parser = argparse.ArgumentParser(prog="omni-server", description=__doc__.split("\n")[0], **defaults)
    parser.add_argument("--version", action="version", version=f"omni-server {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", parents=[common], help="initialise a data folder", **defaults)
    p.add_argument("--admin-user", default="admin", help="the administrator's user name")
    p.add_argument("--admin-password", help="the administrator's password (default: generate and print one)")
    p.set_defaults(run=cmd_init)

    p = sub.add_parser("serve", parents=[common], help="serve a data folder", **defaults)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: every interface)")
    p.add_argument("--port", type=int, default=3333, help="TCP port (0: pick a free one)")
    p.add_argument("--cert", type=Path, help="TLS certificate file (PEM; with --key: serve omniverses://)")
    p.add_argument("--key", type=Path, help="TLS private key file (PEM)")
    p.add_argument("--ready-file", type=Path, help="file that receives the bound port once listening")
    p.add_argument("--init", action="store_true", help="initialise the data folder first if init has not")
    p.add_argument("--admin-user", default="admin", help="administrator of a folder made by --init")
    p.add_argument("--admin-password", help="its password (default: generated and printed)")
    p.add_argument("--lft-threshold", type=int, default=Settings.lft_threshold,
                   help="bytes: larger files go through large file transfer (0: never)")
    p.add_argument("--lft-address", metavar="URL",
                   help="http[s]://host:port at which clients reach this process's large file "
                        "transfers, if not the address they connect to (several processes behind "
                        "one round-robin address: docs/server.md)")
    p.add_argument("--chunk-size", type=int, default=Settings.multipart_chunk_size,
                   help="bytes per part of a large file transfer")
    p.add_argument("--gc-grace", type=float, default=Settings.gc_grace_s,
                   help="seconds an unreferenced new blob is kept before GC may remove it")
    p.add_argument("--gc-interval", type=float, default=Settings.gc_interval_s,
                   help="seconds between blob GC runs (each also sweeps 1/16 of the blob store "
                        "for content never named)")
    p.add_argument("--session-check", type=float, default=Settings.session_check_s,
                   help="seconds between checks that end the sessions whose tokens were revoked "
                        "(token revoke, a password change) by the command line")
    limits.add_flags(p)
    p.add_argument("--log-level", choices=("debug", "info", "warning", "error"), default="info",
                   help="least important messages logged (info: start and stop, logins and refusals, "
                        "denials, GC, errors)")
    p.add_argument("--access-log", action="store_true", help="log every HTTP request (method, path, status)")
    p.add_argument("--channel-queue", type=int, default=Settings.channel_queue_bytes,
                   help="bytes of messages a channel reader may fall behind by before its "
                        "stream is ended (CONTENT_BUFFER_OVERFLOW)")
    p.set_defaults(run=cmd_serve)

    users = sub.add_parser("user", help="user administration").add_subparsers(
        dest="action", required=True)
    p = users.add_parser("add", parents=[common], help="add a user (with home /Users/NAME)")
    p.add_argument("name")
    p.add_argument("--password", help="default: generate and print one")
    p.add_argument("--admin", action="store_true", help="server administrator")
    p.set_defaults(run=cmd_user_add)
    p = users.add_parser("passwd", parents=[common], help="change a password")
    p.add_argument("name")
    p.add_argument("--password", help="default: generate and print one (the user's tokens "
                                      "and open sessions end)")
    p.set_defaults(run=cmd_user_passwd)
    p = users.add_parser("list", parents=[common], help="list users")
    p.set_defaults(run=cmd_user_list)

    tokens = sub.add_parser("token", help="API tokens").add_subparsers(dest="action", required=True)
    p = tokens.add_parser("create", parents=[common], help="create an API token for a user")
    p.add_argument("name")
    p.add_argument("--name", dest="token_name", default="cli")
    p.add_argument("--days", type=_days, default=365)
    p.set_defaults(run=cmd_token_create)
    p = tokens.add_parser("list", parents=[common],
                          help="list tokens: id, kind (access, refresh, api), user, name, expiry")
    p.add_argument("--user", help="only this user's")
    p.set_defaults(run=cmd_token_list)
    p = tokens.add_parser("revoke", parents=[common],
                          help="revoke tokens and end the sessions they opened")
    p.add_argument("ids", nargs="*", metavar="ID",
                   help="a token id from token list (at least 8 digits): the token and the "
                        "rest of its sign-in go")
    p.add_argument("--user", help="every token of this user")
    p.set_defaults(run=cmd_token_revoke)

    devices = sub.add_parser("device", help="device flow").add_subparsers(dest="action",
                                                                         required=True)
    p = devices.add_parser("approve", parents=[common], help="approve a device code")
    p.add_argument("code")
    p.add_argument("name")
    p.set_defaults(run=cmd_device_approve)

    trash = sub.add_parser("trash", help="deleted items").add_subparsers(dest="action",
                                                                       required=True)
    p = trash.add_parser("list", parents=[common], help="what was deleted in a folder")
    p.add_argument("folder")
    p.set_defaults(run=cmd_trash_list)
    p = trash.add_parser("restore", parents=[common],
                         help="undelete an item (and missing parents)")
    p.add_argument("path")
    p.set_defaults(run=cmd_trash_restore)
    return parser


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command not in ("init", "serve") and not _where(args).is_initialized():
            return _error(_not_initialized(args), 2)
        return args.run(args)
    except (FileExistsError, LookupError, ValueError, StoreError) as exc:
        return _error(f"{type(exc).__name__}: {exc}")


if __name__ == "__main__":
    sys.exit(main())
