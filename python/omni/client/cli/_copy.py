"""``omni cp``: files and folders from any URL to any URL, through omni.client's copy, several at
once, with a progress bar on a terminal. Ctrl-C stops every copy in flight; the providers commit
a copy only when it is complete, so no destination is left half written."""

from __future__ import annotations

import queue
import sys
import threading
from typing import NamedTuple

import omni.client as oc

from ._common import (EXIT_INTERRUPTED, EXIT_USAGE, Failure, Session, call, child_url, is_folder,
                      wait_answer)


class Plan(NamedTuple):  # (not a dataclass: importing dataclasses costs a command ~15 ms)
    folders: list  # destination folders to create, parents first
    files: list  # (source URL, destination URL, size)

    @property
    def total_bytes(self) -> int:
        return sum(size for _, _, size in self.files)


def _basename(url: str) -> str:
    return oc.break_url(url).path.rstrip("/").rsplit("/", 1)[-1]


def _stat(session: Session, url: str, missing_ok: bool = False):
    result, entry = call(lambda done: oc.stat_with_callback(url, done))
    if missing_ok and result == oc.Result.ERROR_NOT_FOUND:
        return None
    session.check(result, url)
    return entry


def _list(session: Session, url: str):
    result, entries = call(lambda done: oc.list_with_callback(url, done))
    session.check(result, url)
    return entries


def plan_copy(session: Session, src: str, dst: str, recursive: bool) -> Plan:
    """What copying ``src`` to ``dst`` means, as ``cp`` would: into ``dst`` when it is a folder."""
    source = _stat(session, src)
    target = _stat(session, dst, missing_ok=True)
    if dst.endswith("/") or (target is not None and is_folder(target)):
        dst = child_url(dst, _basename(src))
    if not is_folder(source):
        return Plan([], [(src, dst, source.size)])
    if not recursive:
        raise Failure(f"{oc.make_printable(src)} is a folder (use -r to copy folders)", EXIT_USAGE)
    plan = Plan([dst], [])
    pending = [(src, dst)]
    while pending:
        folder, into = pending.pop()
        for entry in _list(session, folder):
            source_url, dest_url = child_url(folder, entry.relative_path), child_url(into, entry.relative_path)
            if is_folder(entry):
                plan.folders.append(dest_url)
                pending.append((source_url, dest_url))
            else:
                plan.files.append((source_url, dest_url, entry.size))
    return plan


def _progress(session: Session):
    """A rich progress bar on stderr when it is a terminal and output is for a person; else None."""
    if session.quiet or session.as_json or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import (BarColumn, DownloadColumn, Progress, SpinnerColumn,
                               TextColumn, TimeRemainingColumn, TransferSpeedColumn)

    return Progress(SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn(),
                    DownloadColumn(binary_units=True), TransferSpeedColumn(), TimeRemainingColumn(),
                    TextColumn("{task.fields[files]}"),
                    console=Console(stderr=True), transient=False)


class _Tracker:
    """Counts finished bytes and files, and draws them when there is a progress bar: bytes as they
    move, where the library reports a copy's progress (copies between stores, a part at a time,
    through the file status callback), else a file's bytes when it is done."""

    def __init__(self, progress, plan: Plan):
        self.progress = progress
        self.copied_files = 0
        self.copied_bytes = 0
        self.total_files = len(plan.files)
        self._lock = threading.Lock()
        self._drawn = {}  # a file's source URL (normalized, as reported) -> bytes drawn
        if progress is not None:
            self._sizes = {oc.normalize_url(src): size for src, _, size in plan.files}
            progress.start()
            self.task = progress.add_task("copying", total=plan.total_bytes or None, files=self._files())
            self._registration = oc.register_file_status_callback(self._on_status)

    def _on_status(self, url: str, status, percentage: int) -> None:
        size = self._sizes.get(oc.normalize_url(url))
        if size is not None and status == oc.FileStatus.COPYING:
            self._draw(url, size * percentage // 100)

    def _draw(self, url: str, copied: int) -> None:
        key = oc.normalize_url(url)
        with self._lock:  # the library reports on its own thread
            advance = copied - self._drawn.get(key, 0)
            if advance <= 0:
                return
            self._drawn[key] = copied
        self.progress.update(self.task, advance=advance)

    def done(self, url: str, size: int) -> None:
        self.copied_files += 1
        self.copied_bytes += size
        if self.progress is not None:
            self._draw(url, size)
            self.progress.update(self.task, files=self._files())

    def _files(self) -> str:
        return f"{self.copied_files}/{self.total_files} files"

    def close(self) -> None:
        if self.progress is not None:
            self._registration = None  # no more reports
            self.progress.stop()


def _create_folders(session: Session, folders: list) -> None:
    for url in folders:
        result = call(lambda done: oc.create_folder_with_callback(url, done))
        if result != oc.Result.ERROR_ALREADY_EXISTS:
            session.check(result, url)


def run_copies(session: Session, plan: Plan, behavior, jobs: int, tracker: _Tracker) -> list:
    """Copies every file of ``plan`` with up to ``jobs`` in flight; returns the failures.

    Each answer starts the next copy right where it arrives, on the library's callback thread:
    handing every answer to the main thread first cost a thread switch per file (a tenth of a
    1,000-file download's CPU). The main thread only waits for the last answer, or Ctrl-C."""
    lock = threading.Lock()
    in_flight = {}
    failures = []
    todo = iter(enumerate(plan.files))
    over = queue.SimpleQueue()  # gets one item once every copy answered
    stopping = False

    def start_next() -> None:  # with the lock held
        for index, (src, dst, _size) in todo:
            in_flight[index] = oc.copy_with_callback(src, dst, lambda result, i=index: answered(i, result), behavior)
            return
        if not in_flight:
            over.put(("over",))

    def answered(index: int, result) -> None:
        src, dst, size = plan.files[index]
        if result == oc.Result.OK:
            tracker.done(src, size)
        else:
            failures.append((src, dst, result))
        with lock:
            del in_flight[index]
            if not stopping:
                start_next()

    try:
        with lock:
            for _ in range(max(1, jobs)):
                start_next()
        wait_answer(over)
    except BaseException as error:  # Ctrl-C, or a login that cannot succeed: no more copies start
        with lock:
            stopping = True
            requests = list(in_flight.values())
        if isinstance(error, KeyboardInterrupt):
            for request in requests:
                request.stop()
            for request in requests:  # a stopped request calls no callback: wait until it ended
                request.wait()
        raise
    return failures


def default_jobs(dst: str) -> int:
    """Copies in flight when ``-j`` is not given. Into a server, more overlap the waits on its
    storage; into local files the server's answers to reads are the limit, and past a few in
    flight they only queue (1,000 files of 64 KiB from our server: 4 at once 1.1x to 1.5x the rate
    of 8)."""
    return 4 if oc.break_url(dst).scheme in (None, "file") else 8


def copy_command(session: Session, sources: list, dst: str, recursive: bool, jobs: int | None, no_clobber: bool) -> None:
    if len(sources) > 1 and not dst.endswith("/"):
        target = _stat(session, dst, missing_ok=True)
        if target is None or not is_folder(target):
            raise Failure(f"copying several sources needs a folder as destination: {oc.make_printable(dst)}", EXIT_USAGE)
    plans = [plan_copy(session, src, dst, recursive) for src in sources]
    plan = Plan([f for p in plans for f in p.folders], [f for p in plans for f in p.files])
    behavior = oc.CopyBehavior.ERROR_IF_EXISTS if no_clobber else oc.CopyBehavior.OVERWRITE
    jobs = default_jobs(dst) if jobs is None else jobs
    _create_folders(session, plan.folders)
    tracker = _Tracker(_progress(session), plan)
    try:
        failures = run_copies(session, plan, behavior, jobs, tracker)
    except KeyboardInterrupt:
        tracker.close()
        session.emit({"copied_files": tracker.copied_files, "copied_bytes": tracker.copied_bytes,
                      "files": len(plan.files), "interrupted": True})
        raise Failure(f"interrupted: {tracker.copied_files} of {len(plan.files)} files copied; "
                      "the others were not written", EXIT_INTERRUPTED)
    tracker.close()
    session.emit({"copied_files": tracker.copied_files, "copied_bytes": tracker.copied_bytes,
                  "files": len(plan.files),
                  "failed": [{"source": s, "destination": d, "result": r.name} for s, d, r in failures]})
    if failures:
        src, dst, result = failures[0]
        first = session.failure(result, f"{src} -> {dst}")
        more = f" (and {len(failures) - 1} more failed)" if len(failures) > 1 else ""
        raise Failure(f"{first}{more}", first.code)
