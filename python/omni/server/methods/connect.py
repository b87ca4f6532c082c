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
    found = await s.server.accounts.sign_in_for_access_token(p["token"])
    if found is None:
        raise Fail("DENIED")
    user, login = found
    return await _signed_in(s, user.name, user.admin, login)


@method("auth", M.AuthorizeTokenParams, M.Auth, version=2, needs_auth=False)
async def auth(s: Session, p: dict, tail):
    """A further socket of a signed-in connection, by the ``token`` its authorize_token
    answered (on this process or another on the store): the original client opens one for
    its pings (jitter reduction) this way."""
    bearer = await s.server.bearer_of(p["token"])
    if bearer is None:
        raise Fail("DENIED")
    return await _signed_in(s, bearer.principal.name, bearer.principal.superuser, bearer.login)


async def _signed_in(s: Session, username: str, admin: bool, login: str) -> dict:
    """Signs ``s`` in as ``username`` (of the sign-in ``login``, which revocation ends) and
    answers as authorize_token does."""
    server = s.server
    s.login = login
    groups = await server.store.user_groups(username)
    s.principal = A.Principal(username, tuple(groups), admin)
    s.groups_gen = server.groups_gen
    if s.token is not None:
        server.sessions.pop(s.token, None)
    s.token = server.session_tokens.issue(username, login)
    server.sessions[s.token] = s
    st = server.settings
    signature = hmac.new(server.secret, s.connection_id.encode(), hashlib.sha256).hexdigest()
    return M.make(
        M.Auth, status="OK", server_capabilities=capabilities(), ts=now_ts(),
        version=PROTOCOL_VERSION, username=username, token=s.token,
        connection_id=s.connection_id, connection_id_signature=signature,
        max_chunk_size=st.max_chunk_size, lft_address=s.lft_url("") if st.lft_threshold else None,
        lft_threshold=st.lft_threshold or None, super_user=admin,
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
