"""Locks: per user, kept across connections until unlocked or expired (see protocol.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import models as M
from .. import paths as P
from ..answers import DEFAULT_BRANCH, MISSING, Fail, now_ts
from ..storage.base import ASSET, WRITE, Conflict
from .registry import method

if TYPE_CHECKING:
    from ..session import Session

DEFAULT_LOCK_S = 315360000  # what the original client asks for: ten years


def _lock_path(s: Session, p: dict) -> P.ClientPath:
    if p.get("branch", "") not in ("", DEFAULT_BRANCH):
        raise Fail(MISSING)
    cp = s.path_arg(p["uri"])
    if cp.is_root or cp.folder_form:
        raise Fail("NOT_ASSET")
    return cp


@method("lock", M.LockParams, M.LockResult, version=3)
async def lock(s: Session, p: dict, tail):
    cp = _lock_path(s, p)
    await s.require(cp.path, WRITE)
    node = await s.existing(cp)
    if node.kind != ASSET:
        raise Fail("NOT_ASSET")
    duration = p.get("duration") or DEFAULT_LOCK_S
    if not 0 < duration <= DEFAULT_LOCK_S * 10:
        raise Fail("INVALID_PARAMETERS")
    try:
        change = await s.server.store.lock(cp.path, s.user, p.get("etag", "0"), float(duration))
    except Conflict:
        raise Fail("INVALID_ETAG") from None
    s.publish(change)
    return M.make(M.LockResult, status="OK", ts=now_ts(), etag=change.nodes[0].lock.etag,
                  uri=cp.path)


@method("unlock", M.UnlockParams, M.UnlockResult, version=2)
async def unlock(s: Session, p: dict, tail):
    cp = _lock_path(s, p)
    await s.require(cp.path, WRITE)
    force = p.get("force", False)
    if force:
        s.require_superuser()
    change = await s.server.store.unlock(cp.path, s.user, force)
    s.publish(change)
    return M.make(M.UnlockResult, status="OK", ts=now_ts(), etag=str(change.nodes[0].version),
                  uri=cp.path)
