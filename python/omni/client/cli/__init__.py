"""``omni``: a command line for any omni.client URL (omniverse://, file:, local paths, ...).

Every subcommand is a thin layer over the public ``omni.client`` API, so every provider the
library has works here with no extra code. See ``omni --help`` and docs/cli.md.
"""

from __future__ import annotations

import argparse
import sys

from . import _commands
from ._common import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, Failure, Session

_EXAMPLES = """\
examples:
  omni login omniverse://localhost:3333 --user alice
  omni ls -l omniverse://localhost:3333/Projects
  omni cp -r ./scene omniverse://localhost:3333/Projects/scene
  omni cp omniverse://localhost:3333/Projects/a.usd ./a.usd
  omni cat omniverse://localhost:3333/Projects/notes.txt
  omni --json stat omniverse://localhost:3333/Projects/a.usd
  OMNI_API_TOKEN=... omni rm -r omniverse://localhost:3333/Projects/old

exit codes: 0 ok, 1 error, 2 usage, 3 not found, 4 access denied, 5 not logged in or wrong
credentials, 6 cannot connect, 7 locked, 8 already exists, 130 interrupted (Ctrl-C).
"""

# name, handler, one-line help, examples, arguments: (flags, keyword arguments) pairs
_SUBCOMMANDS = [
    ("ls", _commands.ls, "list folders", "omni ls -l -R omniverse://host/Projects", [
        (("urls",), dict(nargs="+", metavar="URL")),
        (("-l", "--long"), dict(action="store_true", help="size, time, author, version, checkpoint, lock owner")),
        (("-R", "--recursive"), dict(action="store_true", help="list sub-folders too"))]),
    ("stat", _commands.stat, "show one entry's details", "omni --json stat omniverse://host/a.usd", [
        (("urls",), dict(nargs="+", metavar="URL"))]),
    ("cat", _commands.cat, "write files' content to standard output", "omni cat omniverse://host/a.txt | head", [
        (("urls",), dict(nargs="+", metavar="URL"))]),
    ("cp", _commands.cp, "copy files or folders from any URL to any URL",
     "omni cp -r ./scene omniverse://host/Projects/\n  omni cp -j 16 -r omniverse://host/A omniverse://host/B", [
        (("sources",), dict(nargs="+", metavar="SOURCE")),
        (("destination",), dict(metavar="DESTINATION", help="a folder (existing, or ending in /) receives the sources")),
        (("-r", "--recursive"), dict(action="store_true", help="copy folders and what they hold")),
        (("-j", "--jobs"), dict(type=int, help="copies in flight at once (default 8; 4 into local files)")),
        (("-n", "--no-clobber"), dict(action="store_true", help="fail rather than overwrite"))]),
    ("mv", _commands.mv, "move or rename", "omni mv omniverse://host/a.usd omniverse://host/b.usd", [
        (("source",), dict(metavar="SOURCE")), (("destination",), dict(metavar="DESTINATION")),
        (("-n", "--no-clobber"), dict(action="store_true", help="fail rather than overwrite"))]),
    ("rm", _commands.rm, "delete (soft on servers with undelete, see `undelete`)",
     "omni rm -r omniverse://host/old\n  omni rm --obliterate omniverse://host/secret.txt", [
        (("urls",), dict(nargs="+", metavar="URL")),
        (("-r", "--recursive"), dict(action="store_true", help="delete folders and what they hold")),
        (("--obliterate",), dict(action="store_true", help="also remove for good (no undelete, checkpoints too)"))]),
    ("undelete", _commands.undelete, "restore deleted entries", "omni undelete omniverse://host/old", [
        (("urls",), dict(nargs="+", metavar="URL"))]),
    ("mkdir", _commands.mkdir, "create folders", "omni mkdir -p omniverse://host/a/b/c", [
        (("urls",), dict(nargs="+", metavar="URL")),
        (("-p", "--parents"), dict(action="store_true", help="create missing parents; no error if it exists"))]),
    ("checkpoint", _commands.checkpoint, "list, create or restore checkpoints",
     "omni checkpoint list omniverse://host/a.usd\n  omni checkpoint create omniverse://host/a.usd -m 'before the edit'\n"
     "  omni checkpoint restore omniverse://host/a.usd 3", [
        (("action",), dict(choices=("list", "create", "restore"))), (("url",), dict(metavar="URL")),
        (("checkpoint",), dict(nargs="?", type=int, help="the checkpoint number to restore")),
        (("-m", "--message"), dict(default="", help="the checkpoint's comment")),
        (("--force",), dict(action="store_true", help="create even if the content did not change"))]),
    ("acl", _commands.acl, "show or change access control lists",
     "omni acl get omniverse://host/Projects\n  omni acl set omniverse://host/Projects alice=rw bob=", [
        (("action",), dict(choices=("get", "set"))), (("url",), dict(metavar="URL")),
        (("grants",), dict(nargs="*", metavar="NAME=LETTERS", help="r read, w write, a admin; NAME= removes"))]),
    ("lock", _commands.lock, "lock files against others' writes", "omni lock omniverse://host/a.usd", [
        (("urls",), dict(nargs="+", metavar="URL"))]),
    ("unlock", _commands.unlock, "unlock files", "omni unlock omniverse://host/a.usd", [
        (("urls",), dict(nargs="+", metavar="URL"))]),
    ("watch", _commands.watch, "print changes to a folder or file as they happen",
     "omni watch omniverse://host/Projects\n  omni --json watch --count 1 omniverse://host/a.usd", [
        (("url",), dict(metavar="URL")),
        (("--count",), dict(type=int, help="stop after this many changes"))]),
    ("info", _commands.info, "show the server's information", "omni info omniverse://host", [
        (("url",), dict(metavar="URL"))]),
    ("login", _commands.login, "log in and keep the session for later commands",
     "omni login omniverse://host --user alice\n  echo \"$PW\" | omni login omniverse://host --user ci --password-stdin", [
        (("url",), dict(metavar="URL")), (("--user",), dict(help="user name (asked if not given)")),
        (("--password-stdin",), dict(action="store_true", help="read the password from standard input")),
        (("--password-env",), dict(action="store_true", help="take the password from OMNI_PASS"))]),
    ("logout", _commands.logout, "forget the cached login", "omni logout omniverse://host", [
        (("url",), dict(metavar="URL"))]),
]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command's parser; with ``only``, a known subcommand, that subcommand's alone (all of
    them cost a command ~12 ms to build)."""
    parser = argparse.ArgumentParser(prog="omni", description="A command line for any omni.client URL (omniverse://, file:, local paths, ...).", epilog=_EXAMPLES,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print JSON (one object a line) for scripts")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors and requested content")
    parser.add_argument("-v", "--verbose", action="store_true", help="also print the library's log")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, handler, summary, examples, arguments in _SUBCOMMANDS:
        if only is not None and name != only:
            continue
        sub = commands.add_parser(name, help=summary, description=summary, epilog=f"examples:\n  {examples}",
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
        for flags, options in arguments:
            sub.add_argument(*flags, **options)
        sub.set_defaults(handler=handler)
    return parser


def _subcommand_in(argv: list) -> str | None:
    """The subcommand ``argv`` names, if a known one (the options before it take no values)."""
    for arg in argv:
        if not arg.startswith("-"):
            return arg if any(arg == name for name, *_ in _SUBCOMMANDS) else None
    return None


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(_subcommand_in(argv)).parse_args(argv)
    if args.command == "checkpoint" and args.action == "restore" and args.checkpoint is None:
        print("omni: checkpoint restore needs the checkpoint number", file=sys.stderr)
        return EXIT_USAGE
    session = Session(as_json=args.json, quiet=args.quiet, verbose=args.verbose)
    try:
        args.handler(session, args)
    except Failure as failure:
        print(f"omni {args.command}: {failure}", file=sys.stderr)
        return failure.code
    except KeyboardInterrupt:
        print(f"omni {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # e.g. `omni cat URL | head`
        sys.stderr.close()
        return EXIT_OK
    finally:
        session.close()
    return EXIT_OK
