"""ACLs: what each principal may do with an item, explicit and as in force."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from .. import acl as A
from .. import models as M
from .. import paths as P
from ..answers import Fail, batch_status, now_ts, per_item
from ..storage.base import ADMIN, READ
from .registry import method

if TYPE_CHECKING:
    from ..session import Session


def _names_map(acl: dict) -> dict:
    return {principal: A.to_names(bits) for principal, bits in acl.items()}


def _bits_map(acl: dict) -> dict:
    try:
        return {principal: A.from_names(names) for principal, names in acl.items()}
    except KeyError:
        raise Fail("INVALID_PARAMETERS") from None


@method("get_acl", M.UriParams, M.ACLResult, version=0)
async def get_acl(s: Session, p: dict, tail):
    cp = s.path_arg(p["uri"])
    await s.require(cp.path, READ)
    await s.existing(cp)
    resolved = await s.server.acls.resolved(cp.path)
    acl = {name: A.to_names(bits) for name, (bits, _) in resolved.items() if bits}
    return M.make(M.ACLResult, status="OK", ts=now_ts(), acl=acl)


async def _set_exact(s: Session, cp: P.ClientPath, acl: dict) -> None:
    """Make ``acl`` exactly the ACL in force at ``cp``: given entries become explicit, and
    principals that would still inherit something are explicitly revoked."""
    await s.require(cp.path, ADMIN)
    await s.existing(cp)
    wanted = _bits_map(acl)
    for name, (bits, _) in (await s.server.acls.resolved(cp.path)).items():
        wanted.setdefault(name, 0)
    s.publish(await s.server.store.set_acl(cp.path, wanted))


@method("change_acl", M.ChangeAclParams, M.ResponseWithUri, version=0)
async def change_acl(s: Session, p: dict, tail):
    cp = s.path_arg(p["uri"])
    await _set_exact(s, cp, p["acl"])
    return M.make(M.ResponseWithUri, status="OK", ts=now_ts(), uri=cp.path)


async def _acl_batch(s: Session, p: dict, model: type, one: type, acl_of: Callable):
    """``get_acl_v2`` and ``get_acl_resolved``: ``acl_of(path)`` per readable item."""
    async def run(at):
        cp = s.at_version(at)[0]  # ACLs are the same for every version
        await s.require(cp.path, READ)
        await s.existing(cp)
        return M.make(one, status="OK", acl=await acl_of(cp.path))
    responses = await per_item(p["paths"], run, lambda st: M.make(one, status=st))
    return M.make(model, status="OK", ts=now_ts(), responses=responses)


@method("get_acl_v2", M.PathsParams, M.GetACLResponses, version=0)
async def get_acl_v2(s: Session, p: dict, tail):
    async def explicit(path):
        return _names_map((await s.server.store.acls([path])).get(path, {}))
    return await _acl_batch(s, p, M.GetACLResponses, M.GetACLResponse, explicit)


@method("get_acl_resolved", M.PathsParams, M.GetACLResolvedResponses, version=0)
async def get_acl_resolved(s: Session, p: dict, tail):
    async def resolved(path):
        return {name: M.make(M.ACLAtLevelValue, acl=A.to_names(bits), path=level)
                for name, (bits, level) in (await s.server.acls.resolved(path)).items()}
    return await _acl_batch(s, p, M.GetACLResolvedResponses, M.GetACLResolvedResponse, resolved)


@method("set_acl_v2", M.SetAclV2Params, M.SetACLResponse, version=0)
async def set_acl_v2(s: Session, p: dict, tail):
    async def run(pair):
        cp = s.target(pair["path_at_version"])
        await s.require(cp.path, ADMIN)
        await s.existing(cp)
        s.publish(await s.server.store.set_acl(cp.path, _bits_map(pair["acl"])))
        return "OK"
    statuses = await per_item(p["path_and_acls"], run, lambda st: st)
    return M.make(M.SetACLResponse, status=batch_status(statuses), ts=now_ts(),
                  pathStatuses=statuses)
