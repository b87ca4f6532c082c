"""The queue behind a long-lived answer stream (a channel ``read``, a live object
subscription): items wait here until the session's sender takes them, and the stream ends
with a status (what is still queued is then not sent)."""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Any, Deque, List, Optional


class Stream:
    def __init__(self) -> None:
        self._queue: Deque[Any] = deque()
        self._bytes = 0  # held by the queued items
        self._ready = asyncio.Event()
        self.end_status: Optional[str] = None

    def _append(self, item: Any, size: int) -> None:
        self._queue.append(item)
        self._bytes += size
        self._ready.set()

    def _extend(self, items: List[Any], size: int) -> None:
        """:meth:`_append` of several items (``size``: their bytes together)."""
        self._queue.extend(items)
        self._bytes += size
        self._ready.set()

    def end(self, status: str) -> None:
        """End the stream with ``status``: what is still queued is not sent."""
        if self.end_status is None:
            self.end_status = status
            self._queue.clear()
            self._bytes = 0
            self._ready.set()

    async def next(self) -> List[Any]:
        """The items queued so far (waiting for one); empty once the stream has ended."""
        while not self._queue and self.end_status is None:
            self._ready.clear()
            await self._ready.wait()
        items = list(self._queue)
        self._queue.clear()
        self._bytes = 0
        return items
