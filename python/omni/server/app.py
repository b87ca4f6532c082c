"""The server object and the aiohttp application: every service on one port."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import gc
import itertools
import logging
import signal
import socket
import ssl
import time
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from aiohttp import web
from aiohttp.http_exceptions import BadHttpMessage

from . import auth, discovery, lft, session, sows_server
from .accounts import Accounts
from .acl import Acls
from .channels import QUEUE_BYTES, ChannelHub
from .events import CommitOrder, EventBus, SubscriptionCounts
from .limits import Limits
from .live_objects import LiveHub
from .methods.channels import watch_events as watch_channel_events
from .methods.live_objects import object_numbers, others_appended
from .methods.live_objects import watch_events as watch_live_object_events
from .signed import Bearer, SessionTokens, Signer
from .storage.locations import Locations, without_password
from .urls import AUTH_PATH, CONNLIB_PATH, DEVICE_PATH, DISCOVERY_PATH

log = logging.getLogger("omni.server")

READ_BUFSIZE = 4 << 20  # large LFT bodies: fewer flow-control stops
GC_BATCH = 1000  # unreferenced blobs removed per step of a blob GC run
GC_SWEEP_ROUNDS = 16  # periodic GC runs per sweep of the whole blob store


@dataclass
class Settings:
    where: Locations  # the metadata store and the blob store
    host: str = "127.0.0.1"
    port: int = 3333
    cert: Optional[Path] = None
    key: Optional[Path] = None
    lft_threshold: int = 1 << 20  # files above this go through LFT (0: never)
    # where clients reach this process's LFT (http[s]://host:port), when not at the address
    # they connected to: one process of several behind a round-robin address
    lft_address: Optional[str] = None
    multipart_chunk_size: int = 8 << 20  # LFT part size
    max_chunk_size: int = 16 << 20  # largest inline content in one ConnLib message
    max_in_flight: int = 64  # concurrent requests per ConnLib connection
    max_file_size: int = 1 << 40
    channel_queue_bytes: int = QUEUE_BYTES  # how far a channel reader may fall behind
    gc_grace_s: float = 600.0  # an unreferenced blob younger than this is kept (being written)
    gc_interval_s: float = 60.0  # blob GC runs this often (and after each obliterate)
    limits: Limits = Limits()
    session_check_s: float = 2.0  # open sessions whose sign-in was revoked end this often
    access_log: bool = False  # log every HTTP request


class Server:
    """Everything one running server holds; the handlers reach it as ``app['server']``."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.store = settings.where.open_store()
        self.blobs = settings.where.open_blobs()
        self.accounts = Accounts(self.store, settings.limits)
        self.acls = Acls(self.store)
        self.bus = EventBus()
        self.order = CommitOrder()
        self.channels = ChannelHub(settings.channel_queue_bytes)
        self.bus.observers.append(watch_channel_events(self))
        self.live = LiveHub(object_numbers(self.store), self.store.live_append)
        self.bus.observers.append(watch_live_object_events(self))
        self._background: set = set()  # tasks no request waits for (a set keeps them alive)
        self.uploads = lft.Uploads(self.blobs, settings.multipart_chunk_size, settings.max_file_size,
                                   settings.limits)
        self.downloads: Optional[lft.Downloads] = None  # these three need the store's secret:
        self.session_tokens: Optional[SessionTokens] = None  # made by start()
        self.secret = b""  # signs connection ids
        self.sessions: dict = {}  # session token -> session.Session open on this process
        self.websockets: weakref.WeakSet = weakref.WeakSet()  # every open WebSocket
        self.connection_ids = itertools.count(1)  # the store's, once it is open (start)
        self._relay = None  # the store's channel relay, when it has one
        self.groups_gen = 0
        self.notifications: set = set()  # one queue per subscribe_server_notifications
        self.subscriptions = SubscriptionCounts(settings.limits.user_subscriptions,
                                                settings.limits.server_subscriptions)
        self._expiry: Optional[asyncio.Task] = None
        self._gc: Optional[asyncio.Task] = None
        self._session_check: Optional[asyncio.Task] = None
        self._gc_lock = asyncio.Lock()
        self._sweep_next = 0  # the blob store part the next sweep looks at

    async def collect_garbage(self, shards: int = 0) -> int:
        """Remove the blobs that nothing has referenced for the grace period (the store
        counts references as it commits), then sweep ``shards`` parts of the blob store
        for blobs the store never counted (stored for a write that then failed)."""
        async with self._gc_lock:
            grace = self.settings.gc_grace_s
            before_us = time.time_ns() // 1000 - int(grace * 1_000_000)
            removed, after = 0, ""
            while True:
                names = await self.store.unreferenced_blobs(before_us, after, GC_BATCH)
                if not names:
                    break
                absent = await self.blobs.remove(names, grace)
                await self.store.forget_blobs(absent)
                removed += len(absent)
                after = names[-1]
            for _ in range(shards):
                names = await self.blobs.shard(self._sweep_next)
                self._sweep_next = (self._sweep_next + 1) % self.blobs.SHARDS
                known = await self.store.known_blobs(names)
                removed += len(await self.blobs.remove(set(names) - known, grace))
            if removed:
                log.info("blob GC: %d removed", removed)
            return removed

    async def _gc_loop(self) -> None:
        # the whole blob store is swept for uncounted blobs once per GC_SWEEP_ROUNDS runs
        per_run = -(-self.blobs.SHARDS // GC_SWEEP_ROUNDS)
        while True:
            await asyncio.sleep(self.settings.gc_interval_s)
            try:
                await self.collect_garbage(per_run)
            except Exception:  # e.g. the disk: try again next time
                log.exception("blob GC failed")

    async def bearer_of(self, token: object) -> Optional[Bearer]:
        """Who a session token names: a signed-in session of this process (its own
        dictionary, no query), else a token a process on the same store signed."""
        session = self.sessions.get(token)
        if session is not None and session.principal is not None:
            return Bearer(session.principal, session.login)
        return await self.session_tokens.check(token)

    async def end_revoked_sessions(self) -> None:
        """Close the sessions whose sign-in has no token left: revoked (``token revoke``,
        ``Tokens.invalidate``), or ended by a password change, here or by the command
        line beside the server."""
        sessions = [s for s in self.sessions.values() if s.login]
        live = await self.store.live_logins({s.login for s in sessions})
        for s in sessions:
            if s.login not in live:
                log.info("session %s of %s ended: signed out", s.connection_id, s.user)
                await s.end("signed out")

    async def _session_check_loop(self) -> None:
        while True:
            await asyncio.sleep(self.settings.session_check_s)
            try:
                await self.end_revoked_sessions()
            except Exception:  # e.g. the database busy: try again next time
                log.exception("session check failed")

    def notify(self, level: str, text: str) -> None:
        """A server notification to every ``subscribe_server_notifications`` subscriber."""
        for queue in list(self.notifications):
            with contextlib.suppress(asyncio.QueueFull):  # a stuck subscriber misses some
                queue.put_nowait((level, text))

    def in_background(self, coro) -> asyncio.Task:
        """Run ``coro`` as a task no request waits for, kept alive until it is done."""
        task = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    def publish(self, change, acl_before: Optional[dict] = None) -> None:
        """Tell subscribers of ``change``; ``acl_before`` (of a deletion): the explicit ACL
        entries the deleted items and their folders had.  Before them, the events other
        processes committed before it (a shared store), not told yet."""
        earlier = self.order.local(change.preceding, change.events)
        if earlier:
            self._publish(earlier, None)
        self._publish(change.events, acl_before)

    async def publish_remote(self, pairs: list) -> None:
        """The events committed to a shared store, in commit order (see CommitOrder)."""
        for event, own in pairs:
            if await self.order.admit(event, own):
                self._publish([event], None)

    def _publish(self, events: list, acl_before: Optional[dict]) -> None:
        """The events are judged by the ACLs as they are now: read at once (queued before
        anything a later request reads or writes), awaited by the subscribers.  A deletion
        without ``acl_before`` (another process's) is judged by the ACLs its items took to
        the trash, under their folders' ACLs."""
        self.bus.observe(events)
        if not self.bus.watched(events):
            return
        paths = {p for e in events if e.kind != "delete" or acl_before is None
                 for p in (e.path, e.destination) if p}
        deleted = [e.path for e in events if e.kind == "delete" and acl_before is None]
        acl_after = asyncio.ensure_future(self._explicit_acls(paths, deleted)) if paths else None
        if acl_after is not None:  # a failure is the subscribers' to see, not the log's
            acl_after.add_done_callback(lambda f: f.cancelled() or f.exception())
        self.bus.publish([
            dataclasses.replace(e, acl_before=acl_before) if e.kind == "delete" and acl_before
            is not None else dataclasses.replace(e, acl_after=acl_after)
            for e in events])

    async def _explicit_acls(self, paths: set, deleted: list) -> dict:
        explicit = await self.acls.explicit_for(paths)
        if deleted:
            explicit.update(await self.store.trash_acls(deleted))
        return explicit

    async def start(self) -> None:
        self.accounts.prepare()
        self.blobs.open()
        await self.store.open()
        # signed with the store's secret: valid on every process on the store
        secret = await self.store.signing_secret()
        self.session_tokens = SessionTokens(Signer(secret, "session"), self.store,
                                            self.settings.session_check_s)
        self.downloads = lft.Downloads(Signer(secret, "download"))
        self.secret = Signer(secret, "connection").key
        self.order.following = await self.store.follow(self.publish_remote,
                                                        others_appended(self))
        self.connection_ids = self.store.connection_ids()
        relay = self.store.channel_relay()
        if relay is not None:  # channel members of the other processes meet these
            await relay.start(self.channels)
            self.channels.relay = self._relay = relay
        self._expiry = asyncio.ensure_future(lft.expire_loop(self.uploads))
        self._gc = asyncio.ensure_future(self._gc_loop())
        self._session_check = asyncio.ensure_future(self._session_check_loop())

    async def close_connections(self) -> None:
        """Tell subscribers of server notifications, then close every WebSocket, so
        that a graceful stop does not wait for them."""
        self.notify("WARNING", "server shutting down")
        await asyncio.sleep(0.1)  # let the notifications go out
        for ws in list(self.websockets):
            await ws.close(code=1001, message=b"server shutting down")

    async def stop(self) -> None:
        for task in (self._expiry, self._gc, self._session_check):
            if task is not None:
                task.cancel()
        await self.uploads.close()
        if self._relay is not None:
            await self._relay.stop()
        await self.store.close()
        self.blobs.close()


async def sows_endpoint(request: web.Request) -> web.StreamResponse:
    """Discovery and the auth services, on every SOWS path the client may use."""
    if not web.WebSocketResponse().can_prepare(request).ok:
        return web.Response(text="omni server: Nucleus-compatible content server\n")
    handlers = {**discovery.handlers(request),
                **auth.handlers(request.app["server"].accounts, request)}
    return await sows_server.serve(request, handlers)


def build_app(server: Server) -> web.Application:
    app = web.Application(client_max_size=server.settings.multipart_chunk_size + (1 << 16))
    app["server"] = server
    for path in ("/", DISCOVERY_PATH, AUTH_PATH):
        app.router.add_get(path, sows_endpoint)
    app.router.add_get(CONNLIB_PATH, session.handle)
    app.router.add_route("GET", DEVICE_PATH, auth.device_page)
    app.router.add_route("POST", DEVICE_PATH, auth.device_page)
    lft.add_routes(app)

    async def on_startup(_app):
        await server.start()

    async def on_shutdown(_app):
        await server.close_connections()

    async def on_cleanup(_app):
        await server.stop()

    app.on_startup.append(on_startup)
    app.on_shutdown.append(on_shutdown)
    app.on_cleanup.append(on_cleanup)
    return app


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.setblocking(False)
    return sock


class _MalformedHttpFilter(logging.Filter):
    """aiohttp logs an HTTP request it cannot parse (a request line over 8 KiB, say) with a
    traceback, after answering it 400: that is the client's error, told in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], BadHttpMessage):
            record.msg, record.args = "refused a malformed HTTP request: %s", (
                str(record.exc_info[1]).splitlines()[0][:200],)
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.exc_info = record.exc_text = None
        return True


async def serve(settings: Settings, ready_file: Optional[Path] = None) -> None:
    """Run until SIGINT/SIGTERM."""
    logging.getLogger("aiohttp.server").addFilter(_MalformedHttpFilter())
    ssl_context = None
    if settings.cert:
        ssl_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ssl_context.load_cert_chain(settings.cert, settings.key)
    access_log = logging.getLogger("omni.server.access") if settings.access_log else None
    # an HTTP connection idle (or half-sent) for idle_timeout is closed
    runner = web.AppRunner(build_app(Server(settings)), access_log=access_log, handle_signals=False,
                           read_bufsize=READ_BUFSIZE, max_line_size=lft.MAX_REQUEST_LINE,
                           keepalive_timeout=settings.limits.idle_timeout)
    await runner.setup()
    sock = _listen(settings.host, settings.port)
    port = sock.getsockname()[1]
    await web.SockSite(runner, sock, ssl_context=ssl_context).start()
    scheme = "omniverses" if ssl_context else "omniverse"
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    log.info("serving %s with %s on %s://%s:%d/", without_password(settings.where.store),
             settings.where.blobs, scheme, host, port)
    # what start-up made (modules, the app) lives as long as the process: the collector need
    # not walk it again on each older-generation collection (about 5% of the server's CPU per
    # live-object update); and a young collection comes after 5,000 more objects, not 700:
    # requests in flight (tasks, futures) are freed by their counts, and a young collection
    # walked those alive at the time, every ~70 live-object updates (another 2.5%)
    gc.freeze()
    gc.set_threshold(5000, *gc.get_threshold()[1:])
    if ready_file is not None:
        tmp = Path(str(ready_file) + ".tmp")
        tmp.write_text(str(port))
        tmp.replace(ready_file)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        log.info("stopping")
        await runner.cleanup()
        log.info("stopped")
