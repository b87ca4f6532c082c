"""Group commit: one writer thread per store runs the changes waiting in its queue in one
transaction, each inside its own savepoint (a refused change rolls back alone), and answers
none of them before the shared COMMIT is durable."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
from typing import Callable, Optional

log = logging.getLogger("omni.server")

MAX_BATCH = 128


class _Resolve:
    """Hand a result computed on the writer thread back to its event loop."""

    __slots__ = ("fut",)

    def __init__(self, fut: asyncio.Future):
        self.fut = fut

    def __call__(self, ok: bool, value) -> None:
        if self.fut.cancelled():
            return
        if ok:
            self.fut.set_result(value)
        else:
            self.fut.set_exception(value)


class GroupWriter:
    """``connect()`` opens the writer's connection (``tx``: it has ``execute``);
    ``begin(tx)`` starts a transaction that may write; ``recorded(tx, value)`` runs after
    each change, in its savepoint (a backend records its events there)."""

    def __init__(self, connect: Callable, begin: Callable, close: Callable,
                 recorded: Optional[Callable] = None):
        self._connect, self._begin, self._close = connect, begin, close
        self._recorded = recorded
        self._queue: "queue.SimpleQueue" = queue.SimpleQueue()
        self._thread: Optional[threading.Thread] = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="db-write", daemon=True)
        self._thread.start()

    async def stop(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            await asyncio.get_running_loop().run_in_executor(None, self._thread.join)
            self._thread = None

    async def run(self, fn: Callable):
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        self._queue.put((fn, loop, _Resolve(fut)))
        return await fut

    def _loop(self) -> None:
        tx = None
        try:
            while True:
                item = self._queue.get()
                if item is None:
                    return
                batch = [item]
                stop = False
                while len(batch) < MAX_BATCH:
                    try:
                        item = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if item is None:
                        stop = True
                        break
                    batch.append(item)
                if tx is None:
                    try:
                        tx = self._connect()
                    except Exception as exc:  # the database is away: these changes fail
                        log.warning("store: cannot connect: %s", exc)
                        self._answer(batch, [(False, exc)] * len(batch))
                        continue
                if not self._run_batch(tx, batch):
                    # the connection may be broken (a database restart): a new one next time
                    with contextlib.suppress(Exception):
                        self._close(tx)
                    tx = None
                if stop:
                    return
        finally:
            if tx is not None:
                self._close(tx)

    def _change(self, tx, fn):
        value = fn(tx)
        if self._recorded is not None:
            self._recorded(tx, value)
        return value

    def _run_batch(self, tx, batch: list) -> bool:
        results = []
        try:
            self._begin(tx)
            if len(batch) == 1:  # alone: its transaction is its savepoint
                try:
                    results.append((True, self._change(tx, batch[0][0])))
                except Exception as exc:
                    results.append((False, exc))
                    tx.execute("ROLLBACK")
                    self._answer(batch, results)
                    return True
            else:
                for fn, _, _ in batch:
                    tx.execute("SAVEPOINT op")
                    try:
                        value = self._change(tx, fn)
                    except Exception as exc:  # the change is refused: undo it alone
                        tx.execute("ROLLBACK TO SAVEPOINT op")
                        results.append((False, exc))
                    else:
                        results.append((True, value))
                    tx.execute("RELEASE SAVEPOINT op")
            tx.execute("COMMIT")
            ok = True
        except Exception as exc:  # BEGIN or COMMIT failed: nothing of the batch is stored
            with contextlib.suppress(Exception):
                tx.execute("ROLLBACK")
            results = [(False, exc)] * len(batch)
            ok = False
        self._answer(batch, results)
        return ok

    @staticmethod
    def _answer(batch: list, results: list) -> None:
        # one wake-up of each event loop for the whole batch (each call_soon_threadsafe
        # writes to the loop's wake-up pipe), resolved in the order of the batch
        by_loop: dict = {}
        for (_, loop, resolve), outcome in zip(batch, results):
            by_loop.setdefault(loop, []).append((resolve, outcome))
        for loop, answers in by_loop.items():
            loop.call_soon_threadsafe(_resolve_all, answers)


def _resolve_all(answers: list) -> None:
    for resolve, (ok, value) in answers:
        resolve(ok, value)
