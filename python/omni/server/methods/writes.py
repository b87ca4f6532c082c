"""Changing the tree: files and folders made, written, deleted, copied and moved, and the
options (authors and times) of an item."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Optional

from .. import models as M
from .. import paths as P
from ..answers import (
    BATCH_MISSING, DEFAULT_BRANCH, MISSING, Fail, batch_status, hash_fields, now_ts,
    per_distinct_item, write_answer,
)
from ..lft import LftError
from ..storage.base import ADMIN, ASSET, INLINE_MAX, READ, WRITE, BlobRef, Conflict, Node
from .registry import method
from .users import client_name

if TYPE_CHECKING:
    from ..session import Session


async def _content(s: Session, params: dict, tail: Optional[bytes]) -> BlobRef:
    """A write's content: a finished LFT upload (``content_id``) or the request's tail."""
    if "content_id" in params:
        try:
            content_id = int(params["content_id"])
        except ValueError:
            raise Fail("INVALID_CONTENT_ID") from None
        try:
            return await s.server.uploads.take(content_id, s.user)
        except LftError as exc:
            raise Fail(exc.status) from None
    return await s.server.blobs.put(tail or b"")


async def _write_asset(s: Session, cp: P.ClientPath, params: dict, tail: Optional[bytes],
                       overwrite: bool) -> Node:
    if cp.is_root or cp.folder_form:
        raise Fail("INVALID_URI")
    await s.require(cp.path, WRITE)
    blob = await _content(s, params, tail)
    change = await s.server.store.put_asset(cp.path, blob, s.user, overwrite,
                                            params.get("message", ""))
    s.publish(change)
    return change.nodes[-1]


@method("create", M.CreateParams, M.UploadResult, version=2)
async def create_legacy(s: Session, p: dict, tail):
    cp = s.path_arg(p["uri"])
    kind = p.get("type", 1)
    if kind in (2, 3):  # a folder, a channel: items without content
        if cp.is_root:
            raise Fail("ALREADY_EXISTS")
        await s.require(cp.path, WRITE)
        store = s.server.store
        change = await (store.make_folder(cp.path, s.user, parents=True) if kind == 2
                        else store.make_channel(cp.path, s.user))
        s.publish(change)
        node = change.nodes[-1]
        return M.make(M.UploadResult, status="OK", ts=now_ts(), uri=node.path,
                      etag=str(node.version), type=node.kind, transaction_id=str(node.version))
    if kind not in (0, 1):
        raise Fail("NOT_IMPLEMENTED")
    node = await _write_asset(s, cp, p, tail, overwrite=p.get("overwrite", False))
    return M.make(M.UploadResult, status="OK", ts=now_ts(), uri=node.path, etag=str(node.version),
                  type=ASSET, transaction_id=str(node.version), **hash_fields(node))


@method("create_directory", M.BranchPathParams, M.CreateDirectoryResult, version=1)
async def create_directory(s: Session, p: dict, tail):
    cp = await s.new_item_path(p["path"])
    if await s.server.store.get(cp.path) is not None:  # the usual case: the client sends
        raise Fail("ALREADY_EXISTS")                    # this before every write_file
    s.publish(await s.server.store.make_folder(cp.path, s.user, parents=True))
    return M.make(M.CreateDirectoryResult, status="OK", ts=now_ts())


@method("create_asset", M.CreateAssetParams, M.CreateAssetResult, version=2)
async def create_asset(s: Session, p: dict, tail):
    node = await _write_asset(s, s.target(p["path"]), p, tail, overwrite=p.get("overwrite", False))
    return write_answer(M.CreateAssetResult, node)


async def _updatable(s: Session, p: dict) -> tuple[P.ClientPath, Node]:
    """The existing file an ``update_asset*`` names, at the ``etag`` given (if any)."""
    cp = s.target(p["path"])
    await s.require(cp.path, WRITE)
    node = await s.existing(cp)
    if node.kind != ASSET:
        raise Fail("NOT_ASSET")
    if p.get("etag") not in (None, "", str(node.version)):
        raise Fail("INVALID_ETAG")
    return cp, node


def _delta_offset(delta: str, size: int) -> int:
    """Where a delta update writes its content.  The IDL leaves ``delta`` a plain string;
    ours are ``append`` (at the end) and ``range:<offset>`` (0 <= offset <= size)."""
    if delta == "append":
        return size
    number = delta[len("range:"):] if delta.startswith("range:") else ""
    if not (number.isascii() and number.isdigit() and len(number) <= 20):
        raise Fail("NOT_IMPLEMENTED")
    if int(number) > size:
        raise Fail("INVALID_PARAMETERS")
    return int(number)


async def _apply_delta(s: Session, node: Node, p: dict, tail: Optional[bytes]) -> Node:
    """A delta update: the new version is the current one with the request's (inline)
    content written into it; told to subscribers as ``delta``."""
    if "content_id" in p:
        raise Fail("NOT_IMPLEMENTED")  # deltas are small: inline only
    data = tail or b""
    offset = _delta_offset(p["delta"], node.size)
    if offset + len(data) > s.server.settings.max_file_size:
        raise Fail("INVALID_PARAMETERS")
    base = await s.server.store.inline_content(node.blob) if node.size <= INLINE_MAX else None
    if base is None:
        blob = await s.server.blobs.patch(node.blob, offset, data)
    else:  # small: patched in memory (at most INLINE_MAX plus the request's own content)
        gap = bytes(max(0, offset - len(base)))
        blob = await s.server.blobs.put(base[:offset] + gap + data + base[offset + len(data):])
    try:  # only onto the version the delta was made for
        change = await s.server.store.put_asset(node.path, blob, s.user, True,
                                                p.get("message", ""), base=node.version,
                                                event="delta")
    except Conflict:
        raise Fail("INVALID_ETAG") from None
    s.publish(change)
    return change.nodes[-1]


@method("update_asset", M.UpdateAssetParams, M.UpdateAssetResult, version=2)
async def update_asset(s: Session, p: dict, tail):
    cp, node = await _updatable(s, p)
    if p.get("delta"):
        node = await _apply_delta(s, node, p, tail)
    else:
        node = await _write_asset(s, cp, p, tail, overwrite=True)
    return write_answer(M.UpdateAssetResult, node)


HOLDERS_CHECKED = 1000  # live files holding some content looked at for a readable one


async def _may_read_content(s: Session, sha: str) -> bool:
    """Whether the user may read some live file holding this content: knowing a hash must
    not give a copy of content the user cannot read (deleted and obliterated content
    included)."""
    if s.principal.superuser:
        return True
    holders = await s.server.store.holders(sha, HOLDERS_CHECKED)
    bits = await s.server.acls.bits(s.principal, holders)
    return any(b & READ for b in bits.values())


async def _write_known(s: Session, cp: P.ClientPath, p: dict, overwrite: bool) -> Node:
    """Name content the server already holds, given by its hash: our hashes are SHA-256 of
    the whole content (``hash_bsize`` = its size).  Unknown content, or content the user may
    not read: NOT_EXIST."""
    if cp.is_root or cp.folder_form:
        raise Fail("INVALID_URI")
    await s.require(cp.path, WRITE)
    blob = None
    if p["hash_type"].lower() == "sha256" and await _may_read_content(s, p["hash_value"].lower()):
        sha = p["hash_value"].lower()
        kept = await s.server.store.inline_content(sha)
        # small content the store keeps goes along: stored again should GC remove it meanwhile
        blob = (BlobRef(sha, len(kept), inline=kept) if kept is not None
                else await s.server.blobs.exists(sha))
    if blob is None or blob.size != p["hash_bsize"]:
        raise Fail(BATCH_MISSING)
    change = await s.server.store.put_asset(cp.path, blob, s.user, overwrite,
                                            p.get("message", ""))
    s.publish(change)
    return change.nodes[-1]


@method("create_asset_with_hash", M.CreateAssetWithHashParams, M.CreateAssetWithHashResult,
        version=2)
async def create_asset_with_hash(s: Session, p: dict, tail):
    node = await _write_known(s, s.target(p["path"]), p, p.get("overwrite", False))
    return write_answer(M.CreateAssetWithHashResult, node)


@method("update_asset_with_hash", M.UpdateAssetWithHashParams, M.UpdateAssetWithHashResult,
        version=2)
async def update_asset_with_hash(s: Session, p: dict, tail):
    if p.get("delta"):  # a hash names whole content
        raise Fail("NOT_IMPLEMENTED")
    node = await _write_known(s, (await _updatable(s, p))[0], p, overwrite=True)
    return write_answer(M.UpdateAssetWithHashResult, node)


async def _delete(s: Session, cp: P.ClientPath, recursive: bool):
    if cp.is_root:
        raise Fail("DENIED")
    await s.require(cp.path, WRITE)
    node = await s.existing(cp)
    nodes = await s.server.store.subtree(node.path) if recursive else [node]
    await s.require_tree(nodes, WRITE)
    acl_before = await s.deleting(nodes)
    change = await s.server.store.delete(node.path, recursive, s.user)
    s.publish(change, acl_before)
    return change


@method("delete", M.UriParams, M.DeletedPath, version=0, stream=True)
async def delete_legacy(s: Session, p: dict, tail):
    change = await _delete(s, s.path_arg(p["uri"]), recursive=True)
    for node in reversed(change.nodes):  # the item first, then what was inside it
        yield M.make(M.DeletedPath, status="OK", ts=now_ts(), uri=node.path, type=node.kind,
                     transaction_id=str(node.version))


@method("delete2", M.Delete2Params, M.Delete2Response, version=1)
async def delete2(s: Session, p: dict, tail):
    async def run(at):
        await _delete(s, s.target(at), recursive=False)
    statuses = await per_distinct_item(p["paths_to_delete"], lambda at: s.target(at).path, run)
    return M.make(M.Delete2Response, status=batch_status(statuses), ts=now_ts(),
                  responses=statuses)


async def copy(s: Session, src: P.ClientPath, dst: P.ClientPath, message: str = ""):
    """Copy ``src`` (all of it readable) over ``dst``."""
    if dst.is_root:
        raise Fail("ALREADY_EXISTS")
    await s.require(src.path, READ)
    node = await s.existing(src)
    await s.require_tree(await s.server.store.subtree(node.path), READ)
    await s.require(dst.path, WRITE)
    change = await s.server.store.copy(node.path, dst.path, s.user, overwrite=True,
                                       message=message)
    s.publish(change)
    return change


async def _move(s: Session, src: P.ClientPath, dst: P.ClientPath):
    if src.is_root or dst.is_root:
        raise Fail("DENIED")
    await s.require(src.path, WRITE)
    node = await s.existing(src)
    await s.require_tree(await s.server.store.subtree(node.path), WRITE)
    await s.require(dst.path, WRITE)
    change = await s.server.store.move(node.path, dst.path, s.user)
    s.publish(change)
    return change


@method("copy2", M.Copy2Params, M.Copy2Response, version=2)
async def copy2(s: Session, p: dict, tail):
    def key(pair):
        return s.target(pair["src"]).path, s.target(pair["dst"]).path

    async def run(pair):
        await copy(s, s.target(pair["src"]), s.target(pair["dst"]), pair.get("message", ""))
    statuses = await per_distinct_item(p["paths_to_copy"], key, run)
    return M.make(M.Copy2Response, status=batch_status(statuses), ts=now_ts(), responses=statuses)


@method("copy", M.CopyParams, M.CopyResult, version=2)
async def copy_legacy(s: Session, p: dict, tail):
    change = await copy(s, s.path_arg(p["uri"]), s.path_arg(p["to"]))
    top = change.nodes[-1] if change.nodes else None
    return M.make(M.CopyResult, status="OK", ts=now_ts(), uri=s.path_arg(p["to"]).path,
                  transaction_id=str(top.version) if top else None,
                  num_copied=str(len(change.nodes)))


async def _moves(s: Session, pairs: list, ends) -> dict:
    """``rename2`` and the legacy ``rename``: ``ends(pair)`` gives source and destination."""
    def key(pair):
        return tuple(cp.path for cp in ends(pair))

    async def run(pair):
        await _move(s, *ends(pair))
    statuses = await per_distinct_item(pairs, key, run)
    return M.make(M.MoveResponse, status=batch_status(statuses), ts=now_ts(), responses=statuses)


@method("rename2", M.Rename2Params, M.MoveResponse, version=1)
async def rename2(s: Session, p: dict, tail):
    return await _moves(s, p["paths_to_rename"],
                        lambda pair: (s.target(pair["src"]), s.target(pair["dst"])))


@method("rename", M.RenameParams, M.MoveResponse, version=2)
async def rename_legacy(s: Session, p: dict, tail):
    if p.get("branch", "") not in ("", DEFAULT_BRANCH):
        raise Fail(MISSING)
    return await _moves(s, p["source_and_destination"],
                        lambda pair: (s.path_arg(pair["key"]), s.path_arg(pair["value"])))


# ---------------------------------------------------------------------------
# Path options: authors and times of an item (set by administrators of it, e.g. when
# migrating content; the item keeps its version)

LAST_SECOND = 253402300799  # 9999-12-31T23:59:59Z
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _seconds_us(seconds: Optional[int]) -> Optional[int]:
    if seconds is None:
        return None
    if not 0 <= seconds <= LAST_SECOND:
        raise Fail("INVALID_PARAMETERS")
    return seconds * 1_000_000


def _date_us(text: Optional[str]) -> Optional[int]:
    """An ISO 8601 date (UTC unless it says otherwise), in microseconds."""
    if text is None:
        return None
    try:
        t = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        raise Fail("INVALID_PARAMETERS") from None
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    us = (t - EPOCH) // timedelta(microseconds=1)
    _seconds_us(us // 1_000_000)  # in range
    return us


async def _set_options(s: Session, at: dict, p: dict, created_us: Optional[int],
                       modified_us: Optional[int]):
    cp = s.target(at)
    await s.require(cp.path, ADMIN)
    await s.existing(cp)
    authors = {k: client_name(p[k]) for k in ("created_by", "modified_by") if k in p}
    s.publish(await s.server.store.set_options(cp.path, authors.get("created_by"),
                                               authors.get("modified_by"), created_us,
                                               modified_us))
    return M.make(M.SetPathOptionsResult, status="OK", ts=now_ts())


@method("set_path_options", M.SetPathOptionsParams, M.SetPathOptionsResult, version=1)
async def set_path_options(s: Session, p: dict, tail):
    at = {"path": p["uri"], **{k: p[k] for k in ("branch", "checkpoint") if k in p}}
    return await _set_options(s, at, p, _date_us(p.get("created")), _date_us(p.get("modified")))


@method("set_path_options2", M.SetPathOptions2Params, M.SetPathOptionsResult, version=0)
async def set_path_options2(s: Session, p: dict, tail):
    return await _set_options(s, p, p, _seconds_us(p.get("created")),
                              _seconds_us(p.get("modified")))
