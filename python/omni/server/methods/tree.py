"""Reading the tree: stat, listings and content."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Optional

from .. import models as M
from .. import paths as P
from ..answers import (
    DEFAULT_BRANCH, MISSING, Fail, hash_fields, item_fields, list2_entry, listing, now_ts,
)
from ..framing.connlib import fields_json, with_fields
from ..storage.base import ASSET, CHANNEL, FOLDER, READ, Node
from .channels import open_read
from .registry import method

if TYPE_CHECKING:
    from ..session import Session


async def read_answer(s: Session, model: type, cp: P.ClientPath, checkpoint: Optional[int] = None,
                      **extra: Any):
    """A file's content: inline, or a download URL when it is large."""
    await s.require(cp.path, READ)
    node, content = await s.server.store.get_with_content(cp.path, checkpoint)
    if s.named(cp, node).kind != ASSET:
        raise Fail("NOT_ASSET")
    if s.server.settings.lft_threshold and node.size > s.server.settings.lft_threshold:
        ticket = s.server.downloads.ticket(node.blob, node.size, s.user, node.path, checkpoint)
        return M.make(model, uri_redirection=s.lft_url(f"/content/{ticket}"),
                      **_content_answer(model, node, **extra))
    if content is None:
        content = await s.server.blobs.read(node.blob)
    # (the etag apart: a subscription compares it)
    return with_fields(_content_fields(model, node, **extra), status="OK", ts=now_ts(),
                       etag=str(node.version)), content


def _content_answer(model: type, node: Node, **extra: Any) -> dict:
    version = node.version if model is M.ReadAssetVersionResult else str(node.version)
    return dict(status="OK", ts=now_ts(), etag=str(node.version), size=node.size,
                transaction_id=version, **hash_fields(node), **extra)


@functools.lru_cache(maxsize=4096)  # repeated reads of an unchanged item: made and encoded once
def _content_fields(model: type, node: Node, **extra: Any) -> str:
    return _fields_but(M.make(model, **_content_answer(model, node, **extra)), "status", "ts", "etag")


def _fields_but(answer: dict, *apart: str) -> str:
    """The JSON of ``answer`` but for the fields ``apart`` (see connlib.with_fields)."""
    return fields_json({k: v for k, v in answer.items() if k not in apart})


def kinds(p: dict) -> set:
    """The item kinds a listing asks for (none: all)."""
    return set(p.get("path_types") or ()) - {"none"}


@method("stat2", M.PathParams, M.Stat2Result, version=2)
async def stat2(s: Session, p: dict, tail):
    cp, checkpoint = s.at_version(p["path"])
    bits = await s.view_one(cp.path)
    node = await s.existing(cp, checkpoint)
    if node.lock is not None:  # whether it is in force changes with the time
        return M.make(M.Stat2Result, status="OK", ts=now_ts(), checkpointed=node.checkpointed,
                      **item_fields(node, bits))
    return with_fields(_stat2_fields(node, bits), status="OK", ts=now_ts())


@functools.lru_cache(maxsize=4096)  # repeated stats of an unchanged item: made and encoded once
def _stat2_fields(node: Node, bits: int) -> str:
    """The JSON of a ``Stat2Result`` of ``node`` for a user with ``bits`` on it, but for
    its ``status`` and ``ts``."""
    return _fields_but(M.make(M.Stat2Result, status="OK", ts=now_ts(), checkpointed=node.checkpointed,
                              **item_fields(node, bits)), "status", "ts")


async def _visible_children(s: Session, folder: P.ClientPath) -> list:
    """``(node, bits)`` of the children of ``folder`` the user may see."""
    await s.view_one(folder.path)
    node = await s.existing(folder)
    if node.kind != FOLDER:
        raise Fail(MISSING)
    children = await s.server.store.children(node.path)
    view = await s.server.acls.view(s.principal, [c.path for c in children])
    return [(c, view[c.path][0]) for c in children
            if view[c.path][0] & READ or view[c.path][1]]


@method("list2", M.List2Params, M.List2Response, version=5, stream=True)
async def list2(s: Session, p: dict, tail):
    if p.get("branches") and any(b not in ("", DEFAULT_BRANCH) for b in p["branches"]):
        raise Fail(MISSING)
    visible = await _visible_children(s, s.path_arg(p["path"]))
    wanted = kinds(p)
    for answer in listing(M.List2Response, [list2_entry(node, bits) for node, bits in visible
                                            if not wanted or node.kind in wanted]):
        yield answer


@method("list", M.ListParams, M.Path, version=5, stream=True)
async def list_legacy(s: Session, p: dict, tail):
    pending = [s.path_arg(p["uri"])]
    while pending:
        folder = pending.pop()
        for node, bits in await _visible_children(s, folder):
            yield M.make(M.Path, status="OK", ts=now_ts(), **item_fields(node, bits))
            if p.get("recursive") and node.kind == FOLDER:
                pending.append(P.ClientPath(node.path, True))


@method("read_asset_version", M.ReadAssetVersionParams, M.ReadAssetVersionResult, version=0)
async def read_asset_version(s: Session, p: dict, tail):
    return await read_answer(s, M.ReadAssetVersionResult, *s.at_version(p["path"]))


@method("read", M.ReadParams, M.ReadResult, version=2)
async def read_legacy(s: Session, p: dict, tail):
    """A file's content, or, of a channel, its messages until stopped."""
    cp = s.path_arg(p["uri"])
    node = await s.server.store.get(cp.path)
    if node is not None and node.kind == CHANNEL and not cp.folder_form:
        await s.require(cp.path, READ)
        return open_read(s, node)
    return await read_answer(s, M.ReadResult, cp, uri=cp.path)
