"""Live objects on the wire: ``create_object``, ``update_object``, ``subscribe_read_object``
and ``read_object_version`` (nucleus-protocol-notes, part 2 section 7 and "Live, part 3"
L4).  Numbering and fan-out are :mod:`..live_objects`; versions are kept by the store.

Creating or updating needs write access, reading read access; a subscriber who loses read
access has its stream ended with ACCESS_LOST, one whose object is deleted or moved with
NOT_EXIST.  Every push carries ``ts.omni_server_out_ts`` (and the writer's ``est`` when it
sent one): the original client's live queue and server clock run on them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING, Dict, List, Optional, Tuple, TypedDict, Union

from .. import models as M
from ..answers import MISSING, Fail, failure_status, now_ts
from ..framing import connlib
from ..framing.connlib import ConnlibRequest
from ..live_objects import Entry, Subscriber, Told
from ..storage.base import LIVE_OBJECT, READ, WRITE, Event, LiveUpdate
from .registry import end_of_turn, method
from .writes import _content

if TYPE_CHECKING:
    from ..session import Session

log = logging.getLogger("omni.server")

NOT_OBJECT = "NOT_OBJECT"
GONE = "NOT_EXIST"
ACCESS_LOST = "ACCESS_LOST"


class _ObjectPathReq(TypedDict):
    path: M.PathAtBranch


class CreateObjectParams(_ObjectPathReq, total=False):
    overwrite: bool
    content_id: Union[int, str]


class _UpdateObjectReq(_ObjectPathReq):
    object_id: int


class UpdateObjectParams(_UpdateObjectReq, total=False):
    ts: Dict[str, Union[int, float]]
    content_id: Union[int, str]


class SubscribeReadObjectParams(_ObjectPathReq, total=False):
    object_id: int  # what the subscriber has: it gets only what came after
    sequence: int


def _now_us() -> int:
    return time.time_ns() // 1000


def _push_ts(update: LiveUpdate) -> dict:
    ts = {"omni_server_in_ts": update.received_us, "omni_server_out_ts": _now_us()}
    if update.est_us:
        ts["est"] = update.est_us
    return ts


async def _data(s: Session, p: dict, tail) -> bytes:
    """The content of a version: the tail, or a finished LFT upload (large objects)."""
    if "content_id" not in p:
        return bytes(tail or b"")
    blob = await _content(s, p, tail)
    return blob.inline if blob.inline is not None else await s.server.blobs.read(blob.sha256)


def _object_path(s: Session, p: dict) -> str:
    cp = s.target(p["path"])
    if cp.is_root or cp.folder_form:
        raise Fail("INVALID_URI")
    return cp.path


@method("create_object", CreateObjectParams, M.CreateObjectResult, version=0)
async def create_object(s: Session, p: dict, tail):
    path = _object_path(s, p)
    await s.require(path, WRITE)
    first = LiveUpdate(0, 1, await _data(s, p, tail), _now_us())
    change = await s.server.store.live_create(path, first, s.user, p.get("overwrite", False))
    s.publish(change)
    object_id = change.nodes[-1].version
    s.server.live.replace(path, LiveUpdate(object_id, 1, first.data, first.received_us))
    return M.make(M.CreateObjectResult, status="OK", ts=now_ts(), sequence=1,
                  object_id=object_id, transaction_id=object_id)


def _numbered(s: Session, entry: Entry, p: dict, data: bytes, received: int, told: Told,
              key=None) -> None:
    """Append an update of ``entry``'s object: ``told`` its stored version, once committed."""
    est = p.get("ts", {}).get("est", 0)
    entry.append(LiveUpdate(entry.object_id, 0, data, received,
                            int(est) if isinstance(est, (int, float)) and est > 0 else 0),
                 s.user, told, key)


def _resolving(entry: Entry, told: List[tuple]) -> None:
    """The :data:`Told` of updates each waited for by its request: ``key`` is the future
    to resolve (unless its request went away: the version stands all the same)."""
    for stored, update, error in told:
        if stored.done():
            continue
        if error is not None:
            stored.set_exception(error)
        else:
            stored.set_result(update)


def _after_commit(server, entry: Entry) -> None:
    if entry.behind():  # another process's versions came between: read them
        read_missed(server, entry)


# An update's answer, as connlib.encode of the UpdateObjectResult {status: OK, ts: now_ts(),
# sequence, transaction_id} writes it (the model check and the JSON encoder, as for _PUSH)
_UPDATED = '{"id":%d,"status":"OK","ts":{"srv":%d},"sequence":%d,"transaction_id":%d}'


def updated_message(req_id: int, update: LiveUpdate, now_us: Optional[int] = None) -> str:
    return _UPDATED % (req_id, now_us or _now_us(), update.sequence, update.object_id)


def _refusal(req_id: int, error: BaseException) -> str:
    status = failure_status(error)
    if status is None:
        log.error("update_object failed", exc_info=error)
    return connlib.encode(req_id, M.error_answer(M.UpdateObjectResult, status or "INTERNAL_ERROR",
                                                 now_ts()))


def _answer_placed(entry: Entry, told: List[tuple]) -> None:
    """The :data:`Told` of updates taken at once (``key``: each one's :class:`Placed`):
    their answers, made and sent together (one session's, as a rule)."""
    now = _now_us()
    by_session: Dict[Session, tuple] = {}
    for placed, update, error in told:
        answers = by_session.get(placed.session)
        if answers is None:
            answers = by_session[placed.session] = ([], [])
        answers[0].append(placed)
        answers[1].append(updated_message(placed.req_id, update, now) if error is None
                          else _refusal(placed.req_id, error))
    for s, (placed, answers) in by_session.items():
        s.answer_placed(placed, answers)
    _after_commit(told[0][0].session.server, entry)


def update_at_once(s: Session, req: ConnlibRequest) -> bool:
    """``update_object`` taken as it is read (no task, no turn), when nothing is to be
    waited for before it takes its place: an update of an object this process follows
    already, its content in the message, no earlier request of the connection naming the
    object still waiting, and a sender whose right to write it the store tells at once (an
    administrator's always; a user's from SQLite's snapshot of this pass of the loop, as the
    general way reads it; PostgreSQL's are read the general way).  Anything else, a refusal
    included, is :func:`update_object`'s."""
    if s.principal is None or s.ws.compressed:
        return False
    try:
        p = M.parse(UpdateObjectParams, req.params)
        path = _object_path(s, p)
    except (M.BadParams, Fail):
        return False
    entry = s.server.live.existing(path)
    if entry is None or entry.object_id != p["object_id"] or "content_id" in p or \
            s.waits_on(path):
        return False
    # (groups edited since the sender's were read: the general way reads them again first)
    if not s.groups_are_current() or \
            not (s.server.acls.bits_now(s.principal, path) or 0) & WRITE:
        return False
    data = req.tail or b""
    _numbered(s, entry, p, data, _now_us(), _answer_placed, s.place(req.id, len(data)))
    return True


@method("update_object", UpdateObjectParams, M.UpdateObjectResult, version=0, pipelined=True,
        at_once=update_at_once)
async def update_object(s: Session, p: dict, tail):
    path = _object_path(s, p)
    await s.require(path, WRITE)
    received = _now_us()
    data = await _data(s, p, tail)
    entry = await s.server.live.entry(path)
    if entry.object_id != p["object_id"]:
        s.server.live.forget_if_idle(entry)
        node = await s.server.store.get(path)
        raise Fail(NOT_OBJECT if node is not None and node.kind != LIVE_OBJECT else MISSING)
    # numbered in the order appended (before this coroutine first waits): the connection's
    # next update may go
    stored = asyncio.get_running_loop().create_future()
    _numbered(s, entry, p, data, received, _resolving, stored)
    end_of_turn()
    update = await stored
    _after_commit(s.server, entry)
    return M.make(M.UpdateObjectResult, status="OK", ts=now_ts(), sequence=update.sequence,
                  transaction_id=update.object_id)


async def _existing_object(s: Session, path: str) -> None:
    await s.require(path, READ)
    node, _ = await s.server.store.live_latest(path)
    if node is None:
        raise Fail(MISSING)
    if node.kind != LIVE_OBJECT:
        raise Fail(NOT_OBJECT)


@method("read_object_version", _ObjectPathReq, M.ReadObjectVersionResult, version=0)
async def read_object_version(s: Session, p: dict, tail):
    """The object's current content."""
    path = _object_path(s, p)
    await _existing_object(s, path)
    _, latest = await s.server.store.live_latest(path)
    if latest is None:
        raise Fail(MISSING)
    return (M.make(M.ReadObjectVersionResult, status="OK", ts=_push_ts(latest),
                   sequence=latest.sequence, size=len(latest.data)), latest.data)


async def _catch_up(s: Session, p: dict, path: str, upto: int, object_id: int
                    ) -> List[LiveUpdate]:
    """What a new subscriber gets before LATEST: the versions after the ones it has, or,
    when it names another object or the history no longer goes back that far, the
    current content."""
    if p.get("object_id") == object_id:
        since = await s.server.store.live_since(object_id, p.get("sequence", 0))
        if since is not None:
            return [u for u in since if u.sequence <= upto]
    _, latest = await s.server.store.live_latest(path)
    return [latest] if latest is not None and latest.object_id == object_id else []


@method("subscribe_read_object", SubscribeReadObjectParams, M.SubscribeReadObjectResult,
        version=1, subscription=True)
async def subscribe_read_object(s: Session, p: dict, req_id: int):
    live = s.server.live
    try:
        path = _object_path(s, p)
        await _existing_object(s, path)
        entry = await live.entry(path)
    except Fail as fail:
        await s.send(req_id, M.error_answer(M.SubscribeReadObjectResult, fail.status, now_ts()))
        return
    subscriber = live.subscribe(entry, s)
    try:
        object_id = entry.object_id
        # what the subscriber has (never beyond what there is: later versions must reach it)
        sent = min(p.get("sequence", 0), entry.delivered) if p.get("object_id") == object_id \
            else 0
        for update in await _catch_up(s, p, path, entry.delivered, object_id):
            await s.ws.send_messages((push_message(req_id, update),))
            sent = update.sequence
        await s.send(req_id, M.make(M.SubscribeReadObjectResult, status="LATEST", ts=now_ts(),
                                    sequence=sent, object_id=object_id))
        while True:
            # the versions committed together go out together (one check, one queueing), a
            # few at a time when they are large
            pushes, size = [], 0
            updates = await subscriber.next()
            now = _now_us()
            for update in updates:
                if update.object_id != object_id:  # the object was made anew
                    object_id, sent = update.object_id, 0
                if update.sequence > sent:
                    pushes.append(push_parts(req_id, update, now))
                    size += len(update.data)
                    sent = update.sequence
                    if size >= PUSHED_TOGETHER_BYTES:
                        await s.ws.send_messages(pushes)
                        pushes, size = [], 0
            if pushes:
                await s.ws.send_messages(pushes)
            if subscriber.end_status is not None:
                await s.send(req_id, M.error_answer(M.SubscribeReadObjectResult,
                                                    subscriber.end_status, now_ts()))
                return
    finally:
        live.unsubscribe(subscriber)


# A push's answer, as connlib.encode of the SubscribeReadObjectResult {status: OK, ts:
# _push_ts, sequence, object_id, size} writes it: its fields are numbers, so the text is
# made from this template (the model check and the JSON encoder were a third of a push's CPU)
_PUSH = ('{"id":%d,"status":"OK","ts":{"omni_server_in_ts":%d,"omni_server_out_ts":%d%s},'
         '"sequence":%d,"object_id":%d,"size":%d}')


PUSHED_TOGETHER_BYTES = 1 << 20  # content of the pushes queued on a socket at once, at most


def push_parts(req_id: int, update: LiveUpdate, now_us: int) -> Tuple[bytes, bytes]:
    """A push as the parts of its message (the version's content is not copied)."""
    est = ',"est":%d' % update.est_us if update.est_us else ""
    head = _PUSH % (req_id, update.received_us, now_us, est, update.sequence,
                    update.object_id, len(update.data))
    return head.encode() + b"\x00", update.data


def push_message(req_id: int, update: LiveUpdate) -> bytes:
    return b"".join(push_parts(req_id, update, _now_us()))


async def _recheck(subscribers: List[Subscriber]) -> None:
    for subscriber in subscribers:
        if not await subscriber.owner.current_bits(subscriber.entry.path) & READ:
            subscriber.end(ACCESS_LOST)


def object_numbers(store):
    """How the hub learns an object's id and newest sequence number (0s: no object)."""
    async def load(path: str) -> tuple:
        node, latest = await store.live_latest(path)
        if node is None or node.kind != LIVE_OBJECT:
            return 0, 0
        return node.version, latest.sequence if latest is not None else 0
    return load


def read_missed(server, entry) -> None:
    """Read from the store the versions ``entry`` has not delivered (another process
    committed them), one read at a time per entry."""
    if entry.reading is not None:
        entry.read_again = True
        return

    async def run():
        try:
            while entry.object_id:
                entry.read_again = False
                since = await server.store.live_since(entry.object_id, entry.delivered)
                if since is None:  # the history no longer goes back that far
                    _, latest = await server.store.live_latest(entry.path)
                    since = []
                    if latest is not None:
                        entry.skip_to(latest)
                for update in since:
                    entry.committed(update)
                if not entry.read_again:
                    return
        except Exception as exc:  # the store is away: the next notification reads again
            log.warning("live object %s: %s", entry.path, exc)
        finally:
            entry.reading = None
            server.live.forget_if_idle(entry)
    entry.reading = server.in_background(run())


def others_appended(server):
    """``live_appended`` of :meth:`Store.follow`: versions another process committed reach
    the subscribers here (their entries read them from the store)."""
    def appended(object_id) -> None:
        for entry in server.live.following(object_id):
            read_missed(server, entry)
    return appended


async def _made_anew(server, path: str, object_id: int) -> None:
    """Another process made a new object at ``path``: the subscribers here move to it."""
    _, latest = await server.store.live_latest(path)
    entry = server.live.existing(path)
    if latest is not None and latest.object_id == object_id and entry is not None \
            and entry.object_id != object_id:
        server.live.replace(path, latest)


def watch_events(server):
    """What to do with each committed change (an observer of the server's event bus)."""
    def seen(event: Event) -> None:
        if event.kind in ("delete", "rename"):
            server.live.end_under(event.path, GONE)
        elif event.kind == "change_acl":
            subscribers = server.live.subscribers_under(event.path)
            if subscribers:
                server.in_background(_recheck(subscribers))
        elif event.kind in ("create", "full") and event.node is not None \
                and event.node.kind == LIVE_OBJECT:
            entry = server.live.existing(event.path)
            if entry is not None and entry.object_id != event.node.version:
                server.in_background(_made_anew(server, event.path, event.node.version))
    return seen
