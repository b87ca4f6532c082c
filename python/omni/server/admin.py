"""Administration of a server's store, used by the ``omni-server`` command.

These functions open the store directly (SQLite and PostgreSQL let them run while
servers are serving the same store).
"""

from __future__ import annotations

import contextlib
from typing import AsyncIterator, Optional

from .accounts import Accounts, generate_password, hash_password
from .storage.base import ALL, AlreadyExists, Store
from .storage.locations import Locations

HOME_ROOT = "/Users"


@contextlib.asynccontextmanager
async def open_store(where: Locations) -> AsyncIterator[Store]:
    store = where.open_store()
    await store.open()
    try:
        yield store
    finally:
        await store.close()


async def add_user(store: Store, name: str, password: Optional[str], admin: bool) -> str:
    """Create a user and its home folder ``/Users/<name>`` (full rights there).

    Returns the password (generated when none is given).
    """
    if not name or "/" in name or name.startswith("$") or len(name) > 128 or \
            any(ord(c) < 0x20 for c in name):
        raise ValueError(f"invalid user name {name!r}")
    password = password or generate_password()
    await store.add_user(name, hash_password(password), admin)
    home = f"{HOME_ROOT}/{name}"
    try:
        await store.make_folder(home, name, parents=True)
    except AlreadyExists:
        pass
    await store.set_acl(home, {name: ALL})
    return password


async def init(where: Locations, admin_user: str, admin_password: Optional[str]) -> str:
    where.prepare()
    async with open_store(where) as store:
        password = await add_user(store, admin_user, admin_password, admin=True)
        await store.set_acl("/", {admin_user: ALL})
        return password


async def set_password(where: Locations, name: str, password: Optional[str]) -> str:
    """A new password; every token of the user goes (its sign-ins and API tokens), so
    that a running server ends their open sessions."""
    password = password or generate_password()
    async with open_store(where) as store:
        await store.set_password(name, hash_password(password))
        await store.delete_user_tokens(name)
    return password


async def list_users(where: Locations) -> list:
    async with open_store(where) as store:
        out = []
        for name in await store.users():
            user = await store.get_user(name)
            out.append((name, user.admin, await store.user_groups(name)))
        return out


async def create_api_token(where: Locations, name: str, token_name: str, days: int) -> str:
    async with open_store(where) as store:
        if await store.get_user(name) is None:
            raise LookupError(f"no user {name!r}")
        return await Accounts(store).create_api_token(name, token_name, days)


TOKEN_ID_LENGTH = 12  # hex digits of a token's SHA-256 that name it to the administrator


async def list_tokens(where: Locations, username: Optional[str]) -> list:
    """``(id, kind, user, name, expires_us)`` of every token (of ``username``)."""
    async with open_store(where) as store:
        if username is not None and await store.get_user(username) is None:
            raise LookupError(f"no user {username!r}")
        return [(h[:TOKEN_ID_LENGTH], r.kind, r.username, r.name, r.expires_us)
                for h, r in await store.tokens(username)]


async def revoke_tokens(where: Locations, token_ids: list, username: Optional[str]) -> int:
    """Revoke the tokens named by id (each with its whole sign-in) or all of ``username``'s;
    a running server ends the sessions they opened.  Returns how many tokens went."""
    async with open_store(where) as store:
        logins = []
        for token_id in token_ids:
            token_id = token_id.lower()
            found = await store.tokens(hash_prefix=token_id) if len(token_id) >= 8 else []
            if len(found) != 1:
                raise LookupError(f"no token {token_id!r}" if not found
                                  else f"{token_id!r} names several tokens: give more digits")
            logins.append(found[0][1].login)
        gone = await store.delete_logins(logins)
        if username is not None:
            if await store.get_user(username) is None:
                raise LookupError(f"no user {username!r}")
            gone += await store.delete_user_tokens(username)
        return gone


async def approve_device(where: Locations, user_code: str, name: str) -> bool:
    async with open_store(where) as store:
        if await store.get_user(name) is None:
            raise LookupError(f"no user {name!r}")
        return await Accounts(store).device_approve(user_code, name)


async def trash_list(where: Locations, folder: str) -> list:
    """``(path, kind, size, deleted_us, deleted_by)`` of what was deleted in ``folder``."""
    async with open_store(where) as store:
        return [(n.path, n.kind, n.size, n.deleted_us, n.deleted_by)
                for n in await store.deleted(folder)]


async def trash_restore(where: Locations, path: str) -> list:
    """Undelete ``path``; return the paths brought back."""
    async with open_store(where) as store:
        return [n.path for n in (await store.undelete(path, "system")).nodes]
