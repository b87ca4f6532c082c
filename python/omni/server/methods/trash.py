"""The trash: our extensions (the IDL has UndeleteResponse and ObliterateResponse
but no methods; the original client never sends these, see protocol.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import models as M
from ..answers import (
    BATCH_MISSING, MISSING, Fail, batch_status, list2_entry, listing, now_ts, per_item, seconds,
)
from ..storage.base import READ, WRITE
from .registry import method
from .tree import kinds

if TYPE_CHECKING:
    from ..session import Session


@method("list_deleted", M.ListDeletedParams, M.ListDeletedResponse, version=0, stream=True)
async def list_deleted(s: Session, p: dict, tail):
    """The items in the trash whose parent is ``path`` (the folder itself may be deleted),
    each as last deleted (what ``undelete`` brings back), shown to users who may read it by
    the ACLs it was deleted with."""
    folder = s.path_arg(p["path"])
    await s.view_one(folder.path)
    latest = {node.path: node for node in await s.server.store.deleted(folder.path)}
    if not latest and await s.server.store.get(folder.path) is None:
        raise Fail(MISSING)
    wanted = kinds(p)
    nodes = [n for n in latest.values() if not wanted or n.kind in wanted]
    bits = await s.server.acls.deleted_bits(s.principal, [n.path for n in nodes])
    entries = [list2_entry(n, bits[n.path], deleted_by=n.deleted_by,
                           deleted_timestamp=seconds(n.deleted_us), model=M.DeletedPathEntry)
               for n in nodes if bits[n.path] & READ]
    for answer in listing(M.ListDeletedResponse, entries):
        yield answer


async def _require_deleted(s: Session, path: str, bit: int) -> None:
    """``bit`` on the item in the trash at ``path`` by the ACLs it was deleted with; it is
    missing to users who may not read it there, as in ``list_deleted``."""
    bits = (await s.server.acls.deleted_bits(s.principal, [path]))[path]
    if not bits & READ:
        raise Fail(MISSING)
    if not bits & bit:
        raise Fail("DENIED")


async def _require_each_deleted(s: Session, paths: list, bit: int) -> None:
    """``bit`` on every item in the trash at ``paths`` (brought back or destroyed along with
    the one named) by the ACLs it was deleted with: one denied item refuses the request."""
    bits = await s.server.acls.deleted_bits(s.principal, paths)
    if any(not b & bit for b in bits.values()):
        raise Fail("DENIED")


@method("undelete", M.UndeleteParams, M.UndeleteResponse, version=0)
async def undelete(s: Session, p: dict, tail):
    cp = await s.new_item_path(p["path"])
    await _require_deleted(s, cp.path, WRITE)
    await _require_each_deleted(s, await s.server.store.restorable(cp.path), WRITE)
    change = await s.server.store.undelete(cp.path, s.user)
    s.publish(change)
    return M.make(M.UndeleteResponse, status="OK", ts=now_ts(),
                  transaction_ids=[n.version for n in change.nodes])


@method("obliterate", M.ObliterateParams, M.ObliterateResponse, version=0)
async def obliterate(s: Session, p: dict, tail):
    async def run(at):
        cp = s.target(at)
        if cp.is_root:
            raise Fail("DENIED")
        await s.require(cp.path, WRITE)
        nodes = await s.server.store.subtree(cp.path)
        await s.require_tree(nodes, WRITE)
        # the recoverable copies too, the named item's and those of items below it
        in_trash = await s.server.store.trash_below(cp.path)
        if cp.path in in_trash:
            await _require_deleted(s, cp.path, WRITE)
        await _require_each_deleted(s, in_trash, WRITE)
        acl_before = await s.deleting(nodes)
        s.publish(await s.server.store.obliterate(cp.path), acl_before)
        return "OK"
    statuses = await per_item(p["paths"], run,
                              lambda st: BATCH_MISSING if st == MISSING else st)
    if "OK" in statuses:
        await s.server.collect_garbage()
    return M.make(M.ObliterateResponse, status=batch_status(statuses), ts=now_ts(),
                  responses=statuses)
