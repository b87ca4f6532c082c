"""Accounts: password checks, tokens and device codes (no network here).

Passwords are stored as argon2id hashes.  Tokens are random 256-bit strings; the
store keeps only their SHA-256 and an expiry.  Access tokens are short-lived,
refresh tokens rotate on use, API tokens are created by an administrator.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import hmac
import os
import secrets
import string
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from .limits import Limits
from .logins import LoginGuard
from .storage.base import DeviceCode, Store, TokenRecord, User
from .storage.sqlite import now_us

ACCESS_TTL_S = 3600
REFRESH_TTL_S = 30 * 86400
API_TOKEN_TTL_DAYS = 365
DEVICE_CODE_TTL_S = 600
DEVICE_POLL_INTERVAL_S = 1
API_TOKEN_USERNAME = "$omni-api-token"
CHECK_NICENESS = 10
VERIFIED_TTL_S = 600
VERIFIED_KEPT = 4096

_hasher = PasswordHasher()  # argon2id
_USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ"  # no vowels: no words by accident


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@functools.lru_cache(maxsize=None)
def _dummy_hash() -> str:
    """What the password of a user who does not exist is checked against, as long as a real
    check.  Made once per process, when the server starts (:meth:`Accounts.prepare`), not at
    import: it was a fifth of a second of every start and admin command."""
    return _hasher.hash(secrets.token_hex(16))


def _verify(password_hash: Optional[str], password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (None: an unknown user's: it does not,
    in as long)."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and \
            password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def generate_password() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(20))


@dataclass(frozen=True)
class TokenPair:
    user: User
    access_token: str
    refresh_token: str


@dataclass(frozen=True)
class DeviceStart:
    device_code: str
    user_code: str
    expires_in: int


def _yield_the_cpu() -> None:
    """Password checks run at a lower priority than the rest of the server (Linux nice
    values are per thread, and argon2's own threads inherit it): a flood of guesses takes
    the CPU only when requests leave it idle."""
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), CHECK_NICENESS)


class VerifiedPasswords:
    """Passwords that passed their argon2id check in the last ``ttl_s``, remembered so that a
    script run again and again (each run a fresh process that logs in) does not pay 64 MiB and
    a core for tens of milliseconds each time. Only successes are kept, in this process's memory,
    as an HMAC under a key of this process; the key covers the stored hash, so a new password (or
    a recreated user) matches nothing kept before it."""

    def __init__(self, ttl_s: float = VERIFIED_TTL_S, kept: int = VERIFIED_KEPT):
        self._key = secrets.token_bytes(32)
        self._ttl_s = ttl_s
        self._kept = kept
        self._until: OrderedDict = OrderedDict()  # digest -> monotonic expiry

    def _digest(self, password_hash: str, password: str) -> bytes:
        text = password_hash + "\0" + password
        return hmac.digest(self._key, text.encode("utf-8", "surrogatepass"), "sha256")

    def holds(self, password_hash: str, password: str) -> bool:
        digest = self._digest(password_hash, password)
        until = self._until.get(digest)
        if until is None:
            return False
        if until < time.monotonic():
            del self._until[digest]
            return False
        return True

    def remember(self, password_hash: str, password: str) -> None:
        digest = self._digest(password_hash, password)
        self._until.pop(digest, None)
        self._until[digest] = time.monotonic() + self._ttl_s
        if len(self._until) > self._kept:
            self._until.popitem(last=False)


class Accounts:
    def __init__(self, store: Store, limits: Limits = Limits()):
        self.store = store
        self.guard = LoginGuard(limits)
        self._verified = VerifiedPasswords()
        self._checks = ThreadPoolExecutor(limits.password_checks, "password-check",
                                          initializer=_yield_the_cpu)

    def prepare(self) -> None:
        """Make, on a password-check thread, what unknown users are checked against: the
        first such check takes no longer than the others."""
        self._checks.submit(_dummy_hash)

    async def check_password(self, username: str, password: str,
                             source: str) -> Optional[User]:
        """The user, if ``password`` is theirs and neither they nor ``source`` (the client's
        address) are backed off after wrong passwords."""
        user = await self.store.get_user(username)
        stored = user.password_hash if user else None

        async def check() -> bool:
            if user is not None and self._verified.holds(stored, password):
                return True
            ok = await asyncio.get_running_loop().run_in_executor(self._checks, _verify, stored,
                                                                  password)
            if ok and user is not None:
                self._verified.remember(stored, password)
                return True
            return False
        return user if await self.guard.attempt(username, source, check) else None

    async def _put(self, kind: str, username: str, ttl_s: int, login: str,
                   name: str = "") -> str:
        token = new_token()
        await self.store.put_token(token_hash(token), TokenRecord(
            kind, username, now_us() + ttl_s * 1_000_000, name, login or token_hash(token)))
        return token

    async def issue(self, user: User, login: str = "") -> TokenPair:
        """An access and a refresh token of the sign-in ``login`` (a new one by default)."""
        login = login or secrets.token_hex(16)
        access = await self._put("access", user.name, ACCESS_TTL_S, login)
        refresh = await self._put("refresh", user.name, REFRESH_TTL_S, login)
        return TokenPair(user, access, refresh)

    async def _record(self, token: str, *kinds: str) -> Optional[TokenRecord]:
        if not isinstance(token, str) or not token or len(token) > 1024:
            return None
        record = await self.store.get_token(token_hash(token))
        if record is None or record.kind not in kinds or record.expires_us < now_us():
            return None
        return record

    async def _user_for(self, token: str, kind: str) -> Optional[tuple[User, TokenRecord]]:
        record = await self._record(token, kind)
        user = None if record is None else await self.store.get_user(record.username)
        return None if user is None else (user, record)

    async def sign_in_for_access_token(self, token: str) -> Optional[tuple[User, str]]:
        """``(user, sign-in)`` of an access token: the sign-in ends the sessions it opened
        when it is revoked."""
        found = await self._user_for(token, "access")
        return None if found is None else (found[0], found[1].login)

    async def api_token_login(self, api_token: str) -> Optional[TokenPair]:
        """Tokens for an API token's user, of its sign-in (revoking it ends them)."""
        found = await self._user_for(api_token, "api")
        return None if found is None else await self.issue(found[0], found[1].login)

    async def refresh(self, refresh_token: str) -> Optional[TokenPair]:
        found = await self._user_for(refresh_token, "refresh")
        if found is None:
            return None
        await self.store.delete_token(token_hash(refresh_token))
        return await self.issue(found[0], found[1].login)

    async def login(self, username: str, password: str, source: str) -> Optional[TokenPair]:
        """Credentials login from the address ``source``; the magic username means
        ``password`` is an API token, whose sign-in the new tokens join (revoking it ends
        them)."""
        if username == API_TOKEN_USERNAME:
            return await self.api_token_login(password)
        user = await self.check_password(username, password, source)
        return await self.issue(user) if user else None

    async def create_api_token(self, username: str, name: str,
                               days: int = API_TOKEN_TTL_DAYS) -> str:
        return await self._put("api", username, days * 86400, "", name)

    async def invalidate(self, token: str) -> bool:
        """End the sign-in an access, refresh or API token belongs to: its tokens, and
        the sessions they opened (once the server checks)."""
        record = await self._record(token, "access", "refresh", "api")
        return record is not None and await self.store.delete_logins([record.login]) > 0

    async def delete_api_tokens(self, username: str, name: str) -> int:
        """Revoke ``username``'s API tokens called ``name`` and what they signed in."""
        logins = [r.login for _, r in await self.store.tokens(username)
                  if r.kind == "api" and r.name == name]
        return await self.store.delete_logins(logins)

    # -- device flow

    async def device_start(self, client_id: str) -> DeviceStart:
        device_code = new_token()
        user_code = "-".join(
            "".join(secrets.choice(_USER_CODE_ALPHABET) for _ in range(4)) for _ in range(2))
        await self.store.put_device_code(
            token_hash(device_code),
            DeviceCode(user_code, client_id, now_us() + DEVICE_CODE_TTL_S * 1_000_000, None))
        return DeviceStart(device_code, user_code, DEVICE_CODE_TTL_S)

    async def device_poll(self, device_code: str, client_id: str):
        """``(status, TokenPair | None)`` with status OK, PENDING, EXPIRED or NOT_FOUND."""
        key = token_hash(device_code)
        code = await self.store.get_device_code(key)
        if code is None or code.client_id != client_id:
            return "NOT_FOUND", None
        if code.expires_us < now_us():
            await self.store.delete_device_code(key)
            return "EXPIRED", None
        if code.username is None:
            return "PENDING", None
        await self.store.delete_device_code(key)
        user = await self.store.get_user(code.username)
        if user is None:
            return "NOT_FOUND", None
        return "OK", await self.issue(user)

    async def device_approve(self, user_code: str, username: str) -> bool:
        return await self.store.approve_device_code(user_code.strip().upper(), username, now_us())
