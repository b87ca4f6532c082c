"""Versions and checkpoints: create_checkpoint, list_checkpoints, reads and stats of a
checkpoint, write_file_ex messages, checkpoints after copy and move, pinned writes."""

import os
import time

import omni.client as oc
from common import URL, content, entry, finish, name, setup

setup(os.environ["OMNI_TEST_USER"], os.environ["OMNI_TEST_PASSWORD"])
base = URL + os.environ["OMNI_TEST_BASE"]
f = base + "/scene.usd"
out = {}

r, info = oc.get_server_info(URL)
out["checkpoints_enabled"] = info.checkpoints_enabled
out["write1"] = name(oc.write_file(f, b"version one"))
r, query = oc.create_checkpoint(f, "first", True)
out["checkpoint1"] = [name(r), query]
out["write2"] = name(oc.write_file(f, b"version two"))
r, e = oc.stat(f)
out["stat_after_write2"] = [name(r), entry(e)]
r, query = oc.create_checkpoint(f, "second", True)
out["checkpoint2"] = [name(r), query]
r, query = oc.create_checkpoint(f, "again", False)
out["checkpoint_same_version"] = [name(r), query]
r, e = oc.stat(f)
out["stat_checkpointed"] = [name(r), entry(e)]
r, entries = oc.list_checkpoints(f)
out["list_checkpoints"] = [name(r), [[c.relative_path, c.comment, c.size, int(c.flags)]
                                     for c in entries]]
out["checkpoint_query"] = oc.make_query_from_branch_and_checkpoint("", 1)
r, version, c = oc.read_file(f + "?&1")
out["read_cp1"] = [name(r), version, content(c).decode()]
first = out["checkpoint1"][1][len("default"):]  # "&N" of create_checkpoint(f, "first")
r, version, c = oc.read_file(f + "?" + first)
out["read_first"] = [name(r), content(c).decode()]
r, e = oc.stat(f + "?&1")
out["stat_cp1"] = [name(r), entry(e)]
r, _, _ = oc.read_file(f + "?&9")
out["read_missing_cp"] = name(r)
out["write_pinned"] = name(oc.write_file(f + "?&1", b"nope"))
r, info = oc.write_file_ex(f, b"version three", "with a message")
out["write_ex"] = [name(r), info.version, info.hash]
# the client returns from write_file_ex before the answer to its checkpoint_version
for _ in range(50):
    r, entries = oc.list_checkpoints(f)
    if "with a message" in [c.comment for c in entries]:
        break
    time.sleep(0.1)
out["checkpoints_after_write_ex"] = [name(r), [c.comment for c in entries]]
r, info = oc.write_file_ex(f, b"version four", "skipped", True)
out["write_ex_skip"] = name(r)
r, entries = oc.list_checkpoints(f)
out["checkpoints_after_skip"] = [name(r), [c.comment for c in entries]]
r, _, c = oc.read_file(f)
out["read_latest"] = [name(r), content(c).decode()]
out["copy"] = name(oc.copy(f, base + "/copy.usd"))
r, entries = oc.list_checkpoints(base + "/copy.usd")
out["copy_checkpoints"] = [name(r), [c.comment for c in entries]]
r, _, c = oc.read_file(base + "/copy.usd?&1")
out["copy_read_cp1"] = [name(r), content(c).decode()]
r, _ = oc.move(base + "/copy.usd", base + "/moved.usd")
out["move"] = name(r)
r, entries = oc.list_checkpoints(base + "/moved.usd")
out["moved_checkpoints"] = [name(r), [c.comment for c in entries]]
r, _, c = oc.read_file(base + "/moved.usd?" + first)
out["moved_read_first"] = [name(r), content(c).decode()]
r, entries = oc.list(base)
out["list"] = [name(r), sorted((e.relative_path, bool(int(e.flags) & 512)) for e in entries)]
finish(out)
