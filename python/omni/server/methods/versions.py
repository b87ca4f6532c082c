"""Versions and checkpoints (one branch, ``default``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import models as M
from ..answers import DEFAULT_BRANCH, Fail, now_ts
from ..storage.base import ASSET, READ, WRITE, WrongType
from .registry import method
from .writes import copy

if TYPE_CHECKING:
    from ..session import Session


@method("checkpoint_version", M.CheckpointVersionParams, M.CheckpointVersionResponse, version=2)
async def checkpoint_version(s: Session, p: dict, tail):
    cp = s.target(p["path"])
    await s.require(cp.path, WRITE)
    if cp.folder_form:  # names a folder, if anything
        s.named(cp, await s.server.store.get(cp.path))
        raise Fail("NOT_ASSET")
    try:  # (the store looks the file up itself: one trip for the checkpoint after each write)
        number, change = await s.server.store.checkpoint(cp.path, s.user, p.get("message", ""),
                                                         p.get("force", False))
    except WrongType:
        raise Fail("NOT_ASSET") from None
    s.publish(change)
    return M.make(M.CheckpointVersionResponse, status="OK", ts=now_ts(), path=cp.path,
                  branch=DEFAULT_BRANCH, checkpoint=number)


@method("get_checkpoints", M.BranchPathParams, M.GetCheckpointsResponse, version=1)
async def get_checkpoints(s: Session, p: dict, tail):
    cp = s.target(p["path"])
    await s.require(cp.path, READ)
    node = await s.existing(cp)
    checkpoints = [M.make(M.Checkpoint, status="OK", checkpoint_id=c.id, message=c.message)
                   for c in await s.server.store.checkpoints(node.path)]
    return M.make(M.GetCheckpointsResponse, status="OK", checkpoints=checkpoints)


@method("get_branches", M.GetBranchesParams, M.GetBranchesResponse, version=1)
async def get_branches(s: Session, p: dict, tail):
    cp = s.path_arg(p["path"])
    await s.view_one(cp.path)
    await s.existing(cp)
    return M.make(M.GetBranchesResponse, status="OK", branches=[DEFAULT_BRANCH])


@method("replace_version", M.ReplaceVersionParams, M.Response, version=1)
async def replace_version(s: Session, p: dict, tail):
    src, checkpoint = s.at_version(p["src_path"])
    dst = s.target(p["dst_path"])
    await s.require(src.path, READ)
    await s.require(dst.path, WRITE)
    current = await s.server.store.get(dst.path)
    if current is not None and current.kind != ASSET:
        raise Fail("NOT_ASSET")
    if checkpoint is None:  # the latest version of src: the same as a copy
        await copy(s, src, dst, p.get("message", ""))
    else:
        s.publish(await s.server.store.restore(src.path, checkpoint, dst.path, s.user,
                                               p.get("message", "")))
    return M.make(M.Response, status="OK", ts=now_ts())
