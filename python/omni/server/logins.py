"""Password guessing, slowed down: a back-off per user and per source address, and a cap
on the password checks running at once (each argon2id check takes 64 MiB and a core for
tens of milliseconds)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Awaitable, Callable

from .limits import Limits

TRACKED = 10_000  # users and sources whose failures are remembered (the oldest go first)


@dataclass
class _Failures:
    count: int
    last: float


class Backoff:
    """After ``free`` failures of a key, each next attempt must wait ``base_s`` doubled per
    failure beyond them (at most ``max_s``) since the last failure; a success forgets."""

    def __init__(self, free: int, base_s: float, max_s: float):
        self.free = free
        self.base_s = base_s
        self.max_s = max_s
        self._failures: OrderedDict = OrderedDict()

    def wait_s(self, key: str) -> float:
        f = self._failures.get(key)
        if f is None or f.count < self.free:
            return 0.0
        delay = min(self.max_s, self.base_s * 2 ** min(f.count - self.free, 30))
        if time.monotonic() - f.last > self.max_s * 2:  # long quiet: start afresh
            del self._failures[key]
            return 0.0
        return max(0.0, f.last + delay - time.monotonic())

    def failed(self, key: str) -> None:
        f = self._failures.pop(key, None) or _Failures(0, 0.0)
        f.count += 1
        f.last = time.monotonic()
        self._failures[key] = f
        if len(self._failures) > TRACKED:
            self._failures.popitem(last=False)

    def succeeded(self, key: str) -> None:
        self._failures.pop(key, None)


class LoginGuard:
    def __init__(self, limits: Limits):
        self.limits = limits
        self.users = Backoff(limits.login_user_failures, limits.login_backoff,
                             limits.login_backoff_max)
        self.sources = Backoff(limits.login_source_failures, limits.login_backoff,
                               limits.login_backoff_max)
        self._checks = asyncio.Semaphore(limits.password_checks)
        self._slots: dict = {}  # "u:" + user / "s:" + address -> [semaphore, attempts]
        self._pending = 0

    def _must_wait(self, username: str, source: str) -> bool:
        return bool(self.users.wait_s(username) or self.sources.wait_s(source))

    @contextlib.asynccontextmanager
    async def _slot(self, key: str, size: int):
        """One of ``size`` check slots of ``key``, kept while someone waits for one."""
        slot = self._slots.setdefault(key, [asyncio.Semaphore(size), 0])
        slot[1] += 1
        try:
            async with slot[0]:
                yield
        finally:
            slot[1] -= 1
            if not slot[1]:
                del self._slots[key]

    async def attempt(self, username: str, source: str,
                      check: Callable[[], Awaitable[bool]]) -> bool:
        """Run ``check`` (the password check) unless ``username`` or ``source`` is backed
        off (then the attempt fails when the back-off ends) or too many attempts wait: the
        attempt fails without a check, as a wrong password does (a guesser learns nothing
        from the answer).  The checks of one user,
        and of one address, run one at a time: a flood of guesses takes one check slot,
        backs off after a few, and other users' logins keep the other slots."""
        backoff = max(self.users.wait_s(username), self.sources.wait_s(source))
        if backoff:  # answered when the back-off ends: a guesser cannot just ask faster
            await asyncio.sleep(backoff)
            return False
        if self._pending >= self.limits.login_pending:
            return False
        self._pending += 1
        try:
            async with self._slot("u:" + username, self.limits.login_user_checks), \
                    self._slot("s:" + source, self.limits.login_source_checks), self._checks:
                if self._must_wait(username, source):  # failures came while this waited
                    return False
                ok = await check()
        finally:
            self._pending -= 1
        if ok:
            self.users.succeeded(username)
        else:
            self.users.failed(username)
            self.sources.failed(source)
        return ok
