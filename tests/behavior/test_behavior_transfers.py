"""Copies and moves between two stores (a local folder and our server, two servers): the core
reads the source in parts and writes them to the destination, which shows the new content only
once all of it arrived."""

import os
import subprocess
import sys
import textwrap
import threading
import time
import uuid

import pytest

import omni.client
from omni.client import CopyBehavior, Result


def test_a_file_is_copied_and_moved_across(ends):
    src, dst = ends
    data = os.urandom(3 << 20) + b"tail"  # more than one part of an LFT upload, not a whole one
    src.put("a.bin", data)
    assert omni.client.copy(src / "a.bin", dst / "sub/a.bin") == Result.OK
    assert dst.read("sub/a.bin") == data
    assert src.read("a.bin") == data
    assert omni.client.move(src / "a.bin", dst / "b.bin") == (Result.OK, True)
    assert dst.read("b.bin") == data
    assert omni.client.stat(src / "a.bin")[0] == Result.ERROR_NOT_FOUND


def test_parts_read_ahead_are_written_in_order(ends):
    """More parts than the copy reads ahead (several at once), and a size that is a whole number of
    parts: every part lands at its place, and the end is found with no short part to show it."""
    src, dst = ends
    data = os.urandom(5 * (8 << 20))
    src.put("parts.bin", data)
    assert omni.client.copy(src / "parts.bin", dst / "parts.bin") == Result.OK
    assert dst.read("parts.bin") == data


def test_small_and_empty_files(ends):
    src, dst = ends
    src.put("empty", b"")
    src.put("small", b"x")
    for name in ("empty", "small"):
        assert omni.client.copy(src / name, dst / name) == Result.OK
    assert (dst.read("empty"), dst.read("small")) == (b"", b"x")


def test_copy_behaviour_is_honoured_and_a_refused_copy_changes_nothing(ends):
    src, dst = ends
    src.put("a.txt", b"new")
    dst.put("a.txt", b"old")
    assert omni.client.copy(src / "a.txt", dst / "a.txt") == Result.ERROR_ALREADY_EXISTS
    assert dst.read("a.txt") == b"old"
    assert omni.client.copy(src / "a.txt", dst / "a.txt", behavior=CopyBehavior.OVERWRITE) == Result.OK
    assert dst.read("a.txt") == b"new"
    assert omni.client.copy(src / "missing", dst / "m") == Result.ERROR_NOT_FOUND
    assert omni.client.move(src / "missing", dst / "m") == (Result.ERROR_NOT_FOUND, False)


def test_a_folder_is_copied_recursively(ends):
    src, dst = ends
    files = {"f/a.txt": b"a", "f/b c.txt": b"b" * 100_000, "f/deep/er/c.txt": b"c", "f/deep/empty.txt": b""}
    for name, data in files.items():
        src.put(name, data)
    assert omni.client.copy(src / "f", dst / "g") == Result.OK
    tree = dst.tree("g")
    assert {k: v for k, v in tree.items() if not k.endswith("/")} == {k[2:]: v for k, v in files.items()}
    assert omni.client.copy_file(src / "f", dst / "h") == Result.ERROR_WRONG_TYPE
    assert omni.client.copy_folder(src / "f/a.txt", dst / "h") == Result.ERROR_WRONG_TYPE
    assert omni.client.copy(src / "f", dst / "g") == Result.ERROR_ALREADY_EXISTS
    # with OVERWRITE, a folder merges into the one there
    dst.put("g/mine.txt", b"kept")
    assert omni.client.copy(src / "f", dst / "g", behavior=CopyBehavior.OVERWRITE) == Result.OK
    assert dst.read("g/mine.txt") == b"kept" and dst.read("g/deep/er/c.txt") == b"c"
    assert omni.client.move(src / "f", dst / "moved") == (Result.OK, True)
    assert omni.client.stat(src / "f")[0] == Result.ERROR_NOT_FOUND
    assert dst.read("moved/b c.txt") == b"b" * 100_000


@pytest.mark.parametrize("ends", [("file", "omniverse"), ("file", "s3"), ("file", "azure")],
                         indirect=True, ids=lambda p: f"{p[0]}-to-{p[1]}")
def test_a_folder_move_never_deletes_what_it_did_not_copy(ends):
    """A file made in the source folder once the copy listed it (its big file's first part is
    written by then) is not deleted with the folder: the move deletes what it copied, the new file
    and its folder stay, and the move fails with ERROR_FOLDER_NOT_EMPTY."""
    src, dst = ends
    big = os.urandom((8 << 20) + 5)
    src.put("tree/big.bin", big)
    src.put("tree/sub/small.txt", b"small")
    answers = written_once_a_part_is(omni.client.move_with_callback, src / "tree", dst / "tree",
                                     src / "tree/added.txt", b"made meanwhile")
    assert answers == [(Result.ERROR_FOLDER_NOT_EMPTY, True)]
    assert src.read("tree/added.txt") == b"made meanwhile"
    assert (src.read("tree/big.bin"), src.read("tree/sub/small.txt")) == (None, None)
    assert (dst.read("tree/big.bin"), dst.read("tree/sub/small.txt")) == (big, b"small")
    assert dst.read("tree/added.txt") is None


def test_a_stopped_copy_leaves_the_destination_as_it_was(ends):
    src, dst = ends
    data = os.urandom(48 << 20)
    src.put("big.bin", data)
    dst.put("big.bin", b"previous version")
    answers = []
    started = threading.Event()

    def on_status(url, status, percent):
        if percent == 0:
            started.set()

    reg = omni.client.register_file_status_callback(on_status)
    request = omni.client.copy_with_callback(src / "big.bin", dst / "big.bin", lambda *a: answers.append(a),
                                             behavior=CopyBehavior.OVERWRITE)
    assert started.wait(10)
    request.stop()
    request.wait()
    del reg
    assert answers in ([], [(Result.OK,)])  # it may have finished before the stop
    assert dst.read("big.bin") in (b"previous version", data)
    if not answers:
        assert dst.read("big.bin") == b"previous version"
    # no partial or temporary file left beside it (an upload the stop found opening is dropped as
    # its opening ends, which may be just after the request)
    deadline = time.monotonic() + 10
    while (names := set(dst.tree())) != {"big.bin"} and time.monotonic() < deadline:
        time.sleep(0.05)
    assert names == {"big.bin"}, names


def written_once_a_part_is(start, src, dst, url, data: bytes) -> list:
    """Starts ``start(src, dst, callback)`` (a copy or a move), writes ``data`` at ``url`` once
    the first part is written at ``dst``, and returns the answers once it is done.  (Written
    whole, as write_file does everywhere: a file truncated and written in place has states in
    between, the empty one first, and a copy may take any of them.)"""
    first_part = threading.Event()

    def on_status(url, status, percent):
        if 0 < percent < 100:
            first_part.set()

    reg = omni.client.register_file_status_callback(on_status)
    answers = []
    request = start(src, dst, lambda *a: answers.append(a))
    assert first_part.wait(30)
    assert omni.client.write_file(url, data) == Result.OK
    request.wait()
    del reg
    return answers


@pytest.mark.parametrize("ends", [("file", "omniverse"), ("omniverse", "file"), ("s3", "file"), ("azure", "file")],
                         indirect=True, ids=lambda p: f"{p[0]}-to-{p[1]}")
def test_a_source_rewritten_while_copied_arrives_whole_in_one_version(ends):
    """The source is replaced once the copy has written its first part, while it still has parts to
    read: the destination gets the old or (copied again from the start) the new content whole,
    never parts of both. Every source provider tells its parts' version."""
    src, dst = ends
    old, new = os.urandom(96 << 20), os.urandom(1 << 20) + b"new"
    src.put("big.bin", old)
    answers = written_once_a_part_is(omni.client.copy_with_callback, src / "big.bin", dst / "big.bin", src / "big.bin", new)
    assert answers == [(Result.OK,)]
    copied = dst.read("big.bin")
    assert copied in (old, new), (len(copied), copied[:8] == old[:8])


@pytest.mark.parametrize("ends", [("file", "omniverse"), ("file", "s3"), ("file", "azure")],
                         indirect=True, ids=lambda p: f"{p[0]}-to-{p[1]}")
def test_a_move_never_deletes_content_it_did_not_copy(ends):
    """The source (two parts of a local file, read long before the upload of the first part is
    done) is replaced once the first part is written: the move may not then delete it, as its copy
    is of the old content. Either the new content was moved (read before the replacement showed,
    and copied again), or the source keeps it and the move fails with ERROR_BAD_VERSION."""
    src, dst = ends
    old, new = os.urandom((8 << 20) + 5), b"new content"
    src.put("moving.bin", old)
    answers = written_once_a_part_is(omni.client.move_with_callback, src / "moving.bin", dst / "moving.bin",
                                     src / "moving.bin", new)
    if answers == [(Result.OK, True)]:
        assert (src.read("moving.bin"), dst.read("moving.bin")) == (None, new)
    else:
        assert answers == [(Result.ERROR_BAD_VERSION, True)]
        assert src.read("moving.bin") == new and dst.read("moving.bin") == old


@pytest.mark.parametrize("kind", ["file", "omniverse", "s3", "azure"])
def test_a_file_on_a_web_server_is_copied_to_any_store(kind, web_server, new_root):
    dst = new_root(kind)
    name = f"web-{uuid.uuid4().hex[:8]}.bin"
    data = os.urandom((8 << 20) + 5)  # two parts
    (web_server.root / name).write_bytes(data)
    assert omni.client.copy(web_server.url(name), dst / "from-web.bin") == Result.OK
    assert dst.read("from-web.bin") == data
    # a web server cannot delete its file: a move is refused before anything is copied
    assert omni.client.move(web_server.url(name), dst / "moved.bin")[0] == Result.ERROR_NOT_SUPPORTED
    assert dst.read("moved.bin") is None
    assert omni.client.copy(web_server.url("missing.bin"), dst / "m.bin") == Result.ERROR_NOT_FOUND


# A separate process, so that its peak memory is the copy's own. (Its peak resident size is read
# from VmHWM: ru_maxrss of a process started from a large one can report the parent's peak.)
PEAK = textwrap.dedent("""
    import re, sys, omni.client
    src, dst, *login = sys.argv[1:]
    reg = omni.client.register_authentication_callback(lambda url: tuple(login) or None)
    result = omni.client.copy(src, dst)
    print(int(result), int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1)) * 1024)
""")
GIB = 1 << 30
PEAK_BOUND = 128 << 20  # docs/providers.md: 8 parts of 8 MiB held from a remote source
# Through moto every byte is handled in Python (2 GiB took 135 s): 256 MiB, still well over the
# peak bound, so a copy that held the content would fail.
S3_SIZE = 256 << 20


def sparse_file(path, size=GIB):
    """``size`` bytes with "head" and "tail" at their ends: cheap to make, still all to move."""
    with open(path, "wb") as f:
        f.write(b"head")
        f.seek(size - 4)
        f.write(b"tail")
    return path


def copy_in_fresh_process(src, dst, tmp_path, *login, size=GIB):
    """Copies in a new process; asserts it went well and its peak memory stayed below
    PEAK_BOUND."""
    env = dict(os.environ, OMNI_CLIENT_TOKEN_CACHE=str(tmp_path / "tokens"))
    proc = subprocess.run([sys.executable, "-c", PEAK, src, dst, *login], capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr
    result, peak = map(int, proc.stdout.split()[:2])
    assert result == int(Result.OK)
    assert peak < PEAK_BOUND, f"peak {peak >> 20} MiB"
    assert omni.client.stat(dst)[1].size == size


def assert_head_and_tail(path, size=GIB):
    with open(path, "rb") as f:
        assert f.read(4) == b"head"
        f.seek(size - 4)
        assert f.read() == b"tail"


@pytest.mark.parametrize("direction", ["upload", "download"])
def test_large_content_is_streamed_not_held(direction, tmp_path, signed_in_server):
    server = signed_in_server
    local = sparse_file(tmp_path / "big.bin")
    # in a folder of its own: the copy lists only that one (the server's root is large by now)
    remote = f"{server.url}/streamed-{uuid.uuid4().hex[:8]}/{direction}.bin"
    if direction == "upload":
        src, dst = str(local), remote
    else:
        assert omni.client.copy(str(local), remote, behavior=CopyBehavior.OVERWRITE) == Result.OK
        src, dst = remote, str(tmp_path / "back.bin")
    copy_in_fresh_process(src, dst, tmp_path, server.admin_user, server.admin_password)
    if direction == "download":
        assert_head_and_tail(dst)


def test_large_content_is_streamed_to_and_from_s3(tmp_path, new_root, moto_s3):
    bucket_root = new_root("s3")
    local = sparse_file(tmp_path / "big.bin", S3_SIZE)
    copy_in_fresh_process(str(local), bucket_root / "big.bin", tmp_path, size=S3_SIZE)
    s3 = moto_s3.client()
    key = bucket_root.url.split(".amazonaws.com/", 1)[1] + "/big.bin"
    bucket = bucket_root.url.split("//", 1)[1].split(".", 1)[0]
    assert s3.get_object(Bucket=bucket, Key=key, Range="bytes=0-3")["Body"].read() == b"head"
    assert s3.get_object(Bucket=bucket, Key=key, Range=f"bytes={S3_SIZE - 4}-")["Body"].read() == b"tail"
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    copy_in_fresh_process(bucket_root / "big.bin", str(tmp_path / "back.bin"), tmp_path, size=S3_SIZE)
    assert_head_and_tail(tmp_path / "back.bin", S3_SIZE)
    # S3 to S3 in one bucket: CopyObject, the service copies and no byte comes through the client
    # (the part copies of objects above 5 GiB are seen in test_s3_provider).
    copy_in_fresh_process(bucket_root / "big.bin", bucket_root / "copies/big.bin", tmp_path, size=S3_SIZE)
    copy_key = key.rsplit("/", 1)[0] + "/copies/big.bin"
    assert s3.get_object(Bucket=bucket, Key=copy_key, Range="bytes=0-3")["Body"].read() == b"head"
    assert s3.get_object(Bucket=bucket, Key=copy_key, Range=f"bytes={S3_SIZE - 4}-")["Body"].read() == b"tail"
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
