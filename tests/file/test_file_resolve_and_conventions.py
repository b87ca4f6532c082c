"""resolve (with search URLs and default search paths), resolve_subscribe_with_callback,
open_cached_file / close_cached_file and file status callbacks on local files, with the original's
answers. (The three calling conventions, on every provider, are in tests/behavior.)"""

import os
import queue
import subprocess
import time

import pytest

import omni.client
from omni.client import FileStatus, ListEvent, Result

from file_helpers import file_url, write


@pytest.fixture
def tree3(d):
    write(f"{d}/s1/y.usd", b"y")
    write(f"{d}/s2/x.usd", b"x")
    write(f"{d}/s2/y.usd", b"yy")
    write(f"{d}/s2/deep/z", b"z")
    write(f"{d}/cwd/x.usd", b"cwd")
    write(f"{d}/cwd/only", b"o")
    return d


def res(url, search):
    result, entry, found = omni.client.resolve(url, search)
    return result, entry.relative_path, entry.size, found


def test_resolve_absolute_urls(tree3):
    d = tree3
    assert res(f"{d}/s2/x.usd", []) == (Result.OK, "x.usd", 1, f"{d}/s2/x.usd")
    assert res(f"{d}/s2/nope", []) == (Result.ERROR_NOT_FOUND, "", 0, "")
    assert res(f"{d}/s1/y.usd", [f"{d}/s2/"]) == (Result.OK, "y.usd", 1, f"{d}/s1/y.usd")  # search paths do not apply
    assert res(file_url(f"{d}/s2/x.usd"), []) == (Result.OK, "x.usd", 1, f"file:{d}/s2/x.usd")


def test_resolve_relative_urls_in_search_order(tree3):
    d = tree3
    assert res("x.usd", [])[0] == Result.ERROR_NOT_FOUND
    assert res("x.usd", [f"{d}/s1", f"{d}/s2"]) == (Result.OK, "x.usd", 1, f"{d}/s2/x.usd")  # no trailing slash needed
    assert res("y.usd", [f"{d}/s1/", f"{d}/s2/"]) == (Result.OK, "y.usd", 1, f"{d}/s1/y.usd")
    assert res("y.usd", [f"{d}/s2/", f"{d}/s1/"]) == (Result.OK, "y.usd", 2, f"{d}/s2/y.usd")
    assert res("x.usd", [f"file:{d}/s1/", f"file:{d}/s2/"]) == (Result.OK, "x.usd", 1, f"file:{d}/s2/x.usd")
    assert res("deep/z", [f"{d}/s2/"]) == (Result.OK, "z", 1, f"{d}/s2/deep/z")
    assert res("../s2/x.usd", [f"{d}/s1/"]) == (Result.OK, "x.usd", 1, f"{d}/s2/x.usd")
    assert res("deep", [f"{d}/s2/"])[::3] == (Result.OK, f"{d}/s2/deep")
    assert res("deep/", [f"{d}/s2/"])[:2] + res("deep/", [f"{d}/s2/"])[3:] == (Result.OK, "", f"{d}/s2/deep/")
    assert res("x.usd", [f"{d}/s2/x.usd"])[0] == Result.ERROR_NOT_FOUND  # a file is no search folder
    assert res("nope", [f"{d}/s1/", f"{d}/s2/"]) == (Result.ERROR_NOT_FOUND, "", 0, "")


def test_resolve_tries_the_working_folder_first_and_dot_slash_only_there(tree3, monkeypatch):
    d = tree3
    monkeypatch.chdir(f"{d}/cwd")
    assert res("x.usd", [f"{d}/s2/"]) == (Result.OK, "x.usd", 3, f"{d}/cwd/x.usd")
    assert res("only", [f"{d}/s2/"]) == (Result.OK, "only", 1, f"{d}/cwd/only")
    assert res("./x.usd", [f"{d}/s2/"]) == (Result.OK, "x.usd", 3, f"{d}/cwd/x.usd")
    assert res("./deep/z", [f"{d}/s2/"])[0] == Result.ERROR_NOT_FOUND  # "./" is not searched for
    assert res("", []) == (Result.OK, "", os.stat(f"{d}/cwd").st_size, f"{d}/cwd/")
    assert res("file:x.usd", [f"{d}/s2/"]) == (Result.OK, "x.usd", 3, "file:x.usd")


def test_resolve_against_the_base_url(tree3):
    d = tree3
    omni.client.push_base_url(f"{d}/s2/")
    try:
        assert res("x.usd", []) == (Result.OK, "x.usd", 1, f"{d}/s2/x.usd")
    finally:
        assert omni.client.pop_base_url(f"{d}/s2/")


def test_default_search_paths(tree3):
    d = tree3
    s1, s2 = f"{d}/s1/", f"{d}/s2/"
    before = omni.client.get_default_search_paths()  # other tests may have left some
    omni.client.add_default_search_path(s1)
    omni.client.add_default_search_path(s2)
    omni.client.add_default_search_path(s1)  # moves to the top
    try:
        assert omni.client.get_default_search_paths() == [s1, s2] + before
        assert res("y.usd", []) == (Result.OK, "y.usd", 1, f"{s1}y.usd")
        assert res("x.usd", []) == (Result.OK, "x.usd", 1, f"{s2}x.usd")
        assert res("y.usd", [s2]) == (Result.OK, "y.usd", 2, f"{s2}y.usd")  # explicit ones come first
        omni.client.remove_default_search_path(s1)
        omni.client.remove_default_search_path("not there")
        assert omni.client.get_default_search_paths() == [s2] + before
    finally:
        omni.client.remove_default_search_path(s1)
        omni.client.remove_default_search_path(s2)
    assert omni.client.get_default_search_paths() == before


def test_resolve_bad_input(tree3):
    with pytest.raises(TypeError):
        omni.client.resolve("x", "not a list")
    with pytest.raises(TypeError):
        omni.client.resolve(3, [])
    assert res("x.usd", ["", "omniverse://"])[0] == Result.ERROR_NOT_FOUND


async def test_resolve_async_and_with_callback(tree3):
    d = tree3
    result, entry, url = await omni.client.resolve_async("x.usd", [f"{d}/s2/"])
    assert (result, entry.relative_path, url) == (Result.OK, "x.usd", f"{d}/s2/x.usd")
    got = queue.Queue()
    req = omni.client.resolve_with_callback("x.usd", [f"{d}/s2/"], lambda r, e, u: got.put((r, e.relative_path, u)))
    req.wait()
    assert got.get(timeout=5) == (Result.OK, "x.usd", f"{d}/s2/x.usd")


def test_resolve_subscribe_follows_the_resolution(d):
    s1, s2 = f"{d}/s1", f"{d}/s2"
    os.makedirs(s1)
    os.makedirs(s2)
    firsts, events = queue.Queue(), queue.Queue()
    sub = omni.client.resolve_subscribe_with_callback(
        "new.usd", [s1, s2], lambda r, e, u: firsts.put((r, e.relative_path, u)),
        lambda r, ev, e, u: events.put((r, ev, e.relative_path, u)))
    assert firsts.get(timeout=5) == (Result.OK_NOT_YET_FOUND, "", "")

    def next_event():
        return events.get(timeout=10)

    subprocess.run(["bash", "-c", f"echo 2 > {s2}/new.usd"], check=True)
    assert next_event() == (Result.OK, ListEvent.CREATED, "new.usd", f"{s2}/new.usd")
    subprocess.run(["bash", "-c", f"echo 11 > {s1}/new.usd"], check=True)  # s1 comes first: it wins now
    ev = next_event()
    while ev[3] != f"{s1}/new.usd":
        ev = next_event()
    assert ev == (Result.OK, ListEvent.UPDATED, "new.usd", f"{s1}/new.usd")
    time.sleep(0.2)
    while not events.empty():
        assert events.get()[3] == f"{s1}/new.usd"
    subprocess.run(["bash", "-c", f"rm {s1}/new.usd"], check=True)  # back to s2
    assert next_event() == (Result.OK, ListEvent.UPDATED, "new.usd", f"{s2}/new.usd")
    subprocess.run(["bash", "-c", f"rm {s2}/new.usd"], check=True)
    assert next_event() == (Result.OK, ListEvent.DELETED, "new.usd", f"{s2}/new.usd")
    sub.stop()
    assert sub.is_finished() or (sub.wait() is None and sub.is_finished())
    write(f"{s2}/new.usd")
    time.sleep(0.3)
    assert events.empty()


def test_resolve_subscribe_existing_item(d):
    write(f"{d}/s2/x.usd", b"x")
    firsts, events = queue.Queue(), queue.Queue()
    sub = omni.client.resolve_subscribe_with_callback("x.usd", [f"{d}/s1", f"{d}/s2"], lambda *a: firsts.put(a),
                                                      lambda r, ev, e, u: events.put((ev, e.size, u)))
    result, entry, url = firsts.get(timeout=5)
    assert (result, entry.relative_path, entry.size, url) == (Result.OK, "x.usd", 1, f"{d}/s2/x.usd")
    subprocess.run(["bash", "-c", f"echo xx > {d}/s2/x.usd"], check=True)
    assert events.get(timeout=10) == (ListEvent.UPDATED, 3, f"{d}/s2/x.usd")
    sub.stop()


def test_open_cached_file_returns_the_local_path_and_a_handle(d, form):
    write(f"{d}/a.txt")
    result, handle, path = omni.client.open_cached_file(form(f"{d}/a.txt"))
    assert (result, path) == (Result.OK, f"{d}/a.txt")
    assert isinstance(handle, omni.client.Request) and handle.is_finished()
    assert omni.client.close_cached_file(handle) is None
    result, handle, path = omni.client.open_cached_file(form(f"{d}/missing"), False)
    assert (result, path) == (Result.ERROR_NOT_FOUND, "")
    omni.client.close_cached_file(handle)
    assert omni.client.open_cached_file(form(d))[::2] == (Result.OK, d)


async def test_open_cached_file_async_and_with_callback(d):
    write(f"{d}/a.txt")
    result, handle, path = await omni.client.open_cached_file_async(f"{d}/a.txt")
    assert (result, path) == (Result.OK, f"{d}/a.txt")
    omni.client.close_cached_file(handle)
    got = queue.Queue()
    req = omni.client.open_cached_file_with_callback(f"{d}/a.txt", True, lambda *a: got.put(a))
    result, handle, path = got.get(timeout=5)
    assert (result, path) == (Result.OK, f"{d}/a.txt") and handle.id == req.id
    omni.client.close_cached_file(handle)


def test_file_status_callbacks_report_0_then_100(d):
    seen = queue.Queue()
    reg = omni.client.register_file_status_callback(lambda url, status, percent: seen.put((url, status, percent)))
    try:
        f = f"{d}/fs.txt"
        omni.client.write_file(f, b"1")
        omni.client.read_file(f)
        omni.client.stat(f)
        omni.client.copy(f, f"{d}/fs2.txt")
        omni.client.list(d)
        omni.client.delete(f"{d}/fs2.txt")
        omni.client.move(f, f"{d}/fs3.txt")
        omni.client.create_folder(f"{d}/cf")      # not reported, as in the original
        omni.client.get_local_file(f"{d}/fs3.txt", True)  # not reported, as in the original
        omni.client.read_file(f"{d}/missing")
        omni.client.stat(f"{d}/end")
        got = []
        while not got or got[-1] != (f"{d}/end", FileStatus.STATING, 100):
            got.append(seen.get(timeout=5))
    finally:
        reg.unregister()
    expected = []
    for url, status in [(f, FileStatus.WRITING), (f, FileStatus.READING), (f, FileStatus.STATING), (f, FileStatus.COPYING),
                        (d, FileStatus.LISTING), (f"{d}/fs2.txt", FileStatus.DELETING), (f, FileStatus.MOVING),
                        (f"{d}/missing", FileStatus.READING), (f"{d}/end", FileStatus.STATING)]:
        expected += [(url, status, 0), (url, status, 100)]
    assert got == expected
