"""The original client's file operations against our server."""

import hashlib


def test_file_operations_as_admin_with_password(server, scenario):
    out = scenario("files.py", server.url, server.admin_user, server.admin_password,
                   OMNI_TEST_BASE="/Projects")
    check_file_operations(out, server.admin_user)


def test_file_operations_as_user_with_api_token(server, scenario):
    server.add_user("tina", "tina-password")
    out = scenario("files.py", server.url, "$omni-api-token", server.api_token("tina"),
                   OMNI_TEST_BASE="/Users/tina/Projects")
    check_file_operations(out, "tina")


def check_file_operations(out, user):
    assert out["server_info"][0] == "OK"
    info = out["server_info"][1]
    assert info["username"] == user and info["version"] == "1.19"
    assert info["auth_token_set"]
    # checkpoints are on; live objects are not implemented, and the server says so
    assert info["checkpoints_enabled"] is True and info["omniojects_enabled"] is False
    assert out["stat_root"][0] == "OK"
    assert out["mkdir"] == "OK"
    assert out["mkdir_again"] == "ERROR_ALREADY_EXISTS"
    assert out["mkdir_sub"] == "OK"
    assert out["write"] == "OK"
    assert out["read"][0] == "OK" and out["read"][2] == "hello from the original client\n"
    assert out["overwrite"] == "OK"
    assert out["read2"][0] == "OK" and out["read2"][2] == "second version"
    assert out["read2"][1] != out["read"][1], "a write must change the version"
    status, e = out["stat_file"]
    assert status == "OK" and e["size"] == len("second version") and e["version"] == out["read2"][1]
    assert e["access"] == 7 and e["flags"] & 1 and e["modified_by"] == user
    assert "1970" not in e["modified_time"]
    status, e = out["stat_folder"]
    assert status == "OK" and e["flags"] & 4  # CAN_HAVE_CHILDREN
    assert out["stat_missing"] == "ERROR_NOT_FOUND"
    assert out["read_missing"] == "ERROR_NOT_FOUND"
    assert out["write_nested"] == "OK"
    x_sha = hashlib.sha256(bytes(range(256)) * 4).hexdigest()
    assert out["read_nested"] == ["OK", x_sha]
    assert out["copy"] == "OK"
    assert out["copy_exists"] == "ERROR_ALREADY_EXISTS"
    assert out["copy_overwrite"] == "OK"
    assert out["read_copy"] == ["OK", x_sha]
    assert out["move"] == "OK"
    assert out["read_moved"] == ["OK", x_sha]
    assert out["move_folder"] == "OK"
    assert out["read_in_moved_folder"] == ["OK", x_sha]
    assert out["copy_folder"] == "OK"
    assert out["read_in_copied_folder"] == ["OK", x_sha]
    assert out["list"] == ["OK", ["hello.txt", "moved.txt", "sub2", "sub3"]]
    assert out["delete_file"] == "OK"
    assert out["delete_folder"] == "OK"
    assert out["list_after_delete"] == ["OK", ["hello.txt", "sub2"]]
    assert out["read_deleted"] == "ERROR_NOT_FOUND"
