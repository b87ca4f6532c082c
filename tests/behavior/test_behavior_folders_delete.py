"""create_folder, delete, delete_single and obliterate on every provider."""

import pytest

import omni.client
from omni.client import ItemFlags, Result


@pytest.mark.needs("create_folder", "stat")
def test_create_folder(root):
    root.put("a.txt")
    assert omni.client.create_folder(root / "cf") == Result.OK
    assert omni.client.stat(root / "cf")[1].flags & ItemFlags.CAN_HAVE_CHILDREN
    assert omni.client.create_folder(root / "cf") == Result.ERROR_ALREADY_EXISTS
    assert omni.client.create_folder(root / "a.txt") == Result.ERROR_ALREADY_EXISTS
    assert omni.client.create_folder(root / "x1/x2") == Result.OK  # parents are created
    assert omni.client.create_folder(root / "cf2/") == Result.OK
    assert root.tree() == {"a.txt": b"data", "cf/": None, "cf2/": None, "x1/": None, "x1/x2/": None}


@pytest.mark.needs("create_folder")
def test_the_root_folder_exists_already(root):
    assert omni.client.create_folder(root.url) == Result.ERROR_ALREADY_EXISTS
    assert omni.client.create_folder(root.url + "/") == Result.ERROR_ALREADY_EXISTS


@pytest.mark.needs("delete", "stat")
def test_delete_a_file_and_a_folder_tree(root):
    root.put("f", b"x")
    root.put("t/a/b/c", b"deep")
    root.put("t/z", b"z")
    assert omni.client.delete(root / "f") == Result.OK
    assert omni.client.stat(root / "f")[0] == Result.ERROR_NOT_FOUND
    assert omni.client.delete(root / "t") == Result.OK
    assert omni.client.stat(root / "t/a/b/c")[0] == Result.ERROR_NOT_FOUND
    assert omni.client.stat(root / "t")[0] == Result.ERROR_NOT_FOUND
    assert root.tree() == {}


@pytest.mark.needs("delete", "create_folder")
def test_delete_single(root):
    root.put("sub/f")
    assert omni.client.create_folder(root / "empty") == Result.OK
    assert omni.client.delete_single(root / "missing") == Result.ERROR_NOT_FOUND
    assert omni.client.delete_single(root / "sub") == Result.ERROR_FOLDER_NOT_EMPTY
    assert omni.client.delete_single(root / "empty") == Result.OK
    assert omni.client.delete_single(root / "sub/f") == Result.OK
    assert omni.client.delete_single(root / "sub") == Result.OK
    assert root.tree() == {}


@pytest.mark.needs("obliterate", "create_folder")
def test_obliterate_removes_one_item(root):
    root.put("f")
    root.put("full/x")
    assert omni.client.create_folder(root / "empty") == Result.OK
    assert omni.client.obliterate(root / "f", True) == Result.OK
    assert omni.client.obliterate(root / "empty", False) == Result.OK
    assert omni.client.obliterate(root / "full", False) == Result.ERROR_FOLDER_NOT_EMPTY
    assert omni.client.obliterate(root / "missing", False) == Result.ERROR_NOT_FOUND
    assert root.tree() == {"full/": None, "full/x": b"data"}
