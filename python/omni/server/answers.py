"""What handlers answer: error statuses, the fields that describe an item, and the
per-item statuses of batch methods.  Every answer is built with :func:`models.make`
against its IDL type."""

from __future__ import annotations

import functools
import time
from datetime import datetime, timezone
from typing import Any, Callable, Dict, Optional

from . import acl as A
from . import models as M
from .storage.base import (
    ASSET, AlreadyExists, AlreadyMember, Conflict, GroupNotFound, Locked, Node, NotEmpty,
    NotFound, NotMember, StoreError, UserNotFound, WrongType,
)

# A missing item: INVALID_URI is what the original client turns into ERROR_NOT_FOUND
# (NOT_EXIST gives a bare ERROR).  Per-item answers of batch methods (delete2,
# copy2, rename2) say NOT_EXIST, which is what the client's batch logic expects.
MISSING = "INVALID_URI"
BATCH_MISSING = "NOT_EXIST"
DEFAULT_BRANCH = "default"
# A change asked of a checkpoint-pinned path: checkpoints are read-only.  NOT_IMPLEMENTED
# gives ERROR_NOT_SUPPORTED, what the original client answers itself when asked to
# write to such a URL.
PINNED = "NOT_IMPLEMENTED"


class Fail(Exception):
    """End a request with an error status."""

    def __init__(self, status: str):
        super().__init__(status)
        self.status = status


def status_of(exc: StoreError) -> str:
    for kind, status in (
        (UserNotFound, "USER_NOT_FOUND"), (GroupNotFound, "GROUP_NOT_FOUND"),
        (NotMember, "USER_NOT_IN_GROUP"), (AlreadyMember, "USER_ALREADY_IN_GROUP"),
        (NotFound, MISSING), (AlreadyExists, "ALREADY_EXISTS"), (WrongType, "ALREADY_EXISTS"),
        (NotEmpty, "FOLDER_NOT_EMPTY"), (Conflict, "OPERATION_FAILED"), (Locked, "RESOURCE_BUSY"),
    ):
        if isinstance(exc, kind):
            return status
    return "INTERNAL_ERROR"


def failure_status(exc: BaseException) -> Optional[str]:
    """The status of the answer to a request that raised ``exc`` (None: a bug of ours)."""
    if isinstance(exc, M.BadParams):
        return "INVALID_PARAMETERS"
    if isinstance(exc, Fail):
        return exc.status
    if isinstance(exc, StoreError):
        return status_of(exc)
    return None


def now_ts() -> dict:
    """The ``ts`` of an answer: when the server sent it."""
    return {"srv": time.time_ns() // 1000}


# ---------------------------------------------------------------------------
# Items


def seconds(us: int) -> int:
    return us // 1_000_000


@functools.lru_cache(maxsize=4096)  # an item's times repeat in every stat of it; formatting is slow
def _iso(us: int) -> str:
    return datetime.fromtimestamp(us / 1e6, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _lock_fields(node: Node) -> dict:
    lock = node.lock
    if lock is None or not lock.active(time.time_ns() // 1000):
        return {}
    return {"locked_by": lock.owner, "lock_owner": lock.owner,
            "lock_time": seconds(lock.since_us), "lock_duration": lock.duration_s,
            "lock_etag": lock.etag}


def hash_fields(node: Node) -> dict:
    if node.kind != ASSET or not node.blob:
        return {}
    return {"hash_type": "sha256", "hash_value": node.blob, "hash_bsize": node.size}


def list2_entry(node: Node, bits: int, model: type = M.List2ResponsePathEntry,
                **extra: Any) -> dict:
    return M.make(
        model, path=node.path, etag=str(node.version), acl=A.to_names(bits),
        created_timestamp=seconds(node.created_us), modified_timestamp=seconds(node.modified_us),
        path_type=node.kind, size=node.size, empty=not node.has_children, mounted=False,
        created_by=node.created_by, modified_by=node.modified_by, checkpointed=node.checkpointed,
        transaction_id=node.version, checkpoint_count=node.checkpoints, **hash_fields(node),
        **_lock_fields(node), **extra)


def item_fields(node: Node, bits: int) -> dict:
    """Fields shared by ``Stat2Result`` and the legacy ``Path``."""
    return dict(
        type=node.kind, uri=node.path, acl=A.to_names(bits), created=_iso(node.created_us),
        created_date_seconds=seconds(node.created_us), created_by=node.created_by,
        modified=_iso(node.modified_us), modified_date_seconds=seconds(node.modified_us),
        modified_by=node.modified_by, mounted=False, empty=not node.has_children, size=node.size,
        etag=str(node.version), transaction_id=str(node.version), **hash_fields(node),
        **_lock_fields(node))


def write_answer(model: type, node: Node) -> dict:
    return M.make(model, status="OK", ts=now_ts(), etag=str(node.version),
                  transaction_id=node.version, **hash_fields(node))


LIST_BATCH = 500


def listing(model: type, entries: list):
    """A listing's answers: entries in batches (one answer, maybe empty, at least)."""
    for i in range(0, max(len(entries), 1), LIST_BATCH):
        yield M.make(model, status="OK", ts=now_ts(), entries=entries[i:i + LIST_BATCH])


# ---------------------------------------------------------------------------
# Batches: one status per item


def batch_status(statuses: list) -> str:
    """Top-level status of a batch: the common status when all agree, else OK."""
    return statuses[0] if statuses and all(s == statuses[0] for s in statuses) else "OK"


async def per_item(items: list, run: Callable, answer: Callable) -> list:
    """``run(item)`` for each item; a failure becomes ``answer(status)`` in its place."""
    out = []
    for item in items:
        try:
            out.append(await run(item))
        except Fail as fail:
            out.append(answer(fail.status))
        except StoreError as exc:
            out.append(answer(status_of(exc)))
    return out


async def per_distinct_item(items: list, key: Callable, run: Callable) -> list:
    """Run ``run(item)`` once per distinct ``key(item)``; one status per item.

    The original client names one item twice, in file form and in folder form
    (``a`` and ``a/``), and decides from the last answer: both get the status of
    the one operation.
    """
    done: Dict[Any, str] = {}
    out = []
    for item in items:
        try:
            k = key(item)
        except Fail as fail:
            out.append(fail.status)
            continue
        if k not in done:
            try:
                await run(item)
                done[k] = "OK"
            except Fail as fail:
                done[k] = fail.status
            except StoreError as exc:
                done[k] = status_of(exc)
            if done[k] == MISSING:
                done[k] = BATCH_MISSING
        out.append(done[k])
    return out
