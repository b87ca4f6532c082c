"""The Connection service: omni1 over ConnLib at ``/omni/connlib``.

One :class:`Session` per WebSocket.  Requests are pipelined: each runs as its own
task (at most ``max_in_flight_requests`` at once; past that the socket is not read
until one finishes; a live-object update that has its number counts apart, see
:data:`MAX_PLACED`), answers go out as they complete.  Requests naming the same item
run in the order they arrived.  The methods themselves are in :mod:`.methods`; a
handler gets the session, which knows who is asking and turns request arguments into
paths.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Dict, List, Optional, Union

from aiohttp import WSMsgType, web

from . import acl as A
from . import models as M
from . import paths as P
from .answers import DEFAULT_BRANCH, MISSING, PINNED, Fail, failure_status, now_ts
from .framing import FrameError, connlib
from .framing.batched import BatchedWebSocket
from .methods import METHODS
from .methods.registry import TURN, KeepOpen
from .storage.base import FOLDER, READ, WRITE, Node, StoreError, UserNotFound
from .urls import LFT_PATH

log = logging.getLogger(__name__)

MAX_SUBSCRIPTIONS = 1000  # open subscribe_list requests per connection
# A pipelined request that has taken its place (a live-object update with its sequence number)
# gives its in-flight slot back: it only waits for the commit it shares with the others that
# wait, and the more wait, the more each commit takes (with 64 slots held through every commit,
# a writer's updates went to the store about 30 at a time and half as fast). These bound what
# such requests hold per connection instead (NVIDIA's client, with a thousand and more of its
# updates answered at once, sometimes hung in its shutdown). More lets the next group be read
# while one commits, but gains nothing where CPU is the bound: 512 tied in alternating rounds
# (38.5k/38.1k updates/s), 768 and 1024 were slower.
MAX_PLACED = 256
MAX_PLACED_BYTES = 64 << 20
WS_POLICY_VIOLATION = 1008  # the close code of a session whose sign-in was revoked

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


def _visible(bits: int, traversable: bool) -> bool:
    """Whether a user sees an item: they may read it, or walk through it to what they may."""
    return bool(bits & READ) or traversable


class Placed:
    """A request taken at once (:meth:`Session.place`), until its answer goes."""

    __slots__ = ("session", "req_id", "cancelled")

    def __init__(self, session: "Session", req_id: int):
        self.session = session
        self.req_id = req_id
        self.cancelled = False

    def cancel(self) -> None:
        """The request was stopped, or its session ended: no answer is to go."""
        self.cancelled = True


class Session:
    def __init__(self, server, ws: BatchedWebSocket, request: web.Request):
        self.server = server
        self.ws = ws
        self.request = request
        self.principal: Optional[A.Principal] = None
        self.groups_gen = -1  # the server's groups generation the principal's groups are of
        self.connection_id = str(next(server.connection_ids))
        self.token: Optional[str] = None
        self.login = ""  # the sign-in whose access token authorized this session
        self.tasks: Dict[int, Union[asyncio.Future, Placed]] = {}  # a task, or a placed request
        # item -> latest request naming it (or its turn: see registry.end_of_turn)
        self._last_on: Dict[str, asyncio.Future] = {}
        self._turns: Dict[int, asyncio.Future] = {}  # pipelined request -> its turn
        self._slots = asyncio.Semaphore(server.settings.max_in_flight)
        self._placed: Dict[int, int] = {}  # pipelined request past its turn -> its bytes
        self._placed_bytes = 0
        self._room = asyncio.Event()  # set while placed requests are within their bounds
        self._room.set()
        self.subscriptions = 0
        self._holding: Dict[int, tuple] = {}  # request -> its order keys, while it holds a slot
        self._owners: Dict[int, str] = {}  # long-lived request -> the user it is counted under

    # -- the socket

    def send(self, req_id: int, answer: dict, tail: Optional[bytes] = None) -> Awaitable[None]:
        # the socket's own coroutine, not one around it: two of these a live-object update
        return self.ws.send_messages((connlib.encode(req_id, answer, tail),))

    async def end(self, why: str) -> None:
        """Close the session from the server's side (its sign-in was revoked)."""
        self.server.sessions.pop(self.token, None)
        await self.ws.close(code=WS_POLICY_VIOLATION, message=why.encode())

    async def _sign_in_deadline(self) -> None:
        await asyncio.sleep(self.server.settings.limits.idle_timeout)
        if self.principal is None:  # a socket nobody uses, held open
            await self.ws.close(code=WS_POLICY_VIOLATION, message=b"not signed in")

    async def run(self) -> None:
        deadline = asyncio.ensure_future(self._sign_in_deadline())
        loop = asyncio.get_running_loop()
        try:
            while True:  # (not `async for`: a coroutine less per message)
                msg = await self.ws.receive()
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
                owner = self._admit_subscription() if long_lived else None
                if long_lived and owner is None:
                    await self.send(req.id, M.error_answer(spec.answer, "QUOTA_REACHED", now_ts()))
                    continue
                if spec is not None and spec.pipelined and not self._room.is_set():
                    await self._room.wait()
                if spec is not None and spec.at_once is not None and spec.at_once(self, req):
                    continue
                if not long_lived:
                    await self._slots.acquire()
                keys = () if long_lived else tuple(_order_keys(req.params))
                after = {self._last_on[k] for k in keys if k in self._last_on}
                # a pipelined request lets the next ones naming its items start once it has
                # taken its place (its turn), not only once it is done
                turn = loop.create_future() if spec is not None and spec.pipelined else None
                task = loop.create_task(self._dispatch(req, after, turn))
                self.tasks[req.id] = task
                if not long_lived:
                    self._holding[req.id] = keys
                if turn is not None:
                    self._turns[req.id] = turn
                    turn.add_done_callback(lambda _, rid=req.id, size=len(req.tail or b""):
                                           self._took_place(rid, size))
                for k in keys:
                    self._last_on[k] = turn or task
                if long_lived:
                    self._owners[req.id] = owner
                task.add_done_callback(lambda t, rid=req.id: self._finished(rid, t))
        finally:
            deadline.cancel()
            for task in list(self.tasks.values()):
                task.cancel()
            if self.token is not None:
                self.server.sessions.pop(self.token, None)

    def _release(self, req_id: int, task: asyncio.Task) -> bool:
        """Free what an ordinary request holds (its in-flight slot, its place in the order
        of requests naming its items, or its count among the placed); False if it holds
        none (it is long-lived)."""
        if req_id in self._placed:
            self._unplace(req_id)
            return True
        keys = self._holding.pop(req_id, None)
        if keys is None:
            return False
        self._free_slot(req_id, keys, task)
        return True

    def _free_slot(self, req_id: int, keys: tuple, task: Optional[asyncio.Task]) -> None:
        turn = self._turns.pop(req_id, None)
        if turn is not None and not turn.done():
            turn.set_result(None)
        for k in keys:
            if self._last_on.get(k) in (task, turn):
                del self._last_on[k]
        self._slots.release()

    def _took_place(self, req_id: int, size: int) -> None:
        """A pipelined request's turn is over: it gives its slot back and counts among the
        placed until it is done (nothing, if it is done already)."""
        keys = self._holding.pop(req_id, None)
        if keys is None:
            return
        self._free_slot(req_id, keys, self.tasks.get(req_id))
        self._count_placed(req_id, size)

    def _count_placed(self, req_id: int, size: int) -> None:
        self._placed[req_id] = size
        self._placed_bytes += size
        if len(self._placed) >= MAX_PLACED or self._placed_bytes >= MAX_PLACED_BYTES:
            self._room.clear()

    def _unplace(self, *req_ids: int) -> None:
        for req_id in req_ids:
            self._placed_bytes -= self._placed.pop(req_id)
        if len(self._placed) < MAX_PLACED and self._placed_bytes < MAX_PLACED_BYTES:
            self._room.set()

    def waits_on(self, path: str) -> bool:
        """Whether an earlier request naming ``path`` has yet to take its turn."""
        last = self._last_on.get(path)
        return last is not None and not last.done()

    def place(self, req_id: int, size: int) -> "Placed":
        """Take a request at once, without a task (``Method.at_once``): it counts among the
        placed (``size``: its content's bytes) until its answer goes (:meth:`answer_placed`);
        a ``stop`` or the session's end cancels it (its answer is then not sent)."""
        self._count_placed(req_id, size)
        placed = self.tasks[req_id] = Placed(self, req_id)
        return placed

    def answer_placed(self, placed: List["Placed"], answers: List[Union[str, bytes]]) -> None:
        """Send the answers of placed requests (but the cancelled ones') together and stop
        counting the requests among the placed."""
        tasks, sending = self.tasks, []
        for one, answer in zip(placed, answers):
            if tasks.get(one.req_id) is one:
                del tasks[one.req_id]
            if not one.cancelled:
                sending.append(answer)
        waiting = False
        if sending:
            try:
                waiting = self.ws.queue_messages(sending)
            except ConnectionError:
                pass
        req_ids = [one.req_id for one in placed]
        if waiting:  # the peer is not reading its answers: it is not read either meanwhile
            self.server.in_background(self._unplace_when_drained(req_ids))
        else:
            self._unplace(*req_ids)

    async def _unplace_when_drained(self, req_ids: List[int]) -> None:
        try:
            await self.ws.drained()
        except ConnectionError:
            pass
        finally:
            self._unplace(*req_ids)

    def _finished(self, req_id: int, task: asyncio.Task) -> None:
        if not self._release(req_id, task):
            self.subscriptions -= 1
            self.server.subscriptions.release(self._owners.pop(req_id, ""))
        if self.tasks.get(req_id) is task:
            del self.tasks[req_id]

    def _admit_subscription(self) -> Optional[str]:
        """The user one more long-lived request is counted under, if there is room for it on
        this connection, for that user and on the server; None otherwise."""
        subscriber = self.principal.name if self.principal else ""
        if self.subscriptions >= MAX_SUBSCRIPTIONS or \
                not self.server.subscriptions.take(subscriber):
            return None
        self.subscriptions += 1
        return subscriber

    def keep_open(self, req_id: int) -> None:
        """Make a running request long-lived (a read that turned out to be of a channel):
        it is bounded like a subscription from now on, and later requests naming its
        items no longer wait for it."""
        owner = self._admit_subscription()
        if owner is None:
            raise Fail("QUOTA_REACHED")
        if self._release(req_id, self.tasks[req_id]):
            self._owners[req_id] = owner
        else:  # already long-lived: undo the count just taken
            self.subscriptions -= 1
            self.server.subscriptions.release(owner)

    def _stop(self, req_id: Any) -> None:
        task = self.tasks.get(req_id) if isinstance(req_id, int) else None
        if task is not None:
            task.cancel()

    async def _dispatch(self, req: connlib.ConnlibRequest, after: set,
                        turn: Optional[asyncio.Future] = None) -> None:
        spec = METHODS.get(req.command)
        if turn is not None:  # (each request's task has a context of its own: None otherwise)
            TURN.set(turn)
        try:
            # earlier requests naming the same items go first (asyncio.wait would take a
            # turn of the loop even when they are done: a pipelined update's predecessor
            # has usually taken its place by the time it runs)
            if after and not all(f.done() for f in after):
                await asyncio.wait(after)
            if spec is None:
                await self.send(req.id, M.make(M.Response, status="INVALID_COMMAND", ts=now_ts()))
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
                    await self.send(req.id, M.make(spec.answer, status="DONE", ts=now_ts()))
                    return
                result = await spec.handler(self, params, req.tail)
                if isinstance(result, KeepOpen):
                    self.keep_open(req.id)
                    await result.run(req.id)
                    return
            except (M.BadParams, Fail, StoreError) as exc:
                result = M.error_answer(spec.answer, failure_status(exc), now_ts())
            if (result[0] if isinstance(result, tuple) else result).get("status") == "DENIED":
                log.info("denied %s to %r", req.command, self.principal and self.principal.name)
            if isinstance(result, tuple):
                await self.send(req.id, result[0], result[1])
            else:
                await self.send(req.id, result)
            if spec.stream and result.get("status") != "OK":
                await self.send(req.id, M.make(spec.answer, status="DONE", ts=now_ts()))
        except (asyncio.CancelledError, ConnectionError):
            pass
        except Exception:
            log.exception("ConnLib %s failed", req.command)
            try:
                await self.send(req.id, M.error_answer(spec.answer, "INTERNAL_ERROR", now_ts()))
                if spec.stream:
                    await self.send(req.id, M.make(spec.answer, status="DONE", ts=now_ts()))
            except ConnectionError:
                pass

    # -- who is asking, and may they

    def groups_are_current(self) -> bool:
        """Whether the principal's groups were read after the server's last group edit."""
        return self.groups_gen == self.server.groups_gen

    async def _refresh_principal(self) -> None:
        if not self.groups_are_current():
            self.groups_gen = self.server.groups_gen
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

    async def current_bits(self, path: str) -> int:
        """Bits on ``path`` with the user's groups as they are now (outside a request)."""
        await self._refresh_principal()
        return await self.bits(path)

    async def require(self, path: str, bit: int) -> None:
        if not (await self.bits(path)) & bit:
            await self.refuse(path, bit)

    async def refuse(self, path: str, bit: int) -> None:
        """End a request that needs ``bit`` on ``path``, which the user lacks: DENIED,
        unless the item is hidden from the user (as in a listing) in a folder granting
        ``bit``: then the answer is the one a missing item there gets, so that an item
        denied to them and one that does not exist look alike."""
        parent = P.parent_of(path)
        view = await self.server.acls.view(self.principal, [path, parent])
        if path != "/" and not _visible(*view[path]) and view[parent][0] & bit:
            raise Fail(MISSING)
        raise Fail("DENIED")

    async def require_tree(self, nodes: list, bit: int) -> None:
        bits = await self.server.acls.bits(self.principal, [n.path for n in nodes])
        if any(not b & bit for b in bits.values()):
            raise Fail("DENIED")

    async def view_one(self, path: str) -> int:
        """Bits on ``path``; DENIED unless the user may read or traverse it."""
        bits, traversable = (await self.server.acls.view(self.principal, [path]))[path]
        if not _visible(bits, traversable):
            await self.refuse(path, READ)
        return bits

    # -- arguments

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

    async def new_item_path(self, at: dict) -> P.ClientPath:
        """Where an item is to be made (a folder, a restored item): never the root, which
        always exists; the user must be allowed to write there."""
        cp = self.target(at)
        if cp.is_root:
            raise Fail("ALREADY_EXISTS")
        await self.require(cp.path, WRITE)
        return cp

    # -- effects

    def publish(self, change, acl_before: Optional[dict] = None) -> None:
        """Tell subscribers of ``change`` (see :meth:`Server.publish`)."""
        self.server.publish(change, acl_before)

    async def deleting(self, nodes: list) -> dict:
        """The explicit ACL entries of ``nodes`` (about to be deleted) and their folders,
        for :meth:`publish`."""
        return await self.server.acls.explicit_for([n.path for n in nodes])

    def lft_url(self, suffix: str) -> str:
        base = self.server.settings.lft_address or \
            f"{'https' if self.request.secure else 'http'}://{self.request.host}"
        return f"{base}{LFT_PATH}{suffix}"


async def handle(request: web.Request) -> BatchedWebSocket:
    server = request.app["server"]
    # pinged: a peer that went away without closing (half-open) is found and closed
    ws = BatchedWebSocket(max_msg_size=server.settings.max_chunk_size + (1 << 20),
                          heartbeat=server.settings.limits.idle_timeout)
    await ws.prepare(request)
    server.websockets.add(ws)
    await Session(server, ws, request).run()
    return ws
