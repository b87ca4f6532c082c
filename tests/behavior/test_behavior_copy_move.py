"""copy and move of files and folders on every provider: the behaviours ERROR_IF_EXISTS and
OVERWRITE, missing parents, and an item onto itself."""

import pytest

import omni.client
from omni.client import CopyBehavior, Result

OVERWRITE = CopyBehavior.OVERWRITE


@pytest.mark.needs("copy")
def test_copy_a_file(root):
    root.put("a.txt", b"A")
    assert omni.client.copy(root / "a.txt", root / "b.txt") == Result.OK
    assert root.read("b.txt") == b"A"
    root.put("a.txt", b"A2")
    assert omni.client.copy(root / "a.txt", root / "b.txt") == Result.ERROR_ALREADY_EXISTS
    assert omni.client.copy(root / "a.txt", root / "b.txt", CopyBehavior.ERROR_IF_EXISTS) == Result.ERROR_ALREADY_EXISTS
    assert root.read("b.txt") == b"A"
    assert omni.client.copy(root / "a.txt", root / "b.txt", OVERWRITE) == Result.OK
    assert root.read("b.txt") == b"A2"
    assert omni.client.copy(root / "a.txt", root / "x/y/z.txt") == Result.OK  # parents created
    # (ALREADY_EXISTS on files, as the original; SOURCE_IS_DEST on our server)
    assert omni.client.copy(root / "a.txt", root / "a.txt") != Result.OK
    assert root.tree() == {"a.txt": b"A2", "b.txt": b"A2", "x/": None, "x/y/": None, "x/y/z.txt": b"A2"}


@pytest.mark.needs("copy")
def test_copy_onto_an_item_of_the_other_type_needs_overwrite(root):
    root.put("a.txt", b"A")
    root.put("F/1.txt", b"1")
    assert omni.client.copy(root / "a.txt", root / "F") == Result.ERROR_ALREADY_EXISTS
    assert omni.client.copy(root / "F", root / "a.txt") == Result.ERROR_ALREADY_EXISTS
    assert root.tree() == {"a.txt": b"A", "F/": None, "F/1.txt": b"1"}


@pytest.mark.needs("copy")
def test_copy_onto_itself_with_overwrite_changes_nothing(root):
    # The original's file provider truncates the file (and every file of a folder) to 0 bytes here.
    root.put("self.txt", b"SELF")
    root.put("F/1.txt", b"1")
    assert omni.client.copy(root / "self.txt", root / "self.txt", OVERWRITE) == Result.ERROR_SOURCE_IS_DEST
    assert omni.client.copy(root / "F", root / "F", OVERWRITE) == Result.ERROR_SOURCE_IS_DEST
    assert root.tree() == {"self.txt": b"SELF", "F/": None, "F/1.txt": b"1"}


@pytest.mark.needs("copy")
def test_copy_a_folder(root):
    root.put("F/1.txt", b"1")
    root.put("F/s/2.txt", b"2")
    assert omni.client.copy(root / "F", root / "G") == Result.OK
    assert root.tree("G") == {"1.txt": b"1", "s/": None, "s/2.txt": b"2"}
    assert root.read("F/1.txt") == b"1"
    assert omni.client.copy(root / "F", root / "G") == Result.ERROR_ALREADY_EXISTS
    assert omni.client.copy(root / "F", root / "deep/er/G") == Result.OK
    assert root.tree("deep/er/G") == root.tree("F")


@pytest.mark.needs("copy")
@pytest.mark.known_difference("omniverse", "a folder copied with OVERWRITE replaces the folder there (G/extra is lost)")
def test_copy_a_folder_with_overwrite_merges(root):
    root.put("F/1.txt", b"1new")
    root.put("F/s/2.txt", b"2")
    root.put("G/1.txt", b"1")
    root.put("G/extra", b"E")
    assert omni.client.copy(root / "F", root / "G", OVERWRITE) == Result.OK
    assert root.tree("G") == {"1.txt": b"1new", "extra": b"E", "s/": None, "s/2.txt": b"2"}


@pytest.mark.needs("move", "stat")
def test_move_a_file(root):
    root.put("m1", b"M")
    root.put("m4", b"M4")
    assert omni.client.move(root / "m1", root / "m2") == (Result.OK, False)
    assert omni.client.stat(root / "m1")[0] == Result.ERROR_NOT_FOUND
    assert omni.client.move(root / "m1", root / "m3") == (Result.ERROR_NOT_FOUND, False)
    assert omni.client.move(root / "m2", root / "m4") == (Result.ERROR_ALREADY_EXISTS, False)
    assert omni.client.move(root / "m2", root / "m4", CopyBehavior.ERROR_IF_EXISTS) == (Result.ERROR_ALREADY_EXISTS, False)
    assert root.tree() == {"m2": b"M", "m4": b"M4"}
    # As the original: over omniverse:// the file becomes a new version of the destination (a
    # copy, then the source deleted), elsewhere it is renamed over it.
    assert omni.client.move(root / "m2", root / "m4", OVERWRITE) == (Result.OK, root.provider == "omniverse")
    assert root.tree() == {"m4": b"M"}


@pytest.mark.needs("move")
def test_move_into_a_missing_folder_creates_it(root):
    root.put("m", b"M")
    assert omni.client.move(root / "m", root / "n/o/m5") == (Result.OK, False)
    assert root.tree() == {"n/": None, "n/o/": None, "n/o/m5": b"M"}


@pytest.mark.needs("move")
def test_move_a_folder(root):
    root.put("tree/leaf.txt", b"leaf")
    root.put("tree/sub/deeper", b"d")
    assert omni.client.move(root / "tree", root / "moved") == (Result.OK, False)
    assert root.tree() == {"moved/": None, "moved/leaf.txt": b"leaf", "moved/sub/": None, "moved/sub/deeper": b"d"}


@pytest.mark.needs("move")
def test_move_onto_itself(root):
    root.put("n/o/m5", b"M")
    for behavior in (CopyBehavior.ERROR_IF_EXISTS, OVERWRITE):
        assert omni.client.move(root / "n/o/m5", root / "n/o/m5", behavior) == (Result.ERROR_SOURCE_IS_DEST, False)
        assert omni.client.move(root / "n", root / "n/", behavior) == (Result.ERROR_SOURCE_IS_DEST, False)
    assert root.tree() == {"n/": None, "n/o/": None, "n/o/m5": b"M"}


@pytest.mark.needs("move")
def test_move_onto_an_item_of_the_other_type_needs_overwrite(root):
    root.put("F/x", b"x")
    root.put("a.txt", b"A")
    assert omni.client.move(root / "F", root / "a.txt") == (Result.ERROR_ALREADY_EXISTS, False)
    assert omni.client.move(root / "a.txt", root / "F") == (Result.ERROR_ALREADY_EXISTS, False)
    assert root.tree() == {"F/": None, "F/x": b"x", "a.txt": b"A"}


@pytest.mark.needs("move")
@pytest.mark.known_difference("omniverse", "a folder moved with OVERWRITE replaces the folder there (M2/c is lost)")
def test_move_a_folder_with_overwrite_merges(root):
    root.put("M1/a", b"a1")
    root.put("M1/s/b", b"b1")
    root.put("M2/a", b"a2")
    root.put("M2/c", b"c2")
    root.put("M2/s/d", b"d2")
    assert omni.client.move(root / "M1", root / "M2") == (Result.ERROR_ALREADY_EXISTS, False)
    assert omni.client.move(root / "M1", root / "M2", OVERWRITE) == (Result.OK, False)
    assert root.tree() == {"M2/": None, "M2/a": b"a1", "M2/c": b"c2", "M2/s/": None, "M2/s/b": b"b1", "M2/s/d": b"d2"}
