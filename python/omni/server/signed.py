"""Tokens any server process on one store can check: what they grant, signed with a secret
the store keeps (the first server process makes it; see ``Store.signing_secret``), so a
session token or a download ticket made by one process opens the same door on every other,
behind a load balancer without affinity.

A signed token is ``base64url(JSON).base64url(HMAC-SHA256)`` with a key derived from the
secret for one purpose (a session token is no download ticket); it carries its expiry
(``x``, Unix seconds).  A session token also names the sign-in it belongs to, which is
checked to be still live (not revoked, password unchanged), at most every ``recheck_s``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Optional

from . import acl as A
from .storage.base import Store, UserNotFound

MAX_TOKEN = 1 << 15  # longer than any token made here (a ticket names a path of up to 16 KiB)
SESSION_TTL_S = 7 * 86400  # a session token opens the other processes' doors this long at most
CHECKED_TOKENS = 10_000  # session tokens whose check is remembered (the oldest go first)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Signer:
    """Signs and checks the tokens of one ``purpose``."""

    def __init__(self, secret: bytes, purpose: str):
        self.key = hmac.new(secret, purpose.encode(), hashlib.sha256).digest()

    def _mac(self, body: str) -> str:
        return _b64(hmac.new(self.key, body.encode("ascii"), hashlib.sha256).digest())

    def sign(self, fields: dict, ttl_s: float) -> str:
        body = _b64(json.dumps({**fields, "x": int(time.time() + ttl_s)}, ensure_ascii=False,
                               separators=(",", ":")).encode())
        return f"{body}.{self._mac(body)}"

    def open(self, token: object) -> Optional[dict]:
        """The fields of ``token`` if this signer made it and it has not expired."""
        if not isinstance(token, str) or len(token) > MAX_TOKEN or token.count(".") != 1:
            return None
        body, mac = token.split(".")
        try:
            if not hmac.compare_digest(mac, self._mac(body)):
                return None
            fields = json.loads(_unb64(body))
        except (ValueError, UnicodeError, binascii.Error):
            return None
        if not isinstance(fields, dict) or not isinstance(fields.get("x"), int) or \
                fields["x"] < time.time():
            return None
        return fields


@dataclass(frozen=True)
class Bearer:
    """Whom a session token names, and the sign-in it belongs to."""

    principal: A.Principal
    login: str


class SessionTokens:
    """Session tokens (``authorize_token``'s ``token``: the LFT ``Authorization-Token`` and
    ``auth``'s key) of a user's sign-in ``login``."""

    def __init__(self, signer: Signer, store: Store, recheck_s: float):
        self.signer = signer
        self.store = store
        self.recheck_s = recheck_s
        self._checked: OrderedDict = OrderedDict()  # token -> (until, Bearer)

    def issue(self, username: str, login: str) -> str:
        return self.signer.sign({"u": username, "l": login, "n": secrets.token_urlsafe(9)},
                                SESSION_TTL_S)

    async def check(self, token: object) -> Optional[Bearer]:
        """The bearer of ``token``: signed here or by another process of the store, not
        expired, its sign-in live and its user there (checked again after ``recheck_s``)."""
        now = time.time()
        hit = self._checked.get(token)
        if hit is not None and hit[0] > now:
            return hit[1]
        self._checked.pop(token, None)
        fields = self.signer.open(token)
        if fields is None or not isinstance(fields.get("u"), str) or \
                not isinstance(fields.get("l"), str):
            return None
        user = await self.store.get_user(fields["u"])
        if user is None or not fields["l"] or \
                fields["l"] not in await self.store.live_logins([fields["l"]]):
            return None
        try:
            groups = await self.store.user_groups(user.name)
        except UserNotFound:
            return None
        bearer = Bearer(A.Principal(user.name, tuple(groups), user.admin), fields["l"])
        self._checked[token] = (min(now + self.recheck_s, fields["x"]), bearer)
        if len(self._checked) > CHECKED_TOKENS:
            self._checked.popitem(last=False)
        return bearer
