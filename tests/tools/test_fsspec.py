"""The fsspec filesystem, through fsspec's own API, against our server and local files; and one
consumer of the data stack (pandas) on omniverse:// URLs."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from datetime import datetime
from pathlib import Path

import fsspec
import pytest

import omni.client
from omni.client.fsspec import OmniFileSystem

from tools_helpers import PACKAGE_ROOT

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


@pytest.fixture(scope="module", autouse=True)
def registered():
    """What the installed entry point does (tested on its own below), for this checkout."""
    for protocol in OmniFileSystem.protocol:
        fsspec.register_implementation(protocol, OmniFileSystem, clobber=True)


@pytest.fixture
def fs(admin):
    return fsspec.filesystem("omniverse")


def test_the_entry_points_are_declared_and_fsspec_finds_them_without_an_import(tmp_path):
    declared = tomllib.loads(PYPROJECT.read_text())["project"]["entry-points"]["fsspec.specs"]
    assert declared == {"omniverse": "omni.client.fsspec:OmniFileSystem", "omni": "omni.client.fsspec:OmniFileSystem"}
    # An installed distribution's metadata, as pip writes it from pyproject.toml.
    info = tmp_path / "omni_client_open-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: omni-client-open\nVersion: 0.1.0\n")
    (info / "entry_points.txt").write_text(
        "[fsspec.specs]\n" + "".join(f"{name} = {target}\n" for name, target in declared.items()))
    code = ("import fsspec; fs = fsspec.filesystem('omniverse'); "
            "print(type(fs).__module__, type(fs).__name__, type(fsspec.filesystem('omni')).__name__)")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), PACKAGE_ROOT]))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["omni.client.fsspec", "OmniFileSystem", "OmniFileSystem"]


def test_paths_are_urls_without_the_scheme(fs, admin):
    url = f"{admin.url}/a/b.csv"
    assert fs._strip_protocol(url) == f"127.0.0.1:{admin.port}/a/b.csv"
    assert fs.unstrip_protocol(fs._strip_protocol(url)) == url
    assert fsspec.core.url_to_fs("omni://host:1/x")[0].url("host:1/x") == "omni://host:1/x"


def test_open_write_then_read_text(fs, folder):
    with fsspec.open(f"{folder}/notes.txt", "w") as f:
        f.write("hello\nworld\n")
    with fsspec.open(f"{folder}/notes.txt", "r") as f:
        assert f.read() == "hello\nworld\n"


def test_info_ls_exists_isdir_created_modified_checksum(fs, folder):
    fs.pipe_file(f"{folder}/d/a.bin", b"12345")
    info = fs.info(f"{folder}/d/a.bin")
    assert info["type"] == "file" and info["size"] == 5 and info["name"] == fs._strip_protocol(f"{folder}/d/a.bin")
    assert fs.info(f"{folder}/d")["type"] == "directory"
    assert fs.ls(f"{folder}/d", detail=False) == [fs._strip_protocol(f"{folder}/d/a.bin")]
    assert fs.ls(f"{folder}/d/a.bin", detail=False) == [fs._strip_protocol(f"{folder}/d/a.bin")]
    assert fs.exists(f"{folder}/d/a.bin") and not fs.exists(f"{folder}/d/nothing")
    assert fs.isdir(f"{folder}/d") and not fs.isdir(f"{folder}/d/a.bin")
    assert isinstance(fs.created(f"{folder}/d/a.bin"), datetime)
    assert isinstance(fs.modified(f"{folder}/d/a.bin"), datetime)
    server_hash = omni.client.stat(f"{folder}/d/a.bin")[1].hash
    assert server_hash and fs.checksum(f"{folder}/d/a.bin") == int(server_hash.rsplit(";", 1)[-1], 16)
    fs.pipe_file(f"{folder}/d/a.bin", b"changed")
    assert fs.checksum(f"{folder}/d/a.bin") != int(server_hash.rsplit(";", 1)[-1], 16)
    with pytest.raises(FileNotFoundError):
        fs.info(f"{folder}/d/nothing")
    with pytest.raises(FileNotFoundError):
        fs.ls(f"{folder}/nothing")


def test_cat_with_ranges(fs, folder):
    data = bytes(range(256)) * 10
    fs.pipe_file(f"{folder}/r.bin", data)
    assert fs.cat_file(f"{folder}/r.bin") == data
    assert fs.cat_file(f"{folder}/r.bin", start=10, end=20) == data[10:20]
    assert fs.cat_file(f"{folder}/r.bin", start=-5) == data[-5:]
    assert fs.cat(f"{folder}/r.bin") == data


def test_cat_of_content_read_in_parts_is_bytes(fs, folder):
    """Above the server's LFT threshold the content comes in parts straight into the bytes
    object cat_file returns; a missing file is an error, as for small ones."""
    data = os.urandom((3 << 20) + 7)
    fs.pipe_file(f"{folder}/big.bin", data)
    content = fs.cat_file(f"{folder}/big.bin")
    assert type(content) is bytes and content == data
    assert fs.cat_file(f"{folder}/big.bin", start=(3 << 20), end=None) == data[3 << 20:]
    with pytest.raises(FileNotFoundError):
        fs.cat_file(f"{folder}/missing.bin")


def test_open_rb_seeks_and_reads_parts(fs, folder):
    data = os.urandom(3 * 1024 * 1024)
    fs.pipe_file(f"{folder}/seek.bin", data)
    with fs.open(f"{folder}/seek.bin", "rb") as f:
        f.seek(1_000_000)
        assert f.read(10) == data[1_000_000:1_000_010]
        f.seek(-4, 2)
        assert f.read() == data[-4:]
        assert f.tell() == len(data)


def test_a_write_commits_on_close_readers_see_old_or_new(fs, folder):
    url = f"{folder}/atomic.txt"
    fs.pipe_file(url, b"old")
    with fs.open(url, "wb") as f:
        f.write(b"new " * 100_000)
        f.flush()
        assert fs.cat_file(url) == b"old"  # nothing visible before close
    assert fs.cat_file(url) == b"new " * 100_000


def test_unsupported_modes_fail_clearly(fs, folder):
    with pytest.raises(ValueError, match="not supported"):
        fs.open(f"{folder}/x", "ab")


def test_put_get_find_walk_rm(fs, folder, tmp_path):
    local = tmp_path / "up"
    (local / "sub").mkdir(parents=True)
    (local / "a.txt").write_bytes(b"a")
    (local / "sub" / "b.txt").write_bytes(b"b" * 70_000)
    (local / "empty.txt").write_bytes(b"")
    fs.put(str(local), f"{folder}/up", recursive=True)
    base = fs._strip_protocol(f"{folder}/up")
    assert fs.find(f"{folder}/up") == [f"{base}/a.txt", f"{base}/empty.txt", f"{base}/sub/b.txt"]
    walked = {root: (sorted(dirs), sorted(files)) for root, dirs, files in fs.walk(f"{folder}/up")}
    assert walked == {base: (["sub"], ["a.txt", "empty.txt"]), f"{base}/sub": ([], ["b.txt"])}

    fs.get(f"{folder}/up", str(tmp_path / "down"), recursive=True)
    assert (tmp_path / "down" / "sub" / "b.txt").read_bytes() == b"b" * 70_000
    assert (tmp_path / "down" / "empty.txt").read_bytes() == b""
    assert not [p for p in (tmp_path / "down").rglob(".omni-get-*")]

    fs.rm(f"{folder}/up", recursive=True)
    assert not fs.exists(f"{folder}/up")


def test_cp_mv_mkdir_makedirs(fs, folder):
    fs.makedirs(f"{folder}/x/y/z")
    fs.makedirs(f"{folder}/x/y/z", exist_ok=True)
    with pytest.raises(FileExistsError):
        fs.makedirs(f"{folder}/x/y/z", exist_ok=False)
    fs.mkdir(f"{folder}/m/n")
    assert fs.isdir(f"{folder}/m/n")
    fs.pipe_file(f"{folder}/x/f.txt", b"f")
    fs.cp_file(f"{folder}/x/f.txt", f"{folder}/x/g.txt")
    fs.mv(f"{folder}/x/g.txt", f"{folder}/x/h.txt")
    assert fs.cat_file(f"{folder}/x/h.txt") == b"f"
    assert not fs.exists(f"{folder}/x/g.txt")


def test_the_async_interface(admin, folder):
    import asyncio

    async def main():
        fs = OmniFileSystem(asynchronous=True)
        await fs._pipe_file(f"{folder}/async.txt", b"async")
        assert await fs._cat_file(f"{folder}/async.txt") == b"async"
        assert (await fs._info(f"{folder}/async.txt"))["size"] == 5

    asyncio.run(main())


def test_local_files_through_the_file_provider(tmp_path):
    fs = OmniFileSystem(scheme="file")
    fs.pipe_file(str(tmp_path / "a" / "b.txt"), b"local")
    assert (tmp_path / "a" / "b.txt").read_bytes() == b"local"
    assert fs.cat_file(f"file:{tmp_path}/a/b.txt") == b"local"
    assert fs.ls(str(tmp_path / "a"), detail=False) == [str(tmp_path / "a" / "b.txt")]


def test_pandas_csv_and_parquet_round_trip(admin, folder):
    import pandas as pd  # with pyarrow for parquet: both in the test extra

    frame = pd.DataFrame({"name": ["a", "b", "c"], "value": [1.5, 2.5, -3.0]})
    frame.to_csv(f"{folder}/t.csv", index=False)
    assert pd.read_csv(f"{folder}/t.csv").equals(frame)
    frame.to_parquet(f"{folder}/t.parquet")
    assert pd.read_parquet(f"{folder}/t.parquet").equals(frame)
    assert omni.client.stat(f"{folder}/t.parquet")[0] == omni.client.Result.OK
