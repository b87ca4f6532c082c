"""Channels on the wire: ``create`` of type 3 makes one (:mod:`.writes`), a legacy ``read``
of one stays open and receives its messages, ``update`` sends one.  Who receives what is
:mod:`..channels`; this module checks access and turns queued tails into answers.

Reading a channel needs read access, sending needs write.  A channel deleted (or moved)
ends its readers' streams with NOT_EXIST; a reader who loses read access (an ACL or a
group membership changed) has its stream ended with ACCESS_LOST.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import models as M
from ..answers import MISSING, Fail, now_ts
from ..channels import BadMessage, Reader, RelayFull
from ..storage.base import CHANNEL, FOLDER, READ, WRITE, Event, Node
from .registry import KeepOpen, method

if TYPE_CHECKING:
    from ..session import Session

GONE = "NOT_EXIST"  # the original reports (ERROR, ERROR); ours reports DELETED
ACCESS_LOST = "ACCESS_LOST"


def open_read(s: Session, node: Node) -> KeepOpen:
    """The stream of a ``read`` of the channel ``node``: its messages until stopped."""
    async def run(req_id: int) -> None:
        hub = s.server.channels
        await hub.caught_up()  # the members who joined through other processes: greeted
        reader = hub.join(node.path, s.connection_id, owner=s)
        try:
            await hub.caught_up()  # and those who join after this answer greet this one
            while True:
                for tail in await reader.next():
                    await s.send(req_id, M.make(M.ReadResult, status="OK", ts=now_ts(),
                                                etag=str(node.version), size=len(tail)), tail)
                if reader.end_status is not None:
                    await s.send(req_id, M.error_answer(M.ReadResult, reader.end_status,
                                                        now_ts()))
                    return
        finally:
            hub.leave(reader)
    return KeepOpen(run)


@method("update", M.UriParams, M.UploadResult, version=1)
async def update(s: Session, p: dict, tail):
    """A message to a channel's readers (the legacy update of a file is not offered)."""
    cp = s.path_arg(p["uri"])
    await s.require(cp.path, WRITE)
    # one message per request at high rates: the item's kind and version are all it needs
    found = await s.server.store.kind_and_version(cp.path)
    if found is None or (cp.folder_form and found[0] != FOLDER):  # as Session.existing
        raise Fail(MISSING)
    kind, version = found
    if kind != CHANNEL:
        raise Fail("NOT_IMPLEMENTED")
    try:
        s.server.channels.post(cp.path, s.connection_id, tail or b"")
    except BadMessage:
        raise Fail("INVALID_PARAMETERS") from None
    except RelayFull:
        raise Fail("QUOTA_REACHED") from None
    return M.make(M.UploadResult, status="OK", ts=now_ts(), uri=cp.path, etag=str(version))


async def _recheck(readers: list[Reader]) -> None:
    for reader in readers:
        session: Session = reader.owner
        if not await session.current_bits(reader.channel.path) & READ:
            reader.end(ACCESS_LOST)


def recheck_access(server, path: str = "/") -> None:
    """End the streams of readers of channels at or below ``path`` who may no longer read."""
    readers = server.channels.readers_under(path)
    if readers:
        server.in_background(_recheck(readers))


def watch_events(server):
    """What to do with each committed change (an observer of the server's event bus)."""
    def seen(event: Event) -> None:
        if event.kind in ("delete", "rename"):
            server.channels.end_under(event.path, GONE)
        elif event.kind == "change_acl":
            recheck_access(server, event.path)
    return seen
