"""Serve a set of SOWS methods on one WebSocket (discovery and auth services)."""

from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable, Dict

from aiohttp import WSMsgType, web

from .framing import FrameError
from .framing import sows
from .models import BadParams

log = logging.getLogger(__name__)

Handler = Callable[[dict], Awaitable[dict]]

MAX_MESSAGE = 2 << 20
MAX_IN_FLIGHT = 16
ERROR_NOT_FOUND = 404
ERROR_BAD_REQUEST = 400
ERROR_INTERNAL = 500


async def serve(request: web.Request, handlers: Dict[str, Handler]) -> web.WebSocketResponse:
    # pinged: a peer that went away without closing (half-open) is found and closed
    ws = web.WebSocketResponse(max_msg_size=MAX_MESSAGE,
                               heartbeat=request.app["server"].settings.limits.idle_timeout)
    try:
        await ws.prepare(request)
    except ConnectionResetError:  # the client went away during the handshake: nothing to serve
        raise asyncio.CancelledError from None
    request.app["server"].websockets.add(ws)
    send_lock = asyncio.Lock()
    slots = asyncio.Semaphore(MAX_IN_FLIGHT)
    tasks: set = set()

    async def send(frame: bytes) -> None:
        async with send_lock:
            if not ws.closed:
                await ws.send_bytes(frame)

    async def run(req: sows.SowsRequest) -> None:
        try:
            handler = handlers.get(req.method)
            if handler is None:
                await send(sows.encode_error(req.id, ERROR_NOT_FOUND, f"unknown method {req.method}"))
                return
            try:
                answer = await handler(req.params)
            except BadParams as exc:
                await send(sows.encode_error(req.id, ERROR_BAD_REQUEST, str(exc)))
                return
            except Exception:
                log.exception("SOWS %s failed", req.method)
                await send(sows.encode_error(req.id, ERROR_INTERNAL, "internal error"))
                return
            await send(sows.encode_send(req.id, answer, last=True))
        except ConnectionError:
            pass
        finally:
            slots.release()

    try:
        async for msg in ws:
            if msg.type != WSMsgType.BINARY:
                await ws.close(code=1003, message=b"SOWS frames are binary")
                break
            try:
                req = sows.parse_request(msg.data)
            except FrameError as exc:
                await ws.close(code=1002, message=str(exc).encode()[:120])
                break
            if req.kind == sows.STOP:
                continue
            await slots.acquire()
            task = asyncio.ensure_future(run(req))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
    finally:
        for task in list(tasks):
            task.cancel()
    return ws
