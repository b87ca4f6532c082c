"""The server object and the aiohttp application: every service on one port."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import secrets
import signal
import socket
import ssl
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from aiohttp import web

from . import auth, connection, discovery, lft, sows_server
from .accounts import Accounts
from .acl import Acls
from .events import EventBus
from .storage import LocalBlobStore, SqliteStore
from .urls import AUTH_PATH, CONNLIB_PATH, DEVICE_PATH, DISCOVERY_PATH

log = logging.getLogger("omni.server")

DB_NAME = "meta.sqlite3"
READ_BUFSIZE = 4 << 20  # large LFT bodies: fewer flow-control stops


@dataclass
class Settings:
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 3333
    cert: Optional[Path] = None
    key: Optional[Path] = None
    lft_threshold: int = 1 << 20  # files above this go through LFT (0: never)
    multipart_chunk_size: int = 8 << 20  # LFT part size
    max_chunk_size: int = 16 << 20  # largest inline content in one ConnLib message
    max_in_flight: int = 64  # concurrent requests per ConnLib connection
    max_file_size: int = 1 << 40
    gc_grace_s: float = 600.0  # an unreferenced blob younger than this is kept (being written)


def database_path(data_dir: Path) -> Path:
    return Path(data_dir) / DB_NAME


class Server:
    """Everything one running server holds; the handlers reach it as ``app['server']``."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.store = SqliteStore(database_path(settings.data_dir))
        self.blobs = LocalBlobStore(settings.data_dir)
        self.accounts = Accounts(self.store)
        self.acls = Acls(self.store)
        self.bus = EventBus()
        self.uploads = lft.Uploads(self.blobs, settings.multipart_chunk_size, settings.max_file_size)
        self.downloads = lft.Downloads()
        self.sessions: dict = {}  # session token -> connection.Session
        self.websockets: weakref.WeakSet = weakref.WeakSet()  # every open WebSocket
        self.connection_ids = itertools.count(1)
        self.groups_gen = 0
        self.notifications: set = set()  # one queue per subscribe_server_notifications
        self.secret = secrets.token_bytes(32)
        self._expiry: Optional[asyncio.Task] = None

    async def collect_garbage(self) -> int:
        """Remove the blobs nothing references any more (after an obliterate)."""
        keep = await self.store.referenced_blobs()
        removed = await self.blobs.collect(keep, self.settings.gc_grace_s)
        log.info("blob GC: %d removed, %d kept", removed, len(keep))
        return removed

    def notify(self, level: str, text: str) -> None:
        """A server notification to every ``subscribe_server_notifications`` subscriber."""
        for queue in list(self.notifications):
            with contextlib.suppress(asyncio.QueueFull):  # a stuck subscriber misses some
                queue.put_nowait((level, text))

    def new_session_token(self) -> str:
        return secrets.token_urlsafe(32)

    async def start(self) -> None:
        self.blobs.open()
        await self.store.open()
        self._expiry = asyncio.ensure_future(lft.expire_loop(self.uploads))

    async def close_connections(self) -> None:
        """Tell subscribers of server notifications, then close every WebSocket, so
        that a graceful stop does not wait for them."""
        self.notify("WARNING", "server shutting down")
        await asyncio.sleep(0.1)  # let the notifications go out
        for ws in list(self.websockets):
            await ws.close(code=1001, message=b"server shutting down")

    async def stop(self) -> None:
        if self._expiry is not None:
            self._expiry.cancel()
        await self.uploads.close()
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
    app.router.add_get(CONNLIB_PATH, connection.handle)
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


async def serve(settings: Settings, ready_file: Optional[Path] = None) -> None:
    """Run until SIGINT/SIGTERM."""
    ssl_context = None
    if settings.cert:
        ssl_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ssl_context.load_cert_chain(settings.cert, settings.key)
    runner = web.AppRunner(build_app(Server(settings)), access_log=None, handle_signals=False,
                           read_bufsize=READ_BUFSIZE)
    await runner.setup()
    sock = _listen(settings.host, settings.port)
    port = sock.getsockname()[1]
    await web.SockSite(runner, sock, ssl_context=ssl_context).start()
    scheme = "omniverses" if ssl_context else "omniverse"
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    log.info("serving %s on %s://%s:%d/", settings.data_dir, scheme, host, port)
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
        await runner.cleanup()
