"""get_local_file and open_cached_file on every provider, and the three calling conventions
(blocking, _with_callback, _async) of a few operations."""

import asyncio
import queue
import time
import threading

import pytest

import omni.client
from omni.client import Result


@pytest.fixture(autouse=True)
def _private_file_cache(tmp_path, monkeypatch):
    # Providers that copy items to local files keep them under this folder.
    monkeypatch.setenv("OMNI_CLIENT_FILE_CACHE", str(tmp_path / "files"))


def content_of(path):
    with open(path, "rb") as f:
        return f.read()


@pytest.mark.needs("get_local_file", "write_file")
def test_get_local_file_gives_a_file_with_the_content(root):
    url = root / "a b.txt"
    assert omni.client.write_file(url, b"first") == Result.OK
    result, path = omni.client.get_local_file(url)
    assert result == Result.OK and content_of(path) == b"first"
    assert omni.client.write_file(url, b"second") == Result.OK
    result, path = omni.client.get_local_file(url, True)
    assert result == Result.OK and content_of(path) == b"second"
    result, handle, cached = omni.client.open_cached_file(url)
    assert (result, cached) == (Result.OK, path)
    assert omni.client.close_cached_file(handle) is None
    assert omni.client.get_local_file(root / "missing") == (Result.ERROR_NOT_FOUND, "")
    assert omni.client.get_local_file(root / "missing", False) == (Result.ERROR_NOT_FOUND, "")
    result, handle, cached = omni.client.open_cached_file(root / "missing", False)
    assert (result, cached) == (Result.ERROR_NOT_FOUND, "")
    omni.client.close_cached_file(handle)


@pytest.mark.needs("get_local_file", "write_file")
def test_get_local_file_without_download_names_the_same_file(root):
    url = root / "later.txt"
    assert omni.client.write_file(url, b"one") == Result.OK
    # "Pass false to get the local filename without downloading the file."
    result, path = omni.client.get_local_file(url, False)
    assert result == Result.OK and path
    assert omni.client.get_local_file(url) == (Result.OK, path)
    assert content_of(path) == b"one"
    result, handle, cached = omni.client.open_cached_file(url, False)
    assert (result, cached) == (Result.OK, path)
    omni.client.close_cached_file(handle)


@pytest.mark.needs("stat", "write_file", "read_file", "copy", "move", "list", "delete")
async def test_three_calling_conventions_agree(root):
    root.put("a.txt", b"abc")
    blocking = omni.client.stat(root / "a.txt")
    asynchronous = await omni.client.stat_async(root / "a.txt")
    got = queue.Queue()
    req = omni.client.stat_with_callback(root / "a.txt", lambda *a: got.put((threading.get_ident(), a)))
    req.wait()
    assert req.is_finished()
    thread, callback = got.get(timeout=5)
    assert thread != threading.get_ident()
    for r, e in (blocking, asynchronous, callback):
        assert (r, e.relative_path, e.size, e.flags & 3) == (Result.OK, "a.txt", 3, 3)
    assert await omni.client.write_file_async(root / "b", b"b") == Result.OK
    assert await omni.client.copy_async(root / "b", root / "c") == Result.OK
    assert await omni.client.move_async(root / "c", root / "e") == (Result.OK, False)
    result, entries = await omni.client.list_async(root.url)
    assert result == Result.OK and sorted(e.relative_path for e in entries) == ["a.txt", "b", "e"]
    result, _, content = await omni.client.read_file_async(root / "e")
    assert (result, bytes(memoryview(content))) == (Result.OK, b"b")
    assert await omni.client.delete_async(root / "e") == Result.OK
    answers = await asyncio.gather(*(omni.client.stat_async(root / "a.txt") for _ in range(500)))
    assert {(r, e.size) for r, e in answers} == {(Result.OK, 3)}
    assert root.tree() == {"a.txt": b"abc", "b": b"b"}


@pytest.mark.needs("list", "write_file")
def test_a_callback_gets_the_answer_once(root):
    root.put("x", b"x")
    done = threading.Event()
    seen = []

    def on_answer(result, entries):
        seen.append((result, [e.relative_path for e in entries]))
        done.set()
    req = omni.client.list_with_callback(root.url, on_answer)
    assert done.wait(10)
    req.wait()
    assert req.is_finished() and seen == [(Result.OK, ["x"])]


@pytest.mark.needs("read_file")
def test_stop_a_callback_request(root):
    root.put("a.txt")
    got = queue.Queue()
    req = omni.client.read_file_with_callback(root / "a.txt", lambda *a: got.put(a[0]))
    req.stop()
    req.wait()
    assert req.is_finished()
    time.sleep(0.2)  # room for a late callback
    answers = [got.get() for _ in range(got.qsize())]
    # The read may have answered before stop(); no callback comes after it (as the original).
    assert answers in ([], [Result.OK])
