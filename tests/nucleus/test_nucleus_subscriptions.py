"""list_subscribe / stat_subscribe over subscribe_list: their survival across reconnects, and the
listing cache they keep. (Their events, on every provider, are in tests/behavior.)"""

from __future__ import annotations

import threading
import time

import omni.client
from omni.client import ListEvent, Result


class Recorder:
    def __init__(self):
        self.events = []
        self.metadata = []
        self.first = []
        self.cond = threading.Condition()

    def on_first(self, result, *rest):
        with self.cond:
            self.first.append((result, rest))
            self.cond.notify_all()

    def on_event(self, result, event, entry):
        with self.cond:
            if event == ListEvent.METADATA:  # checkpoints made by each write (versioning on)
                self.metadata.append(entry.relative_path)
            else:
                self.events.append((result, event, entry.relative_path))
            self.cond.notify_all()

    def wait_for(self, predicate, timeout=10.0):
        with self.cond:
            return self.cond.wait_for(lambda: predicate(self), timeout)


def test_subscriptions_come_back_after_the_connection_drops(admin, proxy):
    base = f"{proxy.url}/resub"
    assert omni.client.write_file(f"{base}/a.txt", b"a") == Result.OK
    rec = Recorder()
    req = omni.client.list_subscribe_with_callback(base, rec.on_first, rec.on_event)
    assert rec.wait_for(lambda r: r.first)
    before = proxy.accepted
    proxy.drop_all()
    # the subscription reconnects by itself (no request needed), then sees new changes
    deadline = time.monotonic() + 10
    while proxy.accepted <= before and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proxy.accepted > before
    deadline = time.monotonic() + 10
    while not rec.events and time.monotonic() < deadline:
        omni.client.write_file(f"{admin.url}/resub/n{time.monotonic_ns()}.txt", b"n")
        rec.wait_for(lambda r: r.events, timeout=0.5)
    assert rec.events and rec.events[0][:2] == (Result.OK, ListEvent.CREATED)
    req.stop()


def test_changes_made_while_disconnected_are_told_after_the_reconnect(admin, proxy):
    # The server does not replay events sent while a socket was down (the original client does
    # not notice): after re-subscribing, ours lists the folder again and tells the differences.
    base, direct = f"{proxy.url}/missed", f"{admin.url}/missed"
    for name in ("gone", "changed", "locked", "same"):
        assert omni.client.write_file(f"{direct}/{name}.txt", b"1") == Result.OK
    folder, item = Recorder(), Recorder()
    subs = [omni.client.list_subscribe_with_callback(base, folder.on_first, folder.on_event),
            omni.client.stat_subscribe_with_callback(f"{base}/changed.txt", item.on_first, item.on_event)]
    assert folder.wait_for(lambda r: r.first) and item.wait_for(lambda r: r.first)
    before = proxy.accepted
    proxy.stalled.set()  # the new socket gets nowhere until the changes are made
    proxy.drop_all()
    assert omni.client.delete(f"{direct}/gone.txt") == Result.OK
    assert omni.client.write_file(f"{direct}/changed.txt", b"22") == Result.OK
    assert omni.client.write_file(f"{direct}/new.txt", b"3") == Result.OK
    assert omni.client.lock(f"{direct}/locked.txt") == Result.OK
    proxy.stalled.clear()
    missed = {(Result.OK, ListEvent.DELETED, "gone.txt"), (Result.OK, ListEvent.UPDATED, "changed.txt"),
              (Result.OK, ListEvent.CREATED, "new.txt"), (Result.OK, ListEvent.LOCKED, "locked.txt")}
    assert folder.wait_for(lambda r: len(r.events) >= 4, timeout=20), folder.events
    assert item.wait_for(lambda r: r.events, timeout=20)
    assert proxy.accepted > before
    time.sleep(0.3)  # nothing more: "same" did not change
    assert set(folder.events) == missed and len(folder.events) == 4
    assert item.events == [(Result.OK, ListEvent.UPDATED, "changed.txt")]
    # and the subscription goes on as before
    assert omni.client.write_file(f"{direct}/later.txt", b"4") == Result.OK
    assert folder.wait_for(lambda r: len(r.events) >= 5)
    assert folder.events[4] == (Result.OK, ListEvent.CREATED, "later.txt")
    for sub in subs:
        sub.stop()


def test_cached_listings_follow_changes_made_by_another_connection(admin, proxy):
    # `proxy.url` is a second address of the same server: a second connection, another "client".
    here, there = f"{admin.url}/cache", f"{proxy.url}/cache"
    assert omni.client.write_file(f"{here}/a.txt", b"a") == Result.OK
    assert omni.client.stat(f"{here}/a.txt")[1].size == 1          # caches the folder
    assert [e.relative_path for e in omni.client.list(here)[1]] == ["a.txt"]
    assert omni.client.write_file(f"{there}/a.txt", b"aaaa") == Result.OK
    assert omni.client.write_file(f"{there}/b.txt", b"b") == Result.OK
    assert omni.client.delete(f"{there}/a.txt") == Result.OK
    assert omni.client.copy(f"{there}/b.txt", f"{there}/c.txt") == Result.OK
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        names = [e.relative_path for e in omni.client.list(here)[1]]
        if names == ["b.txt", "c.txt"]:
            break
        time.sleep(0.02)
    assert names == ["b.txt", "c.txt"]
    assert omni.client.stat(f"{here}/a.txt")[0] == Result.ERROR_NOT_FOUND
    assert omni.client.stat(f"{here}/b.txt")[1].size == 1
    assert omni.client.stat(f"{here}/c.txt")[1].size == 1


def test_resolve_subscribe_follows_the_item_through_search_urls(folder):
    # resolve_subscribe is composed in the core from stat subscriptions, so it works on every provider.
    assert omni.client.create_folder(folder) == Result.OK
    first, events = [], []
    cond = threading.Condition()

    def on_event(*answer):
        with cond:
            events.append(answer)
            cond.notify_all()

    req = omni.client.resolve_subscribe_with_callback("scene.usd", [f"{folder}/"], lambda *a: first.append(a), on_event)
    try:
        deadline = time.monotonic() + 10
        while not first and time.monotonic() < deadline:
            time.sleep(0.01)
        assert first and first[0][0] == Result.OK_NOT_YET_FOUND
        assert omni.client.write_file(f"{folder}/scene.usd", b"v1") == Result.OK
        with cond:
            assert cond.wait_for(lambda: any(e[1] == ListEvent.CREATED for e in events), 10)
        created = next(e for e in events if e[1] == ListEvent.CREATED)
        assert created[0] == Result.OK and created[3] == f"{folder}/scene.usd"
        assert omni.client.delete(f"{folder}/scene.usd") == Result.OK
        with cond:
            assert cond.wait_for(lambda: any(e[1] == ListEvent.DELETED for e in events), 10)
    finally:
        req.stop()
    result, entry, url = omni.client.resolve("scene.usd", [f"{folder}/"])
    assert result == Result.ERROR_NOT_FOUND


def test_clear_list_cache_and_bypass_see_changes_that_sent_no_event(admin):
    # The admin command restores deleted files straight in the server's store: no event reaches
    # the client's cached listing, which stays as it was until cleared or bypassed.
    folder = f"/nocache-{time.monotonic_ns()}"
    here = f"{admin.url}{folder}"
    for name in ("a.txt", "b.txt"):
        assert omni.client.write_file(f"{here}/{name}", b"x") == Result.OK
        assert omni.client.delete(f"{here}/{name}") == Result.OK
    assert omni.client.write_file(f"{here}/keep.txt", b"k") == Result.OK
    names = lambda: [e.relative_path for e in omni.client.list(here)[1]]  # noqa: E731
    assert names() == ["keep.txt"]                                   # cached from now on
    admin.cli("trash", "restore", f"{folder}/a.txt")
    time.sleep(0.3)
    assert names() == ["keep.txt"]
    assert omni.client.stat(f"{here}/a.txt")[0] == Result.ERROR_NOT_FOUND
    assert omni.client.clear_list_cache(f"{here}/anything") is True
    assert names() == ["a.txt", "keep.txt"]
    admin.cli("trash", "restore", f"{folder}/b.txt")
    omni.client.bypass_list_cache(True)
    try:
        assert omni.client.stat(f"{here}/b.txt")[0] == Result.OK
        assert names() == ["a.txt", "b.txt", "keep.txt"]
    finally:
        omni.client.bypass_list_cache(False)
    # Other servers, and providers without a listing cache, have nothing to clear.
    assert omni.client.clear_list_cache("file:/tmp") is False
    assert omni.client.clear_list_cache("") is False


def test_a_cached_stat_never_goes_back_to_an_older_state_of_the_file(admin):
    # Right after a write, the first stat asks the server (stat2) while the folder's listing is
    # being fetched; the listing may have been read before the write's checkpoint was committed.
    # The cache must keep the newer of the two: once a stat shows the file checkpointed, the
    # stats after it must too.
    base = f"{admin.url}/forward-{time.monotonic_ns()}"
    went_back = []
    for i in range(25):
        url = f"{base}/f{i}.usd"
        assert omni.client.write_file(url, b"x" * (i + 1)) == Result.OK
        seen = []
        end = time.monotonic() + 0.5
        while time.monotonic() < end:
            result, entry = omni.client.stat(url)
            assert result == Result.OK
            seen.append(bool(entry.flags & omni.client.ItemFlags.IS_CHECKPOINTED))
        if True in seen and False in seen[seen.index(True):]:
            went_back.append(url)
    assert not went_back


def test_a_write_is_heard_as_the_original_client_makes_it_heard(admin):
    # With versioning on, a write is a checkpoint of the version it replaces (nothing to do when
    # that one already is), the new version, and its checkpoint: subscribers hear UPDATED then
    # METADATA, as for a write by NVIDIA's client; a subscription opened once the write has
    # returned hears nothing of it (apps reload on each event).
    base = f"{admin.url}/heard-{time.monotonic_ns()}"
    assert omni.client.write_file(f"{base}/old.txt", b"1") == Result.OK
    heard, lock = [], threading.Lock()

    def recorder(source):
        def on_event(result, event, entry):
            with lock:
                heard.append((source, event, entry.relative_path))
        return on_event

    subs = [omni.client.list_subscribe_with_callback(base, lambda *a: None, recorder("list")),
            omni.client.stat_subscribe_with_callback(f"{base}/old.txt", lambda *a: None, recorder("stat"))]
    time.sleep(0.5)  # their first answers
    assert omni.client.write_file(f"{base}/old.txt", b"22") == Result.OK
    assert omni.client.write_file(f"{base}/new.txt", b"3") == Result.OK
    subs.append(omni.client.list_subscribe_with_callback(base, lambda *a: None, recorder("late")))
    time.sleep(1.0)
    for sub in subs:
        sub.stop()
    with lock:
        by_source = {source: [(event, path) for s, event, path in heard if s == source] for source in ("list", "stat", "late")}
    assert by_source["list"] == [(ListEvent.UPDATED, "old.txt"), (ListEvent.METADATA, "old.txt"),
                                 (ListEvent.CREATED, "new.txt"), (ListEvent.METADATA, "new.txt")]
    assert by_source["stat"] == [(ListEvent.UPDATED, "old.txt"), (ListEvent.METADATA, "old.txt")]
    assert by_source["late"] == []
