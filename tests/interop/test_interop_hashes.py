"""Content hashes with the original client: create_with_hash names content the server
already holds (no upload) and fails cleanly otherwise; hashes in write_file_ex and stat
are SHA-256 of the content, as the client computes it."""


def test_hashes(server, scenario):
    out = scenario("hashes.py", server.url, server.admin_user, server.admin_password,
                   OMNI_TEST_BASE="/Hashes")
    known = out["expected"]
    assert out["write_ex"] == ["OK", known]
    assert out["stat_hash"] == ["OK", known]
    assert out["create_with_hash"] == ["OK", known]
    assert out["read"] == ["OK", "content the server already has"]
    assert out["create_again"] == "ERROR_ALREADY_EXISTS"
    assert out["create_overwrite"] == "OK"
    assert out["create_unknown"] == "ERROR"  # NOT_EXIST: the server does not have it
    assert out["stat_unknown"] == "ERROR_NOT_FOUND"
