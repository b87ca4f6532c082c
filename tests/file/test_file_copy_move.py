"""copy / copy_file / copy_folder and move / move_file / move_folder on local files, with the
original's results, except where the original loses data (noted at each such test): what is
particular to files. What every provider does is in tests/behavior."""

import os

import omni.client
from omni.client import CopyBehavior, Result

from file_helpers import read, tree, write

OVERWRITE = CopyBehavior.OVERWRITE


def test_copy_keeps_the_mode(d):
    write(f"{d}/run.sh")
    os.chmod(f"{d}/run.sh", 0o750)
    assert omni.client.copy(f"{d}/run.sh", f"{d}/run2.sh") == Result.OK
    assert os.stat(f"{d}/run2.sh").st_mode & 0o777 == 0o750


def test_copy_errors(d, form):
    write(f"{d}/a.txt", b"A")
    write(f"{d}/x/y", b"Y")
    assert omni.client.copy(form(f"{d}/missing"), form(f"{d}/q")) == Result.ERROR_NOT_FOUND
    assert omni.client.copy(form(f"{d}/a.txt"), form(f"{d}/x")) == Result.ERROR_ALREADY_EXISTS
    assert omni.client.copy(form(f"{d}/a.txt"), form(f"{d}/x"), OVERWRITE) == Result.ERROR_WRONG_TYPE
    assert omni.client.copy(form(f"{d}/a.txt"), form(f"{d}/a.txt/q")) == Result.ERROR_WRONG_TYPE
    assert omni.client.copy(form(f"{d}/a.txt/q"), form(f"{d}/q")) == Result.ERROR_WRONG_TYPE
    # The original creates the folder "L" and then fails; a failed copy leaves nothing behind here.
    assert omni.client.copy(form(f"{d}/a.txt"), form(f"{d}/L/")) == Result.ERROR_WRONG_TYPE
    assert omni.client.copy(form(f"{d}/a.txt"), form(f"{d}/a.txt")) == Result.ERROR_ALREADY_EXISTS
    assert tree(d) == {"a.txt": b"A", "x/": None, "x/y": b"Y"}


def test_copy_onto_a_hard_link_of_itself_with_overwrite_changes_nothing(d, form):
    # The original truncates the file to 0 bytes and answers ERROR.
    write(f"{d}/self.txt", b"SELF")
    os.link(f"{d}/self.txt", f"{d}/hard.txt")
    assert omni.client.copy(form(f"{d}/self.txt"), form(f"{d}/hard.txt"), OVERWRITE) == Result.ERROR_SOURCE_IS_DEST
    assert tree(d) == {"self.txt": b"SELF", "hard.txt": b"SELF"}


def test_copy_folder_into_its_own_subtree_copies_what_was_there(d, form):
    write(f"{d}/F/1.txt", b"1")
    write(f"{d}/F/s/2.txt", b"2")
    assert omni.client.copy(form(f"{d}/F"), form(f"{d}/F/sub")) == Result.OK
    assert tree(f"{d}/F") == {"1.txt": b"1", "s/": None, "s/2.txt": b"2", "sub/": None, "sub/1.txt": b"1",
                              "sub/s/": None, "sub/s/2.txt": b"2"}


def test_copy_folder_type_errors(d, form):
    write(f"{d}/F/1.txt", b"1")
    write(f"{d}/a.txt", b"A")
    assert omni.client.copy(form(f"{d}/F"), form(f"{d}/a.txt")) == Result.ERROR_ALREADY_EXISTS
    assert omni.client.copy(form(f"{d}/F"), form(f"{d}/a.txt"), OVERWRITE) == Result.ERROR_WRONG_TYPE
    assert omni.client.copy_file(form(f"{d}/F"), form(f"{d}/H")) == Result.ERROR_WRONG_TYPE
    assert omni.client.copy_folder(form(f"{d}/a.txt"), form(f"{d}/I")) == Result.ERROR_WRONG_TYPE
    assert omni.client.copy_file(form(f"{d}/a.txt"), form(f"{d}/J")) == Result.OK
    assert omni.client.copy_folder(form(f"{d}/F"), form(f"{d}/K")) == Result.OK
    assert sorted(tree(d)) == ["F/", "F/1.txt", "J", "K/", "K/1.txt", "a.txt"]


def test_failed_folder_copy_leaves_nothing_behind(d):
    write(f"{d}/F/a", b"a")
    write(f"{d}/F/b/c", b"c")
    write(f"{d}/F/z", b"z")
    os.symlink(f"{d}/F", f"{d}/F/b/loop")  # a link back to the top: the copy cannot finish
    before = sorted(os.listdir(d))
    assert omni.client.copy(f"{d}/F", f"{d}/out/G") == Result.ERROR
    assert sorted(os.listdir(d)) == before


def test_copy_follows_links_as_the_original(d):
    write(f"{d}/real/f", b"F")
    os.symlink(f"{d}/real/f", f"{d}/lnk")
    os.makedirs(f"{d}/withlink")
    os.symlink(f"{d}/real", f"{d}/withlink/l")
    assert omni.client.copy(f"{d}/lnk", f"{d}/cp") == Result.OK
    assert not os.path.islink(f"{d}/cp") and read(f"{d}/cp") == b"F"
    assert omni.client.copy(f"{d}/withlink", f"{d}/withlink2") == Result.OK
    assert not os.path.islink(f"{d}/withlink2/l") and read(f"{d}/withlink2/l/f") == b"F"


def test_move_into_its_own_subtree(d, form):
    write(f"{d}/n/o/m5", b"M")
    for behavior in (CopyBehavior.ERROR_IF_EXISTS, OVERWRITE):
        assert omni.client.move(form(f"{d}/n"), form(f"{d}/n/o/p"), behavior) == (Result.ERROR_SOURCE_IS_DEST, False)
    assert tree(d) == {"n/": None, "n/o/": None, "n/o/m5": b"M"}


def test_move_type_errors(d, form):
    write(f"{d}/F/x", b"x")
    write(f"{d}/a.txt", b"A")
    assert omni.client.move_file(form(f"{d}/F"), form(f"{d}/M3")) == (Result.ERROR_WRONG_TYPE, False)
    assert omni.client.move_folder(form(f"{d}/a.txt"), form(f"{d}/M4")) == (Result.ERROR_WRONG_TYPE, False)
    assert omni.client.move(form(f"{d}/F"), form(f"{d}/a.txt")) == (Result.ERROR_ALREADY_EXISTS, False)
    assert omni.client.move(form(f"{d}/F"), form(f"{d}/a.txt"), OVERWRITE) == (Result.ERROR_WRONG_TYPE, False)
    assert omni.client.move(form(f"{d}/a.txt"), form(f"{d}/F"), OVERWRITE) == (Result.ERROR_WRONG_TYPE, False)
    assert omni.client.move(form(f"{d}/a.txt"), form(f"{d}/F/")) == (Result.ERROR_WRONG_TYPE, False)
    assert tree(d) == {"F/": None, "F/x": b"x", "a.txt": b"A"}
    assert omni.client.move_file(form(f"{d}/a.txt"), form(f"{d}/b.txt")) == (Result.OK, False)
    assert omni.client.move_folder(form(f"{d}/F"), form(f"{d}/G")) == (Result.OK, False)
    assert tree(d) == {"G/": None, "G/x": b"x", "b.txt": b"A"}


def test_move_a_link_moves_the_link(d):
    write(f"{d}/t.txt", b"T")
    os.symlink(f"{d}/t.txt", f"{d}/lnk")
    assert omni.client.move(f"{d}/lnk", f"{d}/moved") == (Result.OK, False)
    assert os.path.islink(f"{d}/moved") and os.readlink(f"{d}/moved") == f"{d}/t.txt"


def test_move_across_filesystems_copies_then_deletes(d):
    shm = "/dev/shm"
    if not os.path.isdir(shm) or os.stat(shm).st_dev == os.stat(d).st_dev:
        import pytest
        pytest.fail("this test needs /dev/shm on another filesystem than the temporary folder")
    write(f"{d}/F/a", b"a")
    target = f"{shm}/omni-file-test-{os.getpid()}"
    try:
        result, copied = omni.client.move(f"{d}/F", target)
        assert (result, copied) == (Result.OK, True)
        assert tree(target) == {"a": b"a"} and not os.path.exists(f"{d}/F")
    finally:
        omni.client.delete(target)
