"""ACL policy: how explicit entries turn into a user's permissions on a path.

Each path may carry explicit entries ``principal -> bits`` (read=1, write=2,
admin=4; a principal is a user or a group).  Inheritance is per principal: for a
given principal, the nearest level (the path itself, then its parent, ... up to
``/``) that has an entry for it decides that principal's bits, so an explicit
empty entry revokes what a parent granted.  A user's permissions are the union
over the user and its groups.  Server administrators (superusers) have every
permission everywhere.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass
from typing import Awaitable, Iterable, Optional

from . import paths as P
from .storage.base import ADMIN, ALL, READ, WRITE, Store

NAMES = (("read", READ), ("write", WRITE), ("admin", ADMIN))


def to_names(bits: int) -> list[str]:
    return [name for name, bit in NAMES if bits & bit]


def from_names(names: Iterable[str]) -> int:
    """Bits from permission names; unknown names raise ``ValueError``."""
    lookup = dict(NAMES)
    bits = 0
    for name in names:
        bits |= lookup[name]
    return bits


@dataclass(frozen=True)
class Principal:
    """Who is asking: a user name, its groups, and whether it is a superuser."""

    name: str
    groups: tuple
    superuser: bool

    @property
    def names(self) -> tuple:
        return (self.name,) + self.groups


def resolve_levels(path: str, explicit: dict) -> dict:
    """``principal -> (bits, level)`` in force at ``path`` given the explicit entries."""
    out: dict = {}
    for level in reversed(P.ancestors(path)):
        for principal, bits in explicit.get(level, {}).items():
            out.setdefault(principal, (bits, level))
    return out


def bits_for(principal: Principal, path: str, explicit: dict) -> int:
    if principal.superuser:
        return ALL
    levels = resolve_levels(path, explicit)
    bits = 0
    for name in principal.names:
        if name in levels:
            bits |= levels[name][0]
    return bits


def view_in(principal: Principal, path: str, explicit: dict) -> tuple:
    """``(bits, traversable)`` of ``path`` by the explicit entries ``explicit`` (of the path,
    its folders and what is below it), as :meth:`Acls.view` answers from the store."""
    bits = bits_for(principal, path, explicit)
    if principal.superuser:
        return bits, True
    prefix = path.rstrip("/") + "/"
    traversable = any(level.startswith(prefix) and any(
        entries.get(name, 0) & READ for name in principal.names)
        for level, entries in explicit.items())
    return bits, traversable


SHARED_VIEWS = 4096  # view_shared results kept (one per event and principal)


class Acls:
    def __init__(self, store: Store):
        self.store = store
        self._shared: OrderedDict = OrderedDict()

    async def explicit_for(self, paths: Iterable[str]) -> dict:
        """Explicit entries of every path in ``paths`` and of all their ancestors."""
        wanted: set = set()
        for path in paths:
            wanted.update(P.ancestors(path))
        return await self.store.acls(wanted)

    def bits_now(self, principal: Principal, path: str) -> Optional[int]:
        """:meth:`bits_one` for a caller that cannot wait: None when the store cannot read
        the entries at once (see :meth:`Store.acls_now`)."""
        if principal.superuser:
            return ALL
        explicit = self.store.acls_now(P.ancestors(path))
        return None if explicit is None else bits_for(principal, path, explicit)

    async def bits(self, principal: Principal, paths: list,
                   explicit: Optional[dict] = None) -> dict:
        """``path -> bits`` for each of ``paths`` (by the explicit entries ``explicit`` of
        them and their folders, when given, else the store's)."""
        if principal.superuser:
            return {path: ALL for path in paths}
        if explicit is None:
            explicit = await self.explicit_for(paths)
        return {path: bits_for(principal, path, explicit) for path in paths}

    async def bits_one(self, principal: Principal, path: str) -> int:
        return (await self.bits(principal, [path]))[path]

    async def view(self, principal: Principal, paths: list,
                   explicit: Optional[dict] = None) -> dict:
        """``path -> (bits, traversable)``.

        A folder is traversable when something below it is granted to the user, so
        that a user can walk from ``/`` down to what was shared with them (a home
        folder, say) and see the names on the way, and nothing else.
        """
        bits = await self.bits(principal, paths, explicit)
        if principal.superuser:
            return {path: (b, True) for path, b in bits.items()}
        grants = await self.store.granted_paths(principal.names, READ)
        out = {}
        for path, b in bits.items():
            prefix = path.rstrip("/") + "/"
            out[path] = (b, any(g.startswith(prefix) for g in grants))
        return out

    async def view_shared(self, principal: Principal, path: str, key: object,
                          explicit: Awaitable[dict]) -> tuple:
        """``view`` of one path by the explicit entries ``explicit`` will give (of the path
        and its folders, read when the event was published), computed once for all callers
        with the same ``key`` and principal: the subscribers of one event (as many as there
        are connections of that user) then cost one evaluation."""
        memo = (key, principal, path)
        found = self._shared.get(memo)
        if found is None:
            async def evaluate() -> dict:
                return await self.view(principal, [path], await asyncio.shield(explicit))
            found = self._shared[memo] = asyncio.ensure_future(evaluate())
            if len(self._shared) > SHARED_VIEWS:
                self._shared.popitem(last=False)
        return (await asyncio.shield(found))[path]

    async def deleted_bits(self, principal: Principal, paths: list) -> dict:
        """``path -> bits`` on the items last deleted at ``paths``: by the ACLs stored with
        them (and with the folders deleted with them) under the live ACLs of the folders
        still there, as they would be restored."""
        if principal.superuser:
            return {path: ALL for path in paths}
        levels = {level for path in paths for level in P.ancestors(path)}
        explicit = await self.store.acls(levels)
        for level, acl in (await self.store.trash_acls(levels)).items():
            if level in paths or await self.store.get(level) is None:
                explicit[level] = acl
        return {path: bits_for(principal, path, explicit) for path in paths}

    async def resolved(self, path: str) -> dict:
        """``principal -> (bits, level)`` in force at ``path``."""
        return resolve_levels(path, await self.explicit_for([path]))
