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
RETRIES = 8  # runs of a change that keeps losing races, before its error is answered


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
    ``begin(tx)`` starts a transaction that may write; ``before_commit(tx, values)`` runs
    last in it, with the values of the changes that stand (a backend records their events
    there); a change whose error ``retryable(exc)`` calls a lost race (a deadlock, a key
    another transaction inserted meanwhile) is undone and run again."""

    def __init__(self, connect: Callable, begin: Callable, close: Callable,
                 before_commit: Optional[Callable] = None,
                 retryable: Callable[[Exception], bool] = lambda exc: False):
        self._connect, self._begin, self._close = connect, begin, close
        self._before_commit = before_commit
        self._retryable = retryable
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
        fut = asyncio.get_running_loop().create_future()
        self.run_soon(fn, _Resolve(fut))
        return await fut

    def run_soon(self, fn: Callable, done: Callable[[bool, object], None]) -> None:
        """:meth:`run` for a caller that cannot wait: ``done(True, the value)`` or
        ``done(False, the error)``, called on this event loop once committed."""
        self._queue.put((fn, asyncio.get_running_loop(), done))

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

    def _change(self, tx, fn, alone: bool, first: bool) -> tuple:
        """``(True, value)``, ``(False, error)``, or ``(None, error)``: it lost a race to a
        transaction waiting for the changes before it in this one (which keeps happening
        while they hold their locks), to be run again in the next transaction.  A change
        alone in its transaction uses the transaction as its savepoint (one round trip less),
        and a refused one has rolled it back."""
        for attempt in range(1, RETRIES + 1):
            if not alone:
                tx.execute("SAVEPOINT op")
            try:
                value = fn(tx)
            except Exception as exc:  # the change is refused: undo it alone
                if alone:
                    tx.execute("ROLLBACK")
                else:
                    tx.execute("ROLLBACK TO SAVEPOINT op")
                    tx.execute("RELEASE SAVEPOINT op")
                if attempt == RETRIES or not self._retryable(exc):
                    return False, exc
                if not first:
                    return None, exc
                if alone:
                    self._begin(tx)
                continue
            if not alone:
                tx.execute("RELEASE SAVEPOINT op")
            return True, value

    def _run_batch(self, tx, batch: list) -> bool:
        """Run the changes of ``batch`` in one transaction, or in more when one of them lost a
        race behind the others: those before it are committed, and it runs in the next."""
        while batch:
            alone = len(batch) == 1
            results: list = []
            try:
                self._begin(tx)
                for fn, _, _ in batch:
                    ok, value = self._change(tx, fn, alone, first=not results)
                    if ok is None:
                        break
                    results.append((ok, value))
                if not (alone and not results[0][0]):  # else rolled back already
                    if self._before_commit is not None:
                        self._before_commit(tx, [value for ok, value in results if ok])
                    tx.execute("COMMIT")
            except Exception as exc:  # BEGIN or COMMIT failed: nothing of these is stored
                with contextlib.suppress(Exception):
                    tx.execute("ROLLBACK")
                self._answer(batch, [(False, exc)] * len(batch))
                return False
            self._answer(batch, results)
            batch = batch[len(results):]
        return True

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
