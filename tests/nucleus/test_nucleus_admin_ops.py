"""ACLs of users, users and groups, create_with_hash and the listing of deleted items over
omniverse://. (Checkpoints, locks and undelete, on every provider that has them, are in tests/behavior.)"""

from __future__ import annotations

import hashlib

import omni.client
from omni.client import AccessFlags, AclEntry, Result

def test_acls_round_trip(admin, folder):
    admin.add_user("acl-bob", "bob-pass-1")
    url = f"{folder}/shared.txt"
    omni.client.write_file(url, b"x")
    result, acls = omni.client.get_acls(url)
    assert result == Result.OK and ("admin", 7) in [(a.name, int(a.access)) for a in acls]
    entries = acls + [AclEntry("acl-bob", AccessFlags.READ)]
    assert omni.client.set_acls(url, entries) == Result.OK
    names = {a.name: int(a.access) for a in omni.client.get_acls(url)[1]}
    assert names["acl-bob"] == int(AccessFlags.READ)
    assert omni.client.get_acls(f"{folder}/missing")[0] == Result.ERROR_NOT_FOUND


def test_users_and_groups(admin):
    admin.add_user("grp-carol", "carol-pass-1")
    url = admin.url
    result, users = omni.client.get_users(url)
    assert result == Result.OK and {"admin", "grp-carol"} <= set(users)
    assert omni.client.create_group(url, "g-one") == Result.OK
    assert omni.client.create_group(url, "g-one") == Result.ERROR
    assert "g-one" in omni.client.get_groups(url)[1]
    assert omni.client.add_user_to_group(url, "grp-carol", "g-one") == Result.OK
    assert omni.client.get_group_users(url, "g-one") == (Result.OK, ["grp-carol"])
    assert "g-one" in omni.client.get_user_groups(url, "grp-carol")[1]
    assert omni.client.remove_user_from_group(url, "grp-carol", "g-one") == Result.OK
    assert omni.client.get_group_users(url, "g-one") == (Result.OK, [])
    assert omni.client.rename_group(url, "g-one", "g-two") == Result.OK
    result, count = omni.client.remove_group(url, "g-two")
    assert result == Result.OK and count >= 0
    assert omni.client.remove_group(url, "g-two")[0] == Result.ERROR
    assert omni.client.get_group_users(url, "nope")[0] == Result.ERROR


def test_create_with_hash(admin, folder):
    data = b"hash me"
    omni.client.write_file(f"{folder}/orig.bin", data)
    digest = hashlib.sha256(data).hexdigest()
    result, version, hash_ = omni.client.create_with_hash(f"{folder}/copy.bin", f"sha256;{len(data)};{digest}", False)
    assert result == Result.OK
    assert hash_ == f"sha256;{len(data)};{digest}"
    assert bytes(omni.client.read_file(f"{folder}/copy.bin")[2]) == data
    # content the server does not have cannot be named by its hash
    missing = hashlib.sha256(b"never uploaded").hexdigest()
    assert omni.client.create_with_hash(f"{folder}/missing.bin", f"sha256;14;{missing}", False)[0] != Result.OK
    assert omni.client.create_with_hash(f"{folder}/bad.bin", "abc123", False)[0] == Result.ERROR_BAD_REQUEST
    assert omni.client.create_with_hash(f"{folder}/bad.bin", "sha256;0;abcd", False)[0] == Result.ERROR_BAD_REQUEST


def test_deleted_items_are_listed_and_stated_through_the_servers_extension(admin, folder):
    # omni1 cannot list deleted items; our server's list_deleted extension can (docs/protocol.md
    # section 12), and ListIncludeOption then does what the API documents.
    assert omni.client.write_file(f"{folder}/live.txt", b"l") == Result.OK
    assert omni.client.write_file(f"{folder}/gone.txt", b"gone") == Result.OK
    assert omni.client.delete(f"{folder}/gone.txt") == Result.OK
    only, include = omni.client.ListIncludeOption.ONLY_DELETED_FILES, omni.client.ListIncludeOption.INCLUDE_DELETED_FILES
    is_deleted = omni.client.ItemFlags.IS_DELETED

    result, entries = omni.client.list(folder, only)
    assert result == Result.OK and [e.relative_path for e in entries] == ["gone.txt"]
    gone = entries[0]
    assert gone.flags & is_deleted and gone.deleted_by == admin.admin_user and gone.deleted_time is not None
    assert gone.size == 4
    result, entries = omni.client.list(folder, include)
    assert result == Result.OK
    assert sorted((e.relative_path, bool(e.flags & is_deleted)) for e in entries) == [("gone.txt", True), ("live.txt", False)]
    assert [e.relative_path for e in omni.client.list(folder)[1]] == ["live.txt"]

    assert omni.client.stat(f"{folder}/gone.txt")[0] == Result.ERROR_NOT_FOUND
    result, entry = omni.client.stat(f"{folder}/gone.txt", only)
    assert result == Result.OK and entry.flags & is_deleted and entry.relative_path == "gone.txt"
    result, entry = omni.client.stat(f"{folder}/gone.txt", include)
    assert result == Result.OK and entry.flags & is_deleted
    result, entry = omni.client.stat(f"{folder}/live.txt", include)
    assert result == Result.OK and not entry.flags & is_deleted
    assert omni.client.stat(f"{folder}/live.txt", only)[0] == Result.ERROR_NOT_FOUND

    assert omni.client.undelete(f"{folder}/gone.txt") == Result.OK
    assert omni.client.list(folder, only) == (Result.OK, [])
    assert bytes(omni.client.read_file(f"{folder}/gone.txt")[2]) == b"gone"
