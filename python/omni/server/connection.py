"""The Connection service: omni1 over ConnLib at ``/omni/connlib``.

One :class:`Session` per WebSocket.  Requests are pipelined: each runs as its own
task (at most ``max_in_flight_requests`` at once; past that the socket is not read
until one finishes), answers go out as they complete.  Every answer is built
with :func:`models.make` against its IDL type.

Methods are registered with :func:`method`; a handler gets the session, the
checked parameters and the binary tail, and

* returns an answer dict, or ``(answer, tail_bytes)`` (single-answer methods);
* or yields answers (``stream=True``), after which a ``DONE`` answer is sent;
* or runs until stopped, sending events itself (``subscribe_list``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import hmac
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, Iterable, Optional

from aiohttp import WSMsgType, web

from . import acl as A
from . import models as M
from . import paths as P
from .framing import FrameError, connlib
from .lft import LftError
from .storage.base import (
    ADMIN, ASSET, FOLDER, INLINE_MAX, READ, WRITE, AlreadyExists, AlreadyMember, BlobRef, Conflict,
    GroupNotFound, Locked, Node, NotEmpty, NotFound, NotMember, StoreError, UserNotFound,
    WrongType,
)
from .events import QUEUE_LIMIT
from .urls import LFT_PATH

log = logging.getLogger(__name__)

PROTOCOL_VERSION = "1.19"
# A missing item: INVALID_URI is what the original client turns into ERROR_NOT_FOUND
# (NOT_EXIST gives a bare ERROR).  Per-item answers of batch methods (delete2,
# copy2, rename2) say NOT_EXIST, which is what the client's batch logic expects.
MISSING = "INVALID_URI"
BATCH_MISSING = "NOT_EXIST"
MAX_SUBSCRIPTIONS = 1000  # open subscribe_list requests per connection
DEFAULT_BRANCH = "default"
# A change asked of a checkpoint-pinned path: checkpoints are read-only.  NOT_IMPLEMENTED
# gives ERROR_NOT_SUPPORTED, what the original client answers itself when asked to
# write to such a URL.
PINNED = "NOT_IMPLEMENTED"


class Fail(Exception):
    """End a request with an error status."""

    def __init__(self, status: str):
        super().__init__(status)
        self.status = status


# Keys under which a request names an item: ``path``/``uri`` of single-file requests,
# ``src``/``dst``/``src_path``/``dst_path``/``to``/``path_at_version``, and ``key``/``value``
# of the legacy rename's pairs, at any depth (batches are lists of these).
_PATH_KEYS = frozenset({"path", "uri", "to", "src", "dst", "src_path", "dst_path",
                        "path_at_version", "key", "value"})
_MAX_ORDER_KEYS = 1000  # a request naming more items is ordered by the first ones


def _order_keys(params: Any, found: Optional[set] = None, depth: int = 0) -> set:
    """The items a request names: requests of one connection naming the same item run in
    the order they arrived, batches (copy2, rename2, delete2, ACL batches) included (the
    original client sends the checkpoint_version that follows a write without waiting
    for the write's answer)."""
    found = set() if found is None else found
    if depth > 4 or len(found) > _MAX_ORDER_KEYS:
        return found
    items = params.items() if isinstance(params, dict) else (
        (None, v) for v in params) if isinstance(params, list) else ()
    for key, value in items:
        if isinstance(value, str):
            if key in _PATH_KEYS:
                try:
                    found.add(P.normalize(value).path)
                except P.InvalidPath:
                    found.add(value)  # refused later; ordered by its spelling meanwhile
        elif key is None or key in _PATH_KEYS or isinstance(value, list):
            _order_keys(value, found, depth + 1)
    return found


def status_of(exc: StoreError) -> str:
    for kind, status in (
        (UserNotFound, "USER_NOT_FOUND"), (GroupNotFound, "GROUP_NOT_FOUND"),
        (NotMember, "USER_NOT_IN_GROUP"), (AlreadyMember, "USER_ALREADY_IN_GROUP"),
        (NotFound, MISSING), (AlreadyExists, "ALREADY_EXISTS"), (WrongType, "ALREADY_EXISTS"),
        (NotEmpty, "FOLDER_NOT_EMPTY"), (Conflict, "OPERATION_FAILED"), (Locked, "RESOURCE_BUSY"),
    ):
        if isinstance(exc, kind):
            return status
    return "INTERNAL_ERROR"


@dataclass(frozen=True)
class Method:
    handler: Callable
    params: type
    answer: type
    stream: bool
    needs_auth: bool
    subscription: bool


METHODS: Dict[str, Method] = {}


def method(name: str, params: type, answer: type, *, stream: bool = False,
           needs_auth: bool = True, subscription: bool = False):
    def register(fn):
        METHODS[name] = Method(fn, params, answer, stream, needs_auth, subscription)
        return fn
    return register


# ---------------------------------------------------------------------------
# Answers describing items


EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _seconds(us: int) -> int:
    return us // 1_000_000


def _iso(us: int) -> str:
    return datetime.fromtimestamp(us / 1e6, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _lock_fields(node: Node) -> dict:
    lock = node.lock
    if lock is None or not lock.active(time.time_ns() // 1000):
        return {}
    return {"locked_by": lock.owner, "lock_owner": lock.owner,
            "lock_time": _seconds(lock.since_us), "lock_duration": lock.duration_s,
            "lock_etag": lock.etag}


def _hash_fields(node: Node) -> dict:
    if node.kind != ASSET or not node.blob:
        return {}
    return {"hash_type": "sha256", "hash_value": node.blob, "hash_bsize": node.size}


def list2_entry(node: Node, bits: int, model: type = M.List2ResponsePathEntry,
                **extra: Any) -> dict:
    return M.make(
        model, path=node.path, etag=str(node.version), acl=A.to_names(bits),
        created_timestamp=_seconds(node.created_us), modified_timestamp=_seconds(node.modified_us),
        path_type=node.kind, size=node.size, empty=not node.has_children, mounted=False,
        created_by=node.created_by, modified_by=node.modified_by, checkpointed=node.checkpointed,
        transaction_id=node.version, checkpoint_count=node.checkpoints, **_hash_fields(node),
        **_lock_fields(node), **extra)


def _item_fields(node: Node, bits: int) -> dict:
    """Fields shared by ``Stat2Result`` and the legacy ``Path``."""
    return dict(
        type=node.kind, uri=node.path, acl=A.to_names(bits), created=_iso(node.created_us),
        created_date_seconds=_seconds(node.created_us), created_by=node.created_by,
        modified=_iso(node.modified_us), modified_date_seconds=_seconds(node.modified_us),
        modified_by=node.modified_by, mounted=False, empty=not node.has_children, size=node.size,
        etag=str(node.version), transaction_id=str(node.version), **_hash_fields(node),
        **_lock_fields(node))


def _write_answer(model: type, node: Node, ts: dict) -> dict:
    return M.make(model, status="OK", ts=ts, etag=str(node.version),
                  transaction_id=node.version, **_hash_fields(node))


def _sole(statuses: list) -> str:
    """Top-level status of a batch: the common status when all agree, else OK."""
    return statuses[0] if statuses and all(s == statuses[0] for s in statuses) else "OK"


# ---------------------------------------------------------------------------
# The session


class Session:
    def __init__(self, server, ws: web.WebSocketResponse, request: web.Request):
        self.server = server
        self.ws = ws
        self.request = request
        self.principal: Optional[A.Principal] = None
        self._groups_gen = -1
        self.connection_id = str(next(server.connection_ids))
        self.token: Optional[str] = None
        self.tasks: Dict[int, asyncio.Task] = {}
        self._last_on: Dict[str, asyncio.Task] = {}  # item -> latest request naming it
        self._send_lock = asyncio.Lock()
        self._slots = asyncio.Semaphore(server.settings.max_in_flight)
        self.subscriptions = 0

    # -- plumbing

    @staticmethod
    def ts() -> dict:
        return {"srv": time.time_ns() // 1000}

    async def send(self, req_id: int, answer: dict, tail: Optional[bytes] = None) -> None:
        frame = connlib.encode(req_id, answer, tail)
        async with self._send_lock:
            if self.ws.closed:
                raise ConnectionResetError("socket closed")
            if isinstance(frame, str):
                await self.ws.send_str(frame)
            else:
                await self.ws.send_bytes(frame)

    async def run(self) -> None:
        try:
            async for msg in self.ws:
                if msg.type not in (WSMsgType.BINARY, WSMsgType.TEXT):
                    break
                try:
                    req = connlib.parse_request(msg.data)
                except FrameError as exc:
                    await self.ws.close(code=1002, message=str(exc).encode()[:120])
                    break
                if req.command == "stop":
                    self._stop(req.params.get("subscription_id"))
                    continue
                spec = METHODS.get(req.command)
                # a subscription stays open: it is bounded apart, not by in-flight slots
                long_lived = spec is not None and spec.subscription
                if long_lived and self.subscriptions >= MAX_SUBSCRIPTIONS:
                    await self.send(req.id, M.error_answer(spec.answer, "QUOTA_REACHED", self.ts()))
                    continue
                if long_lived:
                    self.subscriptions += 1
                else:
                    await self._slots.acquire()
                keys = () if long_lived else _order_keys(req.params)
                after = {self._last_on[k] for k in keys if k in self._last_on}
                task = asyncio.ensure_future(self._dispatch(req, after))
                self.tasks[req.id] = task
                for k in keys:
                    self._last_on[k] = task
                task.add_done_callback(
                    lambda t, rid=req.id, sub=long_lived, ks=keys: self._finished(rid, t, sub, ks))
        finally:
            for task in list(self.tasks.values()):
                task.cancel()
            if self.token is not None:
                self.server.sessions.pop(self.token, None)

    def _finished(self, req_id: int, task: asyncio.Task, subscription: bool,
                  keys: Iterable[str]) -> None:
        for k in keys:
            if self._last_on.get(k) is task:
                del self._last_on[k]
        if subscription:
            self.subscriptions -= 1
        else:
            self._slots.release()
        if self.tasks.get(req_id) is task:
            del self.tasks[req_id]

    def _stop(self, req_id: Any) -> None:
        task = self.tasks.get(req_id) if isinstance(req_id, int) else None
        if task is not None:
            task.cancel()

    async def _dispatch(self, req: connlib.ConnlibRequest, after: set) -> None:
        spec = METHODS.get(req.command)
        try:
            if after:  # earlier requests naming the same items go first
                await asyncio.wait(after)
            if spec is None:
                await self.send(req.id, M.make(M.Response, status="INVALID_COMMAND", ts=self.ts()))
                return
            try:
                if spec.needs_auth and self.principal is None:
                    raise Fail("UNAUTHENTICATED")
                params = M.parse(spec.params, req.params)
                if spec.needs_auth:
                    await self._refresh_principal()
                if spec.subscription:
                    await spec.handler(self, params, req.id)
                    return
                if spec.stream:
                    async for answer in spec.handler(self, params, req.tail):
                        await self.send(req.id, answer)
                    await self.send(req.id, M.make(spec.answer, status="DONE", ts=self.ts()))
                    return
                result = await spec.handler(self, params, req.tail)
            except M.BadParams:
                result = M.error_answer(spec.answer, "INVALID_PARAMETERS", self.ts())
            except Fail as fail:
                result = M.error_answer(spec.answer, fail.status, self.ts())
            except StoreError as exc:
                result = M.error_answer(spec.answer, status_of(exc), self.ts())
            if isinstance(result, tuple):
                await self.send(req.id, result[0], result[1])
            else:
                await self.send(req.id, result)
            if spec.stream and result.get("status") != "OK":
                await self.send(req.id, M.make(spec.answer, status="DONE", ts=self.ts()))
        except (asyncio.CancelledError, ConnectionError):
            pass
        except Exception:
            log.exception("ConnLib %s failed", req.command)
            try:
                await self.send(req.id, M.error_answer(spec.answer, "INTERNAL_ERROR", self.ts()))
                if spec.stream:
                    await self.send(req.id, M.make(spec.answer, status="DONE", ts=self.ts()))
            except ConnectionError:
                pass

    # -- who is asking, and may they

    async def _refresh_principal(self) -> None:
        if self._groups_gen != self.server.groups_gen:
            self._groups_gen = self.server.groups_gen
            try:
                groups = await self.server.store.user_groups(self.principal.name)
            except UserNotFound:
                groups = []
            self.principal = A.Principal(self.principal.name, tuple(groups),
                                         self.principal.superuser)

    @property
    def user(self) -> str:
        return self.principal.name

    def require_superuser(self) -> None:
        if not self.principal.superuser:
            raise Fail("DENIED")

    async def bits(self, path: str) -> int:
        return await self.server.acls.bits_one(self.principal, path)

    async def require(self, path: str, bit: int) -> None:
        if not (await self.bits(path)) & bit:
            raise Fail("DENIED")

    async def require_tree(self, nodes: list, bit: int) -> None:
        bits = await self.server.acls.bits(self.principal, [n.path for n in nodes])
        if any(not b & bit for b in bits.values()):
            raise Fail("DENIED")

    async def view_one(self, path: str) -> int:
        """Bits on ``path``; DENIED unless the user may read or traverse it."""
        bits, traversable = (await self.server.acls.view(self.principal, [path]))[path]
        if not (bits & READ or traversable):
            raise Fail("DENIED")
        return bits

    # -- argument helpers

    @staticmethod
    def path_arg(raw: str) -> P.ClientPath:
        try:
            return P.normalize(raw)
        except P.InvalidPath:
            raise Fail("INVALID_URI") from None

    def at_version(self, at: dict) -> tuple[P.ClientPath, Optional[int]]:
        """A ``PathAtVersion``: the path and the checkpoint it is pinned to, if any.

        There is one branch, ``default`` (also named ""); others name nothing."""
        if at.get("branch", "") not in ("", DEFAULT_BRANCH):
            raise Fail(MISSING)
        return self.path_arg(at["path"]), at.get("checkpoint")

    def target(self, at: dict) -> P.ClientPath:
        """A path to change: the latest version; a checkpoint is read-only."""
        cp, checkpoint = self.at_version(at)
        if checkpoint is not None:
            raise Fail(PINNED)
        return cp

    async def existing(self, cp: P.ClientPath, checkpoint: Optional[int] = None) -> Node:
        if checkpoint is None:
            node = await self.server.store.get(cp.path)
        else:
            node = await self.server.store.at_checkpoint(cp.path, checkpoint)
        return self.named(cp, node)

    @staticmethod
    def named(cp: P.ClientPath, node: Optional[Node]) -> Node:
        """``node`` if it is what ``cp`` names (a folder-form path names only a folder)."""
        if node is None or (cp.folder_form and node.kind != FOLDER):
            raise Fail(MISSING)
        return node

    def publish(self, change) -> None:
        self.server.bus.publish(change.events)

    async def content(self, params: dict, tail: Optional[bytes]) -> BlobRef:
        if "content_id" in params:
            try:
                content_id = int(params["content_id"])
            except ValueError:
                raise Fail("INVALID_CONTENT_ID") from None
            try:
                return await self.server.uploads.take(content_id, self.user)
            except LftError as exc:
                raise Fail(exc.status) from None
        return await self.server.blobs.put(tail or b"")

    def lft_url(self, suffix: str) -> str:
        scheme = "https" if self.request.secure else "http"
        return f"{scheme}://{self.request.host}{LFT_PATH}{suffix}"

    async def write_asset(self, cp: P.ClientPath, params: dict, tail: Optional[bytes],
                          overwrite: bool) -> Node:
        if cp.is_root or cp.folder_form:
            raise Fail("INVALID_URI")
        await self.require(cp.path, WRITE)
        blob = await self.content(params, tail)
        change = await self.server.store.put_asset(cp.path, blob, self.user, overwrite,
                                                   params.get("message", ""))
        self.publish(change)
        return change.nodes[-1]

    async def read_answer(self, model: type, cp: P.ClientPath, checkpoint: Optional[int] = None,
                          **extra: Any):
        await self.require(cp.path, READ)
        node, content = await self.server.store.get_with_content(cp.path, checkpoint)
        if self.named(cp, node).kind != ASSET:
            raise Fail("NOT_ASSET")
        version = node.version if model is M.ReadAssetVersionResult else str(node.version)
        fields = dict(status="OK", ts=self.ts(), etag=str(node.version), size=node.size,
                      transaction_id=version, **_hash_fields(node), **extra)
        if self.server.settings.lft_threshold and node.size > self.server.settings.lft_threshold:
            ticket = self.server.downloads.ticket(node.blob, node.size, self.user)
            return M.make(model, uri_redirection=self.lft_url(f"/content/{ticket}"), **fields)
        if content is None:
            content = await self.server.blobs.read(node.blob)
        return M.make(model, **fields), content


# ---------------------------------------------------------------------------
# Session setup and server features


@method("authorize_token", M.AuthorizeTokenParams, M.Auth, needs_auth=False)
async def authorize_token(s: Session, p: dict, tail):
    server = s.server
    user = await server.accounts.user_for_access_token(p["token"])
    if user is None:
        raise Fail("DENIED")
    groups = await server.store.user_groups(user.name)
    s.principal = A.Principal(user.name, tuple(groups), user.admin)
    s._groups_gen = server.groups_gen
    if s.token is not None:
        server.sessions.pop(s.token, None)
    s.token = server.new_session_token()
    server.sessions[s.token] = s
    st = server.settings
    signature = hmac.new(server.secret, s.connection_id.encode(), hashlib.sha256).hexdigest()
    return M.make(
        M.Auth, status="OK", server_capabilities=SERVER_CAPABILITIES, ts=s.ts(),
        version=PROTOCOL_VERSION, username=user.name, token=s.token,
        connection_id=s.connection_id, connection_id_signature=signature,
        max_chunk_size=st.max_chunk_size, lft_address=s.lft_url("") if st.lft_threshold else None,
        lft_threshold=st.lft_threshold or None, super_user=user.admin,
        multipart_chunk_size=st.multipart_chunk_size, max_in_flight_requests=st.max_in_flight)


@method("ping", M.PingParams, M.PingResponse, needs_auth=False)
async def ping(s: Session, p: dict, tail):
    received = time.time_ns() // 1000
    ts = {k: int(v) for k, v in p.get("ts", {}).items() if k == "omni_client_out_ts"}
    ts["omni_server_in_ts"] = received
    ts["omni_server_out_ts"] = time.time_ns() // 1000
    return M.make(M.PingResponse, status="OK", ts=ts, version=PROTOCOL_VERSION)


@method("set_user_agent", M.SetUserAgentParams, M.Response)
async def set_user_agent(s: Session, p: dict, tail):
    return M.make(M.Response, status="OK", ts=s.ts())


@method("omni_objects2", M.NoParams, M.OmniObjects2Response)
async def omni_objects2(s: Session, p: dict, tail):
    return M.make(M.OmniObjects2Response, status="NOT_IMPLEMENTED")


@method("versioning", M.NoParams, M.VersioningResponse)
async def versioning(s: Session, p: dict, tail):
    return M.make(M.VersioningResponse, status="OK", enabled=True)


# ---------------------------------------------------------------------------
# Reading the tree


@method("stat2", M.PathParams, M.Stat2Result)
async def stat2(s: Session, p: dict, tail):
    cp, checkpoint = s.at_version(p["path"])
    bits = await s.view_one(cp.path)
    node = await s.existing(cp, checkpoint)
    return M.make(M.Stat2Result, status="OK", ts=s.ts(), checkpointed=node.checkpointed,
                  **_item_fields(node, bits))


async def _visible_children(s: Session, folder: P.ClientPath) -> list:
    """``(node, bits)`` of the children of ``folder`` the user may see."""
    await s.view_one(folder.path)
    node = await s.existing(folder)
    if node.kind != FOLDER:
        raise Fail(MISSING)
    children = await s.server.store.children(node.path)
    view = await s.server.acls.view(s.principal, [c.path for c in children])
    return [(c, view[c.path][0]) for c in children
            if view[c.path][0] & READ or view[c.path][1]]


LIST_BATCH = 500


def _batches(s: Session, model: type, entries: list):
    """A listing's answers: entries in batches (one answer, maybe empty, at least)."""
    for i in range(0, max(len(entries), 1), LIST_BATCH):
        yield M.make(model, status="OK", ts=s.ts(), entries=entries[i:i + LIST_BATCH])


def _kinds(p: dict) -> set:
    return set(p.get("path_types") or ()) - {"none"}


@method("list2", M.List2Params, M.List2Response, stream=True)
async def list2(s: Session, p: dict, tail):
    if p.get("branches") and any(b not in ("", DEFAULT_BRANCH) for b in p["branches"]):
        raise Fail(MISSING)
    visible = await _visible_children(s, s.path_arg(p["path"]))
    wanted = _kinds(p)
    for answer in _batches(s, M.List2Response, [list2_entry(node, bits) for node, bits in visible
                                                if not wanted or node.kind in wanted]):
        yield answer


@method("list_deleted", M.ListDeletedParams, M.ListDeletedResponse, stream=True)
async def list_deleted(s: Session, p: dict, tail):
    """Our extension: the items in the trash whose parent is ``path`` (the folder itself
    may be deleted), each as last deleted (what ``undelete`` brings back), shown to users
    who may read it."""
    folder = s.path_arg(p["path"])
    await s.view_one(folder.path)
    latest = {node.path: node for node in await s.server.store.deleted(folder.path)}
    if not latest and await s.server.store.get(folder.path) is None:
        raise Fail(MISSING)
    wanted = _kinds(p)
    nodes = [n for n in latest.values() if not wanted or n.kind in wanted]
    bits = await s.server.acls.bits(s.principal, [n.path for n in nodes])
    entries = [list2_entry(n, bits[n.path], deleted_by=n.deleted_by,
                           deleted_timestamp=_seconds(n.deleted_us), model=M.DeletedPathEntry)
               for n in nodes if bits[n.path] & READ]
    for answer in _batches(s, M.ListDeletedResponse, entries):
        yield answer


@method("list", M.ListParams, M.Path, stream=True)
async def list_legacy(s: Session, p: dict, tail):
    pending = [s.path_arg(p["uri"])]
    while pending:
        folder = pending.pop()
        for node, bits in await _visible_children(s, folder):
            yield M.make(M.Path, status="OK", ts=s.ts(), **_item_fields(node, bits))
            if p.get("recursive") and node.kind == FOLDER:
                pending.append(P.ClientPath(node.path, True))


async def _next_event(s: Session, sub, req_id: int, answer: type):
    """The next event of a bus subscription; None (after telling the client DONE) when
    the subscriber fell too far behind."""
    if not sub.queue.empty():  # events already waiting: no need to wait (the usual case in a burst)
        return sub.queue.get_nowait()
    get = asyncio.ensure_future(sub.queue.get())
    overflow = asyncio.ensure_future(sub.overflowed.wait())
    try:
        done, _ = await asyncio.wait({get, overflow}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        get.cancel()
        overflow.cancel()
    if get not in done:
        await s.send(req_id, M.make(answer, status="DONE", ts=s.ts()))
        return None
    return get.result()


@method("subscribe_list", M.BranchPathParams, M.SubscribeListResponse, subscription=True)
async def subscribe_list(s: Session, p: dict, req_id: int):
    """Runs until the client stops it; sends one answer per change in the folder."""
    cp = s.target(p["path"])
    bus = s.server.bus
    # registered before the first await: changes asked for later on this connection
    # are reported (events the user may not see are filtered below)
    sub = bus.subscribe(cp.path)
    try:
        await s.view_one(cp.path)
        while True:
            event = await _next_event(s, sub, req_id, M.SubscribeListResponse)
            if event is None:
                return
            shown = event.destination or event.path
            bits, traversable = await s.server.acls.view_shared(s.principal, shown, event.seq)
            # a deletion is told to every subscriber (what was deleted has no ACL left)
            if event.kind != "delete" and not (bits & READ or traversable):
                continue
            extra = {"destination": event.destination} if event.destination else {}
            # a rename is told as the old path with the new one as destination
            node = dataclasses.replace(event.node, path=event.path)
            await s.send(req_id, M.make(M.SubscribeListResponse, status="OK", ts=s.ts(),
                                        event=event.kind, entry=list2_entry(node, bits, **extra)))
    finally:
        bus.unsubscribe(sub)


@method("subscribe_read_asset", M.SubscribeReadAssetParams, M.SubscribeReadAssetResult,
        subscription=True)
async def subscribe_read_asset(s: Session, p: dict, req_id: int):
    """The file's content now (unless the client has ``etag``) and after every change;
    the subscription ends with the file (a deletion or move is told as INVALID_URI)."""
    cp = s.target(p["path"])
    sub = s.server.bus.subscribe(P.parent_of(cp.path))
    try:
        have = p.get("etag")
        while True:
            try:
                answer = await s.read_answer(M.SubscribeReadAssetResult, cp)
            except Fail as fail:
                await s.send(req_id, M.error_answer(M.SubscribeReadAssetResult, fail.status,
                                                    s.ts()))
                return
            head, tail = answer if isinstance(answer, tuple) else (answer, None)
            if head["etag"] != have:
                await s.send(req_id, head, tail)
                have = head["etag"]
            while True:
                event = await _next_event(s, sub, req_id, M.SubscribeReadAssetResult)
                if event is None:
                    return
                if event.path == cp.path and event.kind != "change_acl":
                    break
    finally:
        s.server.bus.unsubscribe(sub)


@method("subscribe_server_notifications", M.NoParams, M.ServerNotificationResponse,
        subscription=True)
async def subscribe_server_notifications(s: Session, p: dict, req_id: int):
    queue: asyncio.Queue = asyncio.Queue(QUEUE_LIMIT)
    s.server.notifications.add(queue)
    try:
        while True:
            level, text = await queue.get()
            await s.send(req_id, M.make(M.ServerNotificationResponse, status="OK", ts=s.ts(),
                                        level=level, notification=text))
    finally:
        s.server.notifications.discard(queue)


@method("get_mount_info", M.NoParams, M.MountsInfo)
async def get_mount_info(s: Session, p: dict, tail):
    return M.make(M.MountsInfo, status="OK", ts=s.ts(), mounts=[])


@method("read_asset_version", M.ReadAssetVersionParams, M.ReadAssetVersionResult)
async def read_asset_version(s: Session, p: dict, tail):
    return await s.read_answer(M.ReadAssetVersionResult, *s.at_version(p["path"]))


@method("read", M.ReadParams, M.ReadResult)
async def read_legacy(s: Session, p: dict, tail):
    cp = s.path_arg(p["uri"])
    return await s.read_answer(M.ReadResult, cp, uri=cp.path)


# ---------------------------------------------------------------------------
# Writing


@method("create", M.CreateParams, M.UploadResult)
async def create_legacy(s: Session, p: dict, tail):
    cp = s.path_arg(p["uri"])
    kind = p.get("type", 1)
    if kind == 2:
        if cp.is_root:
            raise Fail("ALREADY_EXISTS")
        await s.require(cp.path, WRITE)
        change = await s.server.store.make_folder(cp.path, s.user, parents=True)
        s.publish(change)
        node = change.nodes[-1]
        return M.make(M.UploadResult, status="OK", ts=s.ts(), uri=node.path,
                      etag=str(node.version), type=FOLDER, transaction_id=str(node.version))
    if kind not in (0, 1):
        raise Fail("NOT_IMPLEMENTED")
    node = await s.write_asset(cp, p, tail, overwrite=p.get("overwrite", False))
    return M.make(M.UploadResult, status="OK", ts=s.ts(), uri=node.path, etag=str(node.version),
                  type=ASSET, transaction_id=str(node.version), **_hash_fields(node))


@method("create_directory", M.BranchPathParams, M.CreateDirectoryResult)
async def create_directory(s: Session, p: dict, tail):
    cp = s.target(p["path"])
    if cp.is_root:
        raise Fail("ALREADY_EXISTS")
    await s.require(cp.path, WRITE)
    if await s.server.store.get(cp.path) is not None:  # the usual case: the client sends
        raise Fail("ALREADY_EXISTS")                    # this before every write_file
    s.publish(await s.server.store.make_folder(cp.path, s.user, parents=True))
    return M.make(M.CreateDirectoryResult, status="OK", ts=s.ts())


@method("create_asset", M.CreateAssetParams, M.CreateAssetResult)
async def create_asset(s: Session, p: dict, tail):
    node = await s.write_asset(s.target(p["path"]), p, tail, overwrite=p.get("overwrite", False))
    return _write_answer(M.CreateAssetResult, node, s.ts())


async def _updatable(s: Session, p: dict) -> tuple[P.ClientPath, Node]:
    """The existing file an ``update_asset*`` names, at the ``etag`` given (if any)."""
    cp = s.target(p["path"])
    await s.require(cp.path, WRITE)
    node = await s.existing(cp)
    if node.kind != ASSET:
        raise Fail("NOT_ASSET")
    if p.get("etag") not in (None, "", str(node.version)):
        raise Fail("INVALID_ETAG")
    return cp, node


def _delta_offset(delta: str, size: int) -> int:
    """Where a delta update writes its content.  The IDL leaves ``delta`` a plain string;
    ours are ``append`` (at the end) and ``range:<offset>`` (0 <= offset <= size)."""
    if delta == "append":
        return size
    number = delta[len("range:"):] if delta.startswith("range:") else ""
    if not (number.isascii() and number.isdigit() and len(number) <= 20):
        raise Fail("NOT_IMPLEMENTED")
    if int(number) > size:
        raise Fail("INVALID_PARAMETERS")
    return int(number)


async def _apply_delta(s: Session, node: Node, p: dict, tail: Optional[bytes]) -> Node:
    """A delta update: the new version is the current one with the request's (inline)
    content written into it; told to subscribers as ``delta``."""
    if "content_id" in p:
        raise Fail("NOT_IMPLEMENTED")  # deltas are small: inline only
    data = tail or b""
    offset = _delta_offset(p["delta"], node.size)
    if offset + len(data) > s.server.settings.max_file_size:
        raise Fail("INVALID_PARAMETERS")
    base = await s.server.store.inline_content(node.blob) if node.size <= INLINE_MAX else None
    if base is None:
        blob = await s.server.blobs.patch(node.blob, offset, data)
    else:  # small: patched in memory (at most INLINE_MAX plus the request's own content)
        gap = bytes(max(0, offset - len(base)))
        blob = await s.server.blobs.put(base[:offset] + gap + data + base[offset + len(data):])
    try:  # only onto the version the delta was made for
        change = await s.server.store.put_asset(node.path, blob, s.user, True,
                                                p.get("message", ""), base=node.version,
                                                event="delta")
    except Conflict:
        raise Fail("INVALID_ETAG") from None
    s.publish(change)
    return change.nodes[-1]


@method("update_asset", M.UpdateAssetParams, M.UpdateAssetResult)
async def update_asset(s: Session, p: dict, tail):
    cp, node = await _updatable(s, p)
    if p.get("delta"):
        node = await _apply_delta(s, node, p, tail)
    else:
        node = await s.write_asset(cp, p, tail, overwrite=True)
    return _write_answer(M.UpdateAssetResult, node, s.ts())


async def _write_known(s: Session, cp: P.ClientPath, p: dict, overwrite: bool) -> Node:
    """Name content the server already holds, given by its hash: our hashes are SHA-256 of
    the whole content (``hash_bsize`` = its size).  Unknown content: NOT_EXIST."""
    if cp.is_root or cp.folder_form:
        raise Fail("INVALID_URI")
    await s.require(cp.path, WRITE)
    blob = None
    if p["hash_type"].lower() == "sha256":
        sha = p["hash_value"].lower()
        kept = await s.server.store.inline_content(sha)
        # small content the store keeps goes along: stored again should GC remove it meanwhile
        blob = (BlobRef(sha, len(kept), inline=kept) if kept is not None
                else await s.server.blobs.exists(sha))
    if blob is None or blob.size != p["hash_bsize"]:
        raise Fail(BATCH_MISSING)
    change = await s.server.store.put_asset(cp.path, blob, s.user, overwrite,
                                            p.get("message", ""))
    s.publish(change)
    return change.nodes[-1]


@method("create_asset_with_hash", M.CreateAssetWithHashParams, M.CreateAssetWithHashResult)
async def create_asset_with_hash(s: Session, p: dict, tail):
    node = await _write_known(s, s.target(p["path"]), p, p.get("overwrite", False))
    return _write_answer(M.CreateAssetWithHashResult, node, s.ts())


@method("update_asset_with_hash", M.UpdateAssetWithHashParams, M.UpdateAssetWithHashResult)
async def update_asset_with_hash(s: Session, p: dict, tail):
    if p.get("delta"):  # a hash names whole content
        raise Fail("NOT_IMPLEMENTED")
    node = await _write_known(s, (await _updatable(s, p))[0], p, overwrite=True)
    return _write_answer(M.UpdateAssetWithHashResult, node, s.ts())


async def _delete(s: Session, cp: P.ClientPath, recursive: bool):
    if cp.is_root:
        raise Fail("DENIED")
    await s.require(cp.path, WRITE)
    node = await s.existing(cp)
    if recursive:
        await s.require_tree(await s.server.store.subtree(node.path), WRITE)
    change = await s.server.store.delete(node.path, recursive, s.user)
    s.publish(change)
    return change


@method("delete", M.UriParams, M.DeletedPath, stream=True)
async def delete_legacy(s: Session, p: dict, tail):
    change = await _delete(s, s.path_arg(p["uri"]), recursive=True)
    for node in reversed(change.nodes):  # the item first, then what was inside it
        yield M.make(M.DeletedPath, status="OK", ts=s.ts(), uri=node.path, type=node.kind,
                     transaction_id=str(node.version))


async def _batch(s: Session, items: list, key: Callable, run: Callable) -> list:
    """Run ``run(item)`` once per distinct ``key(item)``; one status per item.

    The original client names one item twice, in file form and in folder form
    (``a`` and ``a/``), and decides from the last answer: both get the status of
    the one operation.
    """
    done: Dict[Any, str] = {}
    out = []
    for item in items:
        try:
            k = key(item)
        except Fail as fail:
            out.append(fail.status)
            continue
        if k not in done:
            try:
                await run(item)
                done[k] = "OK"
            except Fail as fail:
                done[k] = fail.status
            except StoreError as exc:
                done[k] = status_of(exc)
            if done[k] == MISSING:
                done[k] = BATCH_MISSING
        out.append(done[k])
    return out


@method("delete2", M.Delete2Params, M.Delete2Response)
async def delete2(s: Session, p: dict, tail):
    async def run(at):
        await _delete(s, s.target(at), recursive=False)
    statuses = await _batch(s, p["paths_to_delete"], lambda at: s.target(at).path, run)
    return M.make(M.Delete2Response, status=_sole(statuses), ts=s.ts(), responses=statuses)


async def _copy(s: Session, src: P.ClientPath, dst: P.ClientPath, message: str = ""):
    if dst.is_root:
        raise Fail("ALREADY_EXISTS")
    await s.require(src.path, READ)
    node = await s.existing(src)
    await s.require_tree(await s.server.store.subtree(node.path), READ)
    await s.require(dst.path, WRITE)
    change = await s.server.store.copy(node.path, dst.path, s.user, overwrite=True,
                                       message=message)
    s.publish(change)
    return change


async def _move(s: Session, src: P.ClientPath, dst: P.ClientPath):
    if src.is_root or dst.is_root:
        raise Fail("DENIED")
    await s.require(src.path, WRITE)
    node = await s.existing(src)
    await s.require_tree(await s.server.store.subtree(node.path), WRITE)
    await s.require(dst.path, WRITE)
    change = await s.server.store.move(node.path, dst.path, s.user)
    s.publish(change)
    return change


@method("copy2", M.Copy2Params, M.Copy2Response)
async def copy2(s: Session, p: dict, tail):
    def key(pair):
        return s.target(pair["src"]).path, s.target(pair["dst"]).path

    async def run(pair):
        await _copy(s, s.target(pair["src"]), s.target(pair["dst"]), pair.get("message", ""))
    statuses = await _batch(s, p["paths_to_copy"], key, run)
    return M.make(M.Copy2Response, status=_sole(statuses), ts=s.ts(), responses=statuses)


@method("copy", M.CopyParams, M.CopyResult)
async def copy_legacy(s: Session, p: dict, tail):
    change = await _copy(s, s.path_arg(p["uri"]), s.path_arg(p["to"]))
    top = change.nodes[-1] if change.nodes else None
    return M.make(M.CopyResult, status="OK", ts=s.ts(), uri=s.path_arg(p["to"]).path,
                  transaction_id=str(top.version) if top else None,
                  num_copied=str(len(change.nodes)))


async def _moves(s: Session, pairs: list, ends: Callable) -> dict:
    """``rename2`` and the legacy ``rename``: ``ends(pair)`` gives source and destination."""
    def key(pair):
        return tuple(cp.path for cp in ends(pair))

    async def run(pair):
        await _move(s, *ends(pair))
    statuses = await _batch(s, pairs, key, run)
    return M.make(M.MoveResponse, status=_sole(statuses), ts=s.ts(), responses=statuses)


@method("rename2", M.Rename2Params, M.MoveResponse)
async def rename2(s: Session, p: dict, tail):
    return await _moves(s, p["paths_to_rename"],
                        lambda pair: (s.target(pair["src"]), s.target(pair["dst"])))


@method("rename", M.RenameParams, M.MoveResponse)
async def rename_legacy(s: Session, p: dict, tail):
    if p.get("branch", "") not in ("", DEFAULT_BRANCH):
        raise Fail(MISSING)
    return await _moves(s, p["source_and_destination"],
                        lambda pair: (s.path_arg(pair["key"]), s.path_arg(pair["value"])))


# ---------------------------------------------------------------------------
# Path options: authors and times of an item (set by administrators of it, e.g. when
# migrating content; the item keeps its version)

LAST_SECOND = 253402300799  # 9999-12-31T23:59:59Z


def _seconds_us(seconds: Optional[int]) -> Optional[int]:
    if seconds is None:
        return None
    if not 0 <= seconds <= LAST_SECOND:
        raise Fail("INVALID_PARAMETERS")
    return seconds * 1_000_000


def _date_us(text: Optional[str]) -> Optional[int]:
    """An ISO 8601 date (UTC unless it says otherwise), in microseconds."""
    if text is None:
        return None
    try:
        t = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        raise Fail("INVALID_PARAMETERS") from None
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    us = (t - EPOCH) // timedelta(microseconds=1)
    _seconds_us(us // 1_000_000)  # in range
    return us


async def _set_options(s: Session, at: dict, p: dict, created_us: Optional[int],
                       modified_us: Optional[int]):
    cp = s.target(at)
    await s.require(cp.path, ADMIN)
    await s.existing(cp)
    authors = {k: _client_name(p[k]) for k in ("created_by", "modified_by") if k in p}
    s.publish(await s.server.store.set_options(cp.path, authors.get("created_by"),
                                               authors.get("modified_by"), created_us,
                                               modified_us))
    return M.make(M.SetPathOptionsResult, status="OK", ts=s.ts())


@method("set_path_options", M.SetPathOptionsParams, M.SetPathOptionsResult)
async def set_path_options(s: Session, p: dict, tail):
    at = {"path": p["uri"], **{k: p[k] for k in ("branch", "checkpoint") if k in p}}
    return await _set_options(s, at, p, _date_us(p.get("created")), _date_us(p.get("modified")))


@method("set_path_options2", M.SetPathOptions2Params, M.SetPathOptionsResult)
async def set_path_options2(s: Session, p: dict, tail):
    return await _set_options(s, p, p, _seconds_us(p.get("created")),
                              _seconds_us(p.get("modified")))


# ---------------------------------------------------------------------------
# Locks: per user, kept across connections until unlocked or expired (see protocol.md)

DEFAULT_LOCK_S = 315360000  # what the original client asks for: ten years


def _lock_path(s: Session, p: dict) -> P.ClientPath:
    if p.get("branch", "") not in ("", DEFAULT_BRANCH):
        raise Fail(MISSING)
    cp = s.path_arg(p["uri"])
    if cp.is_root or cp.folder_form:
        raise Fail("NOT_ASSET")
    return cp


@method("lock", M.LockParams, M.LockResult)
async def lock(s: Session, p: dict, tail):
    cp = _lock_path(s, p)
    await s.require(cp.path, WRITE)
    node = await s.existing(cp)
    if node.kind != ASSET:
        raise Fail("NOT_ASSET")
    duration = p.get("duration") or DEFAULT_LOCK_S
    if not 0 < duration <= DEFAULT_LOCK_S * 10:
        raise Fail("INVALID_PARAMETERS")
    try:
        change = await s.server.store.lock(cp.path, s.user, p.get("etag", "0"), float(duration))
    except Conflict:
        raise Fail("INVALID_ETAG") from None
    s.publish(change)
    return M.make(M.LockResult, status="OK", ts=s.ts(), etag=change.nodes[0].lock.etag,
                  uri=cp.path)


@method("unlock", M.UnlockParams, M.UnlockResult)
async def unlock(s: Session, p: dict, tail):
    cp = _lock_path(s, p)
    await s.require(cp.path, WRITE)
    force = p.get("force", False)
    if force:
        s.require_superuser()
    change = await s.server.store.unlock(cp.path, s.user, force)
    s.publish(change)
    return M.make(M.UnlockResult, status="OK", ts=s.ts(), etag=str(change.nodes[0].version),
                  uri=cp.path)


# ---------------------------------------------------------------------------
# The trash: our extensions (the IDL has UndeleteResponse and ObliterateResponse
# but no methods; the original client never sends these, see protocol.md)


@method("undelete", M.UndeleteParams, M.UndeleteResponse)
async def undelete(s: Session, p: dict, tail):
    cp = s.target(p["path"])
    if cp.is_root:
        raise Fail("ALREADY_EXISTS")
    await s.require(cp.path, WRITE)
    change = await s.server.store.undelete(cp.path, s.user)
    s.publish(change)
    return M.make(M.UndeleteResponse, status="OK", ts=s.ts(),
                  transaction_ids=[n.version for n in change.nodes])


@method("obliterate", M.ObliterateParams, M.ObliterateResponse)
async def obliterate(s: Session, p: dict, tail):
    async def run(at):
        cp = s.target(at)
        if cp.is_root:
            raise Fail("DENIED")
        await s.require(cp.path, WRITE)
        await s.require_tree(await s.server.store.subtree(cp.path), WRITE)
        s.publish(await s.server.store.obliterate(cp.path))
        return "OK"
    statuses = await _per_path(s, p["paths"], run,
                               lambda st: BATCH_MISSING if st == MISSING else st)
    if "OK" in statuses:
        await s.server.collect_garbage()
    return M.make(M.ObliterateResponse, status=_sole(statuses), ts=s.ts(), responses=statuses)


# ---------------------------------------------------------------------------
# Versions and checkpoints


@method("checkpoint_version", M.CheckpointVersionParams, M.CheckpointVersionResponse)
async def checkpoint_version(s: Session, p: dict, tail):
    cp = s.target(p["path"])
    await s.require(cp.path, WRITE)
    if cp.folder_form:  # names a folder, if anything
        s.named(cp, await s.server.store.get(cp.path))
        raise Fail("NOT_ASSET")
    try:  # (the store looks the file up itself: one trip for the checkpoint after each write)
        number, change = await s.server.store.checkpoint(cp.path, s.user, p.get("message", ""),
                                                         p.get("force", False))
    except WrongType:
        raise Fail("NOT_ASSET") from None
    s.publish(change)
    return M.make(M.CheckpointVersionResponse, status="OK", ts=s.ts(), path=cp.path,
                  branch=DEFAULT_BRANCH, checkpoint=number)


@method("get_checkpoints", M.BranchPathParams, M.GetCheckpointsResponse)
async def get_checkpoints(s: Session, p: dict, tail):
    cp = s.target(p["path"])
    await s.require(cp.path, READ)
    node = await s.existing(cp)
    checkpoints = [M.make(M.Checkpoint, status="OK", checkpoint_id=c.id, message=c.message)
                   for c in await s.server.store.checkpoints(node.path)]
    return M.make(M.GetCheckpointsResponse, status="OK", checkpoints=checkpoints)


@method("get_branches", M.GetBranchesParams, M.GetBranchesResponse)
async def get_branches(s: Session, p: dict, tail):
    cp = s.path_arg(p["path"])
    await s.view_one(cp.path)
    await s.existing(cp)
    return M.make(M.GetBranchesResponse, status="OK", branches=[DEFAULT_BRANCH])


@method("replace_version", M.ReplaceVersionParams, M.Response)
async def replace_version(s: Session, p: dict, tail):
    src, checkpoint = s.at_version(p["src_path"])
    dst = s.target(p["dst_path"])
    await s.require(src.path, READ)
    await s.require(dst.path, WRITE)
    current = await s.server.store.get(dst.path)
    if current is not None and current.kind != ASSET:
        raise Fail("NOT_ASSET")
    if checkpoint is None:  # the latest version of src: the same as a copy
        await _copy(s, src, dst, p.get("message", ""))
    else:
        s.publish(await s.server.store.restore(src.path, checkpoint, dst.path, s.user,
                                               p.get("message", "")))
    return M.make(M.Response, status="OK", ts=s.ts())


# ---------------------------------------------------------------------------
# ACLs


def _names_map(acl: dict) -> dict:
    return {principal: A.to_names(bits) for principal, bits in acl.items()}


def _bits_map(acl: dict) -> dict:
    try:
        return {principal: A.from_names(names) for principal, names in acl.items()}
    except KeyError:
        raise Fail("INVALID_PARAMETERS") from None


@method("get_acl", M.UriParams, M.ACLResult)
async def get_acl(s: Session, p: dict, tail):
    cp = s.path_arg(p["uri"])
    await s.require(cp.path, READ)
    await s.existing(cp)
    resolved = await s.server.acls.resolved(cp.path)
    acl = {name: A.to_names(bits) for name, (bits, _) in resolved.items() if bits}
    return M.make(M.ACLResult, status="OK", ts=s.ts(), acl=acl)


async def _set_exact(s: Session, cp: P.ClientPath, acl: dict) -> None:
    """Make ``acl`` exactly the ACL in force at ``cp``: given entries become explicit, and
    principals that would still inherit something are explicitly revoked."""
    await s.require(cp.path, ADMIN)
    await s.existing(cp)
    wanted = _bits_map(acl)
    for name, (bits, _) in (await s.server.acls.resolved(cp.path)).items():
        wanted.setdefault(name, 0)
    s.publish(await s.server.store.set_acl(cp.path, wanted))


@method("change_acl", M.ChangeAclParams, M.ResponseWithUri)
async def change_acl(s: Session, p: dict, tail):
    cp = s.path_arg(p["uri"])
    await _set_exact(s, cp, p["acl"])
    return M.make(M.ResponseWithUri, status="OK", ts=s.ts(), uri=cp.path)


async def _per_path(s: Session, items: list, run: Callable, answer: Callable) -> list:
    out = []
    for item in items:
        try:
            out.append(await run(item))
        except Fail as fail:
            out.append(answer(fail.status))
        except StoreError as exc:
            out.append(answer(status_of(exc)))
    return out


async def _acl_batch(s: Session, p: dict, model: type, one: type, acl_of: Callable):
    """``get_acl_v2`` and ``get_acl_resolved``: ``acl_of(path)`` per readable item."""
    async def run(at):
        cp = s.at_version(at)[0]  # ACLs are the same for every version
        await s.require(cp.path, READ)
        await s.existing(cp)
        return M.make(one, status="OK", acl=await acl_of(cp.path))
    responses = await _per_path(s, p["paths"], run, lambda st: M.make(one, status=st))
    return M.make(model, status="OK", ts=s.ts(), responses=responses)


@method("get_acl_v2", M.PathsParams, M.GetACLResponses)
async def get_acl_v2(s: Session, p: dict, tail):
    async def explicit(path):
        return _names_map((await s.server.store.acls([path])).get(path, {}))
    return await _acl_batch(s, p, M.GetACLResponses, M.GetACLResponse, explicit)


@method("get_acl_resolved", M.PathsParams, M.GetACLResolvedResponses)
async def get_acl_resolved(s: Session, p: dict, tail):
    async def resolved(path):
        return {name: M.make(M.ACLAtLevelValue, acl=A.to_names(bits), path=level)
                for name, (bits, level) in (await s.server.acls.resolved(path)).items()}
    return await _acl_batch(s, p, M.GetACLResolvedResponses, M.GetACLResolvedResponse, resolved)


@method("set_acl_v2", M.SetAclV2Params, M.SetACLResponse)
async def set_acl_v2(s: Session, p: dict, tail):
    async def run(pair):
        cp = s.target(pair["path_at_version"])
        await s.require(cp.path, ADMIN)
        await s.existing(cp)
        s.publish(await s.server.store.set_acl(cp.path, _bits_map(pair["acl"])))
        return "OK"
    statuses = await _per_path(s, p["path_and_acls"], run, lambda st: st)
    return M.make(M.SetACLResponse, status=_sole(statuses), ts=s.ts(), pathStatuses=statuses)


# ---------------------------------------------------------------------------
# Users and groups


def _client_name(name: str) -> str:
    """A user or group name given by a client."""
    if not name or len(name) > 128 or any(ord(c) < 0x20 for c in name):
        raise Fail("INVALID_PARAMETERS")
    return name


def _all_of(kind: str, model: type) -> Callable:
    """``get_users`` / ``get_groups``: every name, as ``store.users()`` / ``store.groups()``."""
    async def handler(s: Session, p: dict, tail):
        names = await getattr(s.server.store, kind)()
        return M.make(model, status="OK", ts=s.ts(), **{kind: names})
    return handler


for _command, _kind, _model in (("get_users", "users", M.UserList),
                                ("get_groups", "groups", M.GroupList)):
    method(_command, M.NoParams, _model)(_all_of(_kind, _model))


@method("get_group_users", M.GroupParams, M.GetGroupUsersResponse)
async def get_group_users(s: Session, p: dict, tail):
    users = await s.server.store.group_members(p["group_name"])
    return M.make(M.GetGroupUsersResponse, status="OK", ts=s.ts(), group=p["group_name"],
                  users=users)


@method("get_user_groups", M.UserParams, M.GetUserGroupsResponse)
async def get_user_groups(s: Session, p: dict, tail):
    groups = await s.server.store.user_groups(p["username"])
    return M.make(M.GetUserGroupsResponse, status="OK", ts=s.ts(), username=p["username"],
                  groups=groups)


def _groups_changed(s: Session) -> None:
    s.server.groups_gen += 1


@method("create_group", M.GroupParams, M.CreateGroupResponse)
async def create_group(s: Session, p: dict, tail):
    s.require_superuser()
    try:
        await s.server.store.create_group(_client_name(p["group_name"]))
    except AlreadyExists:
        raise Fail("GROUP_ALREADY_EXISTS") from None
    return M.make(M.CreateGroupResponse, status="OK", ts=s.ts(), group=p["group_name"])


@method("rename_group", M.RenameGroupParams, M.RenameGroupResponse)
async def rename_group(s: Session, p: dict, tail):
    s.require_superuser()
    try:
        await s.server.store.rename_group(p["group_name"], _client_name(p["new_group_name"]))
    except AlreadyExists:
        raise Fail("GROUP_ALREADY_EXISTS") from None
    _groups_changed(s)
    return M.make(M.RenameGroupResponse, status="OK", ts=s.ts(), group=p["group_name"],
                  new_group=p["new_group_name"])


@method("remove_group", M.GroupParams, M.RemoveGroupResponse)
async def remove_group(s: Session, p: dict, tail):
    s.require_superuser()
    changed = await s.server.store.remove_group(p["group_name"])
    _groups_changed(s)
    return M.make(M.RemoveGroupResponse, status="OK", ts=s.ts(), group=p["group_name"],
                  change_count=changed)


def _membership(change: str, model: type) -> Callable:
    """``add_user_to_group`` / ``remove_user_from_group``: ``store.<change>(group, user)``."""
    async def handler(s: Session, p: dict, tail):
        s.require_superuser()
        await getattr(s.server.store, change)(p["group_name"], p["username"])
        _groups_changed(s)
        return M.make(model, status="OK", ts=s.ts(), username=p["username"],
                      group=p["group_name"])
    return handler


for _command, _change, _model in (
        ("add_user_to_group", "add_member", M.AddUserToGroupResponse),
        ("remove_user_from_group", "remove_member", M.RemoveUserFromGroupResponse)):
    method(_command, M.UserGroupParams, _model)(_membership(_change, _model))


# Methods the original client requires a server to list before it connects.  We
# list them and answer NOT_IMPLEMENTED (part 2 of the server brings most of them).
NOT_IMPLEMENTED = {
    "auth": (2, M.Auth),
    "create_object": (0, M.CreateObjectResult),
    "read_object_version": (0, M.ReadObjectVersionResult),
    "subscribe_read_object": (1, M.SubscribeReadObjectResult),
    "update": (1, M.UploadResult), "update_object": (0, M.UpdateObjectResult),
}


async def _not_implemented(s: Session, p: dict, tail):
    raise Fail("NOT_IMPLEMENTED")


for _command, (_version, _model) in NOT_IMPLEMENTED.items():
    method(_command, M.NoParams, _model)(_not_implemented)

# What we tell the client we implement: method -> version of its IDL contract.
SERVER_CAPABILITIES = {
    **{name: version for name, (version, _) in NOT_IMPLEMENTED.items()},
    "authorize_token": 4, "ping": 0, "set_user_agent": 0, "stat2": 2, "list": 5, "list2": 5,
    "subscribe_list": 4, "create": 2, "create_directory": 1, "create_asset": 2, "update_asset": 2,
    "create_asset_with_hash": 2, "update_asset_with_hash": 2, "set_path_options": 1,
    "set_path_options2": 0, "read": 2, "read_asset_version": 0, "delete": 0, "delete2": 1,
    "copy": 2, "copy2": 2, "rename": 2, "rename2": 1, "get_acl": 0, "change_acl": 0,
    "get_acl_v2": 0, "set_acl_v2": 0, "get_acl_resolved": 0, "undelete": 0, "obliterate": 0,
    "list_deleted": 0, "lock": 3, "unlock": 2, "subscribe_read_asset": 2,
    "subscribe_server_notifications": 0, "get_mount_info": 0, "checkpoint_version": 2,
    "get_checkpoints": 1, "get_branches": 1, "replace_version": 1, "get_users": 0, "get_groups": 0,
    "get_group_users": 0, "get_user_groups": 0, "create_group": 0, "rename_group": 0,
    "remove_group": 0, "add_user_to_group": 0, "remove_user_from_group": 0,
}


async def handle(request: web.Request) -> web.WebSocketResponse:
    server = request.app["server"]
    ws = web.WebSocketResponse(max_msg_size=server.settings.max_chunk_size + (1 << 20),
                               heartbeat=None)
    await ws.prepare(request)
    server.websockets.add(ws)
    await Session(server, ws, request).run()
    return ws
