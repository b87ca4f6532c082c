"""Subscriptions: requests that stay open and send an answer per change until stopped."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import TYPE_CHECKING

from .. import acl as A
from .. import models as M
from .. import paths as P
from ..answers import Fail, list2_entry, now_ts
from ..events import QUEUE_LIMIT
from ..storage.base import READ
from .registry import method
from .tree import read_answer

if TYPE_CHECKING:
    from ..session import Session


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
        await s.send(req_id, M.make(answer, status="DONE", ts=now_ts()))
        return None
    return get.result()


@method("subscribe_list", M.BranchPathParams, M.SubscribeListResponse, version=4,
        subscription=True)
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
            if event.acl_before is not None:  # a deletion: who could see the item before
                bits, traversable = A.view_in(s.principal, event.path, event.acl_before)
            else:
                shown = event.destination or event.path
                bits, traversable = await s.server.acls.view_shared(s.principal, shown,
                                                                    event.seq, event.acl_after)
            if not (bits & READ or traversable):
                continue
            extra = {"destination": event.destination} if event.destination else {}
            # a rename is told as the old path with the new one as destination
            node = dataclasses.replace(event.node, path=event.path)
            await s.send(req_id, M.make(M.SubscribeListResponse, status="OK", ts=now_ts(),
                                        event=event.kind, entry=list2_entry(node, bits, **extra)))
    finally:
        bus.unsubscribe(sub)


@method("subscribe_read_asset", M.SubscribeReadAssetParams, M.SubscribeReadAssetResult,
        version=2, subscription=True)
async def subscribe_read_asset(s: Session, p: dict, req_id: int):
    """The file's content now (unless the client has ``etag``) and after every change;
    the subscription ends with the file (a deletion or move is told as INVALID_URI)."""
    cp = s.target(p["path"])
    sub = s.server.bus.subscribe(P.parent_of(cp.path))
    try:
        have = p.get("etag")
        while True:
            try:
                answer = await read_answer(s, M.SubscribeReadAssetResult, cp)
            except Fail as fail:
                await s.send(req_id, M.error_answer(M.SubscribeReadAssetResult, fail.status,
                                                    now_ts()))
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
        version=0, subscription=True)
async def subscribe_server_notifications(s: Session, p: dict, req_id: int):
    queue: asyncio.Queue = asyncio.Queue(QUEUE_LIMIT)
    s.server.notifications.add(queue)
    try:
        while True:
            level, text = await queue.get()
            await s.send(req_id, M.make(M.ServerNotificationResponse, status="OK", ts=now_ts(),
                                        level=level, notification=text))
    finally:
        s.server.notifications.discard(queue)
