"""stat, list, read_file, write_file(_ex), create_folder, delete and get_local_file on local
files, in raw-path and file: URL forms, with the results the original library gives (observed with
it; the values are written here as literals): what is particular to files. What every provider
does is in tests/behavior."""

import datetime
import os

import pytest

import omni.client
from omni.client import ItemFlags, Result

from file_helpers import read, tree, write

FILE_FLAGS = 3    # READABLE_FILE | WRITEABLE_FILE
FOLDER_FLAGS = 4  # CAN_HAVE_CHILDREN


# --- stat ---------------------------------------------------------------------------------------

def test_stat_file_fills_the_entry_as_the_original(d, form):
    write(f"{d}/a.txt", b"hello")
    os.utime(f"{d}/a.txt", (1000000000, 1500000000))
    result, e = omni.client.stat(form(f"{d}/a.txt"))
    assert result == Result.OK
    assert (e.relative_path, e.access, e.flags, e.size) == ("a.txt", 7, FILE_FLAGS, 5)
    assert e.flags == ItemFlags.READABLE_FILE | ItemFlags.WRITEABLE_FILE
    assert e.modified_time == datetime.datetime.fromtimestamp(1500000000)
    # created_time is the status-change time, as in the original
    assert abs(e.created_time.timestamp() - os.stat(f"{d}/a.txt").st_ctime) < 1e-3
    assert (e.version, e.hash, e.modified_by, e.created_by, e.locked_by, e.comment) == ("",) * 6
    assert e.deleted_time == datetime.datetime.fromtimestamp(0)


def test_stat_folder(d, form):
    os.mkdir(f"{d}/sub")
    result, e = omni.client.stat(form(f"{d}/sub"))
    assert (result, e.flags) == (Result.OK, FOLDER_FLAGS)  # an empty folder too
    assert e.size == os.stat(f"{d}/sub").st_size
    result, e = omni.client.stat(form(f"{d}/sub/"))
    assert (result, e.relative_path, e.flags) == (Result.OK, "", FOLDER_FLAGS)


def test_stat_errors(d, form):
    write(f"{d}/a.txt")
    # Anything below a file, or the file spelled as a folder, is the wrong type.
    assert omni.client.stat(form(f"{d}/a.txt/x"))[0] == Result.ERROR_WRONG_TYPE
    assert omni.client.stat(form(f"{d}/a.txt/"))[0] == Result.ERROR_WRONG_TYPE


def test_stat_special_files_are_files(d):
    os.mkfifo(f"{d}/fifo")
    result, e = omni.client.stat(f"{d}/fifo")
    assert (result, e.flags) == (Result.OK, FILE_FLAGS)
    result, e = omni.client.stat("/dev/null")
    assert (result, e.flags, e.size) == (Result.OK, FILE_FLAGS, 0)


def test_stat_root():
    result, e = omni.client.stat("/")
    assert (result, e.relative_path, e.flags) == (Result.OK, "", FOLDER_FLAGS)
    assert omni.client.stat("file:/")[0] == Result.OK


# --- list ---------------------------------------------------------------------------------------

def test_list_folder(d, form):
    write(f"{d}/a.txt", b"12345")
    write(f"{d}/sub/b.bin", b"x" * 10)
    result, entries = omni.client.list(form(d))
    assert result == Result.OK
    got = sorted((e.relative_path, e.flags, e.version, e.hash) for e in entries)
    assert got == [("a.txt", FILE_FLAGS, "", ""), ("sub", FOLDER_FLAGS, "", "")]
    assert [e.size for e in entries if e.relative_path == "sub"] == [os.stat(f"{d}/sub").st_size]


def test_list_errors(d, form):
    write(f"{d}/a.txt")
    assert omni.client.list(form(f"{d}/a.txt"))[0] == Result.ERROR_WRONG_TYPE
    assert omni.client.list(form(f"{d}/a.txt/"))[0] == Result.ERROR_WRONG_TYPE


# --- read_file ----------------------------------------------------------------------------------

def test_read_file_has_no_version(d, form):
    write(f"{d}/a.txt", b"hello")
    assert omni.client.read_file(form(f"{d}/a.txt"))[:2] == (Result.OK, "")


def test_read_errors(d, form):
    write(f"{d}/a.txt")
    assert omni.client.read_file(form(f"{d}/a.txt/x"))[0] == Result.ERROR_WRONG_TYPE


def test_read_never_blocks_on_a_pipe(d):
    os.mkfifo(f"{d}/fifo")
    assert omni.client.read_file(f"{d}/fifo")[0] == Result.ERROR


def test_read_proc_file_without_size():
    result, _, content = omni.client.read_file("/proc/self/status")
    assert result == Result.OK
    assert b"Pid:" in bytes(memoryview(content))


# --- write_file ---------------------------------------------------------------------------------

def test_write_keeps_the_mode_of_the_file_it_replaces(d):
    write(f"{d}/script.sh", b"#!/bin/sh\n")
    os.chmod(f"{d}/script.sh", 0o751)
    assert omni.client.write_file(f"{d}/script.sh", b"#!/bin/sh\necho\n") == Result.OK
    assert os.stat(f"{d}/script.sh").st_mode & 0o777 == 0o751


def test_write_errors_leave_nothing_behind(d, form):
    write(f"{d}/a.txt", b"keep")
    os.mkdir(f"{d}/sub")
    assert omni.client.write_file(form(f"{d}/sub"), b"x") == Result.ERROR_WRONG_TYPE
    assert omni.client.write_file(form(f"{d}/a.txt/x"), b"x") == Result.ERROR_WRONG_TYPE
    # The original answers this after creating a folder "t.txt"; here nothing is created.
    assert omni.client.write_file(form(f"{d}/t.txt/"), b"x") == Result.ERROR_WRONG_TYPE
    assert tree(d) == {"a.txt": b"keep", "sub/": None}


def test_write_file_ex_answers_empty_version_and_hash(d, form):
    result, info = omni.client.write_file_ex(form(f"{d}/wx"), b"abc")
    assert result == Result.OK
    assert (info.version, info.hash) == ("", "")
    assert read(f"{d}/wx") == b"abc"
    assert omni.client.write_file_ex(form(f"{d}/wx/"), b"abc")[0] == Result.ERROR_WRONG_TYPE


def test_write_bad_content_is_a_type_error(d):
    for bad in (None, "text", 12, [1, 2]):
        with pytest.raises(TypeError):
            omni.client.write_file(f"{d}/x", bad)
    assert os.listdir(d) == []


# --- create_folder ------------------------------------------------------------------------------

def test_create_folder_below_a_file(d, form):
    write(f"{d}/a.txt")
    assert omni.client.create_folder(form(f"{d}/a.txt/x")) == Result.ERROR_WRONG_TYPE
    assert sorted(tree(d)) == ["a.txt"]


# --- delete -------------------------------------------------------------------------------------

def test_delete_errors(d, form):
    write(f"{d}/a.txt")
    assert omni.client.delete(form(f"{d}/a.txt/x")) == Result.ERROR_WRONG_TYPE
    assert omni.client.delete(form(f"{d}/a.txt/")) == Result.ERROR_WRONG_TYPE
    assert os.path.exists(f"{d}/a.txt")


# --- get_local_file, open_cached_file -----------------------------------------------------------

def test_get_local_file_is_the_file_itself(d, form):
    write(f"{d}/a b.txt")
    assert omni.client.get_local_file(form(f"{d}/a b.txt"), True) == (Result.OK, f"{d}/a b.txt")
    assert omni.client.get_local_file(form(f"{d}/a b.txt"), False) == (Result.OK, f"{d}/a b.txt")
    assert omni.client.get_local_file(form(d), True) == (Result.OK, d)
    assert omni.client.get_local_file(form(f"{d}/missing"), True) == (Result.ERROR_NOT_FOUND, "")


# --- spellings: names, URL forms, relative paths ------------------------------------------------

def test_url_query_and_fragment_are_dropped_but_raw_paths_are_literal(d):
    write(f"{d}/a.txt")
    assert omni.client.stat(f"file:{d}/a.txt?x=1")[0] == Result.OK
    assert omni.client.stat(f"file:{d}/a.txt#frag")[0] == Result.OK
    assert omni.client.stat(f"file://{d}/a.txt")[0] == Result.OK
    assert omni.client.stat(f"{d}/a.txt?x=1")[0] == Result.ERROR_NOT_FOUND
    # Percent escapes are decoded in URLs only.
    write(f"{d}/pct%20.txt")
    assert omni.client.stat(f"file:{d}/pct%20.txt")[0] == Result.ERROR_NOT_FOUND
    assert omni.client.stat(f"{d}/pct%20.txt")[0] == Result.OK
    # A host names another machine: not this one's path.
    assert omni.client.stat(f"file://localhost{d}/a.txt")[0] == Result.ERROR_NOT_FOUND


def test_make_file_url_round_trips(d):
    url = omni.client.make_file_url(f"{d}/a b#c%d?e.txt")
    assert omni.client.write_file(url, b"M") == Result.OK
    assert os.listdir(d) == ["a b#c%d?e.txt"]


def test_relative_paths_are_relative_to_the_working_folder(d, monkeypatch):
    monkeypatch.chdir(d)
    write(f"{d}/rel.txt", b"R")
    assert omni.client.stat("rel.txt")[0] == Result.OK
    assert omni.client.stat("./rel.txt")[0] == Result.OK
    assert omni.client.stat("file:rel.txt")[0] == Result.OK
    assert omni.client.write_file("rel2.txt", b"x") == Result.OK
    assert read(f"{d}/rel2.txt") == b"x"
    assert sorted(e.relative_path for e in omni.client.list(".")[1]) == ["rel.txt", "rel2.txt"]


def test_redundant_slashes_and_dot_segments(d):
    write(f"{d}/rel.txt")
    assert omni.client.stat(f"{d}//rel.txt")[0] == Result.OK
    os.mkdir(f"{d}/x")
    assert omni.client.stat(f"{d}/x/../rel.txt")[0] == Result.OK


# --- bad input ----------------------------------------------------------------------------------

def test_empty_url_is_a_bad_request():
    assert omni.client.stat("")[0] == Result.ERROR_BAD_REQUEST
    assert omni.client.list("")[0] == Result.ERROR_BAD_REQUEST


def test_a_url_holding_nul_is_refused(d):
    # Deliberately unlike the original, which cuts the URL at NUL ("a\0b" names "a", so a
    # delete of "a\0b" deletes "a"): operations refuse such URLs. URL functions still cut.
    write(f"{d}/a", b"12")
    assert omni.client.stat(f"{d}/a\0b")[0] == Result.ERROR_BAD_REQUEST
    assert omni.client.delete(f"{d}/a\0b") == Result.ERROR_BAD_REQUEST
    assert omni.client.stat(f"{d}/a")[1].size == 2


def test_none_is_an_empty_url_and_bytes_are_a_url_as_in_the_original(d):
    write(f"{d}/a")
    assert omni.client.stat(None)[0] == Result.ERROR_BAD_REQUEST
    assert omni.client.read_file(None)[0] == Result.ERROR_BAD_REQUEST
    assert omni.client.copy(f"{d}/a", None) == Result.ERROR_BAD_REQUEST
    assert omni.client.move(None, f"{d}/a") == (Result.ERROR_BAD_REQUEST, False)
    assert [e.relative_path for e in omni.client.list(d.encode())[1]] == ["a"]
    # "file:" names no path at all
    assert omni.client.stat("file:")[0] == Result.ERROR_NOT_FOUND
    assert omni.client.stat("file://")[0] == Result.ERROR_NOT_FOUND


def test_wrong_argument_types_are_type_errors(d):
    for call in (lambda: omni.client.stat(3), lambda: omni.client.delete([d]), lambda: omni.client.create_folder(object()),
                 lambda: omni.client.get_local_file(d, "yes please"), lambda: omni.client.write_file(f"{d}/x", None),
                 lambda: omni.client.write_file(f"{d}/x", "text"), lambda: omni.client.copy(d, 5),
                 lambda: omni.client.list(d, include_deleted_option="all")):
        with pytest.raises(TypeError):
            call()
    assert os.listdir(d) == []


def test_too_long_names_and_paths_are_errors_and_create_nothing(d, form):
    long_name = f"{d}/" + "x" * 300
    long_path = d + "/a" * 3000
    assert omni.client.stat(form(long_name))[0] == Result.ERROR
    assert omni.client.write_file(form(long_name), b"x") == Result.ERROR
    assert omni.client.create_folder(form(long_name)) == Result.ERROR
    assert omni.client.read_file(form(long_name))[0] == Result.ERROR
    assert omni.client.stat(form(long_path))[0] == Result.ERROR
    # The original leaves a thousand nested folders behind here; nothing is created now.
    assert omni.client.write_file(form(long_path), b"x") == Result.ERROR
    assert os.listdir(d) == []
