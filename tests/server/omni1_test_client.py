"""A small omni1 client for protocol tests: SOWS (discovery, auth) and ConnLib.

Every answer it receives is checked against the IDL field lists of
``idl_schema`` before the test sees it.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import sqlite3
from typing import Optional

import aiohttp

from omni.server.framing import connlib, sows

import omni1_idl_schema as idl_schema

TIMEOUT = 20


class SowsClient:
    def __init__(self, ws):
        self.ws = ws
        self.ids = itertools.count(1)

    async def call(self, method: str, params: dict, answer_type: Optional[str] = None):
        req_id = next(self.ids)
        await self.ws.send_bytes(sows.encode_request(req_id, method, params))
        msg = await self.ws.receive(timeout=TIMEOUT)
        assert msg.type == aiohttp.WSMsgType.BINARY, msg
        resp = sows.parse_response(msg.data)
        assert resp.id == req_id
        if resp.kind == sows.SEND and answer_type:
            idl_schema.check(answer_type, resp.answer)
        return resp


class ConnlibClient:
    def __init__(self, ws):
        self.ws = ws
        self.ids = itertools.count(1)
        self.pending: dict = {}
        self.reader = asyncio.ensure_future(self._read())
        self.closed = asyncio.Event()

    async def _read(self):
        try:
            async for msg in self.ws:
                if msg.type not in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY):
                    break
                answer, tail = connlib.parse_answer(msg.data)
                queue = self.pending.get(answer["id"])
                if queue is not None:
                    queue.put_nowait((answer, tail))
        finally:
            self.closed.set()

    async def send_raw(self, data):
        if isinstance(data, str):
            await self.ws.send_str(data)
        else:
            await self.ws.send_bytes(data)

    def start(self, command: str, tail: Optional[bytes] = None, **params) -> int:
        req_id = next(self.ids)
        self.pending[req_id] = asyncio.Queue()
        asyncio.ensure_future(self.ws.send_bytes(connlib.encode_request(command, req_id, params, tail)))
        return req_id

    async def next(self, req_id: int, command: str, timeout: float = TIMEOUT):
        get = asyncio.ensure_future(self.pending[req_id].get())
        closed = asyncio.ensure_future(self.closed.wait())
        done, _ = await asyncio.wait({get, closed}, timeout=timeout,
                                     return_when=asyncio.FIRST_COMPLETED)
        closed.cancel()
        if get not in done:
            get.cancel()
            raise ConnectionError("no answer (socket closed or timeout)")
        answer, tail = get.result()
        idl_schema.check_connlib(command, answer)
        return answer, tail

    async def call(self, command: str, tail: Optional[bytes] = None, **params):
        """A single-answer call: ``(answer, tail)``."""
        req_id = self.start(command, tail, **params)
        try:
            return await self.next(req_id, command)
        finally:
            del self.pending[req_id]

    async def stream(self, command: str, **params) -> list:
        """A call answered by several messages, up to DONE (or an error)."""
        req_id = self.start(command, **params)
        out = []
        try:
            while True:
                answer, _ = await self.next(req_id, command)
                if answer["status"] == "DONE":
                    return out
                out.append(answer)
        finally:
            del self.pending[req_id]

    async def stop(self, req_id: int):
        await self.ws.send_bytes(connlib.encode_request("stop", next(self.ids),
                                                        {"subscription_id": req_id}))

    async def close(self):
        await self.ws.close()
        self.reader.cancel()


class Omni:
    """One user's view of a server: HTTP session, auth, and ConnLib connections."""

    def __init__(self, base_ws: str, base_http: str, ssl=None):
        self.base_ws = base_ws
        self.base_http = base_http
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(ssl=ssl) if ssl is not None else None)
        self.conns: list = []

    async def sows(self, path: str = "/omni/auth") -> SowsClient:
        return SowsClient(await self.session.ws_connect(self.base_ws + path))

    async def login(self, username: str, password: str) -> dict:
        client = await self.sows()
        resp = await client.call("Credentials.auth",
                                 {"username": username, "password": password, "version": 2},
                                 "OmniAuth")
        await client.ws.close()
        return resp.answer

    async def connlib(self) -> ConnlibClient:
        conn = ConnlibClient(await self.session.ws_connect(self.base_ws + "/omni/connlib",
                                                           max_msg_size=0))
        self.conns.append(conn)
        return conn

    async def connect(self, username: str, password: str) -> ConnlibClient:
        tokens = await self.login(username, password)
        assert tokens["status"] == "OK", tokens
        conn = await self.connlib()
        answer, _ = await conn.call("authorize_token", token=tokens["access_token"],
                                    version="1.19", client_capabilities={"list2": 5})
        assert answer["status"] == "OK", answer
        conn.auth = answer
        return conn

    async def close(self):
        for conn in self.conns:
            await conn.close()
        await self.session.close()


async def put(conn: ConnlibClient, path: str, data: bytes = b"x", **extra) -> dict:
    """Write a file (``create_asset`` with overwrite); the answer, which must be OK."""
    answer, _ = await conn.call("create_asset", tail=data, path={"path": path}, overwrite=True,
                                **extra)
    assert answer["status"] == "OK", answer
    return answer


async def read(conn: ConnlibClient, path: str, **at) -> tuple:
    """``read_asset_version`` of ``path`` (``at``: e.g. ``checkpoint=1``): (status, content)."""
    answer, tail = await conn.call("read_asset_version", path={"path": path, **at})
    return answer["status"], tail


def _storage_given(server) -> dict:
    return dict(zip(server.storage_args[::2], server.storage_args[1::2]))


def store_rows(server, sql: str, params=()) -> list:
    """The rows of a query (``?`` placeholders) on a server's metadata store, SQLite or
    PostgreSQL (read beside the running server)."""
    given = _storage_given(server)
    if "--store" not in given:
        db = sqlite3.connect(f"file:{server.data_dir / 'meta.sqlite3'}?mode=ro", uri=True)
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()
    import psycopg
    with psycopg.connect(given["--store"]) as db:
        return db.execute(sql.replace("?", "%s"), params).fetchall()


def store_text(server) -> bytes:
    """All a server's metadata store holds, to search for what must not be there: the
    SQLite files' bytes, or every row of every PostgreSQL table as text."""
    if "--store" not in _storage_given(server):
        return b"".join(p.read_bytes() for p in server.data_dir.glob("meta.sqlite3*"))
    tables = store_rows(server, "SELECT table_name FROM information_schema.tables"
                                " WHERE table_schema = 'public'")
    return "\n".join(row for (table,) in tables
                      for (row,) in store_rows(server, f'SELECT t::text FROM "{table}" t')).encode()


def stored_blobs(server) -> dict:
    """The blobs a server's store holds, by SHA-256, with their sizes: files of its blob
    folder or objects of its S3 bucket (read beside the running server)."""
    given = _storage_given(server)
    if "--store" not in given:
        return {p.name: p.stat().st_size for p in (server.data_dir / "blobs").glob("*/*")}
    import boto3
    from omni.server.storage.locations import Locations
    bucket, prefix, endpoint = Locations(given["--store"], given["--blobs"]).s3()
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name=server.env["AWS_DEFAULT_REGION"],
                      aws_access_key_id=server.env["AWS_ACCESS_KEY_ID"],
                      aws_secret_access_key=server.env["AWS_SECRET_ACCESS_KEY"])
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix + "/")
    return {o["Key"].rpartition("/")[2]: o["Size"] for page in pages for o in page.get("Contents", ())}


def held_blobs(server) -> set:
    """The content a server's store holds, by SHA-256: blobs (files, or objects of its S3
    bucket) and the small content its metadata store keeps (read beside the running server)."""
    inline = {name for (name,) in store_rows(server, "SELECT blob FROM inline_blobs")}
    return set(stored_blobs(server)) | inline


def held(server, data: bytes) -> bool:
    return hashlib.sha256(data).hexdigest() in held_blobs(server)
