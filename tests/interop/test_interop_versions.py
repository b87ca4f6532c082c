"""Versions and checkpoints with the original client (versioning is on)."""

import hashlib


def test_checkpoints(server, scenario):
    out = scenario("checkpoints.py", server.url, server.admin_user, server.admin_password,
                   OMNI_TEST_BASE="/Versions")
    assert out["checkpoints_enabled"] is True
    assert out["write1"] == out["write2"] == "OK"
    # The client checkpoints the version it is about to overwrite and the one it wrote
    # (checkpoint_version without force, sent without waiting for the answer), so a write
    # leaves the new version checkpointed; create_checkpoint forces a new one.
    # requests naming the same file run in the order sent: &1 is the client's own checkpoint
    # after write1
    assert out["checkpoint1"] == ["OK", "default&2"]
    assert out["checkpoint2"][0] == "OK"
    # without force, a version that already is a checkpoint keeps its number
    assert out["checkpoint_same_version"] == out["checkpoint2"]
    status, e = out["stat_checkpointed"]
    assert status == "OK" and e["flags"] & 512  # IS_CHECKPOINTED
    status, cps = out["list_checkpoints"]
    assert status == "OK"
    assert [c[0] for c in cps] == [f"&{i}" for i in range(1, len(cps) + 1)]
    assert [c[1] for c in cps if c[1]] == ["first", "second"]
    assert out["checkpoint2"][1] == "default" + cps[-1][0]
    assert all(c[3] & 512 for c in cps)
    assert out["checkpoint_query"] == "&1"
    assert out["read_cp1"][0] == "OK" and out["read_cp1"][2] == "version one"
    assert out["read_first"] == ["OK", "version one"]
    status, e = out["stat_cp1"]
    assert status == "OK" and e["size"] == len("version one") and e["version"] == out["read_cp1"][1]
    assert out["read_missing_cp"] == "ERROR_NOT_FOUND"
    assert out["write_pinned"] == "ERROR_NOT_SUPPORTED"
    status, version, hash_ = out["write_ex"]
    assert status == "OK" and version
    assert hash_ == f"sha256;13;{hashlib.sha256(b'version three').hexdigest()}"
    assert out["checkpoints_after_write_ex"][1][-1] == "with a message"
    assert out["write_ex_skip"] == "OK"
    assert out["checkpoints_after_skip"] == out["checkpoints_after_write_ex"]
    assert out["read_latest"] == ["OK", "version four"]
    # a copy keeps the source's checkpoints (then the client checkpoints the copy's own
    # version), a move carries them along
    assert out["copy"] == "OK"
    assert out["copy_checkpoints"][1] == out["checkpoints_after_write_ex"][1] + [""]
    assert out["copy_read_cp1"] == ["OK", "version one"]
    assert out["move"] == "OK"
    assert out["moved_checkpoints"] == out["copy_checkpoints"]
    assert out["moved_read_first"] == ["OK", "version one"]
    # scene.usd's latest version (written with skip_checkpoint) is not a checkpoint
    assert out["list"] == ["OK", [["moved.usd", True], ["scene.usd", False]]]


def test_batch_right_after_write_sees_the_writes_checkpoint(server, scenario):
    """The original's write_file sends its checkpoint_version without waiting; a move, copy
    or delete of the file sent next must run after it (requests of one connection naming
    the same file, batches included, run in the order sent)."""
    out = scenario("write_then_batch.py", server.url, server.admin_user, server.admin_password,
                   OMNI_TEST_BASE="/WriteThenBatch")
    # the moved file carries the checkpoint of its write
    assert out["moved"] == [["OK", "OK", 1]] * len(out["moved"]), out["moved"]
    # the copy keeps the source's checkpoint &1 (and gets its own after the copy)
    assert all(r == ["OK", "OK", ["&1", "&2"]] for r in out["copied"]), out["copied"]
    assert out["deleted"] == [["OK", "ERROR_NOT_FOUND"]] * len(out["deleted"]), out["deleted"]
