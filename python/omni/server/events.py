"""In-process fan-out of committed changes to ``subscribe_list`` subscribers.

A subscription watches one folder and receives the events of its direct
children.  Each subscription has a bounded queue; a subscriber that falls too
far behind is ended (it gets ``DONE`` and must list again), so one slow client
cannot make the server hold unbounded memory.
"""

from __future__ import annotations

import asyncio
from typing import Callable, Dict, Iterable, List, Set

from . import paths as P
from .storage.base import Event

QUEUE_LIMIT = 10_000


class Subscription:
    def __init__(self, folder: str):
        self.folder = folder
        self.queue: "asyncio.Queue[Event]" = asyncio.Queue(QUEUE_LIMIT)
        self.overflowed = asyncio.Event()


class EventBus:
    def __init__(self) -> None:
        self._subs: Dict[str, Set[Subscription]] = {}
        self.observers: List[Callable[[Event], None]] = []  # told of every event

    def subscribe(self, folder: str) -> Subscription:
        sub = Subscription(folder)
        self._subs.setdefault(folder, set()).add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        subs = self._subs.get(sub.folder)
        if subs is not None:
            subs.discard(sub)
            if not subs:
                del self._subs[sub.folder]

    @staticmethod
    def _folders(event: Event) -> set:
        # a copy changes only the destination's folder; a rename both folders
        folders = {P.parent_of(event.destination)} if event.kind == "copy" else \
            {P.parent_of(event.path)}
        if event.destination:
            folders.add(P.parent_of(event.destination))
        return folders

    def watched(self, events: Iterable[Event]) -> bool:
        """Whether someone subscribes to a folder one of ``events`` changes."""
        return any(folder in self._subs for e in events for folder in self._folders(e))

    def observe(self, events: Iterable[Event]) -> None:
        """Tells the observers of every event, watched by a subscriber or not."""
        for event in events:
            for observer in self.observers:
                observer(event)

    def publish(self, events: Iterable[Event]) -> None:
        for event in events:
            for folder in self._folders(event):
                for sub in list(self._subs.get(folder, ())):
                    try:
                        sub.queue.put_nowait(event)
                    except asyncio.QueueFull:
                        sub.overflowed.set()
                        self.unsubscribe(sub)


class CommitOrder:
    """The events of a store several server processes share, told in commit order.

    A process tells its own changes at once (as a lone process does), each after the
    other processes' events committed before it (``Change.preceding``); the follower of
    the store (``Store.follow``) tells the rest.  Every event reaches the bus once: of
    another process's events, those after the last told; the follower, coming to one of
    this process's own, waits until the change itself has told it (so that no later event
    overtakes it), or OWN_WAIT_S (a request cut off between its commit and its answer: the
    follower tells it then)."""

    OWN_WAIT_S = 5.0

    def __init__(self) -> None:
        self.following = False  # the store tells its events (shared by several processes)
        self.foreign_told = 0  # seq of the last other process's event told
        self._own_told: Set[int] = set()  # own events told, not yet passed by the follower
        self._told = asyncio.Event()

    def local(self, preceding: List[Event], own: List[Event]) -> List[Event]:
        """Of ``preceding``, those to tell before the change ``own``; ``own`` counts as told."""
        if not self.following:
            return []
        earlier = [e for e in preceding if e.seq > self.foreign_told]
        if earlier:
            self.foreign_told = earlier[-1].seq
        self._own_told.update(e.seq for e in own)
        self._told.set()
        return earlier

    async def admit(self, event: Event, own: bool) -> bool:
        """Whether the follower is to tell ``event`` (after waiting for the own ones)."""
        if not own:
            if event.seq <= self.foreign_told:
                return False
            self.foreign_told = event.seq
            return True
        deadline = asyncio.get_running_loop().time() + self.OWN_WAIT_S
        while event.seq not in self._own_told:
            self._told.clear()
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                break
            try:
                await asyncio.wait_for(self._told.wait(), left)
            except asyncio.TimeoutError:
                break
        if event.seq in self._own_told:
            self._own_told.discard(event.seq)
            return False
        return True


class SubscriptionCounts:
    """Open subscriptions per user and in all, within ``per_user`` and ``total``."""

    def __init__(self, per_user: int, total: int):
        self.per_user = per_user
        self.total = total
        self._by_user: Dict[str, int] = {}
        self._open = 0

    def take(self, user: str) -> bool:
        held = self._by_user.get(user, 0)
        if held >= self.per_user or self._open >= self.total:
            return False
        self._by_user[user] = held + 1
        self._open += 1
        return True

    def release(self, user: str) -> None:
        self._open -= 1
        held = self._by_user[user] - 1
        if held:
            self._by_user[user] = held
        else:  # nothing kept for users who hold none
            del self._by_user[user]
