"""The ``omni`` subcommands other than ``cp``: each takes the session and the parsed arguments."""

from __future__ import annotations

import getpass
import os
import queue
import sys

import omni.client as oc

from ._common import (EXIT_USAGE, Failure, Session, call, child_url, entry_record, human_size, is_folder,
                      wait_answer)
from ._copy import copy_command

_ACCESS_LETTERS = {"r": oc.AccessFlags.READ, "w": oc.AccessFlags.WRITE, "a": oc.AccessFlags.ADMIN}


def _stat(session: Session, url: str):
    result, entry = call(lambda done: oc.stat_with_callback(url, done))
    session.check(result, url)
    return entry


def _long_line(record: dict) -> str:
    """kind, size, modified time, modified by, version, checkpointed, lock owner, name."""
    kind = "d" if record["type"] == "folder" else "-"
    size = "" if record["type"] == "folder" else human_size(record["size"])
    when = record["modified"].strftime("%Y-%m-%d %H:%M") if record["modified"] else ""
    lock = f"locked:{record['locked_by']}" if record["locked_by"] else ""
    fields = [kind, f"{size:>10}", f"{when:16}", f"{record['modified_by'][:16]:16}",
              f"v{record['version'] or '-':<6}", "ckpt" if record["checkpointed"] else "    "]
    return " ".join(fields + ([lock] if lock else []) + [record["name"]])


def _listing(session: Session, url: str) -> list:
    """(URL, entry) of what is in a folder, or of the file itself."""
    result, entries = call(lambda done: oc.list_with_callback(url, done))
    if result != oc.Result.OK or not entries:
        entry = _stat(session, url)  # a file lists as itself; a missing URL fails here
        if not is_folder(entry):
            return [(url, entry)]
        session.check(result, url)
    return [(child_url(url, e.relative_path), e) for e in sorted(entries, key=lambda e: e.relative_path)]


def ls(session: Session, args) -> None:
    pending = list(args.urls)
    while pending:
        url = pending.pop(0)
        listing = _listing(session, url)
        if args.recursive and not session.as_json and not session.quiet:
            print(f"{oc.make_printable(url)}:")
        for entry_url, entry in listing:
            record = entry_record(entry_url, entry)
            record["name"] = entry_url.rstrip("/").rsplit("/", 1)[-1]
            session.emit(record, _long_line(record) if args.long else record["name"] + ("/" if record["type"] == "folder" else ""))
            if args.recursive and record["type"] == "folder":
                pending.append(entry_url)


def stat(session: Session, args) -> None:
    for url in args.urls:
        record = entry_record(url, _stat(session, url))
        session.emit(record, "\n".join(f"{k:12} {v}" for k, v in record.items()))


def cat(session: Session, args) -> None:
    for url in args.urls:
        result, _version, content = call(lambda done: oc.read_file_with_callback(url, done))
        session.check(result, url)
        sys.stdout.buffer.write(memoryview(content))
    sys.stdout.buffer.flush()


def cp(session: Session, args) -> None:
    copy_command(session, args.sources, args.destination, args.recursive, args.jobs, args.no_clobber)


def mv(session: Session, args) -> None:
    behavior = oc.CopyBehavior.ERROR_IF_EXISTS if args.no_clobber else oc.CopyBehavior.OVERWRITE
    result, copied_and_deleted = call(lambda done: oc.move_with_callback(args.source, args.destination, done, behavior))
    session.check(result, f"{args.source} -> {args.destination}")
    session.emit({"source": args.source, "destination": args.destination, "copied_and_deleted": copied_and_deleted})


def rm(session: Session, args) -> None:
    for url in args.urls:
        if not args.recursive and is_folder(_stat(session, url)):
            raise Failure(f"{oc.make_printable(url)} is a folder (use -r to delete folders)", EXIT_USAGE)
        if args.obliterate:  # removes the live entry and its checkpoints, skipping the trash
            session.check(call(lambda done: oc.obliterate_with_callback(url, True, done)), url)
        else:
            session.check(call(lambda done: oc.delete_with_callback(url, done)), url)
        session.emit({"deleted": url, "obliterated": args.obliterate})


def undelete(session: Session, args) -> None:
    for url in args.urls:
        session.check(call(lambda done: oc.undelete_with_callback(url, done)), url)
        session.emit({"restored": url})


def mkdir(session: Session, args) -> None:
    for url in args.urls:
        _make_folder(session, url, args.parents)
        session.emit({"created": url})


def _make_folder(session: Session, url: str, parents: bool) -> None:
    result = call(lambda done: oc.create_folder_with_callback(url, done))
    if parents and result == oc.Result.ERROR_NOT_FOUND:
        parent = url.rstrip("/").rsplit("/", 1)[0]
        _make_folder(session, parent, parents)
        result = call(lambda done: oc.create_folder_with_callback(url, done))
    if parents and result == oc.Result.ERROR_ALREADY_EXISTS and is_folder(_stat(session, url)):
        return
    session.check(result, url)


def checkpoint(session: Session, args) -> None:
    if args.action == "list":
        result, entries = call(lambda done: oc.list_checkpoints_with_callback(args.url, done))
        session.check(result, args.url)
        for entry in entries:
            record = entry_record(child_url(args.url, entry.relative_path), entry)
            session.emit(record, f"{entry.relative_path:10} {record['modified'] or '':25} {entry.modified_by:16} {entry.comment}")
    elif args.action == "create":
        result, query = call(lambda done: oc.create_checkpoint_with_callback(args.url, args.message, args.force, done))
        session.check(result, args.url)
        session.emit({"url": args.url, "checkpoint": query}, f"created checkpoint {query}")
    else:  # restore: the checkpoint's content becomes the newest version (a copy onto itself is refused)
        source = f"{args.url.split('?')[0]}?{oc.make_query_from_branch_and_checkpoint('', args.checkpoint)}"
        result, _version, content = call(lambda done: oc.read_file_with_callback(source, done))
        session.check(result, source)
        message = f"restored checkpoint {args.checkpoint}"
        session.check(call(lambda done: oc.write_file_with_callback(args.url, content, done, message)), args.url)
        session.emit({"url": args.url, "restored": args.checkpoint}, message)


def acl(session: Session, args) -> None:
    result, entries = call(lambda done: oc.get_acls_with_callback(args.url, done))
    session.check(result, args.url)
    current = {e.name: int(e.access) for e in entries}
    if args.action == "set":
        for grant in args.grants:
            name, sep, letters = grant.partition("=")
            if not sep or not name or set(letters) - set(_ACCESS_LETTERS):
                raise Failure(f"bad grant {grant!r}: use NAME=LETTERS with r, w, a (NAME= removes)", EXIT_USAGE)
            current[name] = sum(int(_ACCESS_LETTERS[c]) for c in set(letters))
        new = [oc.AclEntry(name, access) for name, access in current.items() if access]
        session.check(call(lambda done: oc.set_acls_with_callback(args.url, new, done)), args.url)
        current = {e.name: int(e.access) for e in new}
    for name, access in sorted(current.items()):
        letters = "".join(c for c, flag in _ACCESS_LETTERS.items() if access & int(flag))
        session.emit({"name": name, "access": letters}, f"{name:24} {letters}")


def lock(session: Session, args) -> None:
    for url in args.urls:
        session.check(call(lambda done: oc.lock_with_callback(url, done)), url)
        session.emit({"locked": url})


def unlock(session: Session, args) -> None:
    for url in args.urls:
        session.check(call(lambda done: oc.unlock_with_callback(url, done)), url)
        session.emit({"unlocked": url})


def info(session: Session, args) -> None:
    result, server = call(lambda done: oc.get_server_info_with_callback(args.url, done))
    session.check(result, args.url)
    record = {name: getattr(server, name) for name in
              ("version", "username", "connection_id", "checkpoints_enabled", "undelete_enabled", "cache_enabled")}
    session.emit(record, "\n".join(f"{k:20} {v}" for k, v in record.items()))


def watch(session: Session, args) -> None:
    """Prints the listing (folder) or entry (file), then every change, until Ctrl-C or ``--count``."""
    events = queue.SimpleQueue()
    folder = is_folder(_stat(session, args.url))
    subscribe = oc.list_subscribe_with_callback if folder else oc.stat_subscribe_with_callback
    request = subscribe(args.url, lambda *first: events.put(("initial",) + first),
                        lambda *change: events.put(("change",) + change))
    try:
        kind, result, *_ = wait_answer(events)
        session.check(result, args.url)
        session.emit({"event": "subscribed", "url": args.url}, f"watching {oc.make_printable(args.url)}")
        for _ in iter(int, 1) if args.count is None else range(args.count):
            _kind, result, event, entry = wait_answer(events)
            url = child_url(args.url, entry.relative_path) if folder else args.url
            session.emit({"event": event.name, "url": url, "entry": entry_record(url, entry)},
                         f"{event.name:10} {oc.make_printable(url)}")
    finally:
        request.stop()


def login(session: Session, args) -> None:
    user = args.user or input("user: ")
    password = os.environ.get("OMNI_PASS") if args.password_env else None
    if password is None:
        password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("password: ")
    registration = oc.register_authentication_callback(lambda url: (user, password))
    try:
        result, server = call(lambda done: oc.get_server_info_with_callback(args.url, done))
        session.check(result, args.url)
    finally:
        oc.stop(registration)
    session.emit({"url": args.url, "username": server.username}, f"logged in to {oc.make_printable(args.url)} as {server.username}")


def logout(session: Session, args) -> None:
    oc.sign_out(args.url)
    session.emit({"url": args.url, "logged_out": True}, f"logged out of {oc.make_printable(args.url)}")
