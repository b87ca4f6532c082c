"""Checkpoints, ACLs, locks and the trash (undelete) on every provider that has them; on the
others, each of these (and the other optional operations) is refused with ERROR_NOT_SUPPORTED."""

import pytest

import omni.client
from omni.client import AccessFlags, AclEntry, ItemFlags, Result
from omni.client._omniclient import _capabilities

# What each optional operation answers, called on a provider that does not have it.
REFUSED = {
    "create_checkpoint": (lambda url: omni.client.create_checkpoint(url, "c"), (Result.ERROR_NOT_SUPPORTED, "")),
    "list_checkpoints": (omni.client.list_checkpoints, (Result.ERROR_NOT_SUPPORTED, [])),
    "get_acls": (omni.client.get_acls, (Result.ERROR_NOT_SUPPORTED, [])),
    "set_acls": (lambda url: omni.client.set_acls(url, []), Result.ERROR_NOT_SUPPORTED),
    "lock": (omni.client.lock, Result.ERROR_NOT_SUPPORTED),
    "unlock": (omni.client.unlock, Result.ERROR_NOT_SUPPORTED),
    "undelete": (omni.client.undelete, Result.ERROR_NOT_SUPPORTED),
    "get_server_info": (lambda url: omni.client.get_server_info(url)[0], Result.ERROR_NOT_SUPPORTED),
    "get_users": (lambda url: omni.client.get_users(url)[0], Result.ERROR_NOT_SUPPORTED),
    "create_with_hash": (lambda url: omni.client.create_with_hash(url, "abc", True)[0], Result.ERROR_NOT_SUPPORTED),
    "get_metadata": (lambda url: omni.client.get_metadata(url)[0], Result.ERROR_NOT_SUPPORTED),
}


def signed_in_user(root):
    return omni.client.get_server_info(root.url)[1].username


@pytest.mark.parametrize("operation", sorted(REFUSED))
def test_an_operation_the_provider_lacks_is_not_supported(root, operation):
    if operation in _capabilities(root.url):
        pytest.skip(f"the provider of {root.provider} roots supports {operation}")
    root.put("a.txt")
    call, answer = REFUSED[operation]
    assert call(root / "a.txt") == answer
    assert root.tree() == {"a.txt": b"data"}


@pytest.mark.needs("create_checkpoint", "list_checkpoints", "get_server_info")
def test_checkpoints(root):
    url = root / "cp.txt"
    user = signed_in_user(root)
    assert omni.client.write_file(url, b"one") == Result.OK
    result, query = omni.client.create_checkpoint(url, "first", True)
    assert result == Result.OK and "&" in query
    assert omni.client.write_file_ex(url, b"two", "second")[0] == Result.OK
    result, entries = omni.client.list_checkpoints(url)
    assert result == Result.OK
    by_comment = {e.comment: e.relative_path for e in entries}
    assert {"first", "second"} <= set(by_comment)
    # a URL's "?&N" reads that checkpoint, and cannot be written
    assert bytes(omni.client.read_file(f"{url}?{by_comment['first']}")[2]) == b"one"
    assert bytes(omni.client.read_file(f"{url}?{by_comment['second']}")[2]) == b"two"
    assert bytes(omni.client.read_file(url)[2]) == b"two"
    # each checkpoint entry describes that version
    for e in entries:
        result, version, content = omni.client.read_file(f"{url}?{e.relative_path}")
        assert result == Result.OK and e.size == len(bytes(content)) and e.version == version
        assert e.modified_by == e.created_by == user and e.modified_time.year >= 2020
        assert e.flags == ItemFlags.READABLE_FILE | ItemFlags.IS_CHECKPOINTED
    assert [e.size for e in entries if e.comment in ("first", "second")] == [3, 3]
    assert omni.client.list_checkpoints(f"{url}.missing")[0] == Result.ERROR_NOT_FOUND
    assert omni.client.write_file(f"{url}?{by_comment['first']}", b"x") == Result.ERROR_NOT_SUPPORTED
    assert omni.client.stat(url)[1].flags & ItemFlags.IS_CHECKPOINTED


@pytest.mark.needs("list_checkpoints", "get_server_info")
def test_an_overwrite_gives_a_new_version(root):
    url = root / "v.txt"
    assert omni.client.write_file(url, b"one") == Result.OK
    v1 = omni.client.stat(url)[1].version
    result, info = omni.client.write_file_ex(url, b"two!", "second")
    assert result == Result.OK and info.version != v1
    if omni.client.get_server_info(root.url)[1].checkpoints_enabled:
        result, checkpoints = omni.client.list_checkpoints(url)
        assert result == Result.OK and "second" in [c.comment for c in checkpoints]
    result, info3 = omni.client.write_file_ex(url, b"three", "", True)  # skip_checkpoint
    assert result == Result.OK and info3.version not in (v1, info.version)
    assert root.read("v.txt") == b"three"


@pytest.mark.needs("get_acls", "set_acls", "create_group", "get_server_info")
def test_acls_round_trip(root):
    url = root / "shared.txt"
    root.put("shared.txt")
    result, acls = omni.client.get_acls(url)
    assert result == Result.OK and (signed_in_user(root), 7) in [(a.name, int(a.access)) for a in acls]
    group = f"readers-{root.url.rsplit('-', 1)[-1]}"
    assert omni.client.create_group(root.url, group) == Result.OK
    assert omni.client.set_acls(url, acls + [AclEntry(group, AccessFlags.READ)]) == Result.OK
    names = {a.name: int(a.access) for a in omni.client.get_acls(url)[1]}
    assert names[group] == int(AccessFlags.READ)
    assert omni.client.get_acls(root / "missing")[0] == Result.ERROR_NOT_FOUND
    assert omni.client.remove_group(root.url, group)[0] == Result.OK


@pytest.mark.needs("lock", "unlock", "get_server_info")
def test_lock_and_unlock(root):
    url = root / "locked.txt"
    root.put("locked.txt", b"keep")
    assert omni.client.lock(url) == Result.OK
    assert omni.client.stat(url)[1].locked_by == signed_in_user(root)
    assert omni.client.unlock(url) == Result.OK
    assert omni.client.stat(url)[1].locked_by == ""
    assert omni.client.lock(root / "missing") == Result.ERROR_NOT_FOUND
    assert root.read("locked.txt") == b"keep"


@pytest.mark.needs("undelete", "delete", "get_server_info")
def test_a_deleted_file_comes_back(root):
    assert omni.client.get_server_info(root.url)[1].undelete_enabled
    url = root / "gone.txt"
    root.put("gone.txt", b"two")
    assert omni.client.delete(url) == Result.OK
    assert omni.client.stat(url)[0] == Result.ERROR_NOT_FOUND
    assert omni.client.undelete(url) == Result.OK
    assert root.read("gone.txt") == b"two"
    assert omni.client.undelete(root / "never") == Result.ERROR_NOT_FOUND
