"""ACLs, users and groups with the original client; what other users may then do."""

import pytest


@pytest.fixture(scope="module")
def prepared(server, scenario):
    for user in ("rita", "walt", "olga"):
        server.add_user(user, f"{user}-password")
    return scenario("admin_ops.py", server.url, server.admin_user, server.admin_password,
                    OMNI_TEST_ADMIN=server.admin_user)


def test_acls(prepared, server):
    out = prepared
    admin = server.admin_user
    assert out["mkdir"] == out["write"] == "OK"
    assert out["acls_initial"] == ["OK", [[admin, 7]]]
    assert out["set_acls"] == "OK"
    assert out["acls_after"] == ["OK", [[admin, 7], ["readers", 1], ["writers", 3]]]
    assert out["acls_inherited"] == out["acls_after"]


def test_users_and_groups(prepared, server):
    out = prepared
    assert out["get_users"] == ["OK", sorted([server.admin_user, "olga", "rita", "walt"])]
    for group in ("readers", "writers", "tmp"):
        assert out[f"create_group_{group}"] == "OK"
    assert out["create_group_again"] == "ERROR"
    assert out["add_reader"] == out["add_writer"] == out["add_tmp"] == "OK"
    assert out["add_again"] == "ERROR"
    assert out["add_unknown_user"] == "ERROR"
    assert out["get_groups"] == ["OK", ["readers", "tmp", "writers"]]
    assert out["get_group_users"] == ["OK", ["rita"]]
    assert out["get_user_groups"] == ["OK", ["readers", "tmp"]]
    assert out["rename_group"] == "OK"
    assert out["groups_after_rename"] == ["OK", ["readers", "tmp2"]]
    assert out["remove_from_group"] == "OK"
    assert out["remove_from_group_again"] == "ERROR"
    assert out["remove_group"][0] == "OK" and out["remove_group"][1] >= 1
    assert out["remove_group_again"] == "ERROR"
    assert out["get_group_users_missing"] == "ERROR"


def test_reader_writer_and_outsider(prepared, server, scenario):
    reader = scenario("user_ops.py", server.url, "rita", "rita-password")
    writer = scenario("user_ops.py", server.url, "walt", "walt-password")
    outsider = scenario("user_ops.py", server.url, "olga", "olga-password")
    for out in (reader, writer):
        assert out["read_shared"] == ["OK", "shared doc"]
        assert out["list_shared"][0] == "OK" and "doc.txt" in out["list_shared"][1]
        assert out["stat_shared"][0] == "OK"
    assert reader["stat_shared"][1] == 1 and writer["stat_shared"][1] == 3
    assert reader["write_shared"] == "ERROR_ACCESS_DENIED"
    assert writer["write_shared"] == "OK"
    assert outsider["read_shared"][0] == "ERROR_ACCESS_DENIED"
    assert outsider["list_shared"][0] == "ERROR_ACCESS_DENIED"
    assert outsider["write_shared"] == "ERROR_ACCESS_DENIED"
    for out in (reader, writer, outsider):
        assert out["read_private"] == "ERROR_ACCESS_DENIED"
        assert out["list_private"] == ["ERROR_ACCESS_DENIED", 0]
        assert out["write_private"] == "ERROR_ACCESS_DENIED"
        assert out["delete_private"] == "ERROR_ACCESS_DENIED"
        assert out["mkdir_root"] == "ERROR_ACCESS_DENIED"
        assert out["write_home"] == "OK"
        assert out["create_group"] == "ERROR_ACCESS_DENIED"
        assert out["set_acls_shared"] == "ERROR_ACCESS_DENIED"
    assert reader["read_home"] == ["OK", "my note"]
    # the root shows only the way to what each user may see
    assert reader["list_root"] == ["OK", ["Shared", "Users"]]
    assert outsider["list_root"] == ["OK", ["Users"]]
