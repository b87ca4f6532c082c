"""Files and folders over omniverse:// against our server."""

from __future__ import annotations

import asyncio
import hashlib
import os
import subprocess
import sys
import textwrap

import omni.client
from omni.client import CopyBehavior, ItemFlags, Result


def test_write_stat_read(folder):
    assert omni.client.write_file(f"{folder}/hello.txt", b"hello") == Result.OK
    result, entry = omni.client.stat(f"{folder}/hello.txt")
    assert result == Result.OK
    assert entry.relative_path == "hello.txt"
    assert entry.size == 5
    # with versioning on, every write is also checkpointed (as the original client does) just after
    # the write is answered, so the flag may or may not be there yet
    assert entry.flags & ~ItemFlags.IS_CHECKPOINTED == ItemFlags.READABLE_FILE | ItemFlags.WRITEABLE_FILE
    assert entry.access == 7
    assert entry.created_by == entry.modified_by == "admin"
    assert entry.modified_time.year >= 2024
    assert entry.hash == "sha256;5;" + hashlib.sha256(b"hello").hexdigest()
    result, version, content = omni.client.read_file(f"{folder}/hello.txt")
    assert result == Result.OK and bytes(content) == b"hello" and version == entry.version


def test_overwrite_gives_a_new_version(folder):
    url = f"{folder}/v.txt"
    assert omni.client.write_file(url, b"one") == Result.OK
    v1 = omni.client.stat(url)[1].version
    result, info = omni.client.write_file_ex(url, b"two!", "second")
    assert result == Result.OK and info.version != v1
    if omni.client.get_server_info(folder)[1].checkpoints_enabled:
        result, checkpoints = omni.client.list_checkpoints(url)
        assert result == Result.OK and "second" in [c.comment for c in checkpoints]
    result, info3 = omni.client.write_file_ex(url, b"three", "", True)  # skip_checkpoint
    assert result == Result.OK
    assert info.hash == "sha256;4;" + hashlib.sha256(b"two!").hexdigest()
    assert bytes(omni.client.read_file(url)[2]) == b"three"


def test_empty_and_binary_content(folder):
    data = bytes(range(256)) * 3 + b"\x00\x00"
    assert omni.client.write_file(f"{folder}/bin", data) == Result.OK
    assert omni.client.write_file(f"{folder}/empty", b"") == Result.OK
    assert bytes(omni.client.read_file(f"{folder}/bin")[2]) == data
    result, _, content = omni.client.read_file(f"{folder}/empty")
    assert result == Result.OK and bytes(content) == b""


def test_names_needing_escapes(folder):
    url = f"{folder}/with space %25 ü.txt"
    assert omni.client.write_file(omni.client.make_url(path=None) or url, b"x") in (Result.OK, Result.ERROR_BAD_REQUEST)
    escaped = f"{folder}/a%20b.txt"
    assert omni.client.write_file(escaped, b"ab") == Result.OK
    names = [e.relative_path for e in omni.client.list(folder)[1]]
    assert "a b.txt" in names
    assert bytes(omni.client.read_file(escaped)[2]) == b"ab"


def test_list_entries_and_flags(folder):
    omni.client.write_file(f"{folder}/f.txt", b"12345")
    omni.client.write_file(f"{folder}/full/inner.txt", b"i")
    omni.client.create_folder(f"{folder}/empty")
    result, entries = omni.client.list(folder)
    assert result == Result.OK
    by_name = {e.relative_path: e for e in entries}
    assert set(by_name) == {"f.txt", "full", "empty"}
    assert by_name["f.txt"].flags & ~ItemFlags.IS_CHECKPOINTED == 3 and by_name["f.txt"].size == 5
    assert by_name["full"].flags == ItemFlags.CAN_HAVE_CHILDREN
    assert by_name["empty"].flags == ItemFlags.CAN_HAVE_CHILDREN | ItemFlags.DOES_NOT_HAVE_CHILDREN
    # a folder URL with or without the slash lists the same
    assert sorted(e.relative_path for e in omni.client.list(folder + "/")[1]) == sorted(by_name)


def test_list_of_many_entries(folder):
    async def write_all():
        await asyncio.gather(*(omni.client.write_file_async(f"{folder}/n{i:03}", b"x") for i in range(120)))
    asyncio.run(write_all())
    result, entries = omni.client.list(folder)
    assert result == Result.OK and sorted(e.relative_path for e in entries) == [f"n{i:03}" for i in range(120)]


def test_missing_things(folder):
    assert omni.client.stat(f"{folder}/nope")[0] == Result.ERROR_NOT_FOUND
    assert omni.client.list(f"{folder}/nope")[0] == Result.ERROR_NOT_FOUND
    assert omni.client.read_file(f"{folder}/nope")[0] == Result.ERROR_NOT_FOUND
    assert omni.client.delete(f"{folder}/nope") == Result.ERROR_NOT_FOUND
    omni.client.write_file(f"{folder}/file", b"x")
    assert omni.client.list(f"{folder}/file")[0] == Result.ERROR_NOT_FOUND
    assert omni.client.read_file(folder)[0] == Result.ERROR  # NOT_ASSET, a plain ERROR as in the original


def test_root(admin):
    result, entry = omni.client.stat(admin.url + "/")
    assert result == Result.OK and entry.flags & ItemFlags.CAN_HAVE_CHILDREN and entry.relative_path == ""
    assert omni.client.list(admin.url)[0] == Result.OK
    assert omni.client.create_folder(admin.url + "/") == Result.ERROR_ALREADY_EXISTS


def test_create_folder(folder):
    assert omni.client.create_folder(folder) == Result.OK
    assert omni.client.create_folder(folder) == Result.ERROR_ALREADY_EXISTS
    assert omni.client.create_folder(f"{folder}/a/") == Result.OK
    assert omni.client.stat(f"{folder}/a")[1].flags & ItemFlags.CAN_HAVE_CHILDREN


def test_delete_file_and_tree(folder):
    omni.client.write_file(f"{folder}/d/x/y.txt", b"y")
    omni.client.write_file(f"{folder}/d/z.txt", b"z")
    assert omni.client.delete(f"{folder}/d/z.txt") == Result.OK
    assert omni.client.stat(f"{folder}/d/z.txt")[0] == Result.ERROR_NOT_FOUND
    assert omni.client.delete(f"{folder}/d") == Result.OK
    assert omni.client.stat(f"{folder}/d/x/y.txt")[0] == Result.ERROR_NOT_FOUND
    assert omni.client.stat(f"{folder}/d")[0] == Result.ERROR_NOT_FOUND


def test_delete_single_and_obliterate(folder):
    omni.client.write_file(f"{folder}/s.txt", b"s")
    assert omni.client.delete_single(f"{folder}/s.txt") == Result.OK
    assert omni.client.stat(f"{folder}/s.txt")[0] == Result.ERROR_NOT_FOUND
    omni.client.write_file(f"{folder}/o.txt", b"o")
    assert omni.client.obliterate(f"{folder}/o.txt", True) == Result.OK
    assert omni.client.stat(f"{folder}/o.txt")[0] == Result.ERROR_NOT_FOUND
    assert omni.client.delete_single(f"{folder}/missing") != Result.OK


def test_copy(folder):
    omni.client.write_file(f"{folder}/a.txt", b"aaa")
    assert omni.client.copy(f"{folder}/a.txt", f"{folder}/b.txt") == Result.OK
    assert bytes(omni.client.read_file(f"{folder}/b.txt")[2]) == b"aaa"
    omni.client.write_file(f"{folder}/a.txt", b"new")
    assert omni.client.copy(f"{folder}/a.txt", f"{folder}/b.txt") == Result.ERROR_ALREADY_EXISTS
    assert bytes(omni.client.read_file(f"{folder}/b.txt")[2]) == b"aaa"
    assert omni.client.copy(f"{folder}/a.txt", f"{folder}/b.txt", CopyBehavior.OVERWRITE) == Result.OK
    assert bytes(omni.client.read_file(f"{folder}/b.txt")[2]) == b"new"
    assert omni.client.copy(f"{folder}/missing", f"{folder}/c.txt") == Result.ERROR_NOT_FOUND
    assert omni.client.copy(f"{folder}/a.txt", f"{folder}/a.txt") != Result.OK


def test_copy_folder(folder):
    omni.client.write_file(f"{folder}/src/one.txt", b"1")
    omni.client.write_file(f"{folder}/src/sub/two.txt", b"2")
    assert omni.client.copy(f"{folder}/src", f"{folder}/dst") == Result.OK
    assert bytes(omni.client.read_file(f"{folder}/dst/sub/two.txt")[2]) == b"2"
    assert omni.client.stat(f"{folder}/src/one.txt")[0] == Result.OK


def test_move(folder):
    omni.client.write_file(f"{folder}/m.txt", b"m")
    result, copied = omni.client.move(f"{folder}/m.txt", f"{folder}/n.txt")
    assert result == Result.OK and copied is False
    assert omni.client.stat(f"{folder}/m.txt")[0] == Result.ERROR_NOT_FOUND
    assert bytes(omni.client.read_file(f"{folder}/n.txt")[2]) == b"m"
    omni.client.write_file(f"{folder}/o.txt", b"o")
    assert omni.client.move(f"{folder}/n.txt", f"{folder}/o.txt")[0] == Result.ERROR_ALREADY_EXISTS
    assert omni.client.move(f"{folder}/n.txt", f"{folder}/o.txt", CopyBehavior.OVERWRITE)[0] == Result.OK
    assert bytes(omni.client.read_file(f"{folder}/o.txt")[2]) == b"m"
    assert omni.client.move(f"{folder}/gone", f"{folder}/x")[0] != Result.OK


def test_move_folder(folder):
    omni.client.write_file(f"{folder}/tree/leaf.txt", b"leaf")
    assert omni.client.move(f"{folder}/tree", f"{folder}/moved")[0] == Result.OK
    assert bytes(omni.client.read_file(f"{folder}/moved/leaf.txt")[2]) == b"leaf"
    assert omni.client.stat(f"{folder}/tree")[0] == Result.ERROR_NOT_FOUND


def test_large_file_through_lft(folder):
    data = os.urandom((3 << 20) + 12345)  # above the server's 1 MiB threshold: LFT, several parts
    result, info = omni.client.write_file_ex(f"{folder}/big.bin", data)
    assert result == Result.OK
    assert info.hash == f"sha256;{len(data)};" + hashlib.sha256(data).hexdigest()
    result, version, content = omni.client.read_file(f"{folder}/big.bin")
    assert result == Result.OK and version == info.version
    assert hashlib.sha256(memoryview(content)).digest() == hashlib.sha256(data).digest()
    assert omni.client.stat(f"{folder}/big.bin")[1].size == len(data)


def test_concurrent_async_stats(folder):
    omni.client.write_file(f"{folder}/c.txt", b"c")

    async def many():
        return await asyncio.gather(*(omni.client.stat_async(f"{folder}/c.txt") for _ in range(500)))
    results = asyncio.run(many())
    assert all(r == Result.OK and e.size == 1 for r, e in results)


def test_callbacks_and_request_objects(folder):
    import threading
    done = threading.Event()
    seen = []

    def cb(result, entries):
        seen.append((result, [e.relative_path for e in entries]))
        done.set()
    omni.client.write_file(f"{folder}/x", b"x")
    req = omni.client.list_with_callback(folder, cb)
    assert done.wait(10)
    req.wait()
    assert req.is_finished() and seen == [(Result.OK, ["x"])]


def test_server_info(admin):
    result, info = omni.client.get_server_info(admin.url)
    assert result == Result.OK
    assert info.username == "admin"
    assert info.version == "1.19"
    assert info.auth_token and info.connection_id
    assert info.cache_enabled is False


def test_bad_urls(admin):
    assert omni.client.stat("omniverse:///nohost")[0] in (Result.ERROR_BAD_REQUEST, Result.ERROR_CONNECTION)
    assert omni.client.stat("omniverse://")[0] != Result.OK
    assert omni.client.write_file(f"{admin.url}/folder/", b"x") != Result.OK


def test_get_local_file_and_open_cached_file(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("OMNI_CLIENT_FILE_CACHE", str(tmp_path / "files"))
    url = f"{folder}/local.txt"
    omni.client.write_file(url, b"first")
    result, path = omni.client.get_local_file(url)
    assert result == Result.OK and open(path, "rb").read() == b"first"
    assert os.stat(os.path.dirname(path)).st_mode & 0o777 == 0o700
    omni.client.write_file(url, b"second")
    result, path2 = omni.client.get_local_file(url)
    assert result == Result.OK and path2 != path and open(path2, "rb").read() == b"second"
    result, handle, path3 = omni.client.open_cached_file(url)
    assert result == Result.OK and path3 == path2
    omni.client.close_cached_file(handle)
    assert omni.client.get_local_file(f"{folder}/missing")[0] == Result.ERROR_NOT_FOUND
    assert omni.client.get_local_file(folder)[0] == omni.client.read_file(folder)[0] == Result.ERROR
    assert not [f for f in os.listdir(os.path.dirname(path)) if ".part" in f]  # no temporary left


def test_get_local_file_without_download_names_the_copy(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("OMNI_CLIENT_FILE_CACHE", str(tmp_path / "files"))
    url = f"{folder}/later.txt"
    assert omni.client.write_file(url, b"one") == Result.OK
    # "Pass false to get the local filename without downloading the file."
    result, path = omni.client.get_local_file(url, False)
    assert result == Result.OK and not os.path.exists(path)
    result, path2 = omni.client.get_local_file(url)
    assert result == Result.OK and path2 == path and open(path, "rb").read() == b"one"
    result, handle, path3 = omni.client.open_cached_file(url, False)
    assert result == Result.OK and path3 == path
    omni.client.close_cached_file(handle)
    assert omni.client.write_file(url, b"two") == Result.OK
    result, path4 = omni.client.get_local_file(url, False)  # a new version has a name of its own
    assert result == Result.OK and path4 != path and not os.path.exists(path4)
    assert omni.client.get_local_file(f"{folder}/missing", False)[0] == Result.ERROR_NOT_FOUND
    assert omni.client.get_local_file(folder, False)[0] == Result.ERROR  # as read_file of a folder
    assert omni.client.get_local_file(f"{folder}/", False)[0] == omni.client.get_local_file(f"{folder}/")[0] \
        == omni.client.read_file(f"{folder}/")[0] == Result.ERROR_NOT_FOUND


def test_get_local_file_streams_a_large_file_to_disk(admin, folder, tmp_path):
    # Above the LFT threshold the parts go straight to the file: the process never holds the file
    # in memory (measured as the peak resident size of a fresh process).
    size = 96 << 20
    data = os.urandom(size)
    assert omni.client.write_file(f"{folder}/big.bin", data) == Result.OK
    # (VmHWM, the peak of this process image; ru_maxrss would include the parent's at fork)
    script = textwrap.dedent(f"""
        import omni.client
        def peak():
            return int([ln for ln in open("/proc/self/status") if ln.startswith("VmHWM:")][0].split()[1]) * 1024
        reg = omni.client.register_authentication_callback(lambda url: ({admin.admin_user!r}, {admin.admin_password!r}))
        assert omni.client.stat({folder!r} + "/big.bin")[0] == omni.client.Result.OK
        before = peak()
        result, path = omni.client.get_local_file({folder!r} + "/big.bin")
        print("OUT", result.name, path, peak() - before)
    """)
    env = dict(os.environ, OMNI_CLIENT_FILE_CACHE=str(tmp_path / "files"))
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("OUT ")]
    assert line, proc.stderr
    _, result, path, grown = line[0].split()
    assert result == "OK"
    with open(path, "rb") as f:
        assert hashlib.sha256(f.read()).digest() == hashlib.sha256(data).digest()
    assert int(grown) < size // 4, f"peak memory grew by {int(grown) >> 20} MiB for a {size >> 20} MiB file"
