"""Permissions (in a child process that file modes apply to), files larger than 4 GiB (streamed:
peak memory measured in a child), atomic writes seen by a concurrent reader in another process,
and links."""

import json
import os
import shutil
import subprocess
import tempfile
import time

import pytest

import omni.client
from omni.client import Result

from file_helpers import read, run_python, write

PERMISSION_PROBE = """
import json, sys, omni.client
from omni.client import CopyBehavior
d = sys.argv[1]
r = {}
r["read_noread"] = omni.client.read_file(d + "/noread")[0]
r["stat_noread"] = omni.client.stat(d + "/noread")[0]
r["write_ro_file"] = omni.client.write_file(d + "/ro/f", b"y")
r["write_in_ro_folder"] = omni.client.write_file(d + "/ro/new", b"y")
r["write_rw_in_ro_folder"] = omni.client.write_file(d + "/ro/w", b"written in place")
r["write_rw"] = omni.client.write_file(d + "/rw", b"z")
r["create_in_ro"] = omni.client.create_folder(d + "/ro/x")
r["delete_in_ro"] = omni.client.delete(d + "/ro/f")
r["delete_single_in_ro"] = omni.client.delete_single(d + "/ro/f")
r["list_nox"] = omni.client.list(d + "/nox")[0]
r["stat_below_nox"] = omni.client.stat(d + "/nox/in")[0]
r["read_below_nox"] = omni.client.read_file(d + "/nox/in/f")[0]
r["copy_from_noread"] = omni.client.copy(d + "/noread", d + "/cpy")
r["copy_into_ro"] = omni.client.copy(d + "/rw", d + "/ro/cpy")
r["copy_folder_into_ro"] = omni.client.copy(d + "/src", d + "/ro/src")
r["move_out_of_ro"] = omni.client.move(d + "/ro/f", d + "/moved")[0]
r["move_overwrite_ro"] = omni.client.move(d + "/rw", d + "/ro/f", CopyBehavior.OVERWRITE)[0]
r["delete_tree_with_ro_part"] = omni.client.delete(d + "/tree")
print(json.dumps({k: int(v) for k, v in r.items()}))
"""


def test_permissions_map_to_access_denied(d):
    # The original answers ERROR for all of these; the issue asks for ERROR_ACCESS_DENIED.
    os.chmod(d, 0o777)
    write(f"{d}/ro/f", b"x")
    write(f"{d}/ro/w", b"a longer old content")
    write(f"{d}/noread", b"x")
    write(f"{d}/nox/in/f", b"x")
    write(f"{d}/rw", b"x")
    write(f"{d}/src/a", b"a")
    write(f"{d}/tree/ok", b"ok")
    write(f"{d}/tree/locked/f", b"l")
    os.chmod(f"{d}/ro", 0o555)
    os.chmod(f"{d}/ro/f", 0o444)
    os.chmod(f"{d}/ro/w", 0o666)
    os.chmod(f"{d}/noread", 0o000)
    os.chmod(f"{d}/nox", 0o600)
    os.chmod(f"{d}/rw", 0o666)
    os.chmod(f"{d}/tree/locked", 0o555)
    try:
        proc = run_python(PERMISSION_PROBE, d, user="unprivileged")
        assert proc.returncode == 0, proc.stderr
        got = {k: Result(v) for k, v in json.loads(proc.stdout).items()}
    finally:
        for p in ("ro", "noread", "nox", "tree/locked"):
            os.chmod(f"{d}/{p}", 0o755)
    denied = Result.ERROR_ACCESS_DENIED
    assert got == {
        "read_noread": denied, "stat_noread": Result.OK, "write_ro_file": denied, "write_in_ro_folder": denied,
        # a writable file in a read-only folder cannot be replaced, but is written in place (as the original)
        "write_rw_in_ro_folder": Result.OK, "write_rw": Result.OK, "create_in_ro": denied, "delete_in_ro": denied, "delete_single_in_ro": denied,
        "list_nox": Result.OK, "stat_below_nox": denied, "read_below_nox": denied, "copy_from_noread": denied,
        "copy_into_ro": denied, "copy_folder_into_ro": denied, "move_out_of_ro": denied, "move_overwrite_ro": denied,
        "delete_tree_with_ro_part": denied,
    }
    # Nothing was lost or left behind by the refused operations.
    assert read(f"{d}/ro/f") == b"x" and read(f"{d}/rw") == b"z" and read(f"{d}/ro/w") == b"written in place"
    assert sorted(os.listdir(f"{d}/ro")) == ["f", "w"]
    assert not os.path.exists(f"{d}/cpy") and not os.path.exists(f"{d}/moved")
    assert read(f"{d}/tree/locked/f") == b"l"


LARGE = (4 << 30) + 4097  # past 4 GiB, and not a multiple of a page


@pytest.fixture
def shm():
    """A scratch folder in memory (tmpfs): sparse files there read and write at memory speed."""
    path = tempfile.mkdtemp(prefix="omni-file-test-", dir="/dev/shm")
    yield path
    shutil.rmtree(path, ignore_errors=True)

LARGE_PROBE = """
import os, re, sys, omni.client
op, src, dst = sys.argv[1:4]
size = int(sys.argv[4])
if op == "read":
    result, _, content = omni.client.read_file(src)
    view = memoryview(content)
    print(int(result), len(view), bytes(view[-5:]).hex(), bytes(view[:3]).hex())
elif op == "copy":
    print(int(omni.client.copy(src, dst)), os.path.getsize(dst))
# VmHWM, not ru_maxrss: a process started from a large one (pytest, late in a run) can report
# the parent's peak as its own
print(int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1)) * 1024)
"""


def test_read_and_copy_past_4_gib_hold_the_content_at_most_once(shm):
    d = shm
    src = f"{d}/big.bin"
    with open(src, "wb") as f:  # sparse: only the ends hold data
        f.write(b"abc")
        f.seek(LARGE - 5)
        f.write(b"\x01\x02\x03\x04\x05")
    proc = run_python(LARGE_PROBE, "read", src, "-", LARGE, timeout=300)
    assert proc.returncode == 0, proc.stderr
    line, peak = proc.stdout.split("\n")[:2]
    assert line == f"0 {LARGE} 0102030405 616263"
    assert LARGE <= int(peak) < LARGE * 1.25  # held once, never twice
    proc = run_python(LARGE_PROBE, "copy", src, f"{d}/copy.bin", LARGE, timeout=300)
    assert proc.returncode == 0, proc.stderr
    line, peak = proc.stdout.split("\n")[:2]
    assert line == f"0 {LARGE}"
    assert int(peak) < 256 << 20  # a copy is streamed by the kernel, not held
    assert os.stat(f"{d}/copy.bin").st_blocks * 512 < 1 << 20  # and stays sparse
    with open(f"{d}/copy.bin", "rb") as f:
        assert f.read(3) == b"abc"
        f.seek(LARGE - 5)
        assert f.read() == b"\x01\x02\x03\x04\x05"


def test_write_past_4_gib_is_not_copied_first(shm):
    # bytes(n) is lazily zeroed memory: the write reads it once, straight into the file.
    code = """
import os, resource, sys, omni.client
dst, size = sys.argv[1], int(sys.argv[2])
data = bytes(size)
print(int(omni.client.write_file(dst, data)), os.path.getsize(dst))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""
    dst = f"{shm}/written.bin"
    proc = run_python(code, dst, LARGE, timeout=300)
    assert proc.returncode == 0, proc.stderr
    line, peak = proc.stdout.split("\n")[:2]
    assert line == f"0 {LARGE}"
    assert int(peak) < LARGE * 1.25
    with open(dst, "rb") as f:
        f.seek(LARGE - 4096)
        assert f.read() == bytes(4096)


def test_a_concurrent_reader_never_sees_a_partial_file(d):
    target = f"{d}/atomic.bin"
    a, b = b"A" * (8 << 20), b"B" * (3 << 20)
    write(target, a)
    reader = subprocess.Popen(
        ["python3", "-c", """
import sys, time
path = sys.argv[1]
sizes = set()
bad = 0
deadline = time.time() + 3
while time.time() < deadline:
    with open(path, "rb") as f:
        data = f.read()
    ok = data in (b"A" * (8 << 20), b"B" * (3 << 20))
    bad += not ok
    sizes.add(len(data))
print(bad, sorted(sizes))
""", target], stdout=subprocess.PIPE, text=True)
    writes = 0
    while reader.poll() is None:
        assert omni.client.write_file(target, b if writes % 2 else a) == Result.OK
        writes += 1
    out = reader.stdout.read().split()
    assert out[0] == "0", out
    assert writes > 10
    assert sorted(os.listdir(d)) == ["atomic.bin"]


def test_a_crash_during_a_write_leaves_the_old_content(d):
    # The writer is killed once its temporary file holds data: the target keeps its old content,
    # and listing the folder does not show the leftover temporary file.
    target = f"{d}/keep.bin"
    write(target, b"old")
    code = """
import os, signal, sys, threading, time, omni.client
folder = os.path.dirname(sys.argv[1])
def kill_when_writing():
    while True:
        for name in os.listdir(folder):
            if name.startswith(".omni-tmp-") and os.stat(os.path.join(folder, name)).st_size > 0:
                os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(0.001)
data = bytes(2 << 30)
threading.Thread(target=kill_when_writing, daemon=True).start()
omni.client.write_file(sys.argv[1], data)
print("finished")
"""
    proc = run_python(code, target)
    assert proc.returncode == -9 and "finished" not in proc.stdout
    assert read(target) == b"old"
    assert [e.relative_path for e in omni.client.list(d)[1]] == ["keep.bin"]
    # The leftover stays while it could still belong to a live writer; once untouched for an hour,
    # the next listing removes it. Files that only look alike are left alone.
    leftovers = [n for n in os.listdir(d) if n.startswith(".omni-tmp-")]
    assert len(leftovers) == 1
    os.mkdir(f"{d}/.omni-tmp-folder")
    write(f"{d}/.omni-tmp-recent", b"r")
    for name in (leftovers[0], ".omni-tmp-folder"):
        hours_ago = time.time() - 3700
        os.utime(f"{d}/{name}", (hours_ago, hours_ago))
    assert [e.relative_path for e in omni.client.list(d)[1]] == ["keep.bin"]
    assert sorted(os.listdir(d)) == [".omni-tmp-folder", ".omni-tmp-recent", "keep.bin"]


def test_links_behave_as_in_the_original(d):
    write(f"{d}/t.txt", b"T")
    write(f"{d}/real/f", b"F")
    os.symlink(f"{d}/t.txt", f"{d}/lnk_file")
    os.symlink(f"{d}/real", f"{d}/lnk_dir")
    os.symlink(f"{d}/missing", f"{d}/lnk_broken")
    os.symlink("loop", f"{d}/loop")
    stats = {n: omni.client.stat(f"{d}/{n}") for n in ("lnk_file", "lnk_dir", "lnk_broken")}
    assert {n: (r, e.flags, e.size) for n, (r, e) in stats.items()} == {
        "lnk_file": (Result.OK, 3, 1), "lnk_dir": (Result.OK, 4, os.stat(f"{d}/real").st_size), "lnk_broken": (Result.OK, 0, 0)}
    # A link that loops is left out of a listing, as in the original.
    assert {e.relative_path for e in omni.client.list(d)[1]} == {"t.txt", "real", "lnk_file", "lnk_dir", "lnk_broken"}
    assert sorted(e.relative_path for e in omni.client.list(f"{d}/lnk_dir")[1]) == ["f"]
    assert omni.client.read_file(f"{d}/lnk_broken")[0] == Result.ERROR_NOT_FOUND
    assert omni.client.stat(f"{d}/loop")[0] == Result.ERROR
    assert omni.client.read_file(f"{d}/loop")[0] == Result.ERROR
    # Writing through a link writes the file it points to; the link stays.
    assert omni.client.write_file(f"{d}/lnk_file", b"NEW") == Result.OK
    assert os.path.islink(f"{d}/lnk_file") and read(f"{d}/t.txt") == b"NEW"
    assert omni.client.write_file(f"{d}/lnk_broken", b"B") == Result.OK
    assert os.path.islink(f"{d}/lnk_broken") and read(f"{d}/missing") == b"B"


def test_a_hard_linked_file_is_written_in_place_and_keeps_its_names(d):
    # A new file renamed over one name would leave the others with the old content; the original
    # writes in place, and so do we there (only there: elsewhere writes replace the file whole).
    write(f"{d}/a.txt", b"old, and longer than the new")
    os.link(f"{d}/a.txt", f"{d}/b.txt")
    inode = os.stat(f"{d}/a.txt").st_ino
    assert omni.client.write_file(f"{d}/a.txt", b"new") == Result.OK
    assert read(f"{d}/a.txt") == read(f"{d}/b.txt") == b"new"
    assert os.stat(f"{d}/b.txt").st_ino == inode and os.stat(f"{d}/a.txt").st_nlink == 2
    os.unlink(f"{d}/b.txt")
    assert omni.client.write_file(f"{d}/a.txt", b"newer") == Result.OK  # one name again: replaced
    assert read(f"{d}/a.txt") == b"newer" and os.stat(f"{d}/a.txt").st_ino != inode
    assert sorted(os.listdir(d)) == ["a.txt"]


def test_deleting_links_never_deletes_what_they_point_to(d):
    # The original follows the link and empties the folder it points to, then fails.
    write(f"{d}/real/f", b"F")
    os.symlink(f"{d}/real", f"{d}/lnk_dir")
    os.makedirs(f"{d}/withlink")
    os.symlink(f"{d}/real", f"{d}/withlink/l")
    assert omni.client.delete(f"{d}/lnk_dir/") == Result.ERROR_WRONG_TYPE
    assert omni.client.delete(f"{d}/lnk_dir") == Result.OK
    assert omni.client.delete(f"{d}/withlink") == Result.OK
    assert sorted(os.listdir(d)) == ["real"] and read(f"{d}/real/f") == b"F"
