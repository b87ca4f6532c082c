"""Setting up a connection, and what the server tells about itself."""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import TYPE_CHECKING

from .. import acl as A
from .. import models as M
from ..answers import Fail, now_ts
from .registry import capabilities, method

if TYPE_CHECKING:
    from ..session import Session

PROTOCOL_VERSION = "1.19"


@method("authorize_token", M.AuthorizeTokenParams, M.Auth, version=4, needs_auth=False)
async def authorize_token(s: Session, p: dict, tail):
    server = s.server
    found = await server.accounts.sign_in_for_access_token(p["token"])
    if found is None:
        raise Fail("DENIED")
    user, s.login = found
    groups = await server.store.user_groups(user.name)
    s.principal = A.Principal(user.name, tuple(groups), user.admin)
    s.groups_gen = server.groups_gen
    if s.token is not None:
        server.sessions.pop(s.token, None)
    s.token = server.new_session_token()
    server.sessions[s.token] = s
    st = server.settings
    signature = hmac.new(server.secret, s.connection_id.encode(), hashlib.sha256).hexdigest()
    return M.make(
        M.Auth, status="OK", server_capabilities=capabilities(), ts=now_ts(),
        version=PROTOCOL_VERSION, username=user.name, token=s.token,
        connection_id=s.connection_id, connection_id_signature=signature,
        max_chunk_size=st.max_chunk_size, lft_address=s.lft_url("") if st.lft_threshold else None,
        lft_threshold=st.lft_threshold or None, super_user=user.admin,
        multipart_chunk_size=st.multipart_chunk_size, max_in_flight_requests=st.max_in_flight)


@method("ping", M.PingParams, M.PingResponse, version=0, needs_auth=False)
async def ping(s: Session, p: dict, tail):
    received = time.time_ns() // 1000
    ts = {k: int(v) for k, v in p.get("ts", {}).items() if k == "omni_client_out_ts"}
    ts["omni_server_in_ts"] = received
    ts["omni_server_out_ts"] = time.time_ns() // 1000
    return M.make(M.PingResponse, status="OK", ts=ts, version=PROTOCOL_VERSION)


@method("set_user_agent", M.SetUserAgentParams, M.Response, version=0)
async def set_user_agent(s: Session, p: dict, tail):
    return M.make(M.Response, status="OK", ts=now_ts())


@method("omni_objects2", M.NoParams, M.OmniObjects2Response, version=None)
async def omni_objects2(s: Session, p: dict, tail):
    return M.make(M.OmniObjects2Response, status="NOT_IMPLEMENTED")


@method("versioning", M.NoParams, M.VersioningResponse, version=None)
async def versioning(s: Session, p: dict, tail):
    return M.make(M.VersioningResponse, status="OK", enabled=True)


@method("get_mount_info", M.NoParams, M.MountsInfo, version=0)
async def get_mount_info(s: Session, p: dict, tail):
    return M.make(M.MountsInfo, status="OK", ts=now_ts(), mounts=[])


# Methods the original client requires a server to list before it connects.  We
# list them and answer NOT_IMPLEMENTED.
NOT_IMPLEMENTED = {
    "auth": (2, M.Auth),
}


async def _not_implemented(s: Session, p: dict, tail):
    raise Fail("NOT_IMPLEMENTED")


for _command, (_version, _model) in NOT_IMPLEMENTED.items():
    method(_command, M.NoParams, _model, version=_version)(_not_implemented)
