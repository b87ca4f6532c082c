"""Locks with the original client, two users taking turns: the other is refused a
locked write, move and delete (ERROR_LOCKED) until the owner unlocks."""


def test_locks_between_two_users(server, scenario):
    server.add_user("lena", "lena-password")
    server.add_user("otto", "otto-password")
    f = "/Users/lena/locked.usd"
    lena = dict(user="lena", password="lena-password", OMNI_TEST_FILE=f)
    out = scenario("locks.py", server.url, OMNI_TEST_STEP="lock", **lena)
    assert out["write"] == "OK" and out["lock"] == "OK"
    status, locked_by, flags = out["stat"]
    assert status == "OK" and locked_by == "lena" and flags & 512
    assert out["write_own_locked"] == "OK"
    # otto may write in lena's home (granted below) but not the file she locked
    admin = dict(user=server.admin_user, password=server.admin_password)
    assert scenario("acl_grant.py", server.url, OMNI_TEST_PATH="/Users/lena/",
                    OMNI_TEST_GRANT="otto", **admin)["set"] == "OK"
    otto = dict(user="otto", password="otto-password", OMNI_TEST_FILE=f)
    out = scenario("locks.py", server.url, OMNI_TEST_STEP="other", **otto)
    assert out["stat"][:2] == ["OK", "lena"]
    assert out["write"] == "ERROR_LOCKED"
    assert out["delete"] == "ERROR_LOCKED"
    assert out["move"] == "ERROR_LOCKED"
    assert out["lock"] == "ERROR_LOCKED"
    assert out["unlock"] == "ERROR_LOCKED"
    assert out["read"] == ["OK", "owner's again"]
    out = scenario("locks.py", server.url, OMNI_TEST_STEP="unlock", **lena)
    assert out["unlock"] == "OK" and out["stat"] == ["OK", ""]
    out = scenario("locks.py", server.url, OMNI_TEST_STEP="other_after", **otto)
    assert out == {"write": "OK", "read": ["OK", "my turn"]}
