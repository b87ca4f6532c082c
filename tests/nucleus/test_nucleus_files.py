"""Files and folders over omniverse:// against our server: what is particular to it (authors,
content hashes, local copies, the server's root). What every provider does is in tests/behavior."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap

import omni.client
from omni.client import ItemFlags, Result


def test_entries_name_their_authors_and_content_hash(folder):
    assert omni.client.write_file(f"{folder}/hello.txt", b"hello") == Result.OK
    result, entry = omni.client.stat(f"{folder}/hello.txt")
    assert result == Result.OK
    assert entry.created_by == entry.modified_by == "admin"
    assert entry.hash == "sha256;5;" + hashlib.sha256(b"hello").hexdigest()
    result, info = omni.client.write_file_ex(f"{folder}/v.txt", b"two!", "second")
    assert result == Result.OK and info.hash == "sha256;4;" + hashlib.sha256(b"two!").hexdigest()


def test_a_url_with_unescaped_characters(folder):
    url = f"{folder}/with space %25 ü.txt"
    assert omni.client.write_file(omni.client.make_url(path=None) or url, b"x") in (Result.OK, Result.ERROR_BAD_REQUEST)


def test_an_empty_folder_says_it_has_no_children(folder):
    omni.client.write_file(f"{folder}/full/inner.txt", b"i")
    omni.client.create_folder(f"{folder}/empty")
    by_name = {e.relative_path: e for e in omni.client.list(folder)[1]}
    assert by_name["full"].flags == ItemFlags.CAN_HAVE_CHILDREN
    assert by_name["empty"].flags == ItemFlags.CAN_HAVE_CHILDREN | ItemFlags.DOES_NOT_HAVE_CHILDREN


def test_listing_a_file_is_not_found(folder):
    # (WRONG_TYPE on files)
    omni.client.write_file(f"{folder}/file", b"x")
    assert omni.client.list(f"{folder}/file")[0] == Result.ERROR_NOT_FOUND
    assert omni.client.read_file(folder)[0] == Result.ERROR  # NOT_ASSET, a plain ERROR as in the original


def test_root(admin):
    result, entry = omni.client.stat(admin.url + "/")
    assert result == Result.OK and entry.flags & ItemFlags.CAN_HAVE_CHILDREN and entry.relative_path == ""
    assert omni.client.list(admin.url)[0] == Result.OK
    assert omni.client.create_folder(admin.url + "/") == Result.ERROR_ALREADY_EXISTS


def test_large_file_through_lft_has_the_hash_of_its_content(folder):
    data = os.urandom((3 << 20) + 12345)  # above the server's 1 MiB threshold: LFT, several parts
    result, info = omni.client.write_file_ex(f"{folder}/big.bin", data)
    assert result == Result.OK
    assert info.hash == f"sha256;{len(data)};" + hashlib.sha256(data).hexdigest()


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


def test_get_local_file_gives_a_private_copy_per_version(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("OMNI_CLIENT_FILE_CACHE", str(tmp_path / "files"))
    url = f"{folder}/local.txt"
    omni.client.write_file(url, b"first")
    result, path = omni.client.get_local_file(url)
    assert result == Result.OK and path.startswith(str(tmp_path / "files"))
    assert os.stat(os.path.dirname(path)).st_mode & 0o777 == 0o700
    omni.client.write_file(url, b"second")
    result, path2 = omni.client.get_local_file(url)
    assert result == Result.OK and path2 != path and open(path2, "rb").read() == b"second"
    assert omni.client.get_local_file(folder)[0] == omni.client.read_file(folder)[0] == Result.ERROR
    assert not [f for f in os.listdir(os.path.dirname(path)) if ".part" in f]  # no temporary left


def test_get_local_file_without_download_names_the_copy(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("OMNI_CLIENT_FILE_CACHE", str(tmp_path / "files"))
    url = f"{folder}/later.txt"
    assert omni.client.write_file(url, b"one") == Result.OK
    # "Pass false to get the local filename without downloading the file."
    result, path = omni.client.get_local_file(url, False)
    assert result == Result.OK and not os.path.exists(path)
    assert omni.client.write_file(url, b"two") == Result.OK
    result, path4 = omni.client.get_local_file(url, False)  # a new version has a name of its own
    assert result == Result.OK and path4 != path and not os.path.exists(path4)
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


def test_copy_and_move_of_one_kind_refuse_the_other_kind(folder):
    """As the original (on file: too): copy_file and move_file take a file, copy_folder a folder."""
    assert omni.client.create_folder(f"{folder}/sub") == Result.OK
    assert omni.client.write_file(f"{folder}/a.txt", b"a") == Result.OK
    assert omni.client.copy_file(f"{folder}/sub", f"{folder}/sub2") == Result.ERROR_WRONG_TYPE
    assert omni.client.copy_folder(f"{folder}/a.txt", f"{folder}/b.txt") == Result.ERROR_WRONG_TYPE
    assert omni.client.move_file(f"{folder}/sub", f"{folder}/sub3") == (Result.ERROR_WRONG_TYPE, False)
    assert omni.client.copy_file(f"{folder}/missing", f"{folder}/c.txt") == Result.ERROR_NOT_FOUND
    assert sorted(e.relative_path for e in omni.client.list(folder)[1]) == ["a.txt", "sub"]
    assert omni.client.copy_file(f"{folder}/a.txt", f"{folder}/c.txt") == Result.OK
    assert omni.client.copy_folder(f"{folder}/sub", f"{folder}/sub4") == Result.OK
    assert omni.client.move_file(f"{folder}/c.txt", f"{folder}/d.txt") == (Result.OK, False)


def test_a_move_overwriting_a_file_replaces_its_content_and_says_it_copied(folder):
    assert omni.client.write_file(f"{folder}/a.txt", b"new") == Result.OK
    assert omni.client.write_file(f"{folder}/b.txt", b"old") == Result.OK
    assert omni.client.move(f"{folder}/a.txt", f"{folder}/b.txt", omni.client.CopyBehavior.OVERWRITE) == (Result.OK, True)
    assert omni.client.stat(f"{folder}/a.txt")[0] == Result.ERROR_NOT_FOUND
    result, _, content = omni.client.read_file(f"{folder}/b.txt")
    assert result == Result.OK and bytes(content) == b"new"
    # onto a new name it is a rename
    assert omni.client.move(f"{folder}/b.txt", f"{folder}/c.txt", omni.client.CopyBehavior.OVERWRITE) == (Result.OK, False)


def test_an_overwrite_replaces_an_item_only_by_one_of_its_kind(folder):
    """As the original: a file does not overwrite a folder, nor a folder a file (both are kept)."""
    overwrite = omni.client.CopyBehavior.OVERWRITE
    assert omni.client.write_file(f"{folder}/file", b"f") == Result.OK
    assert omni.client.write_file(f"{folder}/sub/inner", b"i") == Result.OK
    assert omni.client.copy(f"{folder}/file", f"{folder}/sub", overwrite) == Result.ERROR_WRONG_TYPE
    assert omni.client.copy(f"{folder}/sub", f"{folder}/file", overwrite) == Result.ERROR_WRONG_TYPE
    assert omni.client.move(f"{folder}/file", f"{folder}/sub", overwrite) == (Result.ERROR_WRONG_TYPE, False)
    assert omni.client.move(f"{folder}/sub", f"{folder}/file", overwrite) == (Result.ERROR_WRONG_TYPE, False)
    assert bytes(omni.client.read_file(f"{folder}/file")[2]) == b"f"
    assert bytes(omni.client.read_file(f"{folder}/sub/inner")[2]) == b"i"
