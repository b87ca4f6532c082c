"""Channels: who reads which channel and what each reader is to receive.

No network here: a reader is a bounded queue of message tails that the ``read`` stream
of one connection drains (:mod:`.methods.channels`).  A message tail is what a client
sends with ``update`` and what readers receive: a compact JSON header
``{"from":<connection id>,"id":[u64,u64],"type":<t>[,"to":<connection id>]}``, then, when
there is a payload, ``0x00`` and the payload.  Tails are relayed byte for byte, in the
order the server received them, once to each other reader.

What the server adds so that the original client reports what its documentation says
(nucleus-protocol-notes, "Live, part 3"):

* a newcomer's first answer is a ``join`` from the server itself (it completes the join);
  then it gets one ``pong`` in the name of each member already there (HELLO), and they
  get a ``join`` in its name (JOIN);
* only the first ``pong`` per (ping id, ``to``) is relayed: later ones would be stray HELLOs;
* a reader whose stream ends without a ``disconnect`` of its own within
  :data:`LEAVE_GRACE_S` is announced gone by a ``disconnect`` in its name (LEFT), never twice.

A reader that falls behind (more than its queue holds) is ended with
:data:`OVERFLOW_STATUS`; the others lose nothing.

Several processes on one store: the hub tells its :class:`Relay` when a connection of this
process becomes a member of a channel, posts to it and stops being one (its departure told);
the relay hands on what the other processes told theirs through :meth:`ChannelHub.remote_joined`,
:meth:`~ChannelHub.remote_posted` and :meth:`~ChannelHub.remote_left`, which take the same
steps as a member of this process: a remote member is greeted and announced like a local one.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections import OrderedDict
from typing import Any, Callable, Dict, Iterator, List, Optional, Set

from .streams import Stream

LEAVE_GRACE_S = 1.0
CATCH_UP_S = 5.0  # a join waits this long at most for the other processes (their database)
QUEUE_BYTES = 64 << 20  # per reader: tails waiting to be sent
QUEUE_MESSAGES = 10_000
OVERFLOW_STATUS = "CONTENT_BUFFER_OVERFLOW"
_REMEMBERED = 4096  # answered pings and announced departures kept per channel


class BadMessage(ValueError):
    """An ``update`` tail that is not a channel message of its sender."""


class RelayFull(RuntimeError):
    """The other processes cannot be told more now (their database is out of reach and this
    process holds as much as it may for them): a message is refused, not lost in silence."""


def encode_header(header: dict, payload: Optional[bytes] = None) -> bytes:
    """A tail as the original client writes it: compact, sorted keys, ``0x00`` only
    before a payload."""
    head = json.dumps(header, separators=(",", ":"), sort_keys=True).encode()
    return head if payload is None else head + b"\0" + payload


def parse_header(tail: bytes) -> dict:
    """The header of a tail: the JSON before the first ``0x00`` (or all of it)."""
    head = tail.split(b"\0", 1)[0]
    try:
        header = json.loads(head)
    except (ValueError, UnicodeDecodeError):
        raise BadMessage("the message does not start with a JSON header") from None
    if not isinstance(header, dict) or not isinstance(header.get("type"), str) \
            or not isinstance(header.get("from"), str):
        raise BadMessage("the message header needs a string 'from' and 'type'")
    if "to" in header and not isinstance(header["to"], str):
        raise BadMessage("the message header's 'to' must be a string")
    return header


class Reader(Stream):
    """One open ``read`` of a channel: the tails it is still to receive."""

    def __init__(self, channel: "Channel", connection_id: str, owner: Any):
        super().__init__()
        self.channel = channel
        self.connection_id = connection_id
        self.owner = owner  # who reads (the hub does not look at it)

    def push(self, tail: bytes) -> None:
        if self.end_status is not None:
            return
        if len(self._queue) >= self.channel.hub.queue_messages or \
                self._bytes + len(tail) > self.channel.hub.queue_bytes:
            self.end(OVERFLOW_STATUS)
            return
        self._append(tail, len(tail))


class Relay:
    """Where a hub tells the other processes of its store what its members do (a store one
    process serves has none: these do nothing)."""

    def joined(self, path: str, member: str) -> None:
        """``member`` (a connection of this process) now reads the channel at ``path``."""

    def posted(self, path: str, member: str, tail: bytes) -> None:
        """``member`` sent ``tail`` (relayed to this process's readers already)."""

    def left(self, path: str, member: str) -> None:
        """``member`` reads the channel no more, and its departure was told."""

    async def caught_up(self) -> None:
        """Once what this process told is where the others read it, and what they told
        until now has been handed to this hub."""

    def full(self) -> bool:
        """Whether what waits to be told is at its bound (posts are refused meanwhile)."""
        return False


class Channel:
    def __init__(self, hub: "ChannelHub", path: str):
        self.hub = hub
        self.path = path
        self.readers: List[Reader] = []
        self.remote: Set[str] = set()  # members reading through other processes
        self.registered: Set[str] = set()  # members of this process the relay was told of
        self._answered_pings: "OrderedDict[tuple, None]" = OrderedDict()
        self._leaving: Dict[str, asyncio.TimerHandle] = {}
        self._announced: "OrderedDict[str, None]" = OrderedDict()  # departures told

    def _others(self, connection_id: str) -> Iterator[Reader]:
        return (r for r in list(self.readers) if r.connection_id != connection_id)

    def _reading(self, connection_id: str) -> bool:
        return any(r.connection_id == connection_id for r in self.readers)

    def _notice(self, kind: str, sender: str, to: Optional[str] = None) -> bytes:
        header = {"from": sender, "id": [0, next(self.hub.ids)], "type": kind}
        if to is not None:
            header["to"] = to
        return encode_header(header)

    def _welcome(self, connection_id: str) -> None:
        """A newcomer (of any process): the others get a ``join`` in its name (JOIN)."""
        joined = self._notice("join", connection_id)
        for other in self._others(connection_id):
            other.push(joined)

    def add(self, connection_id: str, owner: Any) -> Reader:
        reader = Reader(self, connection_id, owner)
        reader.push(self._notice("join", "") + b"\0")
        members = dict.fromkeys(r.connection_id for r in self._others(connection_id))
        for member in [*members, *sorted(self.remote)]:
            reader.push(self._notice("pong", member, to=connection_id))
        if not self._reading(connection_id):
            self._welcome(connection_id)
            if connection_id not in self.registered:
                self.registered.add(connection_id)
                self.hub.relay.joined(self.path, connection_id)
        self.readers.append(reader)
        self._announced.pop(connection_id, None)
        timer = self._leaving.pop(connection_id, None)
        if timer is not None:
            timer.cancel()
        return reader

    def remote_joined(self, member: str) -> None:
        if member not in self.remote:
            self.remote.add(member)
            self._announced.pop(member, None)
            self._welcome(member)

    def remove(self, reader: Reader) -> None:
        if reader not in self.readers:
            return
        self.readers.remove(reader)
        who = reader.connection_id
        if not self._reading(who) and who not in self._announced and who not in self._leaving:
            self._leaving[who] = asyncio.get_running_loop().call_later(
                self.hub.leave_grace_s, self._left_without_word, who)
        self._settle(who)

    def _left_without_word(self, who: str) -> None:
        self._leaving.pop(who, None)
        self._announce_departure(who)
        self._settle(who)

    def remote_left(self, member: str) -> None:
        self.remote.discard(member)
        self._announce_departure(member)
        self._forget_if_idle()

    def _announce_departure(self, who: str) -> None:
        """A ``disconnect`` in the name of ``who`` (LEFT), unless its departure was told."""
        if not self._remember(self._announced, who):
            return
        notice = self._notice("disconnect", who)
        for reader in self._others(who):
            reader.push(notice)

    def _settle(self, who: str) -> None:
        """A member of this process whose departure was told and who reads no more: the
        other processes forget it."""
        if who in self.registered and who in self._announced and not self._reading(who):
            self.registered.discard(who)
            self.hub.relay.left(self.path, who)
        self._forget_if_idle()

    def _forget_if_idle(self) -> None:
        if not self.readers and not self._leaving and not self.remote:
            self.hub.forget(self)

    @staticmethod
    def _remember(seen: OrderedDict, key) -> bool:
        """Add ``key``; False if it was there.  Only the latest :data:`_REMEMBERED` stay."""
        if key in seen:
            return False
        seen[key] = None
        if len(seen) > _REMEMBERED:
            seen.popitem(last=False)
        return True

    def post(self, sender: str, tail: bytes) -> None:
        header = parse_header(tail)
        if header["from"] != sender:
            raise BadMessage("a message must come from its sender's connection id")
        if header["type"] == "disconnect":
            timer = self._leaving.pop(sender, None)
            if timer is not None:
                timer.cancel()
        if self.relay_in(sender, header, tail):
            self.hub.relay.posted(self.path, sender, tail)
        self._settle(sender)

    def relay_in(self, sender: str, header: dict, tail: bytes) -> bool:
        """Hand a message of a member (of any process) to the readers it is for; False if
        it is not to be relayed (a pong answered already, a departure told already)."""
        kind, to = header["type"], header.get("to")
        if kind == "pong":
            if not self._remember(self._answered_pings, (json.dumps(header.get("id")), to)):
                return False
        elif kind == "disconnect" and not self._remember(self._announced, sender):
            return False  # told already, in its name
        for reader in self._others(sender):
            if to is None or reader.connection_id == to:
                reader.push(tail)
        return True


class ChannelHub:
    """The channels that have members, by path."""

    def __init__(self, queue_bytes: int = QUEUE_BYTES, queue_messages: int = QUEUE_MESSAGES,
                 leave_grace_s: float = LEAVE_GRACE_S):
        self.queue_bytes = queue_bytes
        self.queue_messages = queue_messages
        self.leave_grace_s = leave_grace_s
        self.ids = itertools.count(1)  # ids of the headers the server writes
        self.relay = Relay()
        self._channels: Dict[str, Channel] = {}

    def _channel(self, path: str) -> Channel:
        channel = self._channels.get(path)
        if channel is None:
            channel = self._channels[path] = Channel(self, path)
        return channel

    def join(self, path: str, connection_id: str, owner: Any = None) -> Reader:
        return self._channel(path).add(connection_id, owner)

    def leave(self, reader: Reader) -> None:
        reader.channel.remove(reader)

    async def caught_up(self) -> None:
        """Wait (a bounded time) until the members of the other processes who joined before
        now are known here, and those of this process are known to the others: a join
        between the two is greeted by each member whose join came before it, and greets
        each who comes after."""
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self.relay.caught_up(), CATCH_UP_S)

    def post(self, path: str, sender: str, tail: bytes) -> None:
        """Relay ``sender``'s message to the channel's other readers (BadMessage if it is
        not a channel message of ``sender``, RelayFull if the other processes cannot be
        told it)."""
        if self.relay.full():
            raise RelayFull("the other server processes cannot be reached")
        channel = self._channels.get(path)
        if channel is None:
            parse_header(tail)  # nobody to tell; still refuse what is not a message
            return
        channel.post(sender, tail)

    # -- what members of other processes did (told by the relay, in the order they did it)

    def remote_joined(self, path: str, member: str) -> None:
        self._channel(path).remote_joined(member)

    def remote_posted(self, path: str, sender: str, tail: bytes) -> None:
        channel = self._channels.get(path)
        if channel is not None:
            channel.relay_in(sender, parse_header(tail), tail)

    def remote_left(self, path: str, member: str) -> None:
        channel = self._channels.get(path)
        if channel is not None:
            channel.remote_left(member)

    def members_here(self) -> List[tuple]:
        """``(path, member)`` of every member of this process the relay was told of."""
        return [(path, member) for path, channel in self._channels.items()
                for member in channel.registered]

    def forget(self, channel: Channel) -> None:
        if self._channels.get(channel.path) is channel:
            del self._channels[channel.path]

    def readers_under(self, path: str, keep: Callable[[str], bool] = lambda p: True
                      ) -> List[Reader]:
        """The readers of the channels at ``path`` or below it."""
        prefix = path.rstrip("/") + "/"
        return [r for p, channel in list(self._channels.items())
                if (p == path or p.startswith(prefix)) and keep(p) for r in channel.readers]

    def end_under(self, path: str, status: str) -> None:
        """End every stream of the channels at ``path`` or below it with ``status``."""
        for reader in self.readers_under(path):
            reader.end(status)
