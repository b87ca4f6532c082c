"""A server WebSocket whose messages of one event-loop pass go out in one write.

A client with requests in flight sends them several to a TCP segment; their answers are
made in the same pass of the event loop, and one send system call per answer was a fifth
of the server's CPU per stat.  Here a message is framed at once (RFC 6455: FIN, the
opcode, the length; a server's frames are never masked) and joined to the others of its
pass, written when the loop next runs its callbacks, or before anything aiohttp itself
writes (a close frame).  A socket that negotiated compression keeps aiohttp's writer.
"""

from __future__ import annotations

import asyncio
import struct
from typing import Awaitable, List, Optional, Sequence, Tuple, Union

from aiohttp import web

_TEXT, _BINARY = 0x81, 0x82  # FIN and the opcode
_LEN7, _LEN16, _LEN64 = (struct.Struct(f) for f in ("!BB", "!BBH", "!BBQ"))
HIGH_WATER = 1 << 16  # bytes not yet taken by the kernel past which a sender waits for it


# text (str), binary (bytes), or binary given in parts (a tuple of bytes: joined on the wire)
Message = Union[str, bytes, Tuple[bytes, ...]]


def _header(first: int, n: int) -> bytes:
    if n < 126:
        return _LEN7.pack(first, n)
    return _LEN16.pack(first, 126, n) if n < 65536 else _LEN64.pack(first, 127, n)


def frame_into(out: List[bytes], message: Message) -> int:
    """Append the frame of one unmasked, unfragmented message to ``out``, as parts (a large
    payload is not copied); the frame's size."""
    if isinstance(message, tuple):
        n = sum(map(len, message))
        header = _header(_BINARY, n)
        out.append(header + message[0])
        out += message[1:]
        return len(header) + n
    payload = message.encode("utf-8") if isinstance(message, str) else message
    n = len(payload)
    header = _header(_TEXT if isinstance(message, str) else _BINARY, n)
    if n < 126:
        out.append(header + payload)
    else:
        out += (header, payload)
    return len(header) + n


class BatchedWebSocket(web.WebSocketResponse):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._pending: List[bytes] = []
        self._pending_bytes = 0
        self._request: Optional[web.BaseRequest] = None
        self.compressed = False  # negotiated compression (read as an attribute: aiohttp's is a property)

    async def prepare(self, request: web.BaseRequest):
        writer = await super().prepare(request)
        self._request = request
        self.compressed = bool(self.compress)
        return writer

    async def send_messages(self, messages: Sequence[Message]) -> None:
        """Send messages, in order: queued for this pass's write; waits only while the peer
        is not taking what it was sent.  ConnectionResetError once the socket is closing."""
        waiting = self.send_soon(messages)
        if waiting is not None:
            await waiting

    def send_soon(self, messages: Sequence[Message]) -> Optional[Awaitable[None]]:
        """:meth:`send_messages` without a coroutine of its own (a sender of thousands a
        second): what to wait for before sending more, else None."""
        if self.compressed:
            self._check_open()
            return self._send_each(messages)
        if self.queue_messages(messages):
            return self._request.protocol._drain_helper()  # aiohttp's own writer waits the same way
        return None

    async def _send_each(self, messages: Sequence[Message]) -> None:
        for message in messages:
            if isinstance(message, str):
                await self.send_str(message)
            else:
                await self.send_bytes(b"".join(message) if isinstance(message, tuple) else message)

    def queue_messages(self, messages: Sequence[Message]) -> bool:
        """:meth:`send_messages` for a caller that cannot wait (a callback): they are
        queued all the same; True if the peer is not taking what it was
        sent (the caller should wait for :meth:`drained` before it sends more).  Not for a
        socket that negotiated compression (aiohttp's writer is a coroutine)."""
        transport = self._check_open()
        if not self._pending:
            asyncio.get_running_loop().call_soon(self.flush)
        pending, size = self._pending, 0
        for message in messages:
            size += frame_into(pending, message)
        self._pending_bytes += size
        if self._pending_bytes + transport.get_write_buffer_size() > HIGH_WATER:
            self.flush()
            return self._request.protocol.writing_paused
        return False

    async def drained(self) -> None:
        """Wait until the peer takes what it was sent (at once if it does)."""
        if self._request is not None and self._request.protocol.writing_paused:
            await self._request.protocol._drain_helper()

    def _check_open(self) -> asyncio.Transport:
        transport = self._request.transport if self._request is not None else None
        if self.closed or transport is None or transport.is_closing():
            raise ConnectionResetError("socket closed")
        return transport

    def flush(self) -> None:
        """Write what this pass queued (nothing once the connection is going)."""
        if not self._pending:
            return
        pending, self._pending, self._pending_bytes = self._pending, [], 0
        transport = self._request.transport
        if transport is not None and not transport.is_closing():
            transport.writelines(pending)

    async def close(self, **kwargs) -> bool:
        self.flush()  # the answers first: nothing may follow a close frame
        return await super().close(**kwargs)
