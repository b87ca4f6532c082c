"""The accounts part of the store: users, groups, tokens and device codes (a mixin of
:class:`~.tree.TreeStore`, which gives it ``_read`` and ``_write``).  ``"user"`` is quoted:
PostgreSQL reserves the word."""

from __future__ import annotations

import secrets
import time
from typing import Iterable, Optional

from .base import (
    AlreadyExists, AlreadyMember, DeviceCode, GroupNotFound, NotMember, TokenRecord, User,
    UserNotFound,
)


_TOKEN_COLUMNS = "kind, username, expires_us, name, login"  # TokenRecord's fields


def now_us() -> int:
    return time.time_ns() // 1000


def select_in(conn, sql: str, values: list) -> set:
    """The first column of ``sql``, whose ``IN ({})`` takes ``values`` (500 at a time:
    SQLite bounds the parameters of a statement)."""
    out = set()
    for i in range(0, len(values), 500):
        chunk = values[i:i + 500]
        out.update(r[0] for r in conn.execute(sql.format(",".join("?" * len(chunk))), chunk))
    return out


class AccountsMixin:
    # -- users and groups

    @staticmethod
    def _user_exists(conn, name: str) -> bool:
        return conn.execute("SELECT 1 FROM users WHERE name=?", (name,)).fetchone() is not None

    @staticmethod
    def _group_exists(conn, name: str) -> bool:
        return conn.execute("SELECT 1 FROM groups WHERE name=?", (name,)).fetchone() is not None

    async def add_user(self, name: str, password_hash: str, admin: bool) -> None:
        def run(conn):
            if self._user_exists(conn, name) or self._group_exists(conn, name):
                raise AlreadyExists(name)
            conn.execute("INSERT INTO users VALUES (?, ?, ?, ?)",
                         (name, password_hash, int(admin), now_us()))
        await self._write(run)

    async def set_password(self, name: str, password_hash: str) -> None:
        def run(conn):
            if conn.execute("UPDATE users SET password_hash=? WHERE name=?",
                            (password_hash, name)).rowcount == 0:
                raise UserNotFound(name)
        await self._write(run)

    async def get_user(self, name: str) -> Optional[User]:
        def run(conn):
            row = conn.execute("SELECT name, admin, password_hash FROM users WHERE name=?",
                               (name,)).fetchone()
            return User(row[0], bool(row[1]), row[2]) if row else None
        return await self._read(run)

    async def users(self) -> list[str]:
        return await self._read(
            lambda c: [r[0] for r in c.execute("SELECT name FROM users ORDER BY name")])

    async def groups(self) -> list[str]:
        return await self._read(
            lambda c: [r[0] for r in c.execute("SELECT name FROM groups ORDER BY name")])

    async def group_members(self, group: str) -> list[str]:
        def run(conn):
            if not self._group_exists(conn, group):
                raise GroupNotFound(group)
            return [r[0] for r in conn.execute(
                'SELECT "user" FROM members WHERE grp=? ORDER BY "user"', (group,))]
        return await self._read(run)

    async def user_groups(self, user: str) -> list[str]:
        def run(conn):
            if not self._user_exists(conn, user):
                raise UserNotFound(user)
            return [r[0] for r in conn.execute(
                'SELECT grp FROM members WHERE "user"=? ORDER BY grp', (user,))]
        return await self._read(run)

    async def create_group(self, group: str) -> None:
        def run(conn):
            if self._group_exists(conn, group) or self._user_exists(conn, group):
                raise AlreadyExists(group)
            conn.execute("INSERT INTO groups VALUES (?)", (group,))
        await self._write(run)

    async def rename_group(self, group: str, new_name: str) -> None:
        def run(conn):
            if not self._group_exists(conn, group):
                raise GroupNotFound(group)
            if self._group_exists(conn, new_name) or self._user_exists(conn, new_name):
                raise AlreadyExists(new_name)
            conn.execute("UPDATE groups SET name=? WHERE name=?", (new_name, group))
            conn.execute("UPDATE members SET grp=? WHERE grp=?", (new_name, group))
            conn.execute("UPDATE acl SET principal=? WHERE principal=?", (new_name, group))
        await self._write(run)

    async def remove_group(self, group: str) -> int:
        def run(conn):
            if not self._group_exists(conn, group):
                raise GroupNotFound(group)
            changed = conn.execute("DELETE FROM groups WHERE name=?", (group,)).rowcount
            changed += conn.execute("DELETE FROM members WHERE grp=?", (group,)).rowcount
            changed += conn.execute("DELETE FROM acl WHERE principal=?", (group,)).rowcount
            return changed
        return await self._write(run)

    async def add_member(self, group: str, user: str) -> None:
        def run(conn):
            if not self._group_exists(conn, group):
                raise GroupNotFound(group)
            if not self._user_exists(conn, user):
                raise UserNotFound(user)
            if conn.execute("INSERT INTO members VALUES (?, ?) ON CONFLICT DO NOTHING",
                            (group, user)).rowcount == 0:
                raise AlreadyMember(user)
        await self._write(run)

    async def remove_member(self, group: str, user: str) -> None:
        def run(conn):
            if not self._group_exists(conn, group):
                raise GroupNotFound(group)
            if not self._user_exists(conn, user):
                raise UserNotFound(user)
            if conn.execute('DELETE FROM members WHERE grp=? AND "user"=?',
                            (group, user)).rowcount == 0:
                raise NotMember(user)
        await self._write(run)

    # -- tokens and device codes

    async def put_token(self, token_hash: str, record: TokenRecord) -> None:
        def run(conn):
            conn.execute("INSERT INTO tokens (hash, kind, username, name, expires_us, login) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         (token_hash, record.kind, record.username, record.name,
                          record.expires_us, record.login))
            # expired tokens are dropped as new ones come in
            conn.execute("DELETE FROM tokens WHERE expires_us < ?", (now_us(),))
        await self._write(run)

    async def get_token(self, token_hash: str) -> Optional[TokenRecord]:
        def run(conn):
            row = conn.execute(f"SELECT {_TOKEN_COLUMNS} FROM tokens WHERE hash=?",
                               (token_hash,)).fetchone()
            return TokenRecord(*row) if row else None
        return await self._read(run)

    async def delete_token(self, token_hash: str) -> None:
        await self._write(lambda c: c.execute("DELETE FROM tokens WHERE hash=?", (token_hash,)))

    async def tokens(self, username: Optional[str] = None, hash_prefix: str = ""
                     ) -> list[tuple[str, TokenRecord]]:
        def run(conn):
            # the prefix as a range of the primary key ('g' follows every hex digit)
            rows = conn.execute(
                f"SELECT hash, {_TOKEN_COLUMNS} FROM tokens WHERE hash >= ? AND hash < ? "
                "AND (? IS NULL OR username = ?) ORDER BY username, kind, expires_us",
                (hash_prefix, hash_prefix + "g", username, username))
            return [(row[0], TokenRecord(*row[1:])) for row in rows]
        return await self._read(run)

    async def delete_logins(self, logins: Iterable[str]) -> int:
        wanted = list(logins)

        def run(conn):
            return sum(conn.execute("DELETE FROM tokens WHERE login=?", (login,)).rowcount
                       for login in wanted)
        return await self._write(run)

    async def delete_user_tokens(self, username: str) -> int:
        return await self._write(lambda c: c.execute(
            "DELETE FROM tokens WHERE username=?", (username,)).rowcount)

    async def live_logins(self, logins: Iterable[str]) -> set[str]:
        wanted = list(logins)
        return await self._read(lambda c: select_in(
            c, "SELECT DISTINCT login FROM tokens WHERE login IN ({})", wanted))

    async def signing_secret(self) -> bytes:
        def run(conn):
            conn.execute("INSERT INTO meta (key, value) VALUES ('signing_secret', ?) "
                         "ON CONFLICT (key) DO NOTHING", (secrets.token_hex(32),))
            return conn.execute("SELECT value FROM meta WHERE key = 'signing_secret'"
                                ).fetchone()[0]
        return bytes.fromhex(await self._write(run))

    async def put_device_code(self, device_hash: str, code: DeviceCode) -> None:
        def run(conn):
            conn.execute("DELETE FROM device_codes WHERE expires_us < ?", (now_us(),))
            conn.execute("INSERT INTO device_codes VALUES (?, ?, ?, ?, ?)",
                         (device_hash, code.user_code, code.client_id, code.expires_us,
                          code.username))
        await self._write(run)

    async def get_device_code(self, device_hash: str) -> Optional[DeviceCode]:
        def run(conn):
            row = conn.execute("SELECT user_code, client_id, expires_us, username FROM device_codes "
                               "WHERE device_hash=?", (device_hash,)).fetchone()
            return DeviceCode(*row) if row else None
        return await self._read(run)

    async def approve_device_code(self, user_code: str, username: str, now: int) -> bool:
        def run(conn):
            return conn.execute(
                "UPDATE device_codes SET username=? WHERE user_code=? AND expires_us>=? "
                "AND username IS NULL", (username, user_code, now)).rowcount == 1
        return await self._write(run)

    async def delete_device_code(self, device_hash: str) -> None:
        await self._write(
            lambda c: c.execute("DELETE FROM device_codes WHERE device_hash=?", (device_hash,)))
