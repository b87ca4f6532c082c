"""Users and groups: anyone may look, only a superuser may change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from .. import models as M
from ..answers import Fail, now_ts
from ..storage.base import AlreadyExists
from .channels import recheck_access as recheck_channel_access
from .registry import method

if TYPE_CHECKING:
    from ..session import Session


def client_name(name: str) -> str:
    """A user or group name given by a client."""
    if not name or len(name) > 128 or any(ord(c) < 0x20 for c in name):
        raise Fail("INVALID_PARAMETERS")
    return name


def _all_of(kind: str, model: type) -> Callable:
    """``get_users`` / ``get_groups``: every name, as ``store.users()`` / ``store.groups()``."""
    async def handler(s: Session, p: dict, tail):
        names = await getattr(s.server.store, kind)()
        return M.make(model, status="OK", ts=now_ts(), **{kind: names})
    return handler


for _command, _kind, _model in (("get_users", "users", M.UserList),
                                ("get_groups", "groups", M.GroupList)):
    method(_command, M.NoParams, _model, version=0)(_all_of(_kind, _model))


@method("get_group_users", M.GroupParams, M.GetGroupUsersResponse, version=0)
async def get_group_users(s: Session, p: dict, tail):
    users = await s.server.store.group_members(p["group_name"])
    return M.make(M.GetGroupUsersResponse, status="OK", ts=now_ts(), group=p["group_name"],
                  users=users)


@method("get_user_groups", M.UserParams, M.GetUserGroupsResponse, version=0)
async def get_user_groups(s: Session, p: dict, tail):
    groups = await s.server.store.user_groups(p["username"])
    return M.make(M.GetUserGroupsResponse, status="OK", ts=now_ts(), username=p["username"],
                  groups=groups)


def _groups_changed(s: Session) -> None:
    s.server.groups_gen += 1
    recheck_channel_access(s.server)  # a reader may have read through a group


@method("create_group", M.GroupParams, M.CreateGroupResponse, version=0)
async def create_group(s: Session, p: dict, tail):
    s.require_superuser()
    try:
        await s.server.store.create_group(client_name(p["group_name"]))
    except AlreadyExists:
        raise Fail("GROUP_ALREADY_EXISTS") from None
    return M.make(M.CreateGroupResponse, status="OK", ts=now_ts(), group=p["group_name"])


@method("rename_group", M.RenameGroupParams, M.RenameGroupResponse, version=0)
async def rename_group(s: Session, p: dict, tail):
    s.require_superuser()
    try:
        await s.server.store.rename_group(p["group_name"], client_name(p["new_group_name"]))
    except AlreadyExists:
        raise Fail("GROUP_ALREADY_EXISTS") from None
    _groups_changed(s)
    return M.make(M.RenameGroupResponse, status="OK", ts=now_ts(), group=p["group_name"],
                  new_group=p["new_group_name"])


@method("remove_group", M.GroupParams, M.RemoveGroupResponse, version=0)
async def remove_group(s: Session, p: dict, tail):
    s.require_superuser()
    changed = await s.server.store.remove_group(p["group_name"])
    _groups_changed(s)
    return M.make(M.RemoveGroupResponse, status="OK", ts=now_ts(), group=p["group_name"],
                  change_count=changed)


def _membership(change: str, model: type) -> Callable:
    """``add_user_to_group`` / ``remove_user_from_group``: ``store.<change>(group, user)``."""
    async def handler(s: Session, p: dict, tail):
        s.require_superuser()
        await getattr(s.server.store, change)(p["group_name"], p["username"])
        _groups_changed(s)
        return M.make(model, status="OK", ts=now_ts(), username=p["username"],
                      group=p["group_name"])
    return handler


for _command, _change, _model in (
        ("add_user_to_group", "add_member", M.AddUserToGroupResponse),
        ("remove_user_from_group", "remove_member", M.RemoveUserFromGroupResponse)):
    method(_command, M.UserGroupParams, _model, version=0)(_membership(_change, _model))
