"""Auth services over SOWS at ``/omni/auth``: Credentials, Tokens, DeviceFlow.

Also the small device-approval page at ``/omni/device``.

* ``Credentials.auth {username, password}``; username ``$omni-api-token`` means the
  password is an API token (that is how the original client logs in with one).
* ``Tokens.refresh {refresh_token}`` rotates the refresh token;
  ``Tokens.auth_with_api_token {api_token}``.
* ``Tokens.invalidate {refresh_token | access_token | api_token}`` ends that sign-in: its
  tokens and the sessions they opened; ``Tokens.delete_api_token {access_token, name}``
  revokes the caller's API tokens of that name.
* ``DeviceFlow.authorize {client_id}`` / ``DeviceFlow.token {client_id, device_code}``;
  a code is approved on the page or with ``omni-server device approve``.
"""

from __future__ import annotations

import html
import logging

from aiohttp import web

from .accounts import DEVICE_POLL_INTERVAL_S, Accounts, TokenPair
from .models import (
    ApiTokenAuthParams, CredentialsAuthParams, DeleteApiTokenParams, DeviceAuthorize,
    DeviceAuthorizeParams, BadParams, DeviceTokenParams, InvalidateParams, OmniAuth,
    RefreshParams, make, parse,
)
from .urls import DEVICE_PATH

log = logging.getLogger("omni.server")

CREDENTIALS_VERSION = 2
TOKENS_VERSION = 1
DEVICE_VERSION = 0
MAX_CLIENT_ID = 256


def _tokens_answer(pair: TokenPair, version: int) -> dict:
    return make(OmniAuth, status="OK", version=version, access_token=pair.access_token,
                refresh_token=pair.refresh_token, username=pair.user.name,
                profile={"admin": pair.user.admin, "provider": "Internal", "enabled": True})


def _denied(version: int, status: str = "DENIED") -> dict:
    return make(OmniAuth, status=status, version=version)


def handlers(accounts: Accounts, request: web.Request) -> dict:
    async def credentials_auth(params: dict) -> dict:
        p = parse(CredentialsAuthParams, params)
        user = p.get("username", "")
        pair = await accounts.login(user, p.get("password", ""), request.remote or "")
        log.info("login of %r from %s %s", user, request.remote, "accepted" if pair else "refused")
        return _tokens_answer(pair, CREDENTIALS_VERSION) if pair else _denied(CREDENTIALS_VERSION)

    async def tokens_refresh(params: dict) -> dict:
        p = parse(RefreshParams, params)
        pair = await accounts.refresh(p.get("refresh_token", ""))
        return _tokens_answer(pair, TOKENS_VERSION) if pair else _denied(TOKENS_VERSION)

    async def tokens_api(params: dict) -> dict:
        p = parse(ApiTokenAuthParams, params)
        pair = await accounts.api_token_login(p.get("api_token", ""))
        log.info("API token login from %s %s", request.remote, "accepted" if pair else "refused")
        if pair is None:
            return _denied(TOKENS_VERSION, "INVALID_TOKEN")
        return _tokens_answer(pair, TOKENS_VERSION)

    async def tokens_invalidate(params: dict) -> dict:
        p = parse(InvalidateParams, params)
        tokens = [p[k] for k in ("refresh_token", "access_token", "api_token") if k in p]
        ended = [await accounts.invalidate(token) for token in tokens]
        if not ended or not all(ended):
            return _denied(TOKENS_VERSION, "INVALID_TOKEN")
        await request.app["server"].end_revoked_sessions()
        return make(OmniAuth, status="OK", version=TOKENS_VERSION)

    async def tokens_delete_api_token(params: dict) -> dict:
        p = parse(DeleteApiTokenParams, params)
        found = await accounts.sign_in_for_access_token(p.get("access_token", ""))
        if found is None:
            return _denied(TOKENS_VERSION, "INVALID_TOKEN")
        if not await accounts.delete_api_tokens(found[0].name, p.get("name", "")):
            return _denied(TOKENS_VERSION, "NOT_FOUND")
        await request.app["server"].end_revoked_sessions()
        return make(OmniAuth, status="OK", version=TOKENS_VERSION)

    async def device_authorize(params: dict) -> dict:
        p = parse(DeviceAuthorizeParams, params)
        if len(p.get("client_id", "")) > MAX_CLIENT_ID:  # stored with the code: bounded
            raise BadParams(f"client_id longer than {MAX_CLIENT_ID}")
        start = await accounts.device_start(p.get("client_id", ""))
        scheme = "https" if request.secure else "http"
        page = f"{scheme}://{request.host}{DEVICE_PATH}"
        return make(DeviceAuthorize, version=DEVICE_VERSION, user_code=start.user_code,
                    verification_uri=page,
                    verification_uri_complete=f"{page}?code={start.user_code}",
                    prompt_url=page, device_code=start.device_code,
                    interval=DEVICE_POLL_INTERVAL_S, expires_in=start.expires_in)

    async def device_token(params: dict) -> dict:
        p = parse(DeviceTokenParams, params)
        status, pair = await accounts.device_poll(p.get("device_code", ""), p.get("client_id", ""))
        if pair is None:
            return _denied(DEVICE_VERSION, status)
        return _tokens_answer(pair, DEVICE_VERSION)

    return {
        "Credentials.auth": credentials_auth,
        "Tokens.refresh": tokens_refresh,
        "Tokens.auth_with_api_token": tokens_api,
        "Tokens.invalidate": tokens_invalidate,
        "Tokens.delete_api_token": tokens_delete_api_token,
        "DeviceFlow.authorize": device_authorize,
        "DeviceFlow.token": device_token,
    }


_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Approve a device</title></head>
<body><h1>Approve a device</h1><p>{message}</p>
<form method="post"><label>Code <input name="code" value="{code}"></label><br>
<label>User <input name="username"></label><br>
<label>Password <input name="password" type="password"></label><br>
<button type="submit">Approve</button></form></body></html>"""


def _page(message: str, code: str = "", status: int = 200) -> web.Response:
    return web.Response(text=_PAGE.format(message=html.escape(message), code=html.escape(code)),
                        content_type="text/html", status=status)


async def device_page(request: web.Request) -> web.Response:
    if request.method == "GET":
        return _page("Enter the code your application shows, and sign in.",
                     request.query.get("code", "")[:32])
    accounts: Accounts = request.app["server"].accounts
    try:
        form = await request.post()
    except (ValueError, UnicodeError):  # a body that is not a form (a bad multipart, say)
        return _page("That was not the form of this page.", status=400)
    code = str(form.get("code", ""))[:32]
    user = await accounts.check_password(str(form.get("username", "")),
                                         str(form.get("password", "")), request.remote or "")
    if user is None:
        return _page("Wrong user name or password.", code, status=403)
    if not await accounts.device_approve(code, user.name):
        return _page("Unknown or expired code.", code, status=404)
    return _page(f"Approved: the application is now signed in as {user.name}.")
