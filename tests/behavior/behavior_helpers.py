"""Helpers of the behaviour suite: a root (a fresh folder on one provider) and a recorder of
subscription answers."""

from __future__ import annotations

import os
import queue
import threading
import time
from dataclasses import dataclass
from typing import Callable, Optional

import omni.client
from omni.client import ItemFlags, ListEvent, Result


@dataclass(frozen=True)
class Root:
    """A fresh, empty folder on one provider. `root / "a/b.txt"` is the URL of an item below it.

    `put`, `read` and `tree` set up and look at the folder from outside the provider where there
    is an outside (the disk, for local folders), and through the client otherwise."""

    provider: str
    url: str                     # the folder, without a trailing slash
    spell: Callable[[str], str]  # a relative path as this root's URLs spell it
    local: Optional[str] = None  # the folder on this machine, for local roots

    def __truediv__(self, name: str) -> str:
        return f"{self.url}/{self.spell(name)}"

    def __str__(self) -> str:
        return self.url

    def put(self, name: str, data: bytes = b"data") -> None:
        if self.local is None:
            assert omni.client.write_file(self / name, data) == Result.OK
            return
        path = os.path.join(self.local, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)

    def read(self, name: str) -> Optional[bytes]:
        """The content of `name`; None when there is none."""
        if self.local is not None:
            try:
                with open(os.path.join(self.local, name), "rb") as f:
                    return f.read()
            except FileNotFoundError:
                return None
        result, _, content = omni.client.read_file(self / name)
        return bytes(memoryview(content)) if result == Result.OK else None

    def tree(self, below: str = "") -> dict:
        """Everything under the root (or its folder `below`): {relative path: bytes} for files,
        {relative path + "/": None} for folders."""
        if self.local is not None:
            return local_tree(os.path.join(self.local, below))
        prefix = below.rstrip("/") + "/" if below else ""
        return {name[len(prefix):]: content for name, content in self._listed_tree(prefix).items()}

    def _listed_tree(self, folder: str) -> dict:
        """The tree below `folder` ("" or ending in "/"), as the client lists and reads it."""
        result, entries = omni.client.list(self / folder if folder else self.url)
        assert result == Result.OK, (folder, result)
        out = {}
        for e in entries:
            name = folder + e.relative_path
            if e.flags & ItemFlags.CAN_HAVE_CHILDREN:
                out[name + "/"] = None
                out.update(self._listed_tree(name + "/"))
            else:
                out[name] = self.read(name)
        return out


def local_tree(top: str) -> dict:
    """Everything under the local folder `top`, as Root.tree gives it."""
    out = {}
    for dirpath, dirs, files in os.walk(top):
        rel = os.path.relpath(dirpath, top)
        for name in dirs:
            out[os.path.normpath(os.path.join(rel, name)) + "/"] = None
        for name in files:
            with open(os.path.join(dirpath, name), "rb") as f:
                out[os.path.normpath(os.path.join(rel, name))] = f.read()
    return out


class Recorder:
    """Collects a subscription's first answer and its events as (result, event, name, flags, size),
    with the threads they arrive on.

    Checkpoint notices (METADATA events, and the IS_CHECKPOINTED flag a versioning server sets
    some time after each write) are left out: when they come is the server's business."""

    def __init__(self):
        self.first = queue.Queue()
        self.events = queue.Queue()
        self.threads = set()

    def on_first(self, *answer):
        self.threads.add(threading.get_ident())
        self.first.put(answer)

    def on_event(self, result, event, entry):
        self.threads.add(threading.get_ident())
        if event != ListEvent.METADATA:
            flags = int(entry.flags) & ~int(ItemFlags.IS_CHECKPOINTED)
            self.events.put((result, event, entry.relative_path, flags, entry.size))

    def next_first(self):
        return self.first.get(timeout=10)

    def until(self, predicate, timeout=10):
        """Events up to and including the first that matches `predicate`."""
        seen = []
        deadline = time.monotonic() + timeout
        while True:
            seen.append(self.events.get(timeout=max(0.01, deadline - time.monotonic())))
            if predicate(seen[-1]):
                return seen

    def quiet(self, seconds=0.3):
        """The events that come within `seconds`."""
        time.sleep(seconds)
        out = []
        while not self.events.empty():
            out.append(self.events.get())
        return out
