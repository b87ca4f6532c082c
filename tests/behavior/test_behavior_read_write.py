"""read_file, write_file and write_file_ex on every provider: content of every size and kind,
overwrites, missing parents, and the errors."""

import hashlib
import os

import pytest

import omni.client
from omni.client import Result


@pytest.mark.needs("read_file")
def test_read_a_file(root):
    root.put("a.txt", b"hello")
    result, version, content = omni.client.read_file(root / "a.txt")
    assert result == Result.OK
    assert bytes(memoryview(content)) == b"hello"
    assert len(content) == 5 and content[0] == "h"  # an item is a one-character str, as in the original


@pytest.mark.needs("read_file")
def test_read_empty_and_binary(root):
    root.put("empty", b"")
    result, _, content = omni.client.read_file(root / "empty")
    assert (result, bytes(memoryview(content))) == (Result.OK, b"")
    data = bytes(range(256)) * 4099 + b"\x00\x00"  # a little over 1 MiB, every byte value
    root.put("bin", data)
    assert bytes(memoryview(omni.client.read_file(root / "bin")[2])) == data


@pytest.mark.needs("read_file")
def test_reading_a_folder_is_an_error(root):
    root.put("sub/a.txt")
    assert omni.client.read_file(root / "sub")[0] == Result.ERROR
    assert omni.client.read_file(root.url)[0] == Result.ERROR


@pytest.mark.needs("write_file", "read_file", "stat")
def test_write_and_read_a_large_file(root):
    data = os.urandom((3 << 20) + 12345)  # several parts of a chunked transfer where there are parts
    result, info = omni.client.write_file_ex(root / "big.bin", data)
    assert result == Result.OK
    assert hashlib.sha256(root.read("big.bin")).digest() == hashlib.sha256(data).digest()
    result, version, content = omni.client.read_file(root / "big.bin")
    assert result == Result.OK and version == info.version
    assert hashlib.sha256(memoryview(content)).digest() == hashlib.sha256(data).digest()
    assert omni.client.stat(root / "big.bin")[1].size == len(data)


@pytest.mark.needs("write_file")
def test_write_creates_and_replaces(root):
    assert omni.client.write_file(root / "a.txt", b"one") == Result.OK
    assert root.read("a.txt") == b"one"
    assert omni.client.write_file(root / "a.txt", b"two!") == Result.OK
    assert root.read("a.txt") == b"two!"
    assert omni.client.write_file(root / "a.txt", b"") == Result.OK
    assert root.tree() == {"a.txt": b""}  # no temporary file left behind


@pytest.mark.needs("write_file")
def test_write_accepts_any_buffer(root):
    assert omni.client.write_file(root / "b", bytearray(b"ba")) == Result.OK
    assert omni.client.write_file(root / "m", memoryview(b"xmemx")[1:4]) == Result.OK
    # a strided view is its elements in order (the original writes the first bytes of the memory
    # under it instead: b"abc" here), small or large
    assert omni.client.write_file(root / "s", memoryview(b"abcdef")[::2]) == Result.OK
    large = bytes(range(256)) * 1024
    assert omni.client.write_file(root / "l", memoryview(large)[::2]) == Result.OK
    assert root.tree() == {"b": b"ba", "m": b"mem", "s": b"ace", "l": large[::2]}


@pytest.mark.needs("write_file")
def test_write_creates_missing_folders(root):
    assert omni.client.write_file(root / "n1/n2/f", b"z") == Result.OK
    assert root.tree() == {"n1/": None, "n1/n2/": None, "n1/n2/f": b"z"}


@pytest.mark.needs("write_file", "create_folder")
def test_write_errors_leave_nothing_behind(root):
    root.put("a.txt", b"keep")
    assert omni.client.create_folder(root / "sub") == Result.OK
    # (the results differ: WRONG_TYPE on files; ALREADY_EXISTS and BAD_REQUEST on our server)
    assert omni.client.write_file(root / "sub", b"x") != Result.OK
    # The original's file provider answers this after creating a folder "t.txt"; here nothing is created.
    assert omni.client.write_file(root / "t.txt/", b"x") != Result.OK
    assert root.tree() == {"a.txt": b"keep", "sub/": None}


@pytest.mark.needs("write_file")
@pytest.mark.known_difference("omniverse", "our server lets a file have children: writing a.txt/x answers OK")
def test_nothing_can_be_written_below_a_file(root):
    root.put("a.txt", b"keep")
    assert omni.client.write_file(root / "a.txt/x", b"x") == Result.ERROR_WRONG_TYPE
    assert root.tree() == {"a.txt": b"keep"}


@pytest.mark.needs("write_file", "stat", "read_file")
def test_write_file_ex_answers_the_version_written(root):
    result, info = omni.client.write_file_ex(root / "wx", b"abc")
    assert result == Result.OK
    assert root.read("wx") == b"abc"
    assert info.version == omni.client.stat(root / "wx")[1].version == omni.client.read_file(root / "wx")[1]
    assert omni.client.write_file_ex(root / "wx/", b"abc")[0] != Result.OK  # WRONG_TYPE on files, BAD_REQUEST on our server
    assert root.read("wx") == b"abc"
